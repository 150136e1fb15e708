"""The workshop model: plain typed objects and the parsers for their values.

Nothing here imports Sphinx or docutils, so other CHM reporting projects can
use the model on its own (for instance from a ``chmdocs.json`` export).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import decimal
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, TypeVar

from chmdocs.core.messages import N_

__all__ = [
    "KINDS",
    "NON_WORKING_KINDS",
    "NO_WORDS",
    "PERSON_FIELDS",
    "PRIORITIES",
    "QUESTION_TYPES",
    "SCALE",
    "STATUSES",
    "YEARS",
    "YES_WORDS",
    "Action",
    "Cost",
    "Due",
    "Group",
    "Measure",
    "ModelObject",
    "Objective",
    "Participant",
    "Progress",
    "Question",
    "Session",
    "Workshop",
    "add_minutes",
    "choice_label",
    "derive_id",
    "empty_workshop",
    "family_name",
    "minute_of_day",
    "name_words",
    "parse_choices",
    "parse_cost",
    "parse_country",
    "parse_currency",
    "parse_date",
    "parse_due",
    "parse_duration",
    "parse_email",
    "parse_id",
    "parse_list",
    "parse_publish",
    "parse_rate",
    "parse_reference",
    "parse_time",
    "parse_timezone",
    "parse_yes_no",
    "person_sort_key",
    "reference_key",
    "same_person",
    "split_affiliation",
    "text_sort_key",
    "without_title",
]

KINDS = (
    "arrival",
    "registration",
    "welcome",
    "introduction",
    "roundtable",
    "presentation",
    "discussion",
    "break",
    "meal",
    "reception",
    "groupwork",
    "report",
    "visit",
    "conclusion",
    "other",
)
#: Kinds shown as pauses and left out of working-time totals.
NON_WORKING_KINDS = frozenset({"break", "meal", "reception"})
PRIORITIES = ("high", "medium", "low")
STATUSES = ("proposed", "agreed", "in-progress", "done", "dropped")

_ID_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
# re.ASCII: "٢٠٠٧" is digits to Python's \d, not to ISO 8601.
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_TIME_RE = re.compile(r"^(\d{1,2})\s*[:.hH]\s*(\d{2})$", re.ASCII)
_DUE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", re.ASCII)
#: The years a date may fall in: every date computed from one (a day later,
#: in another time zone) stays within what Python's dates can hold.
YEARS = range(1000, 9999)


# -- parsers ---------------------------------------------------------------
# Each parser takes the text an author wrote and returns a value, or raises
# ValueError with a message meant for that author.


def parse_id(text: str) -> str:
    """An identifier: letters, digits, ``-``, ``_`` and ``.``."""
    value = text.strip()
    if not _ID_RE.match(value):
        raise ValueError(f"invalid id {text!r}: use letters, digits, '-', '_' and '.' only")
    return value


def parse_reference(text: str) -> str:
    """An id, or ``KEY:id`` for an object of an imported workshop."""
    key, colon, ident = text.strip().rpartition(":")
    if not colon:
        return parse_id(text)
    try:
        return f"{parse_id(key)}:{parse_id(ident)}"
    except ValueError:
        raise ValueError(
            f"invalid reference {text!r}: write an id, or KEY:id for an imported object"
        ) from None


def derive_id(title: str) -> str:
    """An id made from a title: ASCII letters and digits joined by ``-``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()
    return slug or "untitled"


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date, ``2007-05-02``."""
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"invalid date {text!r}: write it as YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    if year not in YEARS:
        raise ValueError(f"invalid date {text!r}: the year must be from {YEARS[0]} to {YEARS[-1]}")
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"invalid date {text!r}: {error}") from None


def parse_time(text: str) -> dt.time:
    """A time of day written ``14:00``, ``14.00`` or ``14h00``."""
    match = _TIME_RE.match(text.strip())
    if not match:
        raise ValueError(f"invalid time {text!r}: write it as 14:00, 14.00 or 14h00")
    hour, minute = (int(part) for part in match.groups())
    if hour > 23 or minute > 59:
        raise ValueError(f"invalid time {text!r}: no such time of day")
    return dt.time(hour, minute)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def parse_timezone(text: str) -> str:
    """An IANA time zone name, ``Europe/Brussels``."""
    value = text.strip()
    if value not in _timezones():
        raise ValueError(f"{text!r} is not an IANA time zone (such as Europe/Brussels)")
    return value


def parse_duration(text: str) -> int:
    """A duration in whole minutes, ``45`` (``45 min`` is accepted too)."""
    value = text.strip().removesuffix("min").strip()
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        raise ValueError(f"invalid duration {text!r}: give a positive number of minutes")
    return int(value)


_EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]{2,}$")


def parse_email(text: str) -> str:
    """One e-mail address, ``a.diallo@example.org``."""
    value = text.strip().removeprefix("mailto:")
    if not _EMAIL_RE.match(value) or ".." in value:
        raise ValueError(f"{text!r} is not an e-mail address (such as name@example.org)")
    return value


@cache
def _countries() -> frozenset[str]:
    # Babel's CLDR data, read only when a country is: the model imports no Babel.
    from babel import Locale

    codes = [str(code) for code in Locale("en").territories]
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def parse_country(text: str) -> str:
    """An ISO 3166-1 alpha-2 country code, ``SN`` (any case)."""
    value = text.strip().upper()
    if value not in _countries() or value in {"EU", "EZ", "UN", "QO", "XA", "XB", "XK"}:
        raise ValueError(
            f"{text!r} is not an ISO 3166-1 country code (two letters, such as SN or BE)"
        )
    return value


#: Yes and no as an author may write them, in any of chmdocs' languages: the
#: one list every yes-or-no option reads (``:publish:``, ``:required:``, flags).
YES_WORDS = frozenset({"yes", "y", "true", "1", "oui", "on"})
NO_WORDS = frozenset({"no", "n", "false", "0", "non", "off"})


def parse_yes_no(text: str) -> bool:
    """``yes`` or ``no`` (``oui``/``non``, ``true``/``false`` too)."""
    value = text.strip().casefold()
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    raise ValueError(f"invalid value {text!r}: give yes or no")


def parse_publish(text: str) -> bool:
    """Whether a participant may be named in public documents: yes or no."""
    return parse_yes_no(text)


#: Titles before a name that do not count when sorting people by name.
_HONORIFICS = re.compile(
    r"^(?:(?:m|mme|mlle|mr|mrs|ms|dr|prof|pr|me|sir|dame|h\.?\s*e|s\.?\s*e)\.?\s+)+",
    re.IGNORECASE,
)


#: Words that belong to a family name standing before it: "Van der Linden".
_PARTICLES = frozenset(
    {"de", "du", "des", "della", "di", "da", "dos", "van", "der", "den", "von", "ter", "le", "la"}
)


def text_sort_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


def family_name(name: str) -> str:
    """The family name in a name as written: a word in capitals ("DIALLO
    Aminata"), else the last word with the particles before it ("Marc Van
    der Linden" → "Van der Linden"); titles (M., Mme, Dr…) left out."""
    words = (_HONORIFICS.sub("", name.strip()) or name.strip()).split()
    capitals = [w for w in words if w.isupper() and sum(c.isalpha() for c in w) > 1]
    if capitals and len(capitals) < len(words):
        return " ".join(capitals)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return " ".join(words[max(start, 0) :])


def without_title(name: str) -> str:
    """A name without the titles before it: "Mme Aminata Diallo" → "Aminata Diallo"."""
    return _HONORIFICS.sub("", name.strip()) or name.strip()


def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's name, titles left out, accents and case
    ignored, in alphabetical order: how two spellings of one name compare."""
    bare = without_title(name)
    for apostrophe in "\u2019\u2018\u02bc`\u00b4":
        bare = bare.replace(apostrophe, "'")
    return tuple(sorted(text_sort_key(bare.replace("-", " ")).replace(".", " ").split()))


def same_person(name: str, other: str) -> bool:
    """Whether two written names are one person's: "Mme Aminata Diallo",
    "aminata diallo", "DIALLO Aminata" and "Aminata Dialló" are; "A. Diallo"
    and "Diallo" are not (too little to tell)."""
    words = name_words(name)
    return len(words) >= 2 and words == name_words(other)


def person_sort_key(name: str) -> tuple[str, str, str]:
    """How people are sorted by name, as on an attendance sheet: by family
    name, then the whole name; accents and case ignored ("Ouédraogo" sorts
    as "Ouedraogo")."""
    bare = _HONORIFICS.sub("", name.strip()) or name.strip()
    return (text_sort_key(family_name(name)), text_sort_key(bare), name)


def parse_list(text: str, separator: str) -> tuple[str, ...]:
    """Items separated by ``separator``, stripped, empty ones left out."""
    return tuple(item.strip() for item in text.split(separator) if item.strip())


@dataclass(frozen=True, order=True)
class Due:
    """A due date as precise as the author gave it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def last_day(self) -> dt.date:
        """The last day the action is still on time."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)


def parse_due(text: str) -> Due:
    """A due date: ``2008-12-31``, ``2009-06`` or ``2010``."""
    match = _DUE_RE.match(text.strip())
    if not match:
        raise ValueError(f"invalid due date {text!r}: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year not in YEARS:
        raise ValueError(
            f"invalid due date {text!r}: the year must be from {YEARS[0]} to {YEARS[-1]}"
        )
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"invalid due date {text!r}: no month {month}")
    if day is not None:
        parse_date(text)  # validates the day of the month
    return Due(year, month, day)


@dataclass(frozen=True)
class Cost:
    """An amount in an ISO 4217 currency: ``12000 EUR``."""

    amount: decimal.Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


_COST_RE = re.compile(
    r"^(?:(?P<code1>[A-Za-z]{3})\s*)?(?P<amount>[0-9][0-9 \u00a0\u202f_']*(?:[.,][0-9]{1,2})?)"
    r"(?:\s*(?P<code2>[A-Za-z]{3}))?$",
    re.ASCII,
)


#: Currency signs authors type, and the code to write instead (a sign alone
#: is ambiguous: "$" is the currency of a dozen countries).
_SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD or another dollar's code", "FCFA": "XOF or XAF"}


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def parse_currency(text: str) -> str:
    """An ISO 4217 currency code, ``EUR`` (any case)."""
    code = text.strip().upper()
    if code not in _currencies():
        raise ValueError(f"{text!r} is not an ISO 4217 currency code (such as EUR or XOF)")
    return code


def parse_rate(value: object) -> decimal.Decimal:
    """An exchange rate: a positive number, written as a number or as text
    (``655.957``, ``"655,957"``)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not an exchange rate")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        rate = decimal.Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError(f"{value!r} is not an exchange rate (a positive number)") from None
    if not rate.is_finite() or rate <= 0 or rate > 10**12:
        raise ValueError(f"{value!r} is not an exchange rate (a positive number)")
    return rate


def parse_cost(text: str) -> Cost:
    """An amount and its ISO 4217 currency: ``12000 EUR``, ``12 000,50 EUR``,
    ``EUR 12000``. Spaces, no-break spaces, ``_`` and ``'`` group digits;
    a comma or a point before the last one or two digits is the decimal mark."""
    value = text.strip()
    match = _COST_RE.match(value)
    code = (match.group("code1") or match.group("code2") or "") if match else ""
    if not match or not code or (match.group("code1") and match.group("code2")):
        symbol = next((s for s in _SYMBOLS if s in value), None)
        hint = f" (for {symbol}, write {_SYMBOLS[symbol]})" if symbol else ""
        raise ValueError(
            f"invalid cost {text!r}: write an amount and an ISO 4217 currency, "
            f"such as 12000 EUR{hint}"
        )
    if code.upper() not in _currencies():
        raise ValueError(f"invalid cost {text!r}: {code!r} is not an ISO 4217 currency code")
    digits = re.sub(r"[ \u00a0\u202f_']", "", match.group("amount")).replace(",", ".")
    amount = decimal.Decimal(digits)
    if amount > 10**15:
        raise ValueError(f"invalid cost {text!r}: more than a quadrillion")
    return Cost(amount, code.upper())


# -- one declaration per field ----------------------------------------------
#
# Each field of an object says once what it is: its label, the directive
# option that writes it, its shape (how the option is read), the kind of the
# objects it names, whether it names people, whether its text is translated,
# whether the object's line of fields and the action table show it. The
# directives, chmdocs.json, diff, the link checks and the object's line
# derive from these declarations (:mod:`chmdocs.core.fields`).

#: How an option is read: ``text`` as written, ``list`` split at ";", ``ids``
#: split at "," into ids, ``id`` one id, ``flag`` present or yes/no; ``custom``
#: read by the directive itself (a date, a choice, a value checked against others).
SHAPES = ("text", "list", "ids", "id", "flag", "custom")


def declared(
    default: Any,
    *,
    label: str,
    option: str | None = "",
    synonyms: tuple[str, ...] = (),
    json: str = "",
    shape: str = "custom",
    links: str = "",
    person: bool = False,
    translatable: bool = False,
    shown: bool = False,
    column: bool = False,
) -> Any:
    """A model field with its declaration (``option=None``: no directive
    option writes it; ``""``: the option has the field's name)."""
    assert shape in SHAPES, shape
    return dataclasses.field(
        default=default,
        metadata={
            "label": label,
            "option": option,
            "synonyms": synonyms,
            "json": json,
            "shape": shape,
            "links": links,
            "person": person,
            "translatable": translatable,
            "shown": shown,
            "column": column,
        },
    )


# -- the objects ----------------------------------------------------------


@dataclass(frozen=True)
class ModelObject:
    """What every object has: its id, title and where it was written."""

    id: str = dataclasses.field(metadata={"label": N_("Id"), "option": None, "json": ""})
    title: str = dataclasses.field(metadata={"label": N_("Title"), "option": None, "json": ""})
    description: str = declared("", label=N_("Description"), option=None)
    docname: str = ""
    lineno: int = 0
    #: Options the author wrote whose value could not be read (and was warned of).
    rejected: tuple[str, ...] = declared((), label=N_("Options not read"), option=None)

    kind = "object"


@dataclass(frozen=True)
class Objective(ModelObject):
    #: For the logical framework: objectively verifiable indicators, sources
    #: of verification, assumptions; where things stand and where they should.
    indicators: tuple[str, ...] = declared(
        (), label=N_("Indicators"), shape="list", translatable=True
    )
    verification: tuple[str, ...] = declared(
        (), label=N_("Sources of verification"), shape="list", translatable=True
    )
    assumptions: tuple[str, ...] = declared(
        (), label=N_("Assumptions"), shape="list", translatable=True
    )
    baseline: str = declared("", label=N_("Baseline"), shape="text", translatable=True)
    target: str = declared("", label=N_("Target"), shape="text", translatable=True)

    kind = "objective"


@dataclass(frozen=True)
class Session(ModelObject):
    date: dt.date | None = declared(None, label=N_("Date"))
    start: dt.time | None = declared(None, label=N_("Start"))
    end: dt.time | None = declared(None, label=N_("End"))
    duration: int | None = declared(None, label=N_("Duration"))
    session_kind: str = declared("other", label=N_("Kind"), option="kind", json="kind")
    speakers: tuple[str, ...] = declared(
        (), label=N_("Speaker"), option="speaker", json="speaker", shape="list",
        links="participant", person=True, translatable=True,
    )  # fmt: skip
    chair: tuple[str, ...] = declared(
        (), label=N_("Chair"), shape="list", links="participant", person=True, translatable=True
    )
    tbc: bool = declared(False, label=N_("To be confirmed"), shape="flag")
    room: str = declared("", label=N_("Room"), shape="text", translatable=True, shown=True)
    #: A place other than the workshop's (a field visit).
    location: str = declared("", label=N_("Place"), shape="text", translatable=True, shown=True)
    objectives: tuple[str, ...] = declared(
        (), label=N_("Objectives"), shape="ids", links="objective"
    )
    continues: str | None = declared(None, label=N_("Continues"), shape="id", links="session")

    kind = "session"

    @property
    def is_working_time(self) -> bool:
        return self.session_kind not in NON_WORKING_KINDS

    @property
    def minutes(self) -> int:
        """Its length in minutes, 0 where a time is missing."""
        if self.start is None or self.end is None:
            return 0
        return minute_of_day(self.end) - minute_of_day(self.start)


@dataclass(frozen=True)
class Group(ModelObject):
    label: str = declared("", label=N_("Label"), shape="text", translatable=True)
    session: str | None = declared(None, label=N_("Session"), links="session")
    facilitator: str = declared(
        "", label=N_("Facilitator"), shape="text", links="participant", person=True,
        translatable=True,
    )  # fmt: skip
    rapporteur: str = declared(
        "", label=N_("Rapporteur"), shape="text", links="participant", person=True,
        translatable=True,
    )  # fmt: skip
    room: str = declared("", label=N_("Room"), shape="text", translatable=True, shown=True)
    objectives: tuple[str, ...] = declared(
        (), label=N_("Objectives"), shape="ids", links="objective"
    )
    #: The same group in an earlier session.
    continues: str | None = declared(None, label=N_("Continues"), shape="id", links="group")
    #: Its results as the documents report them: the paragraphs that open
    #: with a link to the group (":group:`vision-g1` — En 2012, …").
    results: str = declared("", label=N_("Results"), option=None)

    kind = "group"


@dataclass(frozen=True)
class Action(ModelObject):
    objectives: tuple[str, ...] = declared(
        (), label=N_("Objectives"), shape="ids", links="objective"
    )
    owner: str = declared(
        "", label=N_("Owner"), shape="text", links="participant", person=True, translatable=True
    )
    partners: tuple[str, ...] = declared(
        (), label=N_("Partners"), shape="list", links="participant", person=True,
        translatable=True,
    )  # fmt: skip
    due: Due | None = declared(None, label=N_("Due"))
    priority: str | None = declared(None, label=N_("Priority"))
    status: str = declared("proposed", label=N_("Status"))
    group: str | None = declared(None, label=N_("Group"), links="group")
    session: str | None = declared(None, label=N_("Session"), links="session")
    #: When work on it starts (a reporting project's timeline); None: the day
    #: after its workshop.
    start: dt.date | None = declared(None, label=N_("Start"))
    #: For the logical framework (see Objective), with the means and cost.
    indicators: tuple[str, ...] = declared(
        (), label=N_("Indicators"), shape="list", translatable=True
    )
    verification: tuple[str, ...] = declared(
        (), label=N_("Sources of verification"), shape="list", translatable=True
    )
    assumptions: tuple[str, ...] = declared(
        (), label=N_("Assumptions"), shape="list", translatable=True
    )
    means: str = declared("", label=N_("Means"), shape="text", translatable=True)
    cost: Cost | None = declared(None, label=N_("Cost"))

    kind = "action"

    #: Statuses of an action that is over: never overdue.
    CLOSED = frozenset({"done", "dropped"})

    def is_overdue(self, today: dt.date) -> bool:
        """Whether its due date has passed on ``today`` and it is not done or
        dropped. "2008-12" is on time until 31 December 2008."""
        return self.due is not None and self.status not in self.CLOSED and today > self.due.last_day

    @property
    def priority_rank(self) -> int:
        """Its place in priority order: high 0, medium 1, low 2, none 3 —
        ``sorted(ws.actions, key=lambda a: a.priority_rank)``."""
        return PRIORITIES.index(self.priority) if self.priority in PRIORITIES else len(PRIORITIES)


@dataclass(frozen=True)
class Participant(ModelObject):
    """Someone taking part. ``email`` and ``phone`` are personal data: they
    reach no public output, and a participant with ``publish`` off reaches
    none at all (see :meth:`Workshop.public`)."""

    organization: str = declared(
        "", label=N_("Organization"), synonyms=("organisation",), shape="text",
        translatable=True, shown=True,
    )  # fmt: skip
    #: ISO 3166-1 alpha-2, upper case.
    country: str = declared("", label=N_("Country"), shown=True)
    role: str = declared("", label=N_("Role"), shape="text", translatable=True, shown=True)
    email: str = declared("", label=N_("E-mail"))
    phone: str = declared("", label=N_("Phone"))
    publish: bool = declared(True, label=N_("Published"))

    kind = "participant"

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True)
class Progress(ModelObject):
    """An action's state at a date, as a reporting project records it: the
    action's id (``KEY:id`` for an imported one), status, share done, and a
    note (the description)."""

    action: str = declared("", label=N_("Action"), option=None, links="action")
    date: dt.date | None = declared(None, label=N_("Date"))
    #: One of STATUSES; "" when the entry says nothing of it.
    status: str = declared("", label=N_("Status"))
    percent: int | None = declared(None, label=N_("Done"))

    kind = "progress"


