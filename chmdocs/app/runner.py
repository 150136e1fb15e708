"""Running Sphinx on a project, isolated from any other run in the process.

Sphinx and docutils keep state process-wide (message catalogs, registered
directives and roles, docutils' configuration file); every run here starts
from a clean slate so a French build never leaves French labels, or a
``--safe`` build's refusals, to the next one.
"""

from __future__ import annotations

import contextlib
import gc
import gettext
import io
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sphinx.locale
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import docutils_namespace, patch_docutils

from chmdocs.core.errors import BuildError
from chmdocs.sphinxext.config import Invalid, defer_warning, language, short_repr
from chmdocs.sphinxext.report import FindingCollector
from chmdocs.sphinxext.safe import literal_settings, no_docutils_config, refusing, safe_overrides

#: The builder that reads and checks a project and writes no page.
EXPORT_BUILDER = "chmdocs-exports"
DOCTREES = ".doctrees"

PathLike = str | os.PathLike[str]
logger = sphinx_logging.getLogger("chmdocs")


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
    fresh: bool = False,
) -> Sphinx:
    """A Sphinx application for ``source``; ``safe`` runs none of its conf.py."""
    # Sphinx keeps its message catalogs process-wide: a build in French would
    # leave the next one, in English, with French labels.
    sphinx.locale.translators.clear()
    # And Python's gettext keeps each .mo it read, by path: a catalog
    # recompiled since would go unseen by a later build in this process.
    gettext._translations.clear()  # type: ignore[attr-defined]
    overrides = dict(overrides or {})
    problems: list[tuple[str, str]] = []
    if safe:
        catalogs = Path(doctreedir).parent / "safe-locales"
        overrides, problems = safe_overrides(Path(source), overrides, catalogs)
    # Sphinx reads ``language`` before any extension runs: a malformed one is
    # caught here, replaced, and warned of below.
    written = overrides.get("language")
    if written is None and not safe:
        written = literal_settings(Path(source) / "conf.py").get("language")
    if written is not None:
        try:
            language(written)
        except Invalid as expected:
            overrides["language"] = "en"
            shown = short_repr(written)
            problems.append(
                ("language", f"language = {shown} is not valid: expected {expected}; using 'en'")
            )
    if builder != "pdf":
        # rst2pdf's settings mean something to a PDF build alone, which loads
        # rst2pdf; any other build would call them unknown.
        overrides = {k: v for k, v in overrides.items() if not k.startswith("pdf_")}
    app = Sphinx(
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
        freshenv=fresh,
    )
    for name, message in problems:
        defer_warning(app, name, message)
    return app


@contextlib.contextmanager
def isolated(source: PathLike, safe: bool) -> Iterator[None]:
    """docutils' process-wide state, set for one run and restored after it."""
    with (
        no_docutils_config() if safe else contextlib.nullcontext(),
        refusing() if safe else contextlib.nullcontext(),
        patch_docutils(None if safe else Path(source)),
        docutils_namespace(),
    ):
        forget_asset_checksums()
        try:
            yield
        finally:
            # Leave no catalog of this run to the next Sphinx in the process.
            sphinx.locale.translators.clear()
            forget_asset_checksums()


