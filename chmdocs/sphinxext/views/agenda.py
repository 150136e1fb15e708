"""The ``agenda`` view: per day a heading, a timetable and the working time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from docutils import nodes

from chmdocs.core.model import Group, Session, Workshop, split_affiliation
from chmdocs.core.queries import VIEW_OPTIONS, agenda_days
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, person, session_times, tbc_mark, text
from chmdocs.sphinxext.views.base import PRINTED_BUILDERS, ViewContext, ViewDirective, table

#: More groups than this, and a PDF lists them in rows of their own.
PDF_GROUPS_IN_ROW = 8
#: The options whose rejection leaves a session's row without reliable times.
TIME_OPTIONS = frozenset({"date", "start", "end", "duration"})


class AgendaDirective(ViewDirective):
    view = "agenda"
    offers_calendar = True
    accepted_options = VIEW_OPTIONS["agenda"]

    def check(self, name: str) -> Any:
        return self.day_option(name)

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """A :date: outside the workshop's days shows an empty day."""
        for use in uses:
            day = dict(use.options).get("date")
            if day and workshop.days and dt.date.fromisoformat(day) not in workshop.days:
                first, last = workshop.days[0], workshop.days[-1]
                warn(
                    f"agenda: :date: {day} is outside the workshop ({first} to {last})",
                    "outside-dates",
                    use.location("date"),
                )

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for day, sessions in agenda_days(view.workshop, options):
            if result:
                # In print each day starts a page (ignored by every other builder).
                result.append(nodes.raw("", "PageBreak", format="pdf"))
            title = i18n.day_heading(day, view.language) if day else str(_("Date not given"))
            part = view.section_or_rubric(title, f"day-{day.isoformat() if day else 'unknown'}")
            rows = [
                row
                for session in sessions
                for row in view.rows_showing(session, partial(agenda_rows, view, session))
            ]
            part += table([(str(_("Time")), 21), (str(_("Programme")), 79)], rows, ["chm-agenda"])
            part += working_time(sessions, view.language)
            result.append(part)
        if not result:
            result.append(para(str(_("No session yet.")), classes=["chm-empty"]))
        return result


def working_time(sessions: Iterable[Session], language: str | None) -> nodes.paragraph:
    """The day's working time: every session but breaks and meals."""
    minutes = sum(s.minutes for s in sessions if s.is_working_time and s.minutes > 0)
    label = str(_("Working time"))
    return para(
        f"{label}{i18n.colon(language)} {i18n.duration(minutes, language)}", classes=["chm-total"]
    )


def agenda_rows(view: ViewContext, session: Session) -> list[list[list[nodes.Node]]]:
    """A session's row; in a PDF, a session with many groups gets a row per
    group after its own, since a table row cannot run over a page."""
    groups = view.workshop.groups_of(session.id)
    if view.builder not in PRINTED_BUILDERS or len(groups) <= PDF_GROUPS_IN_ROW:
        return [agenda_row(view, session, groups)]
    rows = [agenda_row(view, session, ())]
    for group in groups:
        rows.append([[], [nodes.container("", group_line(view, group), classes=["chm-parallel"])]])
    return rows


def speakers(view: ViewContext, session: Session) -> list[nodes.Node]:
    """Each speaker's name in bold and their organization after it, plain:
    "**Mme Aminata Diallo** (Direction de l'environnement); **SCBD**"."""
    shown: list[nodes.Node] = []
    for entry in session.speakers:
        if shown:
            shown.append(nodes.Text("; "))
        if view.workshop.participant(entry) is None:
            name, organization = split_affiliation(entry)
            parts: list[nodes.Node] = [nodes.Text(name)]
            if organization:
                parts.append(nodes.Text(f" ({organization})"))
        else:
            parts = person(view.workshop, entry, view.docname, with_organization=True)
        shown.append(nodes.strong("", "", parts[0]))
        shown.extend(parts[1:])
    return shown


def group_line(view: ViewContext, group: Group) -> nodes.paragraph:
    entry = para(classes=["chm-group-line"])
    if group.label:
        entry += nodes.strong("", f"{group.label}{i18n.colon(view.language)}")
        entry += nodes.Text(" ")
    entry += view.link(group)
    if group.room:
        entry += [nodes.Text(" "), text(f"({group.room})", ["chm-room"])]
    return entry


def agenda_row(
    view: ViewContext, session: Session, groups: Sequence[Group]
) -> list[list[nodes.Node]]:
    pause = not session.is_working_time
    classes = ["chm-session-line", "chm-pause" if pause else "chm-work"]
    if session.tbc:
        classes.append("chm-tentative")
    line = para(classes=classes)
    if session.speakers:
        line += speakers(view, session)
        if session.tbc:
            line += [nodes.Text(" "), tbc_mark()]
        line += nodes.Text(f"{i18n.colon(view.language)} ")
        line += view.link(session)
    else:
        line += view.link(session)
        if session.tbc:
            line += [nodes.Text(" "), tbc_mark()]
    where = ", ".join(part for part in (session.room, session.location) if part)
    if where:
        line += [nodes.Text(" "), text(f"({where})", ["chm-room"])]
    cell: list[nodes.Node] = [line]
    if session.chair:
        label = i18n.ngettext("Chair", "Chairs", len(session.chair))
        chairs = para(
            text(f"{label}{i18n.colon(view.language)} ", ["chm-meta-name"]),
            classes=["chm-chair-line"],
        )
        for index, entry in enumerate(session.chair):
            if index:
                chairs += nodes.Text("; ")
            chairs += person(view.workshop, entry, view.docname, with_organization=True)
        cell.append(chairs)
    # The parallel groups: one indented line each in print, side by side on screen.
    if groups:
        parallel = nodes.container(classes=["chm-parallel"])
        parallel.extend(group_line(view, group) for group in groups)
        cell.append(parallel)
    time_classes = ["chm-time", "chm-pause" if pause else "chm-work"]
    times = para(session_times(session, view.config), classes=time_classes)
    times["ids"].append(view.unique_id(f"agenda-{session.id}"))  # a row one can link to
    if TIME_OPTIONS & set(session.rejected) or session.start is None:
        # Its times could not be read: the row stays, flagged for the reader.
        mark = "(" + str(_("time to check")) + ")"
        times += [nodes.Text(" "), text(mark, ["chm-invalid"])]
    return [[times], cell]
