"""The ``review-summary`` view: the participants' opinions, item by item,
their general comments and new proposals, and the organiser's decisions.

``:sheets:`` is a glob of filled review workbooks, relative to the document
(``reviews/*.xlsx``); ``:matrix:`` the comment matrix holding the organiser's
decisions and responses (``chmdocs review … -o matrix.xlsx``). Both are read
against the project's model and the final document's sections; what cannot
be read is a warning at the option's line. The page is read again when a
workbook or the matrix changes, or a workbook is added. Neither may lead
outside the sources.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes

from chmdocs.core import changes
from chmdocs.core.matrix import DECISION_LABELS, Matrix, read_matrix, with_decisions
from chmdocs.core.model import Workshop
from chmdocs.core.review import (
    NEW_PROPOSALS,
    OPINION_LABELS,
    OPINIONS,
    Consolidation,
    Section,
    consolidate,
)
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse, get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text
from chmdocs.sphinxext.metadata import is_internal
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, files_within
from chmdocs.writers.outline import document_sections


class ReviewSummaryDirective(ViewDirective):
    view = "review-summary"
    accepted_options = ("sheets", "matrix")

    def run(self) -> list[nodes.Node]:
        if not self.text_option("sheets") and "sheets" not in self.options:
            self.warn(":sheets: is required (a glob of review workbooks)", "missing-option")
        return super().run()

    def check(self, name: str) -> Any:
        written = self.text_option(name)
        if not written:
            return None
        pattern = self.source_path(name, written)
        if pattern is None:
            return None
        if name == "matrix":
            # Read again when it changes (or, missing, until it is there).
            self.env.note_dependency(str(pattern))
            if not pattern.is_file():
                self.reject(name, f":matrix: {written!r}: no such file")
                return None
            for problem in matrix_of(get_domain(self.env), pattern).problems:
                self.warn(f"comment matrix {problem.as_text()}", "review", name)
            return str(pattern)
        if self.source_files(name, written) is None:
            return None
        # The workbooks are read once the whole model is (check_uses): what
        # they say is checked against it, and what makes one unreadable told.
        return str(pattern)

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """What makes a workbook unreadable, its rows naming ids the project
        does not have, and decisions of the comment matrix on items it no
        longer has."""
        from chmdocs.core.review import Context
        from chmdocs.writers.outline import document_sections

        env = domain.env
        sections = document_sections(env, env.config.chmdocs_final_document)
        titles = Context.of(workshop, sections).titles
        for use in uses:
            options = dict(use.options)
            if not options.get("sheets"):
                continue
            files = workbooks(env.srcdir, options["sheets"])
            for problem in consolidated(domain, files, workshop, sections).problems:
                warn(f"review workbook {problem.as_text()}", "review", use.location("sheets"))
            if options.get("matrix"):
                for kind, ident, row in matrix_of(domain, Path(options["matrix"])).items:
                    if (kind, ident) not in titles:
                        warn(
                            f"comment matrix {options['matrix']}, row {row}: a decision on "
                            f"{kind} {ident!r}, which the project no longer has",
                            "review",
                            use.location("matrix"),
                        )

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        pattern = options.get("sheets")
        if not pattern:
            return []
        result = summary_of(view, pattern)
        if options.get("matrix"):
            result = with_decisions(result, matrix_of(view.domain, Path(options["matrix"])))
        if not is_internal(view.domain.env, view.docname):
            result = result.public(view.workshop, str(_("(name not published)")))
        return render_summary(view, result)


def matrix_of(domain: ChmDomain, path: Path) -> Matrix:
    """The comment matrix at ``path``, read once per build (a copy)."""
    return copy.deepcopy(domain.read_once(path, read_matrix))


#: The workbooks a glob names, those within the sources.
workbooks = files_within


def summary_of(view: ViewContext, pattern: str) -> Consolidation:
    env = view.domain.env
    sections = document_sections(env, env.config.chmdocs_final_document)
    return consolidated(view.domain, workbooks(env.srcdir, pattern), view.workshop, sections)


def consolidated(
    domain: ChmDomain,
    files: Sequence[Path],
    workshop: Workshop,
    sections: Sequence[Section],
) -> Consolidation:
    """The review workbooks consolidated, once per build for the same files
    and model (reading the seed's workbooks took a tenth of a second)."""
    return domain.read_files_once(
        "review", files, workshop, lambda: consolidate(files, workshop, sections), tuple(sections)
    )


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
    if not result.items and not result.proposals:
        output.append(para(str(_("No opinion yet.")), classes=["chm-empty"]))
        return output

    def said(found: dict[str, Any], subject: str = "") -> nodes.list_item:
        """One comment: its reviewer and opinion, what they wrote, what they
        propose, and what the organiser decided."""
        reviewer = who(found["reviewer"] or "?", found["organization"], found["country"])
        line = para(nodes.strong("", reviewer))
        if found.get("opinion"):
            line += nodes.Text(f", {translate(OPINION_LABELS[found['opinion']])}")
        words = " — ".join(part for part in (subject, found.get("comment", "")) if part)
        if words:
            line += nodes.Text(f"{colon} {words}")
        body: list[nodes.Node] = [line]
        if found.get("proposal"):
            body.append(
                para(
                    text(f"{translate('Proposed text')}{colon} ", ["chm-meta-name"]),
                    nodes.emphasis("", found["proposal"]),
                    classes=["chm-proposal"],
                )
            )
        if found.get("decision") or found.get("response"):
            decision = found.get("decision")
            shown = translate(DECISION_LABELS[decision]) if decision else ""
            answer = " — ".join(p for p in (shown, found.get("response", "")) if p)
            body.append(
                para(
                    text(f"{translate('Decision')}{colon} ", ["chm-meta-name"]),
                    nodes.Text(answer),
                    classes=["chm-decision"],
                )
            )
        return nodes.list_item("", *body)

    # Each item a heading line, its counts, then its comments (a list inside
    # a list item would set the item's bullet at its foot in print).
    listing = nodes.container(classes=["chm-review-summary"])
    for item in result.items:
        head = para(classes=["chm-review-item"])
        head += text(f"{changes.kind_name(item.kind, translate)} ", ["chm-change-kind"])
        if item.kind == "section":
            head += nodes.Text(item.title or item.id)  # "4 Conclusions de l'atelier"
        else:
            head += view.link_id(item.kind, item.id, item.title or item.id)
        counts = " · ".join(
            f"{translate(OPINION_LABELS[o])}{colon} {item.opinions[o]}" for o in OPINIONS
        )
        entry = nodes.container("", head, para(counts, classes=["chm-review-counts"]))
        if item.comments:
            entry += nodes.bullet_list("", *(said(c) for c in item.comments))
        listing += entry
    if result.proposals:
        head = para(nodes.strong("", translate(NEW_PROPOSALS)), classes=["chm-review-item"])
        proposals = nodes.bullet_list("", *(said(p, p.get("text", "")) for p in result.proposals))
        listing += nodes.container("", head, proposals)
    output.append(listing)
    return output
