"""The library's entry points: build a project, load its model, export it.

The CLI is a thin layer over these; other CHM reporting projects call them
directly. Sphinx is imported only by the functions that run it: loading a
``chmdocs.json`` needs none of it.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple, cast

from chmdocs.core.errors import BuildError, UsageError
from chmdocs.core.exports import EXPORTS, render, write_exports
from chmdocs.core.model import Workshop

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from chmdocs.core.changes import Comparison
    from chmdocs.core.publish import Publication, Workspace
    from chmdocs.core.questionnaire import Answers
    from chmdocs.core.review import Consolidation, Section
    from chmdocs.sphinxext.report import Finding
    from chmdocs.writers.redline import Counts as RedlineCounts

#: Document formats and the Sphinx builder that writes each.
BUILDERS = {"html": "html", "pdf": "pdf", "docx": "docx"}
#: Everything ``build`` can write; "all" stands for all of them.
FORMATS = (*BUILDERS, *EXPORTS)
DEFAULT_FORMATS = ("html", "pdf")

PathLike = str | os.PathLike[str]

__all__ = [
    "BuildError", "UsageError", "build", "check", "diff", "export", "load", "redline", "review",
]  # fmt: skip


def expand_formats(formats: Iterable[str] | None) -> list[str]:
    wanted: list[str] = []
    for fmt in formats or DEFAULT_FORMATS:
        wanted += list(FORMATS) if fmt == "all" else [fmt]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}, all"
        )
    return list(dict.fromkeys(wanted))


def project_dir(source: PathLike, *, safe: bool = False) -> Path:
    """``source`` as a project directory, or a :class:`UsageError` saying why not."""
    path = Path(source)
    if not path.is_dir():
        raise UsageError(f"{path}: no such directory")
    if not safe and not (path / "conf.py").is_file():
        raise UsageError(f"{path}: no conf.py here; is it a chmdocs project?")
    return path


def separate(source: PathLike, outdir: PathLike) -> None:
    """The sources and the outputs apart: a build never writes among the
    author's files, nor reads its own outputs as sources."""
    sources, outputs = Path(source).resolve(), Path(outdir).resolve()
    inside = outputs.is_relative_to(sources) and outputs != sources
    if inside:
        # Sphinx's own layout, build/ in the project, is fine where conf.py
        # excludes it from the sources (as `chmdocs init` writes it).
        from fnmatch import fnmatch

        from chmdocs.sphinxext.safe import literal_settings

        first = outputs.relative_to(sources).parts[0]
        written = literal_settings(sources / "conf.py", ["exclude_patterns"])
        excluded = written.get("exclude_patterns") or []
        if any(fnmatch(first, str(p).rstrip("/")) for p in excluded):
            return
    if sources == outputs or inside or sources.is_relative_to(outputs):
        raise UsageError(
            f"{outdir} and {source} overlap: write the outputs outside the sources "
            "(such as -o build beside them), or exclude that folder in conf.py "
            "(exclude_patterns)"
        )


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
    languages: Iterable[str] = (),
) -> None:
    """Build ``source`` into ``outdir``.

    ``formats`` are any of ``html`` (``outdir/html/``), ``pdf``
    (``outdir/pdf/<document>.pdf``), ``json`` (``chmdocs.json``), ``ics``
    (``agenda.ics``), ``csv`` (``actions.csv``), ``schedule``
    (``schedule.json``), or ``all``; html and pdf by default. Raises
    :class:`BuildError` when a build fails, or when it warned and
    ``warning_is_error`` is set; then nothing under ``outdir`` changed.
    ``safe`` builds sources from untrusted contributors (see
    :mod:`chmdocs.safe`). ``languages`` builds each language into
    ``outdir/<language>/`` (the sources translated with their catalogs).
    """
    options: dict[str, Any] = {
        "warning_is_error": warning_is_error,
        "jobs": jobs,
        "status": status,
        # One build runs Sphinx once per format: each problem is said once.
        "warning": warning if isinstance(warning, SaidOnce) else SaidOnce(warning),
        "safe": safe,
    }
    from chmdocs.core.publish import PRIVATE, publish_all

    separate(project_dir(source, safe=safe), outdir)
    chosen = list(dict.fromkeys(languages))
    with contextlib.ExitStack() as held:
        # Every language is built before any is published: a language that
        # fails leaves the others as they were too.
        staged: list[tuple[Workspace, Publication, list[str]]] = []
        try:
            each: list[str | None] = [*chosen] or [None]
            for language in each:
                settings = dict(overrides or {})
                if language is not None:
                    settings.update(language=language, chmdocs_site_languages=chosen)
                target = Path(outdir) / language if language else Path(outdir)
                # One language's private files: OUTDIR/private/<lang>/, outside the site.
                private = Path(outdir) / PRIVATE / language if language else None
                staged.append(
                    stage(
                        source,
                        target,
                        formats,
                        overrides=settings,
                        options=options,
                        held=held,
                        private=private,
                    )
                )
        except BaseException:
            for _workspace, publication, _folders in staged:
                publication.discard()  # the copies made beside the files go
            raise
        publish_all(staged)
    if chosen and "html" in expand_formats(formats):
        from chmdocs.sphinxext.languages import publish_site

        # One site: OUTDIR/html/<lang>/, once every language is built.
        publish_site(Path(outdir), chosen)


