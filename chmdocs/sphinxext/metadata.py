"""A document's file-wide fields: ``:status:``, ``:date:`` (and their checks),
and the names the documents go by (the project's short title).

Written at the top of a document as a field list, read by Sphinx into
``env.metadata``; the HTML draft mark, the PDF cover and header and the
checks all read them here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from chmdocs.core.model import Workshop, parse_date
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn

DOCUMENT_STATUSES = ("draft", "final")
#: Who a document is for: ``internal`` ones (the attendance sheet) are written
#: to OUTDIR/private/pdf/ alone and never to the public site.
AUDIENCES = ("public", "internal")
#: File-wide fields stand at a document's top: look no further for them.
FIELD_LINES_SCANNED = 50


def document_status(env: BuildEnvironment, docname: str) -> str:
    return str(env.metadata.get(docname, {}).get("status", "")).strip()


def document_version(env: BuildEnvironment, docname: str) -> str:
    """A document's ``:version:`` as written (``2``, ``projet 2``), or ""."""
    return " ".join(str(env.metadata.get(docname, {}).get("version", "")).split())


#: The builders that write internal documents (to private/) or extract their
#: messages for translators; every other builder reads them (their objects,
#: the participants first, belong to the model) and writes nothing of them.
READS_INTERNAL = frozenset({"pdf", "docx", "gettext"})


def is_internal(env: BuildEnvironment, docname: str) -> bool:
    return str(env.metadata.get(docname, {}).get("audience", "")).strip().lower() == "internal"


def document_date(env: BuildEnvironment, docname: str) -> dt.date | None:
    written = env.metadata.get(docname, {}).get("date")
    if not written:
        return None
    try:
        return parse_date(str(written))
    except ValueError:
        return None


def field_line(env: BuildEnvironment, docname: str, name: str) -> int:
    """The line of the file-wide field ``:name:`` at the top of a document."""
    try:
        with Path(env.doc2path(docname)).open(encoding="utf-8") as source:
            for number, line in enumerate(source, start=1):
                if line.startswith(f":{name}:"):
                    return number
                if number > FIELD_LINES_SCANNED:
                    break
    except OSError:
        pass
    return 1


def check_documents(workshop: Workshop, env: BuildEnvironment) -> None:
    for docname in sorted(env.found_docs):
        metadata = env.metadata.get(docname, {})
        status = metadata.get("status")
        if status is not None and str(status).strip() not in DOCUMENT_STATUSES:
            warn(
                f"document status {status!r} is not one of {', '.join(DOCUMENT_STATUSES)}",
                "metadata",
                (docname, field_line(env, docname, "status")),
            )
        audience = metadata.get("audience")
        if audience is not None and str(audience).strip().lower() not in AUDIENCES:
            warn(
                f"document audience {audience!r} is not one of {', '.join(AUDIENCES)}; "
                "it is treated as public",
                "metadata",
                (docname, field_line(env, docname, "audience")),
            )
        written = metadata.get("date")
        if written is not None:
            try:
                parse_date(str(written))
            except ValueError as error:
                warn(f"document {error}", "metadata", (docname, field_line(env, docname, "date")))
    for docname in sorted(env.found_docs):
        written_date = document_date(env, docname)
        final = docname == "final-document"
        ends = workshop.end or workshop.start
        if final and written_date is not None and ends is not None and written_date < ends:
            warn(
                f"the final document is dated {written_date}, before the workshop ends ({ends})",
                "metadata",
                (docname, field_line(env, docname, "date")),
            )
    note = env.config.chmdocs_note_document
    lead = env.config.chmdocs_note_lead_days
    note_date = document_date(env, note) if note in env.found_docs else None
    if note_date is not None and workshop.start is not None:
        days_before = (workshop.start - note_date).days
        if days_before < lead:
            warn(
                f"the synthesis note is dated {note_date}, {days_before} day(s) before the "
                f"workshop starts ({workshop.start}); it is due {lead} days before",
                "note-lead",
                (note, field_line(env, note, "date")),
            )


#: Sphinx's ``project`` when conf.py gives none.
UNSET_PROJECT = "Project name not set"


def short_title(config: Config, workshop: Workshop) -> str:
    """The workshop's short title for page headers: the Sphinx ``project``,
    or its place and dates when the project has no name."""
    if config.project and config.project != UNSET_PROJECT:
        return str(config.project)
    parts = (workshop.location, i18n.workshop_dates(workshop.start, workshop.end, config.language))
    return ", ".join(p for p in parts if p)
