"""The ``group-list`` view: the breakout groups of each session, in a table."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.core.messages import N_
from chmdocs.core.model import Group, parse_id
from chmdocs.core.queries import VIEW_OPTIONS, group_sessions
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, person, session_when, text
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

#: (column, label, width): label and theme always, the others when filled in.
GROUP_COLUMNS = (
    ("label", N_("Group"), 14),
    ("title", N_("Theme"), 46),
    ("facilitator", N_("Facilitator"), 20),
    ("rapporteur", N_("Rapporteur"), 20),
    ("room", N_("Room"), 14),
)
ALWAYS_SHOWN = ("label", "title")


class GroupListDirective(ViewDirective):
    view = "group-list"
    accepted_options = VIEW_OPTIONS["group-list"]
    link_options = {"session": "session"}

    def check(self, name: str) -> Any:
        return self.parsed(name, parse_id, "option")

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        workshop = view.workshop
        result: list[nodes.Node] = []
        for session, groups in group_sessions(workshop, options):
            when = session_when(session, view.config, workshop.session_date(session))
            result.append(
                para(
                    text(when, ["chm-when"]),
                    nodes.Text(" "),
                    nodes.strong("", "", view.link(session)),
                    classes=["chm-heading", "chm-group-session"],
                )
            )
            # Columns nobody filled in are left out rather than printed empty.
            columns = [
                (name, label, width)
                for name, label, width in GROUP_COLUMNS
                if name in ALWAYS_SHOWN or any(getattr(g, name) for g in groups)
            ]
            rows = [[group_cell(view, g, name) for name, _l, _w in columns] for g in groups]
            headings = [(str(_(label)), width) for _n, label, width in columns]
            result.append(table(headings, rows, ["chm-groups-table"]))
        if not result:
            return [para(str(_("No group yet.")), classes=["chm-empty"])]
        return result


def group_cell(view: ViewContext, group: Group, column: str) -> list[nodes.Node]:
    if column == "title":
        shown: list[nodes.Node] = [view.link(group)]
    elif column in ("facilitator", "rapporteur") and getattr(group, column):
        shown = person(view.workshop, getattr(group, column), view.docname)
    else:
        shown = [nodes.Text(str(getattr(group, column)))]
    return [para(*shown, classes=[f"chm-col-{column}"])]