@dataclass(frozen=True)
class Measure(ModelObject):
    """An indicator's value at a date: the objective (``KEY:id`` for an
    imported one), the indicator's position in its ``:indicators:`` (1
    first), the value as written ("12", "12 sites")."""

    objective: str = declared("", label=N_("Objective"), option=None, links="objective")
    indicator: int = declared(0, label=N_("Indicator"))
    date: dt.date | None = declared(None, label=N_("Date"))
    value: str = declared("", label=N_("Value"), shape="text", translatable=True, shown=True)

    kind = "measure"


#: The kinds of answer a question takes.
QUESTION_TYPES = ("text", "choice", "multiple", "number", "date", "scale")
#: The answers a scale question takes.
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question(ModelObject):
    """A question of the preparation round's questionnaire: its kind of answer,
    its choices (each a code and a label), unit, whether it must be answered,
    the objectives it informs, and the section (heading) it stands under; the
    description is its help."""

    question_type: str = declared("text", label=N_("Type"), option="type", json="type")
    #: Each choice as written ("yes = Oui" or a label alone), translated where shown.
    choices: tuple[str, ...] = declared((), label=N_("Choices"), translatable=True)
    #: Each choice's code, read from the sources (never translated).
    codes: tuple[str, ...] = declared((), label=N_("Codes"), option=None)
    #: The choices as the sources write them (answers may use those labels
    #: in a build in another language).
    source_choices: tuple[str, ...] = declared((), label=N_("Choices"), option=None)
    unit: str = declared("", label=N_("Unit"), shape="text", translatable=True, shown=True)
    required: bool = declared(False, label=N_("Required"))
    objectives: tuple[str, ...] = declared(
        (), label=N_("Objectives"), shape="ids", links="objective"
    )
    section: str = declared("", label=N_("Section"), option=None)

    kind = "question"

    @property
    def options(self) -> list[tuple[str, str]]:
        """(code, label) of each choice; a scale's are 1 to 5."""
        if self.question_type == "scale":
            return [(str(n), str(n)) for n in SCALE]
        return [
            (code, choice_label(entry))
            for code, entry in zip(self.codes, self.choices, strict=False)
        ]


