"""The ``logframe`` view: the logical framework matrix and its budget (see
:mod:`chmdocs.logframe`), then the notes a donor needs under it: the
exchange rates used, the currencies left unconverted, the dropped actions."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.core.logframe import (
    HEADERS,
    LEVEL_LABELS,
    Cell,
    Logframe,
    Row,
    dropped_label,
    logframe,
    money,
)
from chmdocs.core.logframe import notes as matrix_notes
from chmdocs.core.messages import N_
from chmdocs.core.model import Action, Objective, Workshop
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

WIDTHS = (30, 26, 22, 22)
#: Labels of the cost lines.
COSTS = N_("Costs")
COSTED_UNDER = N_("Costs counted under activity")
TOTAL = N_("Total")
IN_REPORTING = N_("Total in the reporting currency")


class LogframeDirective(ViewDirective):
    view = "logframe"

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """With a logical framework, every objective and action needs indicators."""
        items: list[Objective | Action] = [*workshop.objectives, *workshop.actions]
        for obj in items:
            if not obj.indicators:
                warn(
                    f"{obj.kind} {obj.id!r} has no :indicators: for the logical framework "
                    "(several separated by ';')",
                    "logframe",
                    (obj.docname, obj.lineno),
                )

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        frame = logframe(view.workshop)
        rows = [
            [intervention(view, row), *cells(view, frame, row)]
            for row in frame.rows
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
        return [matrix_table, *notes(view, frame)]


def intervention(view: ViewContext, row: Row) -> list[nodes.Node]:
    colon = i18n.colon(view.language)
    if row.level == "subtotal":
        label = str(_("Total of the activities of objective"))
        shown = f"{label} {row.number}"
        return [para(nodes.strong("", shown), classes=["chm-logframe-total"])]
    if row.level == "total":
        shown = str(_("Total of all activities"))
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


def cost_lines(frame: Logframe, row: Row, language: str | None) -> Cell:
    """The cost lines of the sources column: an activity's cost (or where it is
    counted), a sum per currency, and the sum in the reporting currency."""
    if row.costed_under:
        return ((COSTED_UNDER, row.costed_under),)
    label = TOTAL if row.is_sum else COSTS
    found: Cell = tuple((label, money(cost, language)) for cost in row.costs)
    reporting = row.reporting
    if (
        row.is_sum
        and reporting is not None
        and [c.currency for c in row.costs] != [reporting.currency]
    ):
        found += ((IN_REPORTING, money(reporting, language)),)
    return found


def cells(view: ViewContext, frame: Logframe, row: Row) -> list[list[nodes.Node]]:
    indicators, sources, assumptions = row.cells
    return [
        cell_nodes(view, indicators),
        cell_nodes(view, cost_lines(frame, row, view.language) + sources),
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


def notes(view: ViewContext, frame: Logframe) -> list[nodes.Node]:
    """Under the matrix: the rates used, the currencies not converted, the
    actions left out because they were dropped."""
    colon = i18n.colon(view.language)
    found: list[nodes.Node] = []

    def note(label: str, value: str) -> None:
        line = para(text(f"{_(label)}{colon} ", ["chm-meta-name"]), classes=["chm-logframe-note"])
        line += nodes.Text(value)
        found.append(line)

    for label, value in matrix_notes(frame, view.language):
        note(label, value)
    if frame.dropped:
        label = dropped_label(i18n.ngettext, len(frame.dropped))
        line = para(text(f"{label}{colon} ", ["chm-meta-name"]))
        line["classes"].append("chm-logframe-note")
        for index, action in enumerate(frame.dropped):
            if index:
                line += nodes.Text("; ")
            line += view.link(action)
        found.append(line)
    return found
