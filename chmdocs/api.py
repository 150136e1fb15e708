"""The library's entry points: build a project, load its model.

The CLI is a thin layer over these; other CHM reporting projects call them
directly.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from chmdocs.model import Workshop

#: Output formats and the Sphinx builder that writes each.
BUILDERS = {"html": "html", "pdf": "pdf"}
DEFAULT_FORMATS = ("html", "pdf")
DOCTREES = ".doctrees"


class BuildError(Exception):
    """A build that did not succeed; the message says why."""


def sphinx_app(
    source: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    doctreedir: str | os.PathLike[str],
    builder: str,
    *,
    overrides: dict[str, Any] | None = None,
    warning_is_error: bool = False,
    jobs: int = 1,
    status: IO[str] | None = None,
    warning: IO[str] | None = None,
    freshenv: bool = False,
) -> Sphinx:
    return Sphinx(
        srcdir=str(source),
        confdir=str(source),
        outdir=str(outdir),
        doctreedir=str(doctreedir),
        buildername=builder,
        confoverrides=overrides or {},
        status=status,
        warning=warning if warning is not None else sys.stderr,
        freshenv=freshenv,
        warningiserror=warning_is_error,
        parallel=jobs,
    )


def build(
    source: str | os.PathLike[str] = "source",
    outdir: str | os.PathLike[str] = "build",
    formats: Iterable[str] | None = None,
    *,
    warning_is_error: bool = False,
    jobs: int = 1,
    overrides: dict[str, Any] | None = None,
    status: IO[str] | None = None,
    warning: IO[str] | None = None,
) -> None:
    """Build ``source`` into ``outdir``: ``html/``, ``pdf/<document>.pdf``.

    ``formats`` is any of ``html`` and ``pdf`` (both by default). Raises
    :class:`BuildError` when a build fails, or when it warned and
    ``warning_is_error`` is set.
    """
    wanted = list(dict.fromkeys(formats or DEFAULT_FORMATS))
    unknown = [f for f in wanted if f not in BUILDERS]
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(unknown)}")
    source, outdir = Path(source), Path(outdir)
    if not (source / "conf.py").is_file():
        raise BuildError(f"{source}: no conf.py here; is it a chmdocs project?")
    for fmt in wanted:
        with patch_docutils(source), docutils_namespace():
            app = sphinx_app(
                source,
                outdir / fmt,
                outdir / DOCTREES,
                BUILDERS[fmt],
                overrides=overrides,
                warning_is_error=warning_is_error,
                jobs=jobs,
                status=status,
                warning=warning,
            )
            app.build()
        if app.statuscode:
            reason = "warnings were treated as errors" if warning_is_error else "see above"
            raise BuildError(f"the {fmt} build failed ({reason})")


def load(path: str | os.PathLike[str]) -> Workshop:
    """The model of a project, read from its source directory.

    Sphinx's read phase runs in a temporary directory: nothing is written
    beside the sources.
    """
    from chmdocs.domain import get_domain

    source = Path(path)
    with (
        tempfile.TemporaryDirectory(prefix="chmdocs-load-") as scratch,
        patch_docutils(source),
        docutils_namespace(),
    ):
        app = sphinx_app(
            source,
            Path(scratch) / "out",
            Path(scratch) / DOCTREES,
            "dummy",
            status=None,
            warning=io.StringIO(),
        )
        app.builder.read()
        return get_domain(app.env).model
