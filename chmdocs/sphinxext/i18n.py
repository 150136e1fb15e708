"""Sphinx's side of the languages: chmdocs' messages through Sphinx's
translator (``_``, :func:`ngettext`) and the labels of kinds, statuses and
priorities in the project's language.

How each language writes dates, times, numbers and titles is
:mod:`chmdocs.core.language` (no Sphinx); its functions are named here too,
for the views.
"""

from __future__ import annotations

from sphinx.locale import get_translation, get_translator, is_translator_registered

from chmdocs.core.language import (
    EN_DASH,
    NBSP,
    babel_locale,
    clock,
    colon,
    country_name,
    date_range,
    day_heading,
    duration,
    long_date,
    number,
    percent,
    short_date,
    time_range,
    unbreakable,
    workshop_dates,
)
from chmdocs.core.messages import (
    CATALOG,
    DOCUMENT_STATUS_MESSAGES,
    KIND_MESSAGES,
    PRIORITY_MESSAGES,
    QUESTION_TYPE_MESSAGES,
    STATUS_MESSAGES,
)

_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The message for ``count`` things ("1 participant", "2 participants")."""
    if is_translator_registered(CATALOG):
        return get_translator(CATALOG).ngettext(singular, plural, count)
    return singular if count == 1 else plural


__all__ = [
    "EN_DASH",
    "NBSP",
    "babel_locale",
    "clock",
    "colon",
    "country_name",
    "date_range",
    "day_heading",
    "document_status_label",
    "duration",
    "kind_label",
    "long_date",
    "ngettext",
    "number",
    "percent",
    "priority_label",
    "short_date",
    "status_label",
    "time_range",
    "unbreakable",
    "workshop_dates",
]


def kind_label(kind: str) -> str:
    return str(_(KIND_MESSAGES.get(kind, kind)))


def status_label(status: str) -> str:
    return str(_(STATUS_MESSAGES.get(status, status)))


def question_type_label(question_type: str) -> str:
    return str(_(QUESTION_TYPE_MESSAGES.get(question_type, question_type)))


def priority_label(priority: str) -> str:
    return str(_(PRIORITY_MESSAGES.get(priority, priority)))


def document_status_label(status: str) -> str:
    return str(_(DOCUMENT_STATUS_MESSAGES.get(status, status)))


def version_label(version: str) -> str:
    """A document's version as shown: "version 2" for a number, else as
    written ("projet 2")."""
    if not version:
        return ""
    if version.replace(".", "").isdigit():
        return str(_("version %(version)s")) % {"version": version}
    return version


def status_line(status: str, version: str) -> str:
    """Status and version together: "Version finale 2", "Final version 2",
    "PROJET, projet 2" (a version written in words keeps its own)."""
    if status and version and version.replace(".", "").isdigit():
        return f"{document_status_label(status)} {version}"
    parts = [document_status_label(status) if status else "", version_label(version)]
    return ", ".join(part for part in parts if part)