def stage(
    source: PathLike,
    outdir: Path,
    formats: Iterable[str] | None,
    *,
    overrides: dict[str, Any] | None,
    options: dict[str, Any],
    held: contextlib.ExitStack,
    private: Path | None = None,
) -> tuple[Workspace, Publication, list[str]]:
    """Build into ``outdir``'s staging tree and prepare its publication
    (nothing a reader sees changed yet); ``outdir`` stays locked in ``held``."""
    from chmdocs.app.runner import EXPORT_BUILDER, run_sphinx
    from chmdocs.core.publish import PRIVATE_PDF, Workspace, prepare
    from chmdocs.sphinxext.domain import get_domain
    from chmdocs.sphinxext.site import copy_into_site
    from chmdocs.sphinxext.word import PRIVATE_DOCX

    options = dict(options)
    warning_is_error = options["warning_is_error"]
    safe = options["safe"]
    wanted = expand_formats(formats)
    source = project_dir(source, safe=safe)
    workspace = Workspace(Path(outdir), private)
    exports = [fmt for fmt in wanted if fmt in EXPORTS]
    documents = [fmt for fmt in wanted if fmt in BUILDERS]
    # Built with the HTML, the PDFs and exports are copied into it and linked;
    # with the PDFs, the calendar always (the agenda page offers it).
    site_files = [f for f in wanted if f != "html"] if "html" in documents else []
    if "pdf" in site_files and "ics" not in site_files:
        site_files.append("ics")
    # The log names the reader's folder, never the staging tree; each format
    # after the first says one line, not Sphinx's whole log again.
    shown = options["status"]
    if shown is not None:
        options["status"] = shown = Relabelled(shown, workspace.staging, workspace.outdir)
    said = options["warning"]
    if isinstance(said, SaidOnce):
        said.stream = cast(
            IO[str], Relabelled(said.stream or sys.stderr, workspace.staging, workspace.outdir)
        )
    held.enter_context(workspace.locked())
    with workspace.staging_build() as fresh:
        app = None
        for number, fmt in enumerate(documents):
            if number and shown is not None:
                shown.write(f"chmdocs: writing {fmt}…\n")
                options["status"] = None
            if number == 0:
                options["status"] = shown
            settings = dict(overrides or {})
            if fmt == "html":
                settings["chmdocs_site_files"] = site_files
            app = run_sphinx(
                source,
                workspace.staging / fmt,
                workspace.doctrees,
                BUILDERS[fmt],
                overrides=settings,
                fresh=fresh,
                **options,
            )
            check_status(app, BUILDERS[fmt], warning_is_error, workspace.outdir)
            fresh = False
        if app is None and exports:
            # Exports alone: a build that reads and checks, and renders no page.
            app = run_sphinx(
                source,
                workspace.staging,
                workspace.root / "doctrees-exports",
                EXPORT_BUILDER,
                overrides={**(overrides or {}), "chmdocs_exports": []},
                fresh=fresh,
                **options,
            )
            check_status(app, EXPORT_BUILDER, warning_is_error, workspace.outdir)
        if app is not None and exports:
            domain = get_domain(app.env)
            write_exports(domain.model, workspace.staging, exports, domain.reporting.imports)
        if site_files:
            only_in_site = [f for f in site_files if f in EXPORTS and f not in exports]
            if app is not None and only_in_site:
                domain = get_domain(app.env)
                # The calendar that comes with the PDFs, only for a programme.
                only_in_site = [f for f in only_in_site if EXPORTS[f].applies(domain.model)]
                write_exports(
                    domain.model,
                    workspace.staging / "html",
                    only_in_site,
                    domain.reporting.imports,
                )
            copy_into_site(workspace.staging, site_files)
    internal = {"pdf": PRIVATE_PDF, "docx": PRIVATE_DOCX}
    folders = [*documents, *(internal[fmt] for fmt in documents if fmt in internal)]
    files = [name for fmt in exports for name in EXPORTS[fmt].filenames]
    return workspace, prepare(workspace, folders, files), folders


