"""What a view shows, chosen from the model: one query per view, without Sphinx.

The view directives (HTML, PDF) and :func:`chmdocs.render` (text, Markdown)
both ask these functions which objects to show and in what order, so the
same options always give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from chmdocs.core.columns import COLUMNS_BY_NAME
from chmdocs.core.model import Action, Workshop, same_person

T = TypeVar("T")

#: The action-table's filters: each keeps the actions whose value is one of those written.
ACTION_FILTERS = ("objective", "group", "session", "owner", "status", "priority")


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
