"""The action plan as tasks (``actions.ics``, RFC 5545 VTODO), for calendar
and task applications.

One VTODO per action — the project's own and those of the workshops it
imports — with its due date (DUE, the last day it is on time), its start
(DTSTART), STATUS (NEEDS-ACTION, IN-PROCESS, COMPLETED, CANCELLED),
PRIORITY (1 high, 5 medium, 9 low), PERCENT-COMPLETE and CATEGORIES (the
objectives it serves). Where a progress entry records the action's state,
the latest one counts. UIDs are derived from the workshop and action ids:
the same task in every build and every language.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Todo

from chmdocs._version import __version__
from chmdocs.core.escape import plain_text
from chmdocs.core.exports.ical import stable_uuid, timestamp
from chmdocs.core.model import Action, Workshop
from chmdocs.core.reporting import Reporting, state_at

STATUS = {
    "proposed": "NEEDS-ACTION",
    "agreed": "NEEDS-ACTION",
    "in-progress": "IN-PROCESS",
    "done": "COMPLETED",
    "dropped": "CANCELLED",
}
PRIORITY = {"high": 1, "medium": 5, "low": 9}


def dumps(reporting: Reporting) -> bytes:
    """``actions.ics`` for ``reporting`` (a project and what it imports)."""
    local = reporting.local
    calendar = Calendar()
    calendar.add("prodid", f"-//chmdocs//chmdocs {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if local.title:
        calendar.add("x-wr-calname", plain_text(local.title))
    stamp = timestamp(local)
    # The state now, as far as the records go: the latest entry counts.
    today = max([p.date for p in local.progress if p.date] or [dt.date.max])
    for reference, action, workshop in reporting.actions():
        state = state_at(reporting, reference, action, workshop, today)
        calendar.add_component(todo(reference, action, workshop, state.status,
                                    state.percent, state.start, stamp))  # fmt: skip
    return bytes(calendar.to_ical())


def todo(
    reference: str,
    action: Action,
    workshop: Workshop,
    status: str,
    percent: int | None,
    start: dt.date | None,
    stamp: dt.datetime,
) -> Todo:
    task = Todo()
    task.add("uid", stable_uuid(workshop.id, "action", action.id))
    task.add("dtstamp", stamp)
    task.add("summary", plain_text(action.title))
    if action.description:
        task.add("description", plain_text(action.description, multiline=True))
    if start is not None:
        task.add("dtstart", start)
    if action.due is not None:
        due = action.due.last_day
        task.add("due", max(due, start) if start is not None else due)
    task.add("status", STATUS.get(status, "NEEDS-ACTION"))
    if action.priority in PRIORITY:
        task.add("priority", PRIORITY[action.priority])
    done = 100 if status == "done" else (percent or 0)
    task.add("percent-complete", done)
    titles = [o.title for o in (workshop.objective(i) for i in action.objectives) if o]
    if titles:
        task.add("categories", [plain_text(t) for t in titles])
    if status == "done":
        task.add("completed", stamp)
    task.add("x-chmdocs-reference", reference)
    return task
