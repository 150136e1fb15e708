"""The ``action-table`` view: the actions as a table, filtered and sorted.

Its columns are those of :mod:`chmdocs.columns`, the declaration the CSV
export reads too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from docutils import nodes

from chmdocs.core.columns import COLUMNS_BY_NAME, DEFAULT_TABLE_COLUMNS, TABLE_COLUMNS, Column
from chmdocs.core.language import due_words
from chmdocs.core.model import PRIORITIES, STATUSES, Action
from chmdocs.core.queries import ACTION_FILTERS, VIEW_OPTIONS, select_actions
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, persons
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

FILTERS = ACTION_FILTERS
#: Filters naming objects, and the kind each names (checked once all is read).
LINK_FILTERS = {"objective": "objective", "group": "group", "session": "session"}


class ActionTableDirective(ViewDirective):
    view = "action-table"
    accepted_options = VIEW_OPTIONS["action-table"]
    link_options = LINK_FILTERS

    def check(self, name: str) -> Any:
        if name == "columns":
            return self.choice_list(name, TABLE_COLUMNS)
        if name == "sort":
            columns = self.choice_list(name, TABLE_COLUMNS, descending=True)
            return columns[0] if columns else None
        if name == "status":
            return self.choice_list(name, STATUSES)
        if name == "priority":
            return self.choice_list(name, PRIORITIES)
        # An empty filter was warned of with the other options written empty.
        if name in LINK_FILTERS:
            return list(self.ids_option(name)) or None
        return [v.strip() for v in self.text_option(name).split(",") if v.strip()] or None

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        actions = select_actions(view.workshop, options)
        if not actions:
            return [para(str(_("No action matches.")), classes=["chm-empty"])]
        columns = [COLUMNS_BY_NAME[c] for c in options.get("columns") or DEFAULT_TABLE_COLUMNS]

        def cells(action: Action) -> list[list[list[nodes.Node]]]:
            return [[cell(view, action, c) for c in columns]]

        rows = [row for a in actions for row in view.rows_showing(a, partial(cells, a))]
        headings = [(str(_(c.label)), c.width) for c in columns]
        return [table(headings, rows, ["chm-actions"])]


def _group_cell(view: ViewContext, action: Action) -> list[nodes.Node | str]:
    group = view.domain.group(action.group)
    return [] if group is None else [view.link(group, group.label or group.title)]


#: How each kind of cell shows an action; "text" is the exported value.
CELLS: dict[str, Callable[[ViewContext, Action], list[nodes.Node | str]]] = {
    "link": lambda view, action: [view.link(action)],
    "objectives": lambda view, action: list(view.objective_links(action.objectives)),
    "group": _group_cell,
    "due": lambda view, action: [
        due_words(action.due, view.language, short=True) if action.due else ""
    ],
    "priority": lambda view, action: [
        i18n.priority_label(action.priority) if action.priority else ""
    ],
    "status": lambda view, action: [i18n.status_label(action.status)],
    "owner": lambda view, action: [
        *persons(view.workshop, [action.owner] if action.owner else [], view.docname)
    ],
    "partners": lambda view, action: [*persons(view.workshop, action.partners, view.docname)],
}


def cell(view: ViewContext, action: Action, column: Column) -> list[nodes.Node]:
    shown = CELLS[column.cell](view, action) if column.cell in CELLS else [column.value(action)]
    return [para(*shown, classes=[f"chm-col-{column.name}"])]