class Relabelled(io.TextIOBase):
    """A log stream that names ``inner`` as ``outer``: Sphinx writes into the
    staging tree, the reader's files are where they will be published."""

    def __init__(self, stream: IO[str], inner: Path, outer: Path) -> None:
        super().__init__()
        self.stream = stream
        # Sphinx names folders as they are, or relative to the working directory.
        self.names = [(str(inner), str(outer))]
        with contextlib.suppress(ValueError):  # another drive, on Windows
            self.names.append((os.path.relpath(inner), os.path.relpath(outer)))

    def write(self, text: str) -> int:
        for inner, outer in self.names:
            text = text.replace(inner, outer)
        self.stream.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return bool(self.stream.isatty())


class SaidOnce(io.TextIOBase):
    """A warning stream that passes each warning on once: the HTML and the PDF
    builders of one build read the same sources and find the same problems."""

    def __init__(self, stream: IO[str] | None) -> None:
        super().__init__()
        self.stream = stream
        self.said: set[str] = set()

    def write(self, text: str) -> int:
        if text not in self.said:
            if text.strip():
                self.said.add(text)
            (self.stream or sys.stderr).write(text)
        return len(text)

    def flush(self) -> None:
        (self.stream or sys.stderr).flush()

    def isatty(self) -> bool:
        return bool((self.stream or sys.stderr).isatty())


def check_status(app: Sphinx, builder: str, warning_is_error: bool, outdir: Path) -> None:
    if app.statuscode:
        reason = "warnings were treated as errors" if warning_is_error else "see above"
        raise BuildError(f"the {builder} build failed ({reason}); {outdir} was left as it was")


def gettext(
    source: PathLike = "source",
    outdir: PathLike = "build/gettext",
    *,
    warning: IO[str] | None = None,
    safe: bool = False,
) -> list[Path]:
    """Write the message catalogs (``.pot``) of ``source`` into ``outdir``:
    every text an author writes, chmdocs' objects and options included, each
    at its file and line. Returns the catalogs written."""
    import tempfile

    from chmdocs.app.runner import DOCTREES, run_sphinx

    source = project_dir(source, safe=safe)
    outdir = Path(outdir)
    # The doctrees hold what participants wrote (e-mail, phone): never beside
    # the catalogs, which are published to translators.
    with tempfile.TemporaryDirectory(prefix="chmdocs-gettext-") as scratch:
        run_sphinx(source, outdir, Path(scratch) / DOCTREES, "gettext", warning=warning, safe=safe)
    stale = outdir / DOCTREES  # where an earlier chmdocs kept them
    if stale.is_dir() and not stale.is_symlink():
        shutil.rmtree(stale)
    return sorted(outdir.rglob("*.pot"))


def load(path: PathLike, *, safe: bool = False) -> Workshop:
    """The model of a project: from its source directory, or a ``chmdocs.json``.

    From sources, Sphinx reads the project in a temporary directory: nothing
    is written beside the sources.
    """
    path = Path(path)
    if path.is_file():
        from chmdocs.core.exports import jsonfile

        return jsonfile.load(path)
    if not path.is_dir():
        raise UsageError(f"{path}: no such file or directory")
    if not safe and not (path / "conf.py").is_file():
        raise UsageError(f"{path}: neither a chmdocs.json file nor a project with a conf.py")
    from chmdocs.app.runner import read_only
    from chmdocs.sphinxext.domain import get_domain

    with read_only(path, safe=safe) as (app, _findings):
        return get_domain(app.env).model


def check(source: PathLike, *, safe: bool = False, language: str | None = None) -> list[Finding]:
    """Every problem in ``source``, then the notes (gaps, reminders), in file order.

    With ``language``, also each message its catalog leaves untranslated or
    fuzzy, and the share translated (as information). Reads the project in
    a temporary directory, writing no document.
    """
    from chmdocs.app.runner import read_only
    from chmdocs.sphinxext.checks import gaps, reminders
    from chmdocs.sphinxext.domain import get_domain
    from chmdocs.sphinxext.report import Finding

    source = project_dir(source, safe=safe)
    with read_only(source, safe=safe) as (app, collector):
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
    findings.sort(key=lambda f: (order[f.severity], f.path, f.line or 0))
    if language:
        from chmdocs.app.translations import progress

        done = progress(source, language, safe=safe)
        findings += [*done.findings, done.summary()]
    return findings


def _participants(path: PathLike, safe: bool) -> bytes:
    from chmdocs.core.exports import participants_csv

    return participants_csv(load(path, safe=safe))


