"""The model leaving the documents: JSON, iCalendar, CSV and a schedule feed.

Each export is a function of the model alone (:class:`chmdocs.Workshop`), so
it works on a model read from sources or loaded from ``chmdocs.json``. Each
writer's module is imported when it is first used: reading a
``chmdocs.json`` needs no iCalendar library.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from chmdocs.core.messages import N_
from chmdocs.core.model import Workshop


def _json(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import jsonfile

    return jsonfile.dumps(workshop).encode("utf-8")


def _ics(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import ical

    return ical.dumps(workshop)


def _csv(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import csvfile

    return csvfile.dumps(workshop)


def _schedule(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import schedule

    return schedule.dumps(workshop).encode("utf-8")


def _schedule_xml(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import schedule

    return schedule.xml_dumps(workshop)


def _logframe(workshop: Workshop) -> bytes:
    from chmdocs.core.exports import logframe

    return logframe.dumps(workshop)


def _tasks(workshop: Workshop, imports: Mapping[str, Workshop]) -> bytes:
    from chmdocs.core.exports import tasks
    from chmdocs.core.reporting import Reporting

    return tasks.dumps(Reporting(workshop, imports))


def _has_programme(workshop: Workshop) -> bool:
    return bool(workshop.sessions)


class Export(NamedTuple):
    filename: str
    render: Callable[[Workshop], bytes] | None
    #: Further files of the same export: (file name, renderer).
    also: tuple[tuple[str, Callable[[Workshop], bytes]], ...] = ()
    #: Or a renderer of the project and the workshops it imports, by key.
    with_imports: Callable[[Workshop, Mapping[str, Workshop]], bytes] | None = None
    #: What it is, for the site's list of downloads (a message).
    label: str = ""
    #: Whether the workshop has anything for it: a site offers no empty file.
    applies: Callable[[Workshop], bool] = lambda workshop: True

    @property
    def filenames(self) -> list[str]:
        return [self.filename, *(name for name, _render in self.also)]


EXPORTS: dict[str, Export] = {
    "ics": Export(
        "agenda.ics",
        _ics,
        label=N_("the programme for your calendar (iCalendar)"),
        applies=_has_programme,
    ),
    "schedule": Export(
        "schedule.json",
        _schedule,
        (("schedule.xml", _schedule_xml),),
        label=N_("the programme for conference apps (schedule.json, schedule.xml)"),
        applies=_has_programme,
    ),
    "json": Export("chmdocs.json", _json, label=N_("the workshop's data (JSON)")),
    "csv": Export("actions.csv", _csv, label=N_("the actions as a spreadsheet (CSV)")),
    "logframe": Export(
        "logframe.xlsx", _logframe, label=N_("the logical framework as a workbook (XLSX)")
    ),
    "tasks": Export(
        "actions.ics",
        None,
        with_imports=_tasks,
        label=N_("the actions as tasks for your calendar (iCalendar)"),
    ),
}


def render(fmt: str, workshop: Workshop, imports: Mapping[str, Workshop] | None = None) -> bytes:
    """One export, of the public part of ``workshop`` (and of the workshops it
    imports, for the exports that follow them): every export is public
    (participants' personal data are in none of them)."""
    export = EXPORTS[fmt]
    if export.with_imports is not None:
        shown = {key: imported.public() for key, imported in (imports or {}).items()}
        return export.with_imports(workshop.public(), shown)
    assert export.render is not None
    return export.render(workshop.public())


def write_exports(
    model: Workshop,
    folder: Path,
    formats: Iterable[str],
    imports: Mapping[str, Workshop] | None = None,
) -> None:
    """Write each export of ``formats`` into ``folder``."""
    public = model.public()
    for fmt in formats:
        write_atomic(folder / EXPORTS[fmt].filename, render(fmt, public, imports))
        for name, renderer in EXPORTS[fmt].also:
            write_atomic(folder / name, renderer(public))


def participants_csv(workshop: Workshop) -> bytes:
    """Every participant, published or not, with e-mail and phone: personal
    data, for the organiser alone (``chmdocs export participants``)."""
    from chmdocs.core.exports import csvfile

    return csvfile.participants(workshop)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: a failure leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; give it the mode any new file gets.
        umask = os.umask(0)
        os.umask(umask)
        Path(partial).chmod(0o666 & ~umask)
        Path(partial).replace(path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


__all__ = ["EXPORTS", "Export", "participants_csv", "render", "write_atomic", "write_exports"]
