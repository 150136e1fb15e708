"""`chmdocs check`: every problem in a project, as data.

Sphinx reports problems as log records; :class:`FindingCollector` keeps them
as :class:`Finding` objects (file, line, message, type) so the command can
print them as text or JSON. The checks that do not fail a build (gaps
between sessions, sessions still to be confirmed) come from
:mod:`chmdocs.checks`.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.logging import get_node_location, is_suppressed_warning

_TYPE_SUFFIX = re.compile(r" \[[\w.-]+\]$")


@dataclasses.dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    severity: str  # "error", "warning", "info" or "reminder"
    message: str
    type: str  # "chmdocs.overlap", "docutils", …

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity in ("warning", "error") else f"{self.severity}: "
        kind = f" [{self.type}]" if self.type else ""
        prefix = f"{where}: " if where else ""
        return f"{prefix}{label}{self.message}{kind}"

    @property
    def is_problem(self) -> bool:
        return self.severity in ("warning", "error")


class FindingCollector(logging.Handler):
    """Keeps Sphinx's warnings and errors as findings, honouring suppress_warnings."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.findings: list[Finding] = []
        # Sphinx holds back the warnings of the read phase and replays the
        # same records afterwards: each is kept once (held, so ids stay unique).
        self._seen: dict[int, logging.LogRecord] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) in self._seen:
            return
        self._seen[id(record)] = record
        kind, subtype = getattr(record, "type", "") or "", getattr(record, "subtype", "") or ""
        if is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        path, line = self.where(getattr(record, "location", None))
        message = _TYPE_SUFFIX.sub("", record.getMessage().strip())
        severity = "error" if record.levelno >= logging.ERROR else "warning"
        full_type = f"{kind}.{subtype}" if kind and subtype else kind
        self.findings.append(Finding(path, line, severity, message, full_type))

    def where(self, location: Any) -> tuple[str, int | None]:
        if isinstance(location, tuple):
            docname, lineno = location
            return str(self.app.env.doc2path(docname)) if docname else "", lineno or None
        return split_location(location)


def split_location(location: Any) -> tuple[str, int | None]:
    """The file and line of a log record's location (a node or "path:line")."""
    if isinstance(location, nodes.Node):
        location = get_node_location(location)
    if not location:
        return "", None
    path, _colon, line = str(location).rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    if path and not line:
        return path, None
    return str(location), None


def location_path(location: Any) -> str:
    """The file of a log record's location, "" when it names none."""
    path = split_location(location)[0]
    return "" if path.startswith("<") else path


def relative(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    if not path:
        return path
    try:
        return os.path.relpath(path) if Path(path).resolve().is_relative_to(Path.cwd()) else path
    except ValueError:
        return path