def _review_workbook(path: PathLike, safe: bool) -> bytes:
    from chmdocs.core.review import write_workbook

    workshop, sections = load_with_sections(path, safe=safe)
    return write_workbook(workshop, sections=sections)


def _questionnaire(path: PathLike, safe: bool) -> bytes:
    from chmdocs.core import questionnaire

    return questionnaire.write_workbook(load(path, safe=safe))


def _xlsform(path: PathLike, safe: bool) -> bytes:
    from chmdocs.core import questionnaire

    models = load_in_every_language(path, safe=safe)
    return questionnaire.write_xlsform(models, next(iter(models)))


class OnRequest(NamedTuple):
    """An export made on request only, never by ``build``: the file it usually
    goes to, and how it is made from a project."""

    filename: str
    make: Callable[[PathLike, bool], bytes]


#: The exports made on request: the participants list holds personal data
#: (its default is under the build's private folder, never beside the sources
#: where ``git add -A`` would commit it); the review workbook, questionnaire
#: and XLSForm go to participants, not online.
ON_REQUEST: dict[str, OnRequest] = {
    "participants": OnRequest("build/private/participants.csv", _participants),
    "review": OnRequest("review.xlsx", _review_workbook),
    "questionnaire": OnRequest("questionnaire.xlsx", _questionnaire),
    "xlsform": OnRequest("xlsform.xlsx", _xlsform),
}


def export_filename(fmt: str) -> str:
    """The file an export is usually written to."""
    return ON_REQUEST[fmt].filename if fmt in ON_REQUEST else EXPORTS[fmt].filename


def export(path: PathLike, fmt: str, *, safe: bool = False) -> bytes:
    """One export of a project or a chmdocs.json: those ``build`` makes
    (``json``, ``ics``, ``csv``, ``schedule``, ``logframe``, ``tasks``) or one
    made on request (:data:`ON_REQUEST`: ``review``, the workbook participants
    fill offline; ``questionnaire`` and ``xlsform``; ``participants``, every
    participant with e-mail and phone, personal data not for publishing)."""
    if fmt in ON_REQUEST:
        return ON_REQUEST[fmt].make(path, safe)
    if fmt not in EXPORTS:
        choices = ", ".join([*EXPORTS, *ON_REQUEST])
        raise UsageError(f"unknown export {fmt!r}; choose from {choices}")
    if EXPORTS[fmt].with_imports is not None and Path(path).is_dir():
        from chmdocs.app.runner import read_only
        from chmdocs.sphinxext.domain import get_domain

        with read_only(project_dir(path, safe=safe), safe=safe) as (app, _findings):
            domain = get_domain(app.env)
            return render(fmt, domain.model, domain.reporting.imports)
    return render(fmt, load(path, safe=safe))


def load_with_sections(path: PathLike, *, safe: bool = False) -> tuple[Workshop, list[Section]]:
    """The model of a project and its final document's sections (none for a
    ``chmdocs.json``, which holds the model alone)."""
    path = Path(path)
    if path.is_file() or not path.is_dir():
        return load(path, safe=safe), []
    if not safe and not (path / "conf.py").is_file():
        raise UsageError(f"{path}: neither a chmdocs.json file nor a project with a conf.py")
    from chmdocs.app.runner import read_only
    from chmdocs.sphinxext.domain import get_domain
    from chmdocs.writers.outline import document_sections

    with read_only(path, safe=safe) as (app, _findings):
        final = app.config.chmdocs_final_document
        return get_domain(app.env).model, document_sections(app.env, final)


def review_workbooks(
    path: PathLike, outdir: PathLike = "build/private/review", *, safe: bool = False
) -> list[Path]:
    """A review workbook per participant, their id filled in, written into
    ``outdir`` (private: it names every participant) as ``review-<id>.xlsx``."""
    from chmdocs.core.exports import write_atomic
    from chmdocs.core.review import workbooks_for_each

    workshop, sections = load_with_sections(path, safe=safe)
    written = []
    for name, data in workbooks_for_each(workshop, sections).items():
        write_atomic(Path(outdir) / name, data)
        written.append(Path(outdir) / name)
    return written


def load_in_every_language(path: PathLike, *, safe: bool = False) -> dict[str, Workshop]:
    """The model of a project in its language, then in each language its
    catalogs translate it into (``locales/<lang>/LC_MESSAGES``), by language."""
    first = load(path, safe=safe)
    models = {first.language: first}
    folder = Path(path)
    if not folder.is_dir():
        return models
    from chmdocs.app.runner import read_only
    from chmdocs.sphinxext.domain import get_domain

    for catalogs in sorted((folder / "locales").glob("*/LC_MESSAGES")):
        language = catalogs.parent.name
        if language in models or not any(catalogs.glob("*.po")):
            continue
        with read_only(folder, safe=safe, overrides={"language": language}) as (app, _found):
            models[language] = get_domain(app.env).model
    return models


