"""What a view shows, chosen from the model: one query per view, without Sphinx.

The view directives (HTML, PDF) and :func:`chmdocs.render` (text, Markdown)
both ask these functions which objects to show and in what order, so the
same options always give the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from chmdocs.core.columns import COLUMNS_BY_NAME
from chmdocs.core.messages import N_
from chmdocs.core.model import (
    Action,
    Group,
    Objective,
    Participant,
    Session,
    Workshop,
    parse_list,
    person_sort_key,
    same_person,
    text_sort_key,
)

T = TypeVar("T")

#: The action-table's filters: each keeps the actions whose value is one of those written.
ACTION_FILTERS = ("objective", "group", "session", "owner", "status", "priority")

#: The options of each view chmdocs.render offers too, declared once for the
#: directives and render.
VIEW_OPTIONS: dict[str, tuple[str, ...]] = {
    "action-table": (*ACTION_FILTERS, "columns", "sort"),
    "agenda": ("date",),
    "group-list": ("session",),
    "participant-list": ("group-by", "columns"),
    "objective-list": ("links",),
}


# -- the views' options, read once for the documents and for render ----------------
#
# Each raises ValueError with the words both channels use: the directives warn
# ":name: <error>" at the option's line, chmdocs.render raises UsageError.


def one_of(written: str, choices: Sequence[str]) -> str:
    """One of ``choices`` (any case)."""
    value = written.strip().lower()
    if value not in choices:
        raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
    return value


def some_of(written: str, choices: Sequence[str], *, descending: bool = False) -> list[str]:
    """Comma-separated choices; ``descending`` accepts a leading "-" (for :sort:)."""
    items = list(parse_list(written, ","))
    wrong = [i for i in items if (i[1:] if descending and i[:1] == "-" else i) not in choices]
    if wrong or not items:
        raise ValueError(f"{', '.join(wrong) or 'nothing'} is not one of {', '.join(choices)}")
    return items


def sorted_by(items: Iterable[T], key: Callable[[T], Any], descending: bool) -> list[T]:
    """``items`` sorted by ``key``, descending when asked; items with no value
    (``key`` gives None) last either way, in their order."""
    items = list(items)
    valued = [i for i in items if key(i) is not None]
    empty = [i for i in items if key(i) is None]
    return sorted(valued, key=key, reverse=descending) + empty


def action_values(workshop: Workshop, action: Action) -> dict[str, set[str]]:
    """What each filter compares: ids, statuses; the owner as written."""
    group = workshop.group(action.group) if action.group else None
    return {
        "objective": set(action.objectives),
        "group": {action.group} if action.group else set(),
        "session": {s for s in (action.session, group.session if group else None) if s},
        "owner": {action.owner} if action.owner else set(),
        "status": {action.status},
        "priority": {action.priority} if action.priority else set(),
    }


def person_matches(workshop: Workshop, entry: str, wanted: str) -> bool:
    """Whether a people field's ``entry`` (a participant id or free text) is the
    person ``wanted`` names: by id, or by name in any case, accents, order,
    with or without a title ("Aminata Diallo" is ``p-diallo``, "Mme Aminata
    DIALLO")."""
    if entry.strip().casefold() == wanted.strip().casefold():
        return True
    participant = workshop.participant(entry)
    names = [participant.name] if participant is not None else [entry]
    return any(same_person(name, wanted) for name in names)


def select_actions(workshop: Workshop, options: Mapping[str, Any]) -> list[Action]:
    """The actions an action-table shows: filtered (each filter a list of values
    written) and sorted (``sort``: a column, ``-`` before it for descending)."""

    def keeps(action: Action) -> bool:
        values = action_values(workshop, action)
        for name in ACTION_FILTERS:
            wanted: Sequence[str] | None = options.get(name)
            if not wanted:
                continue
            if name == "owner":
                if not any(person_matches(workshop, v, w) for v in values[name] for w in wanted):
                    return False
            elif not values[name] & set(wanted):
                return False
        return True

    actions = [a for a in workshop.actions if keeps(a)]
    sort = str(options.get("sort") or "")
    if sort:
        column = COLUMNS_BY_NAME[sort.lstrip("-")]
        actions = sorted_by(actions, column.sort_key, descending=sort.startswith("-"))
    return actions


def agenda_days(
    workshop: Workshop, options: Mapping[str, Any]
) -> list[tuple[dt.date | None, list[Session]]]:
    """The agenda's days in order, each with its sessions by start and end; the
    sessions whose day is not known come last, under no date. ``date`` (ISO)
    keeps that one day, empty when nothing happens on it."""
    by_day: dict[dt.date | None, list[Session]] = {}
    for session in workshop.sessions:
        by_day.setdefault(workshop.session_date(session), []).append(session)
    wanted = options.get("date")
    if wanted:
        only = wanted if isinstance(wanted, dt.date) else dt.date.fromisoformat(str(wanted))
        by_day = {only: by_day.get(only, [])}
    days = sorted(by_day, key=lambda d: (d is None, d or dt.date.min))
    return [
        (day, sorted(by_day[day], key=lambda s: (s.start or dt.time.min, s.end or dt.time.min)))
        for day in days
    ]


def group_sessions(
    workshop: Workshop, options: Mapping[str, Any]
) -> list[tuple[Session, tuple[Group, ...]]]:
    """The sessions that hold groups, by day and time, each with its groups in
    document order; ``session`` keeps that one."""
    wanted = options.get("session")
    ordered = sorted(
        workshop.sessions,
        key=lambda s: (workshop.session_date(s) or dt.date.min, s.start or dt.time.min),
    )
    return [
        (session, workshop.groups_of(session.id))
        for session in ordered
        if workshop.groups_of(session.id) and (not wanted or session.id == wanted)
    ]


#: The participant list's columns, in their order, with their headings; and
#: what it may be grouped by.
PARTICIPANT_COLUMNS = {
    "name": N_("Name"),
    "organization": N_("Organization"),
    "country": N_("Country"),
    "role": N_("Role"),
}
PARTICIPANT_GROUPINGS = ("country", "organization", "none")


def participant_value(participant: Participant, column: str, country: Callable[[str], str]) -> str:
    """What a participant list shows in ``column`` (a country by its name)."""
    if column == "country":
        return country(participant.country) if participant.country else ""
    return str(getattr(participant, column, "") or "")


def participant_listing(
    workshop: Workshop, options: Mapping[str, Any], country: Callable[[str], str]
) -> tuple[list[str], list[tuple[str, list[Participant]]], int]:
    """The participant list: its columns (those asked, or every column someone
    filled in but the grouping's), the published participants by family name
    in groups (one unnamed group without ``group-by``), and how many are not
    published."""
    published = sorted(
        (p for p in workshop.participants if p.publish), key=lambda p: person_sort_key(p.name)
    )
    grouping = str(options.get("group-by") or "none")
    wanted = list(options.get("columns") or ()) or [
        c
        for c in PARTICIPANT_COLUMNS
        if c != grouping and any(participant_value(p, c, country) for p in published)
    ]
    columns = [c for c in PARTICIPANT_COLUMNS if c in wanted] or ["name"]
    groups: dict[str, list[Participant]] = {}
    for participant in published:
        key = participant_value(participant, grouping, country) if grouping != "none" else ""
        groups.setdefault(key, []).append(participant)
    listing = [(key, groups[key]) for key in sorted(groups, key=text_sort_key)]
    return columns, listing, len(workshop.participants) - len(published)


def objective_listing(workshop: Workshop, options: Mapping[str, Any]) -> list[Objective]:
    """The objectives, numbered in document order."""
    return list(workshop.objectives)
