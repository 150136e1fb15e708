"""The ``objective-list`` view: the objectives, numbered, with their descriptions."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from chmdocs.core.queries import VIEW_OPTIONS, objective_listing
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import joined, para
from chmdocs.sphinxext.views.base import (
    ViewContext,
    ViewDirective,
    serving_actions,
    serving_sessions,
)


class ObjectiveListDirective(ViewDirective):
    view = "objective-list"
    accepted_options = VIEW_OPTIONS["objective-list"]
    flag_options = ("links",)

    def check(self, name: str) -> Any:
        return self.flag(name) or None

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        workshop = view.workshop
        colon = f"{i18n.colon(view.language)} "
        # Numbered paragraphs rather than a list: the number is the one the
        # action table and the traceability view show for the objective.
        listing = nodes.container(classes=["chm-objective-list"])
        for objective in objective_listing(workshop, options):
            listing += para(
                f"{view.objective_number(objective)}. ",
                view.link(objective),
                classes=["chm-objective-heading"],
            )
            for paragraph in filter(None, objective.description.split("\n\n")):
                listing += para(paragraph, classes=["chm-description"])
            if not options.get("links"):
                continue
            for label, served_by in (
                (_("Sessions"), serving_sessions(workshop, objective)),
                (_("Actions"), serving_actions(workshop, objective)),
            ):
                if served_by:
                    listing += para(
                        f"{label}{colon}",
                        *joined((view.link(o) for o in served_by), "; "),
                        classes=["chm-links"],
                    )
        if not listing.children:
            return [para(str(_("No objective yet.")), classes=["chm-empty"])]
        return [listing]
