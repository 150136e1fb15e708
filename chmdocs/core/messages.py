"""chmdocs' own words, before translation: the message catalog's name and
place, and the labels of kinds, statuses and priorities.

Nothing here imports Sphinx or Babel: the exports translate these through
plain :mod:`gettext` when no Sphinx application runs (a model loaded from
``chmdocs.json``), the Sphinx side through :mod:`chmdocs.i18n`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

CATALOG = "chmdocs"
LOCALE_DIR = Path(__file__).parents[1] / "locale"


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


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """chmdocs' catalog for ``language`` ("fr", "fr_BE"…); English words otherwise."""
    return gettext.translation(
        CATALOG,
        str(LOCALE_DIR),
        languages=[language.replace("-", "_").split("_")[0]],
        fallback=True,
    )
