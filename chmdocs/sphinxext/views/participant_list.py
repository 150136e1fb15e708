"""The ``participant-list`` view: who took part, sorted by name.

Only published participants are listed; the others are counted ("and 2
more participants"), never named. E-mail and phone are never shown.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.core.model import Participant
from chmdocs.core.queries import (
    PARTICIPANT_COLUMNS,
    PARTICIPANT_GROUPINGS,
    VIEW_OPTIONS,
    participant_listing,
    participant_value,
)
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.i18n import _, ngettext
from chmdocs.sphinxext.markup import para
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

#: Each column's share of the table's width.
WIDTHS = {"name": 30, "organization": 30, "country": 16, "role": 24}


class ParticipantListDirective(ViewDirective):
    view = "participant-list"
    lists_participants = True
    accepted_options = VIEW_OPTIONS["participant-list"]

    def check(self, name: str) -> Any:
        if name == "group-by":
            return self.choice(name, PARTICIPANT_GROUPINGS, None)
        return self.choice_list(name, tuple(PARTICIPANT_COLUMNS))

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        grouping = options.get("group-by") or "none"
        wanted, grouped, hidden = participant_listing(
            view.workshop, options, lambda code: i18n.country_name(code, view.language)
        )
        columns = [(n, str(_(PARTICIPANT_COLUMNS[n])), WIDTHS[n]) for n in wanted]
        result: list[nodes.Node] = []
        for key, people in grouped:
            rows = [[cell(view, p, name) for name, _l, _w in columns] for p in people]
            listing = table([(label, w) for _n, label, w in columns], rows, ["chm-participants"])
            if grouping == "none":
                result.append(listing)
                continue
            title = key or str(_("Not given"))
            part = view.section_or_rubric(title, f"participants-{key or 'none'}")
            part += listing
            result.append(part)
        published = bool(grouped)
        if not published:
            result.append(para(str(_("No participant yet.")), classes=["chm-empty"]))
        if hidden:
            more = ngettext(
                "and %(count)d more participant", "and %(count)d more participants", hidden
            ) % {"count": hidden}
            if not published:
                more = ngettext(
                    "%(count)d participant, not listed",
                    "%(count)d participants, not listed",
                    hidden,
                ) % {"count": hidden}
            result.append(para(more, classes=["chm-more"]))
        return result


def cell(view: ViewContext, participant: Participant, column: str) -> list[nodes.Node]:
    if column == "name":
        shown: nodes.Node = view.link(participant, participant.name)
    else:
        country = lambda code: i18n.country_name(code, view.language)  # noqa: E731
        shown = nodes.Text(participant_value(participant, column, country))
    return [para(shown, classes=[f"chm-col-{column}"])]
