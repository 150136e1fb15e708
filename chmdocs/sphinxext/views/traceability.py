"""The ``traceability`` view: what serves each objective; unserved ones marked."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text
from chmdocs.sphinxext.views.base import (
    PRINTED_BUILDERS,
    ViewContext,
    ViewDirective,
    serving_actions,
    serving_sessions,
    table,
)

#: The entries a printed row holds.
PRINTED_ENTRIES = 20


class TraceabilityDirective(ViewDirective):
    view = "traceability"

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        workshop = view.workshop
        rows = []
        for objective in workshop.objectives:
            sessions = serving_sessions(workshop, objective)
            actions = serving_actions(workshop, objective)
            heading = para(
                f"{view.objective_number(objective)}. ",
                view.link(objective),
                classes=["chm-col-objective"],
            )
            if not sessions and not actions:
                heading["classes"].append("chm-unserved")
                mark = "(" + str(_("not served")) + ")"
                heading += [nodes.Text(" "), text(mark, ["chm-unserved-mark"])]
            session_cells = [para(view.link(s), classes=["chm-col-sessions"]) for s in sessions]
            action_cells = [para(view.link(a), classes=["chm-col-actions"]) for a in actions]
            longest = max(len(sessions), len(actions), 1)
            # On paper a row cannot run over a page: a long one goes on in rows of its own.
            size = PRINTED_ENTRIES if view.builder in PRINTED_BUILDERS else longest
            for start in range(0, longest, size):
                rows.append(
                    [
                        [heading] if start == 0 else [],
                        session_cells[start : start + size],
                        action_cells[start : start + size],
                    ]
                )
        if not rows:
            return [para(str(_("No objective yet.")), classes=["chm-empty"])]
        columns = [(str(_("Objective")), 34), (str(_("Sessions")), 33), (str(_("Actions")), 33)]
        return [table(columns, rows, ["chm-traceability"])]