def forget_asset_checksums() -> None:
    """Sphinx keeps the checksum of each static file it links (``?v=…``) for
    the whole process, by path: a second build into the same folder, in
    another language, named its new files by the first build's checksums."""
    from sphinx.builders.html import _assets

    checksum = getattr(_assets, "_file_checksum_inner", None)
    if checksum is not None and hasattr(checksum, "cache_clear"):
        checksum.cache_clear()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often during a build.

    docutils trees are large and full of reference cycles (every node knows
    its parent); with the default thresholds the collector runs every 700
    allocations and a build makes millions. Collecting the youngest objects
    every 20,000 allocations (and each older generation after two collections
    of the one below, not ten, so garbage is not kept longer) made a full
    build of the benchmark's 100 pages (bench/run.py) take 10.3 s instead of
    14.0 s at the same peak memory (131 MiB). The process's own thresholds
    return after the build.
    """
    previous = gc.get_threshold()
    gc.set_threshold(20_000, 2, 2)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection while Sphinx starts and loads the last
    build's environment: unpickling makes millions of objects and no garbage,
    and the collections it set off were a third of the load (0.6 s against
    0.4 s for an 11 MB environment)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_the_environment() -> None:
    """The objects alive now, Sphinx's environment of the last build just
    loaded (on a large project millions of objects), kept out of the
    collector's sight for the rest of the build, which then scans only what
    this build makes; ``fewer_collections`` hands them back after it.

    Only the loaded environment: frozen after reading, the doctrees Sphinx
    keeps from reading to writing would stay in memory, garbage, until the
    build ends (35 MiB more at the peak of a 100-page full build)."""
    gc.freeze()


#: A build reading at most this share of the project's pages is "small".
SMALL_BUILD_SHARE = 0.1


def collect_less_in_small_builds(app: Sphinx) -> None:
    """Older objects collected less often in a build that reads few pages.

    ``fewer_collections`` keeps garbage short-lived for a full build, whose
    every page becomes garbage once written. A rebuild after one edit reads
    a page or two and writes a few; there the passes over the older objects
    were a fifth of its time (a title renamed at 1,000 pages: 0.7 s of 3.7 s
    with the older generations collected after 2 and 2 collections of the
    younger, 0.2 s after 5 and 20, for 6 MiB more at its peak).
    """

    def reading(_app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        if len(docnames) <= SMALL_BUILD_SHARE * len(env.found_docs):
            gc.set_threshold(20_000, 5, 20)

    app.connect("env-before-read-docs", reading)


def freeze_before_writing_in_parallel(app: Sphinx) -> None:
    """With ``-j N``, what is alive when writing starts is kept out of the
    collector's sight: Sphinx forks a writer for each batch of pages, and a
    collection in a writer touches every object it inherited, copying the
    memory it would otherwise share. The benchmark's 100 pages with ``-j 2``
    (bench/run.py's project): 7.2 s instead of 8.6 s, the main process
    peaking 7 MiB higher (the pages read stay until the build ends); its
    1,000 pages took as long as before, at no more memory."""

    def writing(app: Sphinx, builder: Builder) -> None:
        if app.parallel > 1:
            gc.freeze()

    app.connect("write-started", writing)


def run_sphinx(
    source: PathLike, outdir: PathLike, doctreedir: PathLike, builder: str, **options: Any
) -> Sphinx:
    """One Sphinx build, isolated from any other in the process."""
    with isolated(source, bool(options.get("safe"))), fewer_collections():
        with no_collection():
            app = sphinx_app(source, outdir, doctreedir, builder, **options)
        freeze_the_environment()
        collect_less_in_small_builds(app)
        freeze_before_writing_in_parallel(app)
        try:
            app.build()
        except EOFError as error:
            # Sphinx's -j processes report through pipes; one that died
            # without a word (killed, out of memory) leaves an empty pipe.
            if app.parallel <= 1:
                raise
            raise BuildError(
                f"a process of this -j {app.parallel} build stopped before it was done "
                "(killed, or out of memory?); try again with a smaller -j"
            ) from error
    return app


@contextlib.contextmanager
def read_only(
    source: Path, *, safe: bool = False, overrides: dict[str, Any] | None = None
) -> Iterator[tuple[Sphinx, FindingCollector]]:
    """Sphinx reads and checks ``source`` in a temporary directory, writing no
    document; yields the application and the problems it reported."""
    with (
        tempfile.TemporaryDirectory(prefix="chmdocs-read-") as scratch,
        isolated(source, safe),
    ):
        app = sphinx_app(
            source,
            scratch,
            Path(scratch) / DOCTREES,
            EXPORT_BUILDER,
            overrides={**(overrides or {}), "chmdocs_exports": []},
            warning=io.StringIO(),
            safe=safe,
        )
        collector = FindingCollector(app)
        sphinx_logger = logging.getLogger("sphinx")
        sphinx_logger.addHandler(collector)
        try:
            app.build()
        finally:
            sphinx_logger.removeHandler(collector)
        yield app, collector
