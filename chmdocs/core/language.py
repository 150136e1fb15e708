"""How each language writes: the rules Babel does not know (the colon's
spacing, quotation marks, titles before names, durations, a unit's singular
and plural) and Babel's formatting of dates, times, numbers and countries.

One module without Sphinx, for every layer: the documents (through
:mod:`chmdocs.sphinxext.i18n`), ``chmdocs diff`` and ``render``, the exports.
A new language is its catalog (``chmdocs/locale``) and, where its rules
differ from English, an entry in :data:`RULES`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from chmdocs.core.model import Due

NBSP = "\u00a0"
EN_DASH = "\u2013"


@dataclass(frozen=True)
class Rules:
    """What a language writes its own way."""

    #: A no-break space before ":" (and the other high punctuation).
    space_before_colon: bool = False
    #: Opening and closing quotation marks around a title.
    quotes: tuple[str, str] = ("\u201c", "\u201d")
    #: "7 h 00" (French) rather than "7 h" / "7 h 30 min".
    clock_durations: bool = False
    #: Titles before names as the language writes them, by the title written.
    titles: dict[str, str] = field(default_factory=dict)
    #: The language with its region for programs that want one (Word's
    #: ``w:lang``), where CLDR's likeliest region is not the one meant.
    region_tag: str = ""


RULES: dict[str, Rules] = {
    "en": Rules(
        region_tag="en-GB",
        titles={"m": "Mr", "mr": "Mr", "mme": "Ms", "mrs": "Mrs", "ms": "Ms", "mlle": "Ms",
                "miss": "Miss", "dr": "Dr", "pr": "Prof.", "prof": "Prof."},
    ),
    "fr": Rules(
        space_before_colon=True,
        region_tag="fr-FR",
        quotes=("\u00ab\u00a0", "\u00a0\u00bb"),
        clock_durations=True,
        titles={"mr": "M.", "m": "M.", "mrs": "Mme", "ms": "Mme", "mme": "Mme", "miss": "Mlle",
                "mlle": "Mlle", "dr": "Dr", "prof": "Pr", "pr": "Pr"},
    ),
    # Languages without a catalog yet: the region the CHM's partners write.
    "pt": Rules(region_tag="pt-PT"),
    "nl": Rules(region_tag="nl-BE"),
}  # fmt: skip


def written_languages() -> tuple[str, ...]:
    """The languages chmdocs writes: English, and each language its catalogs
    translate (``chmdocs/locale/<lang>``)."""
    from chmdocs.core.messages import CATALOG, LOCALE_DIR

    found = sorted(
        folder.name
        for folder in LOCALE_DIR.iterdir()
        if (folder / "LC_MESSAGES" / f"{CATALOG}.po").is_file()
    )
    return ("en", *(code for code in found if code != "en"))


def rules(language: str | None) -> Rules:
    """The rules of ``language`` ("fr", "fr_BE", "en-GB"…); English's otherwise."""
    return RULES.get(str(language or "en").replace("-", "_").split("_")[0], RULES["en"])


def region_tag(language: str | None) -> str:
    """``language`` with a region, as Word tags text: ``fr-FR`` for ``fr``,
    ``en-GB`` for ``en``; a language without rules takes CLDR's likeliest
    region (``es`` is ``es-ES``)."""
    tag = str(language or "en").replace("_", "-")
    if "-" in tag:
        return tag
    if tag in RULES and RULES[tag].region_tag:
        return RULES[tag].region_tag
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(tag, ""))
    region = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return f"{tag}-{region}" if region.isalpha() and region.isupper() else tag


def hyphenation_dictionary(language: str | None) -> str:
    """pyphen's dictionary for ``language`` ("fr", "en_GB"), "" when it has none."""
    import pyphen  # type: ignore[import-untyped]

    return str(pyphen.language_fallback(locale_name(language)) or "")


def colon(language: str | None) -> str:
    """A label's colon: French sets a no-break space before it, English none."""
    return f"{NBSP}:" if rules(language).space_before_colon else ":"


def quoted(text: str, language: str | None) -> str:
    """A title in quotation marks: « … » in French, “…” in English."""
    opening, closing = rules(language).quotes
    return f"{opening}{text}{closing}"


_TITLE = re.compile(r"^(?P<title>[A-Za-z]{1,4})\.?(?=\s)")


def titled_name(name: str, language: str | None) -> str:
    """``name`` with its title as ``language`` writes it: "Mme Aminata Diallo"
    is "Ms Aminata Diallo" in English; a name without a known title is as written."""
    titles = rules(language).titles
    match = _TITLE.match(name.strip())
    if not titles or match is None:
        return name
    shown = titles.get(match.group("title").casefold())
    return f"{shown}{name.strip()[match.end() :]}" if shown else name


def locale_name(language: str | None) -> str:
    """The CLDR locale for a Sphinx ``language``: plain ``en`` is British
    English, as the Convention writes it; ``en_US`` stays American."""
    code = (language or "en").replace("-", "_")
    return "en_GB" if code == "en" else code


def unit_forms(unit: str) -> tuple[str, str]:
    """A unit's singular and plural, written ``site; sites`` (one form alone
    serves for every number)."""
    forms = [f.strip() for f in unit.split(";") if f.strip()]
    if not forms:
        return "", ""
    return forms[0], forms[-1]


def with_unit(number: str, value: object, unit: str, language: str | None) -> str:
    """``number`` (``value`` as the language writes it) with its unit in the
    form the language's plural rule takes: "1 site", "1,5 site" in French,
    "1.5 sites" in English."""
    singular, plural = unit_forms(unit)
    if not plural:
        return number
    from babel import Locale, UnknownLocaleError

    try:
        form = Locale.parse(locale_name(language)).plural_form(abs(float(str(value))))
    except (UnknownLocaleError, ValueError):
        form = "other"
    return f"{number}{NBSP}{singular if form == 'one' else plural}"


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
    if rules(language).clock_durations:
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


@cache
def due_words(due: Due, language: str | None, *, short: bool = False) -> str:
    """A due date in words, as precise as written: "juin 2009", "2010".

    ``short`` abbreviates the month for table cells: "31 déc. 2008".
    """
    locale = babel_locale(language)
    if due.month is None:
        return str(due.year)
    if due.day is None:
        pattern = "LLL y" if short else "LLLL y"
        return unbreakable(format_date(dt.date(due.year, due.month, 1), pattern, locale=locale))
    if short:
        return unbreakable(format_date(due.last_day, "d MMM y", locale=locale))
    return long_date(due.last_day, language)
