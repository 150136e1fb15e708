"""The ``logframe`` view: the logical framework matrix (see :mod:`chmdocs.logframe`)."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs import i18n
from chmdocs.i18n import _
from chmdocs.logframe import HEADERS, LEVEL_LABELS, Cell, Row, matrix, money
from chmdocs.markup import para, text
from chmdocs.messages import N_
from chmdocs.views.base import ViewContext, ViewDirective, table

WIDTHS = (30, 26, 22, 22)


class LogframeDirective(ViewDirective):
    view = "logframe"

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        rows = [
            [intervention(view, row), *cells(view, row)]
            for row in matrix(view.workshop)
            if row.level != "goal" or row.title
        ]
        if not rows:
            return [para(str(_("No objective yet.")), classes=["chm-empty"])]
        headings = [(str(_(label)), width) for label, width in zip(HEADERS, WIDTHS, strict=True)]
        matrix_table = table(headings, rows, ["chm-logframe"])
        if view.workshop.goal:
            # The overall objective spans the matrix: it has no indicators of its own.
            body = next(iter(matrix_table.findall(nodes.tbody)))
            goal_row, entry = body.children[0], body.children[0].children[0]
            if isinstance(goal_row, nodes.row) and isinstance(entry, nodes.entry):
                entry["morecols"] = len(HEADERS) - 1
                del goal_row.children[1:]
        return [matrix_table]


def intervention(view: ViewContext, row: Row) -> list[nodes.Node]:
    colon = i18n.colon(view.language)
    if row.level == "total":
        label = _("Total of the activities of objective") + f" {row.number}" if row.number else ""
        shown = label or str(_("Total of all activities"))
        return [para(nodes.strong("", shown), classes=["chm-logframe-total"])]
    level = str(_(LEVEL_LABELS[row.level]))
    heading = f"{level} {row.number}{colon}" if row.number else f"{level}{colon}"
    line = para(
        text(heading, ["chm-logframe-level"]),
        nodes.Text(" "),
        classes=[f"chm-logframe-{row.level}"],
    )
    if row.item is not None and row.level != "goal":
        line += view.link(row.item)
    else:
        line += nodes.Text(row.title)
    return [line]


def cells(view: ViewContext, row: Row) -> list[list[nodes.Node]]:
    indicators, sources, assumptions = row.cells
    label = N_("Total") if row.level == "total" else N_("Costs")
    costs: Cell = tuple((label, money(cost, view.language)) for cost in row.costs)
    return [
        cell_nodes(view, indicators),
        cell_nodes(view, costs + sources),
        cell_nodes(view, assumptions),
    ]


def cell_nodes(view: ViewContext, cell: Cell) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for label, value in cell:
        line = para(classes=["chm-logframe-line"])
        if label:
            line += text(f"{_(label)}{i18n.colon(view.language)} ", ["chm-meta-name"])
        line += nodes.Text(value)
        result.append(line)
    return result
