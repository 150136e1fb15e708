"""The library's entry points: build a project, load its model, export it.

The CLI is a thin layer over these; other CHM reporting projects call them
directly.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import sphinx.locale
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from chmdocs.domain import get_domain
from chmdocs.exports import EXPORTS, jsonfile, render
from chmdocs.exports.builder import write_exports
from chmdocs.model import Workshop
from chmdocs.report import Finding, FindingCollector
from chmdocs.safe import no_docutils_config, safe_overrides

#: Document formats and the Sphinx builder that writes each.
BUILDERS = {"html": "html", "pdf": "pdf"}
EXPORT_BUILDER = "chmdocs-exports"
#: Everything ``build`` can write; "all" stands for all of them.
FORMATS = (*BUILDERS, *EXPORTS)
DEFAULT_FORMATS = ("html", "pdf")
DOCTREES = ".doctrees"
EXPORT_DOCTREES = ".doctrees-exports"

PathLike = str | os.PathLike[str]


class BuildError(Exception):
    """A build that did not succeed; the message says why."""


def sphinx_app(
    source: PathLike,
    outdir: PathLike,
    doctreedir: PathLike,
    builder: str,
    *,
    overrides: dict[str, Any] | None = None,
    warning_is_error: bool = False,
    jobs: int = 1,
    status: IO[str] | None = None,
    warning: IO[str] | None = None,
    safe: bool = False,
) -> Sphinx:
    """A Sphinx application for ``source``; ``safe`` runs none of its conf.py."""
    # Sphinx keeps its message catalogs process-wide: a build in French would
    # leave the next one, in English, with French labels.
    sphinx.locale.translators.clear()
    if safe:
        overrides = {**safe_overrides(Path(source)), **(overrides or {})}
    return Sphinx(
        srcdir=str(source),
        confdir=None if safe else str(source),
        outdir=str(outdir),
        doctreedir=str(doctreedir),
        buildername=builder,
        confoverrides=overrides or {},
        status=status,
        warning=warning if warning is not None else sys.stderr,
        warningiserror=warning_is_error,
        parallel=jobs,
    )


def run_sphinx(
    source: PathLike, outdir: PathLike, doctreedir: PathLike, builder: str, **options: Any
) -> Sphinx:
    """One Sphinx build, isolated from any other in the process."""
    safe = bool(options.get("safe"))
    with (
        no_docutils_config() if safe else contextlib.nullcontext(),
        patch_docutils(None if safe else Path(source)),
        docutils_namespace(),
    ):
        app = sphinx_app(source, outdir, doctreedir, builder, **options)
        app.build()
    return app


def expand_formats(formats: Iterable[str] | None) -> list[str]:
    wanted: list[str] = []
    for fmt in formats or DEFAULT_FORMATS:
        wanted += list(FORMATS) if fmt == "all" else [fmt]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}, all"
        )
    return list(dict.fromkeys(wanted))


def build(
    source: PathLike = "source",
    outdir: PathLike = "build",
    formats: Iterable[str] | None = None,
    *,
    warning_is_error: bool = False,
    jobs: int = 1,
    overrides: dict[str, Any] | None = None,
    status: IO[str] | None = None,
    warning: IO[str] | None = None,
    safe: bool = False,
) -> None:
    """Build ``source`` into ``outdir``.

    ``formats`` are any of ``html`` (``outdir/html/``), ``pdf``
    (``outdir/pdf/<document>.pdf``), ``json`` (``chmdocs.json``), ``ics``
    (``agenda.ics``), ``csv`` (``actions.csv``), ``schedule``
    (``schedule.json``), or ``all``; html and pdf by default. Raises
    :class:`BuildError` when a build fails, or when it warned and
    ``warning_is_error`` is set. ``safe`` builds sources from untrusted
    contributors (see :mod:`chmdocs.safe`).
    """
    wanted = expand_formats(formats)
    source, outdir = Path(source), Path(outdir)
    if not safe and not (source / "conf.py").is_file():
        raise BuildError(f"{source}: no conf.py here; is it a chmdocs project?")
    options: dict[str, Any] = {
        "warning_is_error": warning_is_error,
        "jobs": jobs,
        "status": status,
        "warning": warning,
        "safe": safe,
    }
    exports = [fmt for fmt in wanted if fmt in EXPORTS]
    app = None
    for fmt in (f for f in wanted if f in BUILDERS):
        app = run_sphinx(
            source, outdir / fmt, outdir / DOCTREES, BUILDERS[fmt], overrides=overrides, **options
        )
        check_status(app, BUILDERS[fmt], warning_is_error)
    if app is not None:
        # The documents' build holds the checked model already: export it.
        write_exports(get_domain(app.env).model, outdir, exports)
    elif exports:
        # Exports alone: a build that reads and checks, and renders no page.
        settings = {**(overrides or {}), "chmdocs_exports": exports}
        doctrees = outdir / EXPORT_DOCTREES
        app = run_sphinx(source, outdir, doctrees, EXPORT_BUILDER, overrides=settings, **options)
        check_status(app, EXPORT_BUILDER, warning_is_error)


def check_status(app: Sphinx, builder: str, warning_is_error: bool) -> None:
    if app.statuscode:
        reason = "warnings were treated as errors" if warning_is_error else "see above"
        raise BuildError(f"the {builder} build failed ({reason})")


def load(path: PathLike) -> Workshop:
    """The model of a project: from its source directory, or a ``chmdocs.json``.

    From sources, Sphinx reads the project in a temporary directory: nothing
    is written beside the sources.
    """
    path = Path(path)
    if path.is_file():
        return jsonfile.load(path)
    if not (path / "conf.py").is_file():
        raise BuildError(f"{path}: neither a chmdocs.json file nor a project with a conf.py")
    with read_only(path) as (app, _findings):
        return get_domain(app.env).model


@contextlib.contextmanager
def read_only(source: Path) -> Iterator[tuple[Sphinx, FindingCollector]]:
    """Sphinx reads and checks ``source`` in a temporary directory, writing no
    document; yields the application and the problems it reported."""
    with (
        tempfile.TemporaryDirectory(prefix="chmdocs-read-") as scratch,
        patch_docutils(source),
        docutils_namespace(),
    ):
        app = sphinx_app(
            source,
            scratch,
            Path(scratch) / DOCTREES,
            EXPORT_BUILDER,
            overrides={"chmdocs_exports": []},
            warning=io.StringIO(),
        )
        collector = FindingCollector(app)
        sphinx_logger = logging.getLogger("sphinx")
        sphinx_logger.addHandler(collector)
        try:
            app.build()
        finally:
            sphinx_logger.removeHandler(collector)
        yield app, collector


def check(source: PathLike) -> list[Finding]:
    """Every problem in ``source``, then the notes (gaps, reminders), in file order.

    Reads the project in a temporary directory, writing no document.
    """
    from chmdocs.checks import gaps, reminders

    source = Path(source)
    if not (source / "conf.py").is_file():
        raise BuildError(f"{source}: no conf.py here; is it a chmdocs project?")
    with read_only(source) as (app, collector):
        workshop = get_domain(app.env).model
        notes = [*gaps(workshop, app.config.chmdocs_gap_minutes), *reminders(workshop)]
        findings = [
            *collector.findings,
            *(
                Finding(
                    str(app.env.doc2path(n.docname)),
                    n.lineno,
                    n.severity,
                    n.message,
                    f"chmdocs.{n.subtype}",
                )
                for n in notes
            ),
        ]
    order = {"error": 0, "warning": 0, "info": 1, "reminder": 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.path, f.line or 0))


def export(path: PathLike, fmt: str) -> bytes:
    """One export (``json``, ``ics``, ``csv`` or ``schedule``) of a project or a chmdocs.json."""
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export {fmt!r}; choose from {', '.join(EXPORTS)}")
    return render(fmt, load(path))
