"""The personal data rule, where Sphinx would otherwise publish it.

Participants' e-mail and phone, and everything about a participant who is
not published, reach no public output. The model and the renderers keep
them out of the pages and exports (:meth:`chmdocs.Workshop.public`,
:func:`chmdocs.markup.person`); this module closes what Sphinx itself
publishes:

- the ``_sources/`` copy of a page that defines participants (it holds the
  ``:email:`` lines as written), or names an unpublished one, is not made;
- a document marked ``:audience: internal`` (the attendance sheet) is read
  by the PDF builder alone, which writes it to ``OUTDIR/private/pdf/``; the
  HTML builders never see it, so it is in no page, search index or
  ``objects.inv``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from chmdocs.domain import ChmDomain, get_domain
from chmdocs.metadata import FIELD_LINES_SCANNED
from chmdocs.model import PERSON_FIELDS

#: The builders that write internal documents (to private/) or extract their
#: messages for translators; every other builder leaves them out.
READS_INTERNAL = frozenset({"pdf", "gettext"})
_INTERNAL = re.compile(r"^:audience:\s*internal\s*$", re.IGNORECASE)


def internal_documents(srcdir: Path, suffixes: list[str]) -> list[str]:
    """Source files (relative paths) whose file-wide fields say ``:audience: internal``."""
    found = []
    for suffix in suffixes:
        for path in sorted(srcdir.rglob(f"*{suffix}")):
            if any(part.startswith((".", "_")) for part in path.relative_to(srcdir).parts):
                continue
            try:
                with path.open(encoding="utf-8", errors="replace") as source:
                    for number, line in enumerate(source, start=1):
                        if _INTERNAL.match(line.strip()):
                            found.append(path.relative_to(srcdir).as_posix())
                            break
                        if number > FIELD_LINES_SCANNED:
                            break
            except OSError:
                continue
    return found


class InternalInToctree(logging.Filter):
    """A toctree naming an internal document is right: the HTML simply has no
    entry for it. Sphinx's "reference to excluded document" is not shown for it."""

    def __init__(self, docnames: set[str]) -> None:
        super().__init__()
        self.docnames = docnames

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "type", "") != "toc" or getattr(record, "subtype", "") != "excluded":
            return True
        return not any(f"'{name}'" in record.getMessage() for name in self.docnames)


def leave_out_internal(app: Sphinx) -> None:
    """``builder-inited``: internal documents are excluded from this build
    unless its builder writes them only where they belong."""
    if app.builder.name in READS_INTERNAL:
        return
    suffixes = list(app.config.source_suffix) or [".rst"]
    internal = internal_documents(Path(app.srcdir), suffixes)
    if internal:
        app.config.exclude_patterns = [*app.config.exclude_patterns, *internal]
        docnames = {name.rsplit(".", 1)[0] for name in internal}
        quiet = InternalInToctree(docnames)
        for handler in logging.getLogger("sphinx").handlers:
            # First, before Sphinx's own filters count the warning.
            handler.filters.insert(0, quiet)


def docs_with_personal_data(domain: ChmDomain) -> set[str]:
    """Documents whose source holds personal data: those defining participants
    (e-mail, phone), and those naming an unpublished participant by id."""
    workshop = domain.model
    hidden = {p.id for p in workshop.participants if not p.publish}
    found = set(domain.docs_with_participants)
    for obj in domain.objects():
        for field in PERSON_FIELDS.get(obj.kind, ()):
            value = getattr(obj, field)
            entries = value if isinstance(value, tuple) else (value,)
            if hidden & {e.strip() for e in entries}:
                found.add(obj.docname)
    found |= {r.docname for r in domain.references() if r.target.strip() in hidden}
    return found


class _PersonalDocs:
    """The documents with personal data, found once per build when writing starts."""

    docnames: set[str] = set()

    @classmethod
    def find(cls, app: Sphinx, builder: object) -> None:
        cls.docnames = docs_with_personal_data(get_domain(app.env))


def no_source_copy(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: a page whose source holds personal data gets no
    "Show source" copy (``_sources/``)."""
    if pagename in _PersonalDocs.docnames:
        context["sourcename"] = ""
        context["show_source"] = False


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", leave_out_internal)
    app.connect("write-started", _PersonalDocs.find)
    app.connect("html-page-context", no_source_copy)
