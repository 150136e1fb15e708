"""The model leaving the documents: JSON, iCalendar, CSV and a schedule feed.

Each export is a function of the model alone (:class:`chmdocs.Workshop`), so
it works on a model read from sources or loaded from ``chmdocs.json``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from chmdocs.exports import csvfile, ical, jsonfile, schedule
from chmdocs.model import Workshop


class Export(NamedTuple):
    filename: str
    render: Callable[[Workshop], bytes]


EXPORTS: dict[str, Export] = {
    "json": Export("chmdocs.json", lambda ws: jsonfile.dumps(ws).encode("utf-8")),
    "ics": Export("agenda.ics", ical.dumps),
    "csv": Export("actions.csv", csvfile.dumps),
    "schedule": Export("schedule.json", lambda ws: schedule.dumps(ws).encode("utf-8")),
}


def render(fmt: str, workshop: Workshop) -> bytes:
    return EXPORTS[fmt].render(workshop)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: a failure leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private; give it the mode any new file gets.
        umask = os.umask(0)
        os.umask(umask)
        Path(partial).chmod(0o666 & ~umask)
        Path(partial).replace(path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


__all__ = ["EXPORTS", "Export", "render", "write_atomic"]
