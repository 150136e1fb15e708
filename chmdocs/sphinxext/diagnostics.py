"""Warnings for authors: one logger, type ``chmdocs``, one subtype per problem.

``suppress_warnings = ["chmdocs.overlap"]`` silences one kind of problem; the
subtypes are listed in :data:`SUBTYPES` so the docs and tests can name them.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("chmdocs")

SUBTYPES = {
    "option": "an option's value is not one chmdocs accepts",
    "unknown-option": "an option the directive does not have",
    "missing-option": "a required option is absent or empty",
    "missing-title": "an object with no title, or a title written like an option",
    "date": "a date that cannot be read",
    "time": "a time or duration that cannot be read",
    "end-before-start": "an end before its start",
    "outside-dates": "a session or agenda day outside the workshop's dates",
    "overlap": "two sessions overlapping on one day",
    "duplicate-id": "two objects of one kind with the same id",
    "missing-id": "an object with no :id: under chmdocs_require_ids",
    "unknown-id": "a role or link naming no object",
    "workshop": "no workshop directive, or more than one",
    "orphan-group": "a group in no session",
    "nesting": "a directive nested where it has no meaning",
    "unserved-objective": "an objective that no session, group or action serves",
    "note-lead": "a synthesis note dated too close to the workshop",
    "metadata": "a document's status, date or audience that cannot be read",
    "review": "a review workbook, sheet or row that cannot be read",
    "privacy": "personal data a public document would show (an attendance sheet there)",
    "config": "a chmdocs setting in conf.py whose value is not accepted",
    "too-long": "a title too long for the documents (cut there, kept whole in exports)",
    "too-deep": "lists or blocks nested deeper than a document can hold (kept, less deep)",
    "encoding": "a source file that is not UTF-8 text",
    "logframe": "an objective or action with no :indicators: in a project with a logframe",
    "answers": "an answer file of the preparation round, or a row of it, that cannot be read",
    "question": "a question's options that do not fit its type",
    "currency": "costs in a currency the budget's totals cannot be converted from",
    "pdf": "a PDF that rst2pdf failed to write",
    "docx": "something a Word document cannot hold as written (an image Word cannot read)",
    "safe": "something refused by a --safe build",
}


def warn(message: str, subtype: str, location: Any) -> None:
    """Log ``message`` for the author, at ``location`` (node or (docname, line))."""
    assert subtype in SUBTYPES, subtype
    logger.warning(message, location=location, type="chmdocs", subtype=subtype)