def choice_label(entry: str) -> str:
    """A choice's label: "Oui" of "yes = Oui", the entry itself without a code."""
    code, equals, label = entry.partition("=")
    return label.strip() if equals and code.strip() and label.strip() else entry.strip()


def parse_choices(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Choices separated by ";", each ``code = label`` or a label alone (its code
    then made from it: "Très satisfait" is ``tres-satisfait``); (codes, entries).
    A code written twice is a ValueError."""
    entries = parse_list(text, ";")
    codes = []
    for entry in entries:
        code, equals, label = entry.partition("=")
        written = code.strip() if equals and code.strip() and label.strip() else ""
        codes.append(parse_id(written) if written else derive_id(entry))
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise ValueError(f"choice code {', '.join(map(repr, twice))} used twice")
    return tuple(codes), entries


def reference_key(reference: str) -> tuple[str, str]:
    """("chm-2007", "act-reseau") of "chm-2007:act-reseau"; ("", id) of a local id."""
    key, colon, ident = reference.strip().rpartition(":")
    return (key, ident) if colon else ("", reference.strip())


_Obj = TypeVar("_Obj", bound=ModelObject)

#: Fields of other objects that may name participants by id.
#: Per kind, the fields that name people (participant ids or names), as declared.
PERSON_FIELDS = {
    cls.kind: names
    for cls in ModelObject.__subclasses__()
    if (names := tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("person")))
}


@dataclass(frozen=True)
class Workshop(ModelObject):
    """The workshop and, once assembled, everything written about it."""

    start: dt.date | None = declared(None, label=N_("Start"))
    end: dt.date | None = declared(None, label=N_("End"))
    location: str = declared("", label=N_("Place"), shape="text", translatable=True)
    venue: str = declared("", label=N_("Venue"), shape="text", translatable=True)
    organizer: str = declared(
        "", label=N_("Organiser"), synonyms=("organiser",), shape="text", translatable=True
    )
    contact: str = declared("", label=N_("Contact"), shape="text")
    timezone: str = declared("UTC", label=N_("Time zone"))
    #: The language the documents are written in (Sphinx's ``language``).
    language: str = declared("en", label=N_("Language"), option=None)
    #: The overall objective, for the logical framework.
    goal: str = declared("", label=N_("Overall objective"), shape="text", translatable=True)
    #: The budget's reporting currency (ISO 4217, ``chmdocs_currency``) and
    #: the units of each other currency for one unit of it
    #: (``chmdocs_exchange_rates``).
    currency: str = declared("", label=N_("Reporting currency"), option=None)
    exchange_rates: tuple[tuple[str, decimal.Decimal], ...] = declared(
        (), label=N_("Exchange rates"), option=None
    )
    objectives: tuple[Objective, ...] = ()
    sessions: tuple[Session, ...] = ()
    groups: tuple[Group, ...] = ()
    actions: tuple[Action, ...] = ()
    participants: tuple[Participant, ...] = ()
    progress: tuple[Progress, ...] = ()
    measures: tuple[Measure, ...] = ()
    questions: tuple[Question, ...] = ()
    #: Where its site is published (``html_baseurl``): other projects link there.
    url: str = ""

    kind = "workshop"

    def participant(self, ident: str) -> Participant | None:
        """The participant with id ``ident``, published or not."""
        return self._participants_by_id.get(ident.strip())

    # -- lookups for reporting scripts ------------------------------------------

    def get(self, ident: str, kind: str | None = None) -> ModelObject | None:
        """The object with id ``ident``: of ``kind`` when given, else the first
        found among objectives, sessions, groups, actions and participants
        (the workshop itself too)."""
        ident = ident.strip()
        if kind is None and ident == self.id:
            return self
        return self._by_id.get((kind, ident)) if kind else self._by_id.get((None, ident))

    @cached_property
    def _by_id(self) -> dict[tuple[str | None, str], ModelObject]:
        found: dict[tuple[str | None, str], ModelObject] = {}
        for objects in (
            self.objectives,
            self.sessions,
            self.groups,
            self.actions,
            self.participants,
            self.questions,
        ):
            for obj in objects:
                found.setdefault((obj.kind, obj.id), obj)
                found.setdefault((None, obj.id), obj)
        return found

    def objective(self, ident: str) -> Objective | None:
        found = self.get(ident, "objective")
        return found if isinstance(found, Objective) else None

    def session(self, ident: str) -> Session | None:
        found = self.get(ident, "session")
        return found if isinstance(found, Session) else None

    def group(self, ident: str) -> Group | None:
        found = self.get(ident, "group")
        return found if isinstance(found, Group) else None

    def action(self, ident: str) -> Action | None:
        found = self.get(ident, "action")
        return found if isinstance(found, Action) else None

    def objective_number(self, objective: Objective | str) -> int | None:
        """An objective's number as the documents print it: its place in
        document order, from 1."""
        ident = objective if isinstance(objective, str) else objective.id
        for number, candidate in enumerate(self.objectives, start=1):
            if candidate.id == ident:
                return number
        return None

    @property
    def actions_by_priority(self) -> list[Action]:
        """The actions, high priority first (document order within a priority)."""
        return sorted(self.actions, key=lambda a: a.priority_rank)

    def overdue(self, today: dt.date) -> list[Action]:
        """The actions overdue on ``today``."""
        return [a for a in self.actions if a.is_overdue(today)]

    @cached_property
    def _participants_by_id(self) -> dict[str, Participant]:
        found: dict[str, Participant] = {}
        for participant in self.participants:
            found.setdefault(participant.id, participant)
        return found

    def participant_named(self, written: str) -> Participant | None:
        """The participant a name or id as someone typed it stands for:
        their id, or their name in any case, accents, order of the names,
        with or without a title ("DIALLO Aminata" is "Mme Aminata Diallo")."""
        found = self.participant(written)
        if found is not None or not written.strip():
            return found
        return next((p for p in self.participants if same_person(p.name, written)), None)

    def person(self, entry: str, *, with_organization: bool = False) -> str | None:
        """How a speaker, owner… reads in a public output: a participant's name
        (and organization), the free text as written, or None for a
        participant who is not published."""
        participant = self.participant(entry)
        if participant is None:
            return entry
        if not participant.publish:
            return None
        if with_organization and participant.organization:
            return f"{participant.name} ({participant.organization})"
        return participant.name

    def persons(self, entries: Iterable[str], *, with_organization: bool = False) -> list[str]:
        """:meth:`person` of each entry, unpublished participants left out."""
        shown = (self.person(e, with_organization=with_organization) for e in entries)
        return [name for name in shown if name]

    def people(self, entries: Iterable[str]) -> list[tuple[str, str]]:
        """(name, organization) of each person named, for feeds listing people
        apart from their affiliation: a participant's own, or free text
        "Prof. S. Kariuki (NEMA)" read as ("Prof. S. Kariuki", "NEMA").
        Unpublished participants are left out."""
        found = []
        for entry in entries:
            participant = self.participant(entry)
            if participant is None:
                found.append(split_affiliation(entry))
            elif participant.publish:
                found.append((participant.name, participant.organization))
        return found

    def public(self) -> Workshop:
        """This workshop as it may be published: participants without e-mail
        or phone, unpublished ones gone, and gone from every field naming them."""
        hidden = {p.id for p in self.participants if not p.publish}

        def cleaned(obj: _Obj) -> _Obj:
            changes: dict[str, Any] = {}
            for name in PERSON_FIELDS.get(obj.kind, ()):
                value = getattr(obj, name)
                if isinstance(value, tuple):
                    changes[name] = tuple(v for v in value if v.strip() not in hidden)
                elif value.strip() in hidden:
                    changes[name] = ""
            return dataclasses.replace(obj, **changes) if changes else obj

        return dataclasses.replace(
            self,
            sessions=tuple(cleaned(s) for s in self.sessions),
            groups=tuple(cleaned(g) for g in self.groups),
            actions=tuple(cleaned(a) for a in self.actions),
            participants=tuple(
                dataclasses.replace(p, email="", phone="") for p in self.participants if p.publish
            ),
        )

    @property
    def place(self) -> str:
        """Where it is held: the venue and the location, as far as given."""
        return ", ".join(part for part in (self.venue, self.location) if part)

    @property
    def days(self) -> tuple[dt.date, ...]:
        """Every day from start to end."""
        if self.start is None:
            return ()
        last = self.end or self.start
        count = (last - self.start).days + 1
        return tuple(self.start + dt.timedelta(days=n) for n in range(max(count, 1)))

    def session_date(self, session: Session) -> dt.date | None:
        """A session's day; a one-day workshop's sessions may omit it."""
        if session.date is not None:
            return session.date
        return self.start if len(self.days) == 1 else None

    def groups_of(self, session_id: str) -> tuple[Group, ...]:
        """The groups working in parallel in one session, in document order."""
        return self._groups_by_session.get(session_id, ())

    @cached_property
    def _groups_by_session(self) -> dict[str, tuple[Group, ...]]:
        # Kept in the instance's __dict__: not a field, so not compared or exported.
        by_session: dict[str, list[Group]] = {}
        for group in self.groups:
            if group.session is not None:
                by_session.setdefault(group.session, []).append(group)
        return {session: tuple(groups) for session, groups in by_session.items()}

    def with_objects(self, objects: Iterable[ModelObject]) -> Workshop:
        """This workshop holding ``objects``, sorted into their kinds."""
        everything = list(objects)
        return dataclasses.replace(
            self,
            objectives=tuple(o for o in everything if isinstance(o, Objective)),
            sessions=tuple(o for o in everything if isinstance(o, Session)),
            groups=tuple(o for o in everything if isinstance(o, Group)),
            actions=tuple(o for o in everything if isinstance(o, Action)),
            participants=tuple(o for o in everything if isinstance(o, Participant)),
            progress=tuple(o for o in everything if isinstance(o, Progress)),
            measures=tuple(o for o in everything if isinstance(o, Measure)),
            questions=tuple(o for o in everything if isinstance(o, Question)),
        )


_AFFILIATION = re.compile(r"^(?P<name>.*?\S)\s*\((?P<organization>[^()]+)\)$")


def split_affiliation(entry: str) -> tuple[str, str]:
    """ "Dr A. Dupont (SCBD)" as ("Dr A. Dupont", "SCBD"); without one, ("…", "")."""
    match = _AFFILIATION.match(entry.strip())
    if match is None:
        return (entry.strip(), "")
    return (match.group("name"), match.group("organization").strip())


def minute_of_day(value: dt.time) -> int:
    """Minutes since midnight: 14:30 is 870."""
    return value.hour * 60 + value.minute


def add_minutes(value: dt.time, minutes: int) -> dt.time | None:
    """``value`` plus ``minutes``, or None past midnight."""
    total = minute_of_day(value) + minutes
    if total >= 24 * 60:
        return None
    return dt.time(total // 60, total % 60)


def empty_workshop() -> Workshop:
    """A stand-in for a project that has no workshop directive yet."""
    return Workshop(id="", title="")
