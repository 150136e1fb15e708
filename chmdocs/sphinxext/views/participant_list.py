"""The ``participant-list`` view: who took part, sorted by name.

Only published participants are listed; the others are counted ("and 2
more participants"), never named. E-mail and phone are never shown.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.core.messages import N_
from chmdocs.core.model import Participant, person_sort_key, text_sort_key
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.i18n import _, ngettext
from chmdocs.sphinxext.markup import para
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

#: (column, label, width)
PARTICIPANT_COLUMNS = (
    ("name", N_("Name"), 30),
    ("organization", N_("Organization"), 30),
    ("country", N_("Country"), 16),
    ("role", N_("Role"), 24),
)
COLUMN_NAMES = tuple(name for name, _label, _width in PARTICIPANT_COLUMNS)
GROUPINGS = ("country", "organization", "none")


class ParticipantListDirective(ViewDirective):
    view = "participant-list"
    accepted_options = ("group-by", "columns")

    def check(self, name: str) -> Any:
        if name == "group-by":
            return self.choice(name, GROUPINGS, None)
        return self.choice_list(name, COLUMN_NAMES)

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        everyone = view.workshop.participants
        published = sorted(
            (p for p in everyone if p.publish), key=lambda p: person_sort_key(p.name)
        )
        hidden = len(everyone) - len(published)
        grouping = options.get("group-by") or "none"
        wanted = options.get("columns") or [
            c for c in COLUMN_NAMES if c != grouping and any(value(view, p, c) for p in published)
        ]
        columns = [(n, str(_(label)), w) for n, label, w in PARTICIPANT_COLUMNS if n in wanted]
        if "name" not in wanted and not columns:
            columns = [("name", str(_("Name")), 30)]
        result: list[nodes.Node] = []
        groups: dict[str, list[Participant]] = {}
        for participant in published:
            key = value(view, participant, grouping) if grouping != "none" else ""
            groups.setdefault(key, []).append(participant)
        for key in sorted(groups, key=text_sort_key):
            rows = [[cell(view, p, name) for name, _l, _w in columns] for p in groups[key]]
            listing = table([(label, w) for _n, label, w in columns], rows, ["chm-participants"])
            if grouping == "none":
                result.append(listing)
                continue
            title = key or str(_("Not given"))
            part = view.section_or_rubric(title, f"participants-{key or 'none'}")
            part += listing
            result.append(part)
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


def value(view: ViewContext, participant: Participant, column: str) -> str:
    if column == "name":
        return participant.name
    if column == "country":
        return i18n.country_name(participant.country, view.language)
    return str(getattr(participant, column, ""))


def cell(view: ViewContext, participant: Participant, column: str) -> list[nodes.Node]:
    if column == "name":
        shown: nodes.Node = view.link(participant, participant.name)
    else:
        shown = nodes.Text(value(view, participant, column))
    return [para(shown, classes=[f"chm-col-{column}"])]
