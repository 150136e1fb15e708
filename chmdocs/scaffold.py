"""`chmdocs init`: a new project that builds at once, with no warning.

The files come from Jinja2 templates in ``chmdocs/templates/init``, rendered
sandboxed; every value the user typed is escaped for where it lands
(reStructuredText text, an option, a Python string).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from chmdocs.escape import rst_escape

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


class ScaffoldError(Exception):
    """The project cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class NewWorkshop:
    title: str
    start: dt.date
    end: dt.date
    language: str = "fr"
    location: str = ""
    timezone: str = "Europe/Brussels"

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


def rst_heading(text: str, underline: str = "=") -> str:
    escaped = rst_escape(text)
    return f"{escaped}\n{underline * max(len(escaped), 3)}"


def one_line(text: str) -> str:
    """An option's value: taken literally, it needs only to stay on its line."""
    return " ".join(str(text).split())


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(INIT_TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters.update(rst=rst_escape, rst_heading=rst_heading, rst_option=one_line, py=repr)
    return env


def create(directory: Path, workshop: NewWorkshop) -> list[Path]:
    """Write a new project into ``directory`` (absent or empty); returns its files."""
    if workshop.language not in LANGUAGES:
        raise ScaffoldError(f"language {workshop.language!r}: choose one of {', '.join(LANGUAGES)}")
    if workshop.end < workshop.start:
        raise ScaffoldError(
            f"the workshop ends ({workshop.end}) before it starts ({workshop.start})"
        )
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory} is not empty: choose a new directory")
    directory.mkdir(parents=True, exist_ok=True)
    env, context = environment(), workshop.context()
    written = []
    for name in FILES:
        target = directory / name
        target.write_text(env.get_template(f"{name}.jinja").render(context), encoding="utf-8")
        written.append(target)
    return written
