"""The ``review-summary`` view: the participants' opinions, item by item.

``:sheets:`` is a glob of filled review workbooks, relative to the document
(``reviews/*.xlsx``). They are read with :func:`chmdocs.review.consolidate`
against the project's model; what cannot be read is a warning at the
option's line when the document is read. The page is read again when a
workbook changes or one is added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from chmdocs import changes, i18n
from chmdocs.i18n import _
from chmdocs.markup import para, text
from chmdocs.metadata import is_internal
from chmdocs.review import OPINION_LABELS, OPINIONS, Consolidation, consolidate, matching
from chmdocs.views.base import ViewContext, ViewDirective


class ReviewSummaryDirective(ViewDirective):
    view = "review-summary"
    accepted_options = ("sheets",)

    def run(self) -> list[nodes.Node]:
        if not self.text_option("sheets") and "sheets" not in self.options:
            self.warn(":sheets: is required (a glob of review workbooks)", "missing-option")
        return super().run()

    def check(self, name: str) -> Any:
        written = self.text_option(name)
        if not written:
            return None
        pattern = self.env.relfn2path(written, self.env.docname)[1]
        # Read again when a workbook changes, or when one is added or removed.
        self.env.note_dependency(str(Path(pattern).parent))
        files = matching(pattern)
        for path in files:
            self.env.note_dependency(str(path))
        if not files:
            self.reject(name, f":sheets: {written!r} matches no file")
            return None
        # The ids are checked against the whole model once it is read (see
        # chmdocs.checks); here, what makes a workbook unreadable.
        for problem in consolidate(files).problems:
            self.warn(f"review workbook {problem.as_text()}", "review", name)
        return pattern

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        pattern = options.get("sheets")
        if not pattern:
            return []
        result = consolidate(matching(pattern), view.workshop)
        if not is_internal(view.domain.env, view.docname):
            result = result.public(view.workshop, str(_("(name not published)")))
        return render_summary(view, result)


def render_summary(view: ViewContext, result: Consolidation) -> list[nodes.Node]:
    def translate(message: str) -> str:
        return str(_(message))

    colon = view.colon
    output: list[nodes.Node] = []

    def who(name: str, organization: str, country: str) -> str:
        details = ", ".join(
            p for p in (organization, i18n.country_name(country, view.language)) if p
        )
        return f"{name} ({details})" if details else name

    names = "; ".join(who(r.name, r.organization, r.country) for r in result.reviewers if r.name)
    label = str(_("Reviewers"))
    output.append(
        para(
            text(f"{label}{colon} ", ["chm-meta-name"]),
            nodes.Text(f"{names or '—'} ({len(result.reviewers)})"),
            classes=["chm-reviewers"],
        )
    )
    if not result.items:
        output.append(para(str(_("No opinion yet.")), classes=["chm-empty"]))
        return output
    # Each item a heading line, its counts, then its comments (a list inside
    # a list item would set the item's bullet at its foot in print).
    listing = nodes.container(classes=["chm-review-summary"])
    for item in result.items:
        head = para(classes=["chm-review-item"])
        head += text(f"{changes.kind_name(item.kind, translate)} ", ["chm-change-kind"])
        head += view.link_id(item.kind, item.id, item.title or item.id)
        counts = " · ".join(
            f"{translate(OPINION_LABELS[o])}{colon} {item.opinions[o]}" for o in OPINIONS
        )
        entry = nodes.container("", head, para(counts, classes=["chm-review-counts"]))
        if item.comments:
            comments = nodes.bullet_list()
            for comment in item.comments:
                reviewer = who(
                    comment["reviewer"] or "?", comment["organization"], comment["country"]
                )
                opinion = (
                    translate(OPINION_LABELS[comment["opinion"]]) if comment["opinion"] else ""
                )
                line = para(nodes.strong("", reviewer))
                if opinion:
                    line += nodes.Text(f", {opinion}")
                if comment["comment"]:
                    line += nodes.Text(f"{colon} {comment['comment']}")
                body: list[nodes.Node] = [line]
                if comment["proposal"]:
                    proposed = str(_("Proposed text"))
                    body.append(
                        para(
                            text(f"{proposed}{colon} ", ["chm-meta-name"]),
                            nodes.emphasis("", comment["proposal"]),
                            classes=["chm-proposal"],
                        )
                    )
                comments += nodes.list_item("", *body)
            entry += comments
        listing += entry
    output.append(listing)
    return output
