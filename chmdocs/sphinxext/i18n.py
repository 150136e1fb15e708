"""Every word chmdocs writes, in the project's language.

Messages come from the ``chmdocs`` gettext catalog (``chmdocs/locale``),
dates and times from Babel, so a French project reads "Mercredi 2 mai 2007"
and "à confirmer", an English one "Wednesday, 2 May 2007" and "to be
confirmed".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from sphinx.locale import get_translation, get_translator, is_translator_registered

from chmdocs.core.messages import (
    CATALOG,
    DOCUMENT_STATUS_MESSAGES,
    EN_DASH,
    KIND_MESSAGES,
    NBSP,
    PRIORITY_MESSAGES,
    QUESTION_TYPE_MESSAGES,
    STATUS_MESSAGES,
    colon,
    locale_name,
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
    "priority_label",
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


@cache
def babel_locale(language: str | None) -> Locale:
    """The Babel locale for a Sphinx ``language``, English when unknown.

    Plain ``en`` is British English, as the Convention writes it ("2–3 May
    2007", "Wednesday 2 May 2007"); ``en_US`` is American.
    """
    try:
        return Locale.parse(locale_name(language))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_GB")


def country_name(code: str, language: str | None) -> str:
    """A country's name in the document's language: "SN" is "Sénégal" in
    French; a code Babel does not know is shown as written."""
    if not code:
        return ""
    return str(babel_locale(language).territories.get(code.upper(), code))


def unbreakable(text: str) -> str:
    """``text`` with no-break spaces: a date never splits across lines."""
    return text.replace(" ", NBSP)


@cache  # pure, and called for every session: Babel formatting is slow
def day_heading(day: dt.date, language: str | None) -> str:
    """A day as a heading: "Mercredi 2 mai 2007", "Wednesday 2 May 2007"."""
    text = format_date(day, "EEEE d MMMM y", locale=babel_locale(language))
    return unbreakable(text[:1].upper() + text[1:])


@cache
def long_date(day: dt.date, language: str | None) -> str:
    """A date in running text: "2 mai 2007", "2 May 2007"."""
    return unbreakable(format_date(day, "d MMMM y", locale=babel_locale(language)))


def number(value: object, language: str | None) -> str:
    """A number as the language writes it: "1 200,5" in French, "1,200.5" in English."""
    from babel.numbers import format_decimal

    return unbreakable(format_decimal(value, locale=babel_locale(language)))  # type: ignore[arg-type]


def short_date(day: dt.date, language: str | None) -> str:
    """A date in a table cell: "31 déc. 2008", "31 Dec 2008"."""
    return unbreakable(format_date(day, "d MMM y", locale=babel_locale(language)))


def percent(value: int, language: str | None) -> str:
    """A share done: "40 %" in French, "40%" in English."""
    from babel.numbers import format_percent

    return unbreakable(format_percent(value / 100, locale=babel_locale(language)))


@cache
def date_range(start: dt.date, end: dt.date, language: str | None) -> str:
    """Workshop dates: "2–3 mai 2007", via Babel's interval formats."""
    from babel.dates import format_interval

    if start == end:
        return long_date(start, language)
    locale = babel_locale(language)
    text = str(format_interval(start, end, "yMMMMd", locale=locale))
    # Some locales' intervals abbreviate the month ("14 – 16 Mar 2011" in
    # British English): months in full, as the body's dates write them.
    for day in (start, end):
        short = str(format_date(day, "MMM", locale=locale))
        full = str(format_date(day, "MMMM", locale=locale))
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, text)
    return unbreakable(text)


def workshop_dates(start: dt.date | None, end: dt.date | None, language: str | None) -> str:
    """A workshop's dates ("2–3 mai 2007"), or "" when it has none yet."""
    return "" if start is None else date_range(start, end or start, language)


@cache
def clock(value: dt.time, pattern: str | None, language: str | None) -> str:
    """A time of day in ``pattern`` (a Babel pattern such as ``HH.mm``)."""
    return format_time(value, pattern or "HH:mm", locale=babel_locale(language))


def duration(minutes: int, language: str | None) -> str:
    """A length of time as each language writes it: "7 h 00" in French,
    "7 h" or "7 h 30 min" in English; never split across lines."""
    hours, rest = divmod(minutes, 60)
    if str(language or "").startswith("fr"):
        return f"{hours}{NBSP}h{NBSP}{rest:02d}"
    if not rest:
        return f"{hours}{NBSP}h"
    return f"{hours}{NBSP}h{NBSP}{rest}{NBSP}min" if hours else f"{rest}{NBSP}min"


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
