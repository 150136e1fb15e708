"""Every word chmdocs writes, in the project's language.

Messages come from the ``chmdocs`` gettext catalog (``chmdocs/locale``),
dates and times from Babel, so a French project reads "Mercredi 2 mai 2007"
and "à confirmer", an English one "Wednesday, 2 May 2007" and "to be
confirmed".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from sphinx.locale import get_translation

CATALOG = "chmdocs"
LOCALE_DIR = Path(__file__).parent / "locale"

_ = get_translation(CATALOG)

#: Narrow no-break space and no-break space, for French typography.
NBSP = "\u00a0"
EN_DASH = "\u2013"


def kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


def status_label(status: str) -> str:
    return str(_STATUS_LABELS.get(status, status))


def priority_label(priority: str) -> str:
    return str(_PRIORITY_LABELS.get(priority, priority))


def document_status_label(status: str) -> str:
    return str(_DOCUMENT_STATUS_LABELS.get(status, status))


# Lazy translations: each is looked up in the language of the build using it.
_KIND_LABELS: dict[str, str] = {
    "arrival": _("Arrival"),
    "welcome": _("Welcome"),
    "introduction": _("Introduction"),
    "roundtable": _("Round table"),
    "presentation": _("Presentation"),
    "discussion": _("Discussion"),
    "break": _("Break"),
    "meal": _("Meal"),
    "groupwork": _("Group work"),
    "report": _("Report back"),
    "conclusion": _("Conclusion"),
    "other": _("Other"),
}
_STATUS_LABELS: dict[str, str] = {
    "proposed": _("proposed"),
    "agreed": _("agreed"),
    "in-progress": _("in progress"),
    "done": _("done"),
    "dropped": _("dropped"),
}
_PRIORITY_LABELS: dict[str, str] = {
    "high": _("high"),
    "medium": _("medium"),
    "low": _("low"),
}
_DOCUMENT_STATUS_LABELS: dict[str, str] = {
    "draft": _("DRAFT"),
    "final": _("Final version"),
}


def babel_locale(language: str | None) -> Locale:
    """The Babel locale for a Sphinx ``language``, English when unknown."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def day_heading(day: dt.date, language: str | None) -> str:
    """A day as a heading: "Mercredi 2 mai 2007", "Wednesday 2 May 2007"."""
    text = format_date(day, "EEEE d MMMM y", locale=babel_locale(language))
    return text[:1].upper() + text[1:]


def long_date(day: dt.date, language: str | None) -> str:
    """A date in running text: "2 mai 2007", "2 May 2007"."""
    return format_date(day, "d MMMM y", locale=babel_locale(language))


def date_range(start: dt.date, end: dt.date, language: str | None) -> str:
    """Workshop dates: "2 et 3 mai 2007" style, via Babel's interval formats."""
    from babel.dates import format_interval

    if start == end:
        return long_date(start, language)
    return format_interval(start, end, "yMMMMd", locale=babel_locale(language))


def clock(value: dt.time, pattern: str | None, language: str | None) -> str:
    """A time of day in ``pattern`` (a Babel pattern such as ``HH.mm``)."""
    return format_time(value, pattern or "HH:mm", locale=babel_locale(language))


def time_range(
    start: dt.time | None,
    end: dt.time | None,
    pattern: str | None,
    language: str | None,
) -> str:
    """``09.00 – 09.30``, joined with no-break spaces so it never wraps."""
    if start is None:
        return "?"
    text = clock(start, pattern, language)
    if end is not None:
        text += f"{NBSP}{EN_DASH}{NBSP}{clock(end, pattern, language)}"
    return text
