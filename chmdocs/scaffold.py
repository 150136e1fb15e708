"""`chmdocs init`: a new project that builds at once, with no warning.

The files come from Jinja2 templates in ``chmdocs/templates/init``, rendered
sandboxed; every value the user typed is escaped for where it lands
(reStructuredText text, an option, a Python string).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.core import get_global
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from chmdocs.errors import UsageError
from chmdocs.escape import rst_escape
from chmdocs.model import YEARS, parse_timezone

INIT_TEMPLATES = Path(__file__).parent / "templates" / "init"

FILES = (
    "conf.py",
    "index.rst",
    "agenda.rst",
    "programme.rst",
    "synthesis-note.rst",
    "final-document.rst",
    "Makefile",
)
LANGUAGES = ("fr", "en")


#: What no value typed on a command line may hold.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ScaffoldError(UsageError):
    """The project cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class NewWorkshop:
    title: str
    start: dt.date
    end: dt.date
    language: str = "fr"
    location: str = ""
    timezone: str = "UTC"

    def context(self) -> dict[str, Any]:
        days = [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]
        return {
            "title": self.title,
            "year": str(self.start.year),
            "short_title": self.title if len(self.title) <= 40 else self.title[:39] + "…",
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": [day.isoformat() for day in days],
            "location": self.location,
            "timezone": self.timezone,
            "language": self.language,
            "fr": self.language == "fr",
            "today": (self.start - dt.timedelta(days=14)).isoformat(),
            "note_date": (self.start - dt.timedelta(days=10)).isoformat(),
            "final_date": (self.end + dt.timedelta(days=14)).isoformat(),
            "due": f"{self.end.year + 1}-06",
        }


def _folded(text: str) -> str:
    """``text`` compared loosely: no accents, no case, one space."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.replace("_", " ").replace("-", " ").casefold().split())


@cache
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """Country names (English, French) -> ISO code, and city names -> zone."""
    countries: dict[str, str] = {}
    cities: dict[str, str] = {}
    zones = zoneinfo.available_timezones()
    for language in ("en", "fr"):
        locale = Locale.parse(language)
        for code, name in locale.territories.items():
            if len(code) == 2:
                countries.setdefault(_folded(name), code)
        for zone, names in locale.time_zones.items():
            if zone in zones and names.get("city"):
                cities.setdefault(_folded(names["city"]), zone)
    for zone in zones:
        cities.setdefault(_folded(zone.rsplit("/", 1)[-1]), zone)
    return countries, cities


def zone_of_place(location: str) -> str | None:
    """The time zone of a place such as "Nairobi, Kenya" or "Bruxelles", when
    CLDR's city and country names (through Babel) tell it for sure."""
    countries, cities = _places()
    territory_zones: Mapping[str, list[str]] = get_global("territory_zones")
    parts = [_folded(part) for part in re.split(r"[,;/()]", location) if part.strip()]
    for part in reversed(parts):  # the country usually comes last
        zones = territory_zones.get(countries.get(part, ""), [])
        if len(zones) == 1:
            return zones[0]
    for part in parts:
        if part in cities:
            return cities[part]
    return None


def rst_heading(text: str, underline: str = "=") -> str:
    escaped = rst_escape(text)
    return f"{escaped}\n{underline * max(len(escaped), 3)}"


def one_line(text: str) -> str:
    """An option's value: taken literally, it needs only to stay on its line."""
    return " ".join(str(text).split())


def comment(text: str) -> str:
    """Text for a ``#`` comment line (Python or Makefile): one line, and no
    final backslash, which would carry the comment onto the next line."""
    return one_line(text).rstrip("\\")


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(INIT_TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters.update(
        rst=rst_escape, rst_heading=rst_heading, rst_option=one_line, py=repr, comment=comment
    )
    return env


def check(workshop: NewWorkshop) -> None:
    """Every value init was given, checked before anything is written."""
    if workshop.language not in LANGUAGES:
        raise ScaffoldError(f"language {workshop.language!r}: choose one of {', '.join(LANGUAGES)}")
    for name in ("title", "location", "timezone"):
        value = str(getattr(workshop, name))
        if _CONTROL.search(value):
            raise ScaffoldError(f"--{name} holds a line break or control character: write one line")
    if not workshop.title.strip():
        raise ScaffoldError("--title is empty")
    for name in ("start", "end"):
        day = getattr(workshop, name)
        if day.year not in YEARS:
            raise ScaffoldError(f"--{name} {day}: the year must be from {YEARS[0]} to {YEARS[-1]}")
    if workshop.end < workshop.start:
        raise ScaffoldError(
            f"the workshop ends ({workshop.end}) before it starts ({workshop.start})"
        )
    try:
        parse_timezone(workshop.timezone)
    except ValueError as error:
        raise ScaffoldError(f"--timezone {error}") from None


def create(directory: Path, workshop: NewWorkshop) -> list[Path]:
    """Write a new project into ``directory`` (absent or empty); returns its files.

    Everything is checked and rendered before the first file is written; a
    failure while writing removes what this call made.
    """
    check(workshop)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} is not empty: choose a new directory")
    env, context = environment(), workshop.context()
    rendered = {name: env.get_template(f"{name}.jinja").render(context) for name in FILES}
    made = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for name, text in rendered.items():
            target = directory / name
            target.write_text(text, encoding="utf-8")
            written.append(target)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            directory.rmdir()
        raise
    return written
