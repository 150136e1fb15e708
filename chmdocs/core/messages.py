"""chmdocs' own words, before translation: the message catalog's name and
place, and the labels of kinds, statuses and priorities.

Nothing here imports Sphinx or Babel: the exports translate these through
plain :mod:`gettext` when no Sphinx application runs (a model loaded from
``chmdocs.json``), the Sphinx side through :mod:`chmdocs.i18n`.
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

CATALOG = "chmdocs"
LOCALE_DIR = Path(__file__).parents[1] / "locale"

#: Narrow no-break space and no-break space, for French typography.
NBSP = "\u00a0"
EN_DASH = "\u2013"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks a message for extraction; it is translated where it is used."""
    return message


KIND_MESSAGES = {
    "arrival": N_("Arrival"),
    "registration": N_("Registration"),
    "welcome": N_("Welcome"),
    "introduction": N_("Introduction"),
    "roundtable": N_("Round table"),
    "presentation": N_("Presentation"),
    "discussion": N_("Discussion"),
    "break": N_("Break"),
    "meal": N_("Meal"),
    "reception": N_("Reception"),
    "groupwork": N_("Group work"),
    "report": N_("Report back"),
    "visit": N_("Visit"),
    "conclusion": N_("Conclusion"),
    "other": N_("Other"),
}
STATUS_MESSAGES = {
    "proposed": N_("proposed"),
    "agreed": N_("agreed"),
    "in-progress": N_("in progress"),
    "done": N_("done"),
    "dropped": N_("dropped"),
}
PRIORITY_MESSAGES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
#: Titles before a person's name, as each language writes them: an author
#: writes one ("Mme Aminata Diallo"), each build shows its own ("Ms" in English).
TITLES = {
    "fr": {"mr": "M.", "m": "M.", "mrs": "Mme", "ms": "Mme", "mme": "Mme", "miss": "Mlle",
           "mlle": "Mlle", "dr": "Dr", "prof": "Pr", "pr": "Pr"},
    "en": {"m": "Mr", "mr": "Mr", "mme": "Ms", "mrs": "Mrs", "ms": "Ms", "mlle": "Ms",
           "miss": "Miss", "dr": "Dr", "pr": "Prof.", "prof": "Prof."},
}  # fmt: skip
_TITLE = re.compile(r"^(?P<title>[A-Za-z]{1,4})\.?(?=\s)")


def titled_name(name: str, language: str | None) -> str:
    """``name`` with its title as ``language`` writes it: "Mme Aminata Diallo"
    is "Ms Aminata Diallo" in English; a name without a known title is as written."""
    titles = TITLES.get(str(language or "en").split("_")[0].split("-")[0])
    match = _TITLE.match(name.strip())
    if titles is None or match is None:
        return name
    shown = titles.get(match.group("title").casefold())
    return f"{shown}{name.strip()[match.end() :]}" if shown else name


#: What each kind of question asks for.
QUESTION_TYPE_MESSAGES = {
    "text": N_("text"),
    "choice": N_("one choice"),
    "multiple": N_("several choices"),
    "number": N_("a number"),
    "date": N_("a date"),
    "scale": N_("a mark from 1 to 5"),
}
DOCUMENT_STATUS_MESSAGES = {"draft": N_("DRAFT"), "final": N_("Final version")}


def colon(language: str | None) -> str:
    """A label's colon: French sets a no-break space before it, English none."""
    return f"{NBSP}:" if str(language or "").startswith("fr") else ":"


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
def catalog(language: str) -> gettext.NullTranslations:
    """chmdocs' catalog for ``language`` ("fr", "fr_BE"…); English words otherwise."""
    return gettext.translation(
        CATALOG,
        str(LOCALE_DIR),
        languages=[language.replace("-", "_").split("_")[0]],
        fallback=True,
    )
