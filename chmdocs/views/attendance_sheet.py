"""The ``attendance-sheet`` view: per workshop day, every participant with
an empty column to sign, as development-cooperation funding asks for.

It names participants who are not published, so it belongs in a document
marked ``:audience: internal`` (written only to ``OUTDIR/private/pdf/``).
Anywhere else it lists the published participants alone (and the checks
say so).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes

from chmdocs import i18n
from chmdocs.i18n import _
from chmdocs.markup import para
from chmdocs.metadata import is_internal
from chmdocs.model import person_sort_key
from chmdocs.views.base import ViewContext, ViewDirective, table

NBSP = "\u00a0"


class AttendanceSheetDirective(ViewDirective):
    view = "attendance-sheet"
    accepted_options = ("date",)

    def check(self, name: str) -> Any:
        return self.day_option(name)

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        workshop = view.workshop
        internal = is_internal(view.domain.env, view.docname)
        people = sorted(
            (p for p in workshop.participants if internal or p.publish),
            key=lambda p: person_sort_key(p.name),
        )
        wanted = options.get("date")
        days = [dt.date.fromisoformat(wanted)] if wanted else list(workshop.days)
        if not days:
            return [para(str(_("The workshop has no dates yet.")), classes=["chm-empty"])]
        columns = [
            (str(_("No.")), 6),
            (str(_("Name")), 30),
            (str(_("Organization")), 28),
            (str(_("Country")), 12),
            (str(_("Signature")), 24),
        ]

        def country(code: str) -> str:
            return i18n.country_name(code, view.language)

        heading = str(_("Attendance sheet"))
        result: list[nodes.Node] = []
        for day in days:
            if result:
                # A page per day in print (ignored by every other builder).
                result.append(nodes.raw("", "PageBreak", format="pdf"))
            title = f"{heading} {i18n.EN_DASH} {i18n.day_heading(day, view.language)}"
            part = view.section_or_rubric(title, f"attendance-{day.isoformat()}")
            part += para(
                workshop.title + (f", {workshop.place}" if workshop.place else ""),
                classes=["chm-attendance-workshop"],
            )
            rows = [
                [
                    [para(str(number), classes=["chm-col-number"])],
                    [para(p.name, classes=["chm-col-name"])],
                    [para(p.organization, classes=["chm-col-organization"])],
                    [
                        para(
                            i18n.country_name(p.country, view.language), classes=["chm-col-country"]
                        )
                    ],
                    # Empty, and tall enough to sign in.
                    [para(NBSP, classes=["chm-col-signature"])],
                ]
                for number, p in enumerate(people, start=1)
            ]
            if rows:
                part += table(columns, rows, ["chm-attendance"])
            else:
                part += para(str(_("No participant yet.")), classes=["chm-empty"])
            result.append(part)
        return result
