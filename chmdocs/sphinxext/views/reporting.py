"""The views of a reporting project: ``progress-report``, ``indicator-table``
and ``timeline`` (see :mod:`chmdocs.reporting` for what they show).

Each takes ``:as-of:`` (an ISO date; by default the document's ``:date:``,
else the latest progress or measure recorded); ``progress-report`` and
``timeline`` also the action-table's filters, whose ids may name imported
objects (``KEY:id``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes

from chmdocs.core.language import due_words
from chmdocs.core.messages import N_
from chmdocs.core.model import PRIORITIES, STATUSES
from chmdocs.core.queries import ACTION_FILTERS
from chmdocs.core.reporting import ActionState, Reporting, by_objective, indicator_rows
from chmdocs.sphinxext import charts, i18n
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text, xref
from chmdocs.sphinxext.metadata import document_date
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, table

SITUATION = N_("Situation on")
TIMELINE_OF = N_("Timeline of the actions")


class chm_chart(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """A picture drawn with ReportLab: ``node["chart"]`` is a
    :class:`chmdocs.sphinxext.charts.Timeline`; SVG in HTML, vector in the PDF."""


class ReportingView(ViewDirective):
    """What the three views share: ``:as-of:`` and, where asked, the filters."""

    filters = False

    def check(self, name: str) -> Any:
        if name == "as-of":
            return self.day_option(name)
        if name == "status":
            return self.choice_list(name, STATUSES)
        if name == "priority":
            return self.choice_list(name, PRIORITIES)
        return [v.strip() for v in self.text_option(name).split(",") if v.strip()] or None


def as_of(view: ViewContext, options: dict[str, Any]) -> dt.date:
    """The date a view reports at: ``:as-of:``, the document's date, the
    latest record, or today."""
    written = options.get("as-of")
    if written:
        return dt.date.fromisoformat(written)
    day = document_date(view.domain.env, view.docname)
    if day is not None:
        return day
    model = view.workshop
    dates = [r.date for r in model.progress if r.date is not None]
    dates += [m.date for m in model.measures if m.date is not None]
    return max(dates) if dates else dt.date.today()


def reporting_of(view: ViewContext) -> Reporting:
    return view.domain.reporting


def link(view: ViewContext, kind: str, reference: str, label: str) -> nodes.Node:
    return xref(kind, reference, view.docname, label)


def status_cell(state: ActionState, language: str | None) -> list[nodes.Node]:
    """The status at the date, "late" marked where the due date has passed."""
    line = para(i18n.status_label(state.status), classes=["chm-col-status"])
    if state.late:
        line += nodes.Text(" ")
        line += text(str(_("late")), ["chm-late"])
    return [line]


class ProgressReportDirective(ReportingView):
    view = "progress-report"
    accepted_options = ("as-of", *ACTION_FILTERS)

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        day = as_of(view, options)
        groups = by_objective(reporting_of(view), options, day)
        if not groups:
            return [para(str(_("No action matches.")), classes=["chm-empty"])]
        colon = view.colon
        heading = f"{_(SITUATION)} {i18n.long_date(day, view.language)}"
        result: list[nodes.Node] = [para(heading, classes=["chm-as-of"])]
        columns = [
            (str(_("Action")), 32),
            (str(_("Status")), 15),
            (str(_("Done")), 9),
            (str(_("Due")), 15),
            (str(_("Last note")), 35),
        ]
        for objective, states in groups:
            if objective is not None:
                reference, found = objective
                objective_label = str(_("Objective"))
                line = para(
                    text(f"{objective_label}{colon} ", ["chm-meta-name"]),
                    classes=["chm-report-objective"],
                )
                line += link(view, "objective", reference, found.title)
                result.append(line)
            else:
                result.append(
                    para(str(_("Serving no objective")), classes=["chm-report-objective"])
                )
            rows: list[list[list[nodes.Node]]] = [
                [
                    [para(link(view, "action", s.reference, s.action.title))],
                    status_cell(s, view.language),
                    [para(i18n.percent(s.percent, view.language) if s.percent is not None else "")],
                    [
                        para(
                            due_words(s.action.due, view.language, short=True)
                            if s.action.due
                            else ""
                        )
                    ],
                    [para(s.note)],
                ]
                for s in states
            ]
            result.append(table(columns, rows, ["chm-progress"]))
        return result


class IndicatorTableDirective(ReportingView):
    view = "indicator-table"
    accepted_options = ("as-of",)

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        day = as_of(view, options)
        rows = indicator_rows(reporting_of(view), day)
        if not rows:
            return [para(str(_("No indicator yet.")), classes=["chm-empty"])]
        columns = [
            (str(_("Objective")), 24),
            (str(_("Indicator")), 26),
            (str(_("Baseline")), 16),
            (str(_("Measures")), 20),
            (str(_("Target")), 14),
        ]
        body: list[list[list[nodes.Node]]] = []
        for row in rows:
            measures: list[nodes.Node] = [
                para(
                    text(
                        f"{i18n.short_date(m.date, view.language)}{view.colon} ", ["chm-meta-name"]
                    ),
                    nodes.Text(m.value),
                )
                for m in row.measures
                if m.date is not None
            ]
            body.append(
                [
                    [para(link(view, "objective", row.objective, row.title))],
                    [para(f"{row.position}. {row.indicator}")],
                    [para(row.baseline)],
                    measures or [para("—")],
                    [para(row.target)],
                ]
            )
        heading = f"{_(SITUATION)} {i18n.long_date(day, view.language)}"
        return [para(heading, classes=["chm-as-of"]), table(columns, body, ["chm-indicators"])]


class TimelineDirective(ReportingView):
    view = "timeline"
    accepted_options = ("as-of", *ACTION_FILTERS)

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        day = as_of(view, options)
        groups = by_objective(reporting_of(view), options, day)
        bars: list[tuple[str, list[charts.Bar]]] = []
        facts = []
        language = view.language
        for objective, states in groups:
            heading = objective[1].title if objective else str(_("Serving no objective"))
            shown = []
            for s in states:
                if s.start is None or s.end is None:
                    continue
                shown.append(
                    charts.Bar(
                        s.action.title, s.start, max(s.end, s.start), s.status, s.percent, s.late
                    )
                )
                late = str(_("late"))
                status = i18n.status_label(s.status) + (f" ({late})" if s.late else "")
                facts.append(
                    [
                        [para(link(view, "action", s.reference, s.action.title))],
                        [para(heading)],
                        [para(i18n.short_date(s.start, language))],
                        [para(i18n.short_date(s.end, language))],
                        [para(status)],
                    ]
                )
            bars.append((heading, shown))
        if not facts:
            return [para(str(_("No action with a due date yet.")), classes=["chm-empty"])]
        timeline = charts.Timeline(
            groups=charts.wrap_groups(bars),
            as_of=day,
            as_of_label=i18n.long_date(day, language).replace("\u00a0", " "),
            legend=tuple((s, i18n.status_label(s)) for s in STATUSES),
            late_label=str(_("late")),
        )
        title = f"{_(TIMELINE_OF)}, {i18n.long_date(day, language)}"
        chart = chm_chart(chart=timeline, title=title)
        if view.builder == "pdf":
            return [chart]  # the picture holds the facts; no table beside it
        columns = [
            (str(_("Action")), 34),
            (str(_("Objective")), 26),
            (str(_("Start")), 14),
            (str(_("Due")), 14),
            (str(_("Status")), 12),
        ]
        return [chart, table(columns, facts, ["chm-timeline-facts"])]


def visit_chart_html(translator: Any, node: chm_chart) -> None:
    picture = charts.svg(node["chart"], node["title"])
    if isinstance(node["chart"], charts.Timeline):
        # Never drawn too small to read: on a phone the timeline keeps its
        # width and scrolls in its frame (reachable by keyboard), not the page.
        translator.body.append(
            f'<figure class="chm-chart chm-chart-timeline" tabindex="0">{picture}</figure>'
        )
    else:
        translator.body.append(f'<figure class="chm-chart">{picture}</figure>')
    raise nodes.SkipNode


def skip_chart(translator: Any, node: chm_chart) -> None:
    raise nodes.SkipNode


VIEWS = (ProgressReportDirective, IndicatorTableDirective, TimelineDirective)
