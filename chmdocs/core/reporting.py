"""Following action plans over the years: a reporting project's own model
and the workshops it imports, and the queries of its views. No Sphinx import.

A reporting project (``chmdocs_imports = {"chm-2007": "…/chmdocs.json"}``)
names imported objects ``KEY:id`` and records, with ``progress`` and
``measure``, where each action and indicator stood at a date. The views ask
this module what to show: an action's state at a date (the latest progress
entry on or before it, else the action's own status), whether it is late,
the measures of an indicator up to a date, the bars of a timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chmdocs.core.model import (
    Action,
    Measure,
    ModelObject,
    Objective,
    Progress,
    Workshop,
    reference_key,
)
from chmdocs.core.queries import ACTION_FILTERS, person_matches


@dataclass(frozen=True)
class Reporting:
    """A project's model with the workshops it imports, by key."""

    local: Workshop
    imports: Mapping[str, Workshop] = field(default_factory=dict)

    def workshop_of(self, reference: str) -> Workshop | None:
        key, _ident = reference_key(reference)
        return self.imports.get(key) if key else self.local

    def find(self, kind: str, reference: str) -> ModelObject | None:
        """The object ``reference`` names: a local id, or ``KEY:id`` of an import."""
        workshop = self.workshop_of(reference)
        return None if workshop is None else workshop.get(reference_key(reference)[1], kind)

    def actions(self) -> Iterator[tuple[str, Action, Workshop]]:
        """(reference, action, its workshop) of every action, imports first."""
        for key, workshop in self.imports.items():
            for action in workshop.actions:
                yield f"{key}:{action.id}", action, workshop
        for action in self.local.actions:
            yield action.id, action, self.local

    def objectives(self) -> Iterator[tuple[str, Objective, Workshop]]:
        for key, workshop in self.imports.items():
            for objective in workshop.objectives:
                yield f"{key}:{objective.id}", objective, workshop
        for objective in self.local.objectives:
            yield objective.id, objective, self.local


def same_reference(written: str, reference: str) -> bool:
    return written.strip() == reference.strip()


# -- state at a date --------------------------------------------------------------


@dataclass(frozen=True)
class ActionState:
    """An action as it stood at a date."""

    reference: str
    action: Action
    status: str
    percent: int | None
    note: str
    #: The progress entry the state comes from (None: the action's own status).
    entry: Progress | None
    late: bool
    start: dt.date | None
    end: dt.date | None


def start_of(action: Action, workshop: Workshop) -> dt.date | None:
    """When work on ``action`` starts: its ``:start:``, else the day after its workshop."""
    if action.start is not None:
        return action.start
    last = workshop.end or workshop.start
    return last + dt.timedelta(days=1) if last is not None else None


def state_at(
    reporting: Reporting, reference: str, action: Action, workshop: Workshop, as_of: dt.date
) -> ActionState:
    entries = [
        p
        for p in reporting.local.progress
        if same_reference(p.action, reference) and p.date is not None and p.date <= as_of
    ]
    entries.sort(key=lambda p: (p.date or dt.date.min, p.lineno))
    last = entries[-1] if entries else None
    status = next((p.status for p in reversed(entries) if p.status), action.status)
    percent = next((p.percent for p in reversed(entries) if p.percent is not None), None)
    if status == "done":
        percent = 100
    late = action.due is not None and status not in Action.CLOSED and as_of > action.due.last_day
    return ActionState(
        reference,
        action,
        status,
        percent,
        last.description if last is not None else "",
        last,
        late,
        start_of(action, workshop),
        action.due.last_day if action.due is not None else None,
    )


def keeps(reporting: Reporting, reference: str, action: Action, options: Mapping[str, Any]) -> bool:
    """Whether the action-table filters in ``options`` keep the action; ids in
    them are references (``KEY:id``) for imported objects."""
    key = reference_key(reference)[0]

    def ref(ident: str | None) -> set[str]:
        return {f"{key}:{ident}" if key else ident} if ident else set()

    values = {
        "objective": set().union(*(ref(o) for o in action.objectives)),
        "group": ref(action.group),
        "session": ref(action.session),
        "status": {action.status},
        "priority": {action.priority} if action.priority else set(),
    }
    workshop = reporting.workshop_of(reference) or reporting.local
    for name in ACTION_FILTERS:
        wanted: Sequence[str] | None = options.get(name)
        if not wanted:
            continue
        if name == "owner":
            if not action.owner or not any(
                person_matches(workshop, action.owner, w) for w in wanted
            ):
                return False
        elif not values[name] & set(wanted):
            return False
    return True


def by_objective(
    reporting: Reporting, options: Mapping[str, Any], as_of: dt.date
) -> list[tuple[tuple[str, Objective] | None, list[ActionState]]]:
    """The actions the filters keep, each as it stood on ``as_of``, under the
    objective they serve first (None: serving none)."""
    groups: dict[str, list[ActionState]] = {}
    objectives = {ref: obj for ref, obj, _ws in reporting.objectives()}
    # The status filter asks for the status at the date, not the one written.
    wanted_status = options.get("status")
    others = {name: value for name, value in options.items() if name != "status"}
    for reference, action, workshop in reporting.actions():
        if not keeps(reporting, reference, action, others):
            continue
        state = state_at(reporting, reference, action, workshop, as_of)
        if wanted_status and state.status not in wanted_status:
            continue
        key = reference_key(reference)[0]
        first = action.objectives[0] if action.objectives else ""
        objective = (f"{key}:{first}" if key else first) if first else ""
        groups.setdefault(objective if objective in objectives else "", []).append(state)
    ordered = [(ref, obj) for ref, obj in objectives.items() if ref in groups]
    result: list[tuple[tuple[str, Objective] | None, list[ActionState]]] = [
        ((ref, obj), groups[ref]) for ref, obj in ordered
    ]
    if "" in groups:
        result.append((None, groups[""]))
    return result


# -- indicators -------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    objective: str  # the reference
    title: str
    position: int
    indicator: str
    baseline: str
    target: str
    measures: tuple[Measure, ...]


def indicator_rows(reporting: Reporting, as_of: dt.date) -> list[IndicatorRow]:
    """Per indicator of every objective: baseline, each measure to ``as_of``, target."""
    rows = []
    for reference, objective, _workshop in reporting.objectives():
        for position, indicator in enumerate(objective.indicators, start=1):
            measures = tuple(
                sorted(
                    (
                        m
                        for m in reporting.local.measures
                        if same_reference(m.objective, reference)
                        and m.indicator == position
                        and m.date is not None
                        and m.date <= as_of
                    ),
                    key=lambda m: (m.date or dt.date.min, m.lineno),
                )
            )
            rows.append(
                IndicatorRow(
                    reference,
                    objective.title,
                    position,
                    indicator,
                    objective.baseline,
                    objective.target,
                    measures,
                )
            )
    return rows


def indicator_position(objective: Objective, written: str) -> int | None:
    """An indicator named by its position ("1") or its text, as a position."""
    value = written.strip()
    if value.isascii() and value.isdigit():
        number = int(value)
        return number if 1 <= number <= len(objective.indicators) else None
    for position, indicator in enumerate(objective.indicators, start=1):
        if indicator.strip().casefold() == value.casefold():
            return position
    return None
