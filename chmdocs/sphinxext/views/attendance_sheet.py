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

from chmdocs.core.model import Workshop, person_sort_key
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para
from chmdocs.sphinxext.metadata import is_internal
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table


def blank_rows(text: str) -> int:
    """How many empty rows follow the participants: 0 to 100."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > 100:
        raise ValueError(f"invalid number of rows {text!r}: give a whole number from 0 to 100")
    return int(value)


NBSP = "\u00a0"


#: Empty rows at the foot of each day's list, for people who come unannounced.
BLANK_ROWS = 5


class AttendanceSheetDirective(ViewDirective):
    view = "attendance-sheet"
    lists_participants = True
    accepted_options = ("date", "blank-rows")

    def check(self, name: str) -> Any:
        if name == "blank-rows":
            return self.parsed(name, blank_rows, "option")
        return self.day_option(name)

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """An attendance sheet in a public document would name people who are
        not published: it lists the published ones only, and says so."""
        for use in uses:
            if not is_internal(domain.env, use.docname):
                warn(
                    "attendance-sheet in a document not marked ':audience: internal': "
                    "participants who are not published are left out of it",
                    "privacy",
                    (use.docname, use.lineno),
                )

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
        # The country column holds "Madagascar" and "Côte d'Ivoire" unbroken.
        columns = [
            (str(_("No.")), 5),
            (str(_("Name")), 27),
            (str(_("Organization")), 33),
            (str(_("Country")), 16),
            (str(_("Signature")), 19),
        ]
        blank = options.get("blank-rows", BLANK_ROWS)
        result: list[nodes.Node] = []
        for day in days:
            if result:
                # A page per day in print (ignored by every other builder); a
                # conditional break, so a day that filled its page leaves no blank one.
                result.append(nodes.raw("", "FrameBreak 560", format="pdf"))
            # The document's title says what the list is: each day's heading is the day.
            title = i18n.day_heading(day, view.language)
            part = view.section_or_rubric(title, f"attendance-{day.isoformat()}")
            part += para(
                workshop.title + (f", {workshop.place}" if workshop.place else ""),
                classes=["chm-attendance-workshop"],
            )
            rows = [
                [
                    [para(str(number), classes=["chm-attendance-number"])],
                    [para(p.name, classes=["chm-attendance-name"])],
                    [para(p.organization, classes=["chm-attendance-cell"])],
                    [
                        para(
                            i18n.country_name(p.country, view.language),
                            classes=["chm-attendance-cell"],
                        )
                    ],
                    # Empty, and tall enough to sign in.
                    [para(NBSP, classes=["chm-col-signature"])],
                ]
                for number, p in enumerate(people, start=1)
            ]
            rows += [
                [
                    [para(str(number), classes=["chm-attendance-number"])],
                    *([para(NBSP, classes=["chm-col-signature"])] for _column in range(4)),
                ]
                for number in range(len(people) + 1, len(people) + blank + 1)
            ]
            if people:
                part += table(columns, rows, ["chm-attendance"])
            else:
                part += para(str(_("No participant yet.")), classes=["chm-empty"])
            result.append(part)
        return result
