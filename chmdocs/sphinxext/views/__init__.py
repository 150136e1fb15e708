"""Views: directives that render the whole model (agenda, tables, lists).

One module per view, each holding its directive and its renderer;
:mod:`.base` has what they share, :mod:`.refresh` keeps view pages up to
date. :func:`setup` registers them all.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from chmdocs.sphinxext.domain import ChmDomain
from chmdocs.sphinxext.views.action_table import ActionTableDirective
from chmdocs.sphinxext.views.agenda import AgendaDirective
from chmdocs.sphinxext.views.answers import AnswersDirective
from chmdocs.sphinxext.views.attendance_sheet import AttendanceSheetDirective
from chmdocs.sphinxext.views.base import (
    ViewDirective,
    ViewRenderer,
    chm_view,
    files_added_or_removed,
    visit_placeholder,
)
from chmdocs.sphinxext.views.changes import ChangesDirective
from chmdocs.sphinxext.views.group_list import GroupListDirective
from chmdocs.sphinxext.views.logframe import LogframeDirective
from chmdocs.sphinxext.views.objective_list import ObjectiveListDirective
from chmdocs.sphinxext.views.participant_list import ParticipantListDirective
from chmdocs.sphinxext.views.refresh import ViewRefresher
from chmdocs.sphinxext.views.reporting import VIEWS as REPORTING_VIEWS
from chmdocs.sphinxext.views.reporting import chm_chart, skip_chart, visit_chart_html
from chmdocs.sphinxext.views.review_summary import ReviewSummaryDirective
from chmdocs.sphinxext.views.rowcache import (
    chm_cached_rows,
    depart_row,
    hand_over_rows,
    save_row_cache,
    visit_cached_rows,
    visit_row,
)
from chmdocs.sphinxext.views.traceability import TraceabilityDirective

VIEW_DIRECTIVES: dict[str, type[ViewDirective]] = {
    cls.view: cls
    for cls in (
        AgendaDirective,
        ObjectiveListDirective,
        ActionTableDirective,
        GroupListDirective,
        TraceabilityDirective,
        LogframeDirective,
        ParticipantListDirective,
        AttendanceSheetDirective,
        ChangesDirective,
        ReviewSummaryDirective,
        *REPORTING_VIEWS,
        AnswersDirective,
    )
}


def page_holds(domain: ChmDomain, docname: str, trait: str) -> bool:
    """Whether a view written on ``docname`` says it has ``trait`` (a
    :class:`ViewDirective` flag: ``lists_participants``, ``offers_calendar``)."""
    return any(
        getattr(VIEW_DIRECTIVES[use.view], trait)
        for use in domain.views_of(docname)
        if use.view in VIEW_DIRECTIVES
    )


def setup(app: Sphinx) -> None:
    for name, directive in VIEW_DIRECTIVES.items():
        app.add_directive_to_domain("chm", name, directive)
        app.add_directive(name, directive)  # the unprefixed alias
    ViewRenderer.directives = VIEW_DIRECTIVES
    visitors = (visit_placeholder, None)
    app.add_node(
        chm_view, html=visitors, latex=visitors, text=visitors, man=visitors, texinfo=visitors
    )
    skipped = (skip_chart, None)
    app.add_node(
        chm_chart,
        html=(visit_chart_html, None),
        latex=skipped,
        text=skipped,
        man=skipped,
        texinfo=skipped,
    )
    app.add_post_transform(ViewRenderer)
    # The site keeps the HTML of the rows it writes (see rowcache).
    app.add_node(chm_cached_rows, html=(visit_cached_rows, None))
    app.add_node(nodes.row, override=True, html=(visit_row, depart_row))
    app.connect("html-page-context", hand_over_rows)
    app.connect("build-finished", save_row_cache)
    refresher = ViewRefresher()
    app.connect("env-get-outdated", refresher.snapshot)
    app.connect("env-get-outdated", files_added_or_removed)
    app.connect("env-updated", refresher.outdated_views)


__all__ = ["VIEW_DIRECTIVES", "ViewDirective", "chm_view", "page_holds", "setup"]
