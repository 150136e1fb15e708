"""`chmdocs init`: a new project that builds at once, with no warning.

The files come from Jinja2 templates in ``chmdocs/templates/init``, rendered
sandboxed; every value the user typed is escaped for where it lands
(reStructuredText text, an option, a Python string).
"""

from __future__ import annotations

import datetime as dt
import os
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

from chmdocs.core.errors import UsageError
from chmdocs.core.escape import rst_escape
from chmdocs.core.model import YEARS, parse_timezone

INIT_TEMPLATES = Path(__file__).parents[1] / "templates" / "init"

FILES = (
    "conf.py",
    "index.rst",
    "agenda.rst",
    "programme.rst",
    "synthesis-note.rst",
    "final-document.rst",
    "Makefile",
)
#: A reporting project's files (``init --report``), each from report-<name>.jinja
#: (the Makefile is the workshop's).
REPORT_FILES = ("conf.py", "index.rst", "releves.rst")
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


@dataclass(frozen=True)
class NewReport:
    """A reporting project: which workshops it follows, and when it reports."""

    title: str
    date: dt.date
    imports: tuple[tuple[str, str], ...]  # (key, chmdocs.json relative to the project)
    language: str = "fr"

    def context(self, directory: Path) -> dict[str, Any]:
        from chmdocs.core.exports import jsonfile

        actions = []
        for key, path in self.imports:
            try:
                model = jsonfile.load(os.path.normpath(directory / path))
            except (OSError, ValueError):
                continue  # followed once it is built; nothing to list yet
            actions += [
                {"reference": f"{key}:{a.id}", "status": a.status}
                for a in model.actions
                if a.status != "dropped"
            ]
        slug = re.sub(r"[^a-z0-9]+", "-", _folded(self.title)).strip("-") or "report"
        return {
            "title": self.title,
            "short_title": self.title if len(self.title) <= 40 else self.title[:39] + "…",
            "year": str(self.date.year),
            "language": self.language,
            "fr": self.language == "fr",
            "report_date": self.date.isoformat(),
            "imports": dict(self.imports),
            "key": self.imports[0][0] if self.imports else "KEY",
            "pdf_name": slug,
            "actions": actions,
        }


def parse_import(written: str) -> tuple[str, str]:
    """``KEY=FILE`` as (key, file)."""
    key, equals, path = written.partition("=")
    if not equals or not re.match(r"^[A-Za-z0-9_.-]+$", key.strip()) or not path.strip():
        raise ScaffoldError(
            f"--import {written!r}: write KEY=FILE, such as chm-2007=../brussels/build/chmdocs.json"
        )
    return key.strip(), path.strip()


def create_report(directory: Path, report: NewReport) -> list[Path]:
    """Write a new reporting project into ``directory`` (absent or empty)."""
    if report.language not in LANGUAGES:
        raise ScaffoldError(f"language {report.language!r}: choose one of {', '.join(LANGUAGES)}")
    if not report.title.strip() or _CONTROL.search(report.title):
        raise ScaffoldError("--title: write one line")
    if not report.imports:
        raise ScaffoldError(
            "--report follows workshops: give --import KEY=FILE (a workshop's chmdocs.json)"
        )
    env, context = environment(), report.context(directory)
    rendered = {name: env.get_template(f"report-{name}.jinja").render(context)
                for name in REPORT_FILES}  # fmt: skip
    rendered["Makefile"] = env.get_template("Makefile.jinja").render(context)
    return write_files(directory, rendered)


def create(directory: Path, workshop: NewWorkshop) -> list[Path]:
    """Write a new project into ``directory`` (absent or empty); returns its files.

    Everything is checked and rendered before the first file is written; a
    failure while writing removes what this call made.
    """
    check(workshop)
    env, context = environment(), workshop.context()
    rendered = {name: env.get_template(f"{name}.jinja").render(context) for name in FILES}
    return write_files(directory, rendered)


def write_files(directory: Path, rendered: Mapping[str, str]) -> list[Path]:
    """``rendered`` (name -> text) written into ``directory``, absent or empty;
    a failure while writing removes what this call made."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} is not empty: choose a new directory")
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
