"""The columns of an action, declared once for every output that lists actions.

The ``action-table`` view (HTML and PDF) and ``actions.csv`` read this one
declaration: a column's name (the option and CSV header), label, width in a
table, exported value, sort key, and how a table cell shows it. Adding a
column is adding one line here. No Sphinx import: the CSV export runs
without Sphinx.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

from chmdocs.core.messages import N_
from chmdocs.core.model import PRIORITIES, STATUSES, Action


class Column(NamedTuple):
    name: str
    #: The heading, a message translated where it is shown.
    label: str
    #: Its share of a table's width.
    width: int
    #: The value as exported: ids, ISO dates, lists joined with "; ".
    value: Callable[[Action], str]
    sort_key: Callable[[Action], Any]
    #: How a table cell shows it: "text", "link" (the action itself),
    #: "objectives", "group", "due", "priority", "status", or "owner" and
    #: "partners" (participants by name).
    cell: str = "text"
    #: Whether the action-table view offers it (the CSV has every column).
    in_table: bool = True
    #: Whether it names people (participant ids): shown by name in every output.
    people: bool = False


def _joined(values: tuple[str, ...]) -> str:
    return "; ".join(values)


# Sort keys give None for an empty value: it sorts last, ascending or not
# (chmdocs.core.queries.sorted_by).


def _text_key(value: str) -> str | None:
    return value.casefold() if value else None


#: Ascending priority is low to high, so ``:sort: -priority`` puts high first.
_PRIORITY_ORDER = {p: n for n, p in enumerate(reversed(PRIORITIES))}
_STATUS_ORDER = {s: n for n, s in enumerate(STATUSES)}


def _due_key(action: Action) -> dt.date | None:
    return action.due.last_day if action.due else None


def declared_columns(cls: type[Action]) -> tuple[Column, ...]:
    """A column for each text field an action declares with ``column=True``:
    a new option reaches the action table and actions.csv from its declaration."""
    from chmdocs.core.fields import specs

    def column(name: str, label: str) -> Column:
        def value(action: Action) -> str:
            found = getattr(action, name)
            return _joined(found) if isinstance(found, tuple) else str(found or "")

        return Column(name, label, 16, value, lambda a: _text_key(value(a)))

    return tuple(column(s.name, s.label) for s in specs(cls) if s.column)


ACTION_COLUMNS: tuple[Column, ...] = (
    Column("id", N_("Id"), 12, lambda a: a.id, lambda a: _text_key(a.id)),
    Column("title", N_("Action"), 26, lambda a: a.title, lambda a: _text_key(a.title), "link"),
    Column(
        "objectives",
        N_("Objectives"),
        16,
        lambda a: _joined(a.objectives),
        lambda a: _text_key(a.objectives[0] if a.objectives else ""),
        "objectives",
    ),
    Column("group", N_("Group"), 14, lambda a: a.group or "", lambda a: a.group or None, "group"),
    Column(
        "session",
        N_("Session"),
        14,
        lambda a: a.session or "",
        lambda a: a.session or None,
        in_table=False,
    ),
    Column(
        "owner",
        N_("Owner"),
        16,
        lambda a: a.owner,
        lambda a: _text_key(a.owner),
        "owner",
        people=True,
    ),
    Column(
        "partners",
        N_("Partners"),
        18,
        lambda a: _joined(a.partners),
        lambda a: _text_key(a.partners[0] if a.partners else ""),
        "partners",
        people=True,
    ),
    Column("due", N_("Due"), 16, lambda a: str(a.due or ""), _due_key, "due"),
    Column(
        "priority",
        N_("Priority"),
        12,
        lambda a: a.priority or "",
        lambda a: _PRIORITY_ORDER.get(a.priority or ""),
        "priority",
    ),
    Column(
        "status",
        N_("Status"),
        15,
        lambda a: a.status,
        lambda a: _STATUS_ORDER.get(a.status),
        "status",
    ),
    *declared_columns(Action),
    Column(
        "description",
        N_("Description"),
        30,
        lambda a: a.description,
        lambda a: _text_key(a.description),
        in_table=False,
    ),
    Column("docname", "docname", 10, lambda a: a.docname, lambda a: a.docname, in_table=False),
    Column("lineno", "lineno", 6, lambda a: str(a.lineno), lambda a: a.lineno, in_table=False),
)

COLUMNS_BY_NAME = {column.name: column for column in ACTION_COLUMNS}
#: The columns the action-table view offers, and those it shows by default.
TABLE_COLUMNS = tuple(column.name for column in ACTION_COLUMNS if column.in_table)
DEFAULT_TABLE_COLUMNS = ("title", "objectives", "owner", "due", "priority", "status")