def answers(
    files: Iterable[PathLike], source: PathLike = "source", *, safe: bool = False
) -> Answers:
    """The filled questionnaires and ODK/Kobo exports ``files``, read against
    the questionnaire of ``source``: per question, each respondent's answer."""
    from chmdocs.core.questionnaire import read_answers

    return read_answers([Path(f) for f in files], load(source, safe=safe))


def load_version(spec: PathLike, other: PathLike = "source", *, safe: bool = False) -> Workshop:
    """The model ``spec`` names: a project directory, a ``chmdocs.json``, or
    ``git:REV``, which is ``other`` (a directory or file) at revision REV."""
    from chmdocs.core import revisions

    if revisions.is_revision(str(spec)):
        if revisions.is_revision(str(other)):
            other = "source"
        with revisions.checkout(str(spec), str(other)) as path:
            return load(path, safe=safe)
    return load(spec, safe=safe)


def diff(old: PathLike, new: PathLike = "source", *, safe: bool = False) -> Comparison:
    """What changed from ``old`` to ``new`` (each as :func:`load_version`
    reads it): objects added, removed and changed, field by field."""
    from chmdocs.core.changes import compare

    return compare(load_version(old, new, safe=safe), load_version(new, old, safe=safe))


def redline(
    old: PathLike,
    new: PathLike = "source",
    output: PathLike = "redline.docx",
    *,
    document: str = "final-document",
    safe: bool = False,
) -> RedlineCounts:
    """Write ``output``: the Word document ``document`` as ``new`` builds it,
    with every change since ``old`` as tracked changes. ``old`` and ``new`` are
    each a project directory or ``git:REV`` (the other at revision REV); each
    side's document is built from its own sources, so prose changes show."""
    import tempfile

    from chmdocs.writers.redline import redline as mark_changes

    with tempfile.TemporaryDirectory(prefix="chmdocs-redline-") as scratch:
        older = built_document(old, new, Path(scratch) / "old", document, safe=safe)
        newer = built_document(new, old, Path(scratch) / "new", document, safe=safe)
        return mark_changes(older, newer, Path(output))


def built_document(
    spec: PathLike, other: PathLike, outdir: Path, document: str, *, safe: bool
) -> Path:
    """``document`` as a .docx built from the sources ``spec`` names."""
    from chmdocs.core import revisions

    with contextlib.ExitStack() as stack:
        source = Path(spec)
        if revisions.is_revision(str(spec)):
            if revisions.is_revision(str(other)):
                other = "source"
            source = stack.enter_context(revisions.checkout(str(spec), str(other)))
        elif source.is_file():
            raise UsageError(f"{spec}: a redline is made from sources (a project or git:REV)")
        build(source, outdir, ["docx"], safe=safe, warning=io.StringIO())
    found = [
        path
        for path in (
            outdir / "docx" / f"{document}.docx",
            outdir / "private" / "docx" / f"{document}.docx",
        )
        if path.is_file()
    ]
    if not found:
        names = sorted(p.stem for p in outdir.glob("**/docx/*.docx") if ".chmdocs" not in p.parts)
        raise UsageError(
            f"{spec}: no document {document!r}; there are {', '.join(names) or 'none'}"
        )
    return found[0]


def review(
    sheets: Iterable[PathLike], source: PathLike | None = "source", *, safe: bool = False
) -> Consolidation:
    """The filled review workbooks ``sheets`` read and consolidated: per item,
    the count of each opinion and every comment with its reviewer; rows
    without an id as new proposals. With a ``source`` (a project or a
    chmdocs.json), each id is checked against it and each reviewer matched to
    the participants. What could not be read is in the result's ``problems``."""
    from chmdocs.core.review import consolidate

    workshop: Workshop | None = None
    sections: list[Section] = []
    if source is not None and Path(source).exists():
        workshop, sections = load_with_sections(source, safe=safe)
    return consolidate([Path(p) for p in sheets], workshop, sections)


def comment_matrix(result: Consolidation, target: PathLike) -> bytes:
    """The comment matrix of ``result`` (one row per comment, with the
    organiser's Decision and Response columns), keeping the decisions and
    responses of the matrix already at ``target``, if any."""
    from chmdocs.core.matrix import read_matrix, write_matrix

    earlier = read_matrix(Path(target)) if Path(target).is_file() else None
    return write_matrix(result, result.language, earlier)
