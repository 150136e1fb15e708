"""The ``answers`` view: the countries' answers to the preparation
questionnaire, in the synthesis note.

``:files:`` is a glob of filled questionnaires and ODK/Kobo exports,
relative to the document (``reponses/*``), within the sources; ``:questions:``
keeps some questions; ``:by:`` is ``country`` (each country, its answers) or
``question`` (each question: choices counted and drawn as bars, numbers
totalled with their median, texts quoted with their country). Respondents
are never named: their country stands for them.
"""

from __future__ import annotations

import decimal
from pathlib import Path
from typing import Any

from docutils import nodes

from chmdocs.core.language import with_unit
from chmdocs.core.messages import N_
from chmdocs.core.model import Question, Workshop
from chmdocs.core.questionnaire import Answers, counts, number_summary, read_answers
from chmdocs.sphinxext import charts, i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import para, text, xref
from chmdocs.sphinxext.views.base import ViewContext, ViewDirective, files_within, table
from chmdocs.sphinxext.views.reporting import chm_chart

BY = ("country", "question")
NO_COUNTRY = N_("Country not given")


class AnswersDirective(ViewDirective):
    view = "answers"
    accepted_options = ("files", "questions", "by")

    def run(self) -> list[nodes.Node]:
        if "files" not in self.options:
            self.warn(":files: is required (a glob of filled questionnaires)", "missing-option")
        return super().run()

    def check(self, name: str) -> Any:
        if name == "by":
            return self.choice(name, BY, "country")
        if name == "questions":
            return list(self.ids_option(name)) or None
        written = self.text_option(name)
        found = self.source_files(name, written) if written else None
        return str(found[0]) if found else None

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """Answer files the view reads: what cannot be read, at its :files:."""
        from chmdocs.sphinxext.views.review_summary import workbooks

        for use in uses:
            pattern = dict(use.options).get("files")
            if not pattern:
                continue
            found = answers_in(domain, workbooks(domain.env.srcdir, pattern), workshop)
            for problem in found.problems:
                warn(f"answers {problem.as_text()}", "answers", use.location("files"))

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        pattern = options.get("files")
        if not pattern:
            return []
        result = answers_of(view, pattern)
        wanted = options.get("questions")
        questions = [q for q in view.workshop.questions if not wanted or q.id in wanted]
        if not result.respondents:
            return [para(str(_("No answer yet.")), classes=["chm-empty"])]
        countries = sorted({r.country for r in result.respondents if r.country})
        respondents = str(_("Respondents"))
        intro = para(
            text(f"{respondents}{view.colon} ", ["chm-meta-name"]),
            nodes.Text(
                f"{len(result.respondents)} ("
                + ", ".join(i18n.country_name(c, view.language) for c in countries)
                + ")"
            ),
            classes=["chm-answers-intro"],
        )
        if options.get("by") == "question":
            return [intro, *by_question(view, result, questions)]
        return [intro, *by_country(view, result, questions)]


def answers_of(view: ViewContext, pattern: str) -> Answers:
    return answers_in(view.domain, files_within(view.domain.env.srcdir, pattern), view.workshop)


def answers_in(domain: ChmDomain, files: list[Path], workshop: Workshop) -> Answers:
    """The answers in ``files``, read once per build (checked, then shown)."""
    return domain.read_files_once("answers", files, workshop, lambda: read_answers(files, workshop))


def shown_value(view: ViewContext, question: Question, value: Any) -> str:
    """An answer as a reader reads it: choices by label, numbers and dates in
    the document's language, the unit after a number."""
    labels = dict(question.options)
    if isinstance(value, list):
        return "; ".join(labels.get(str(v), str(v)) for v in value)
    if question.question_type in ("choice",) and str(value) in labels:
        return labels[str(value)]
    if isinstance(value, decimal.Decimal):
        return with_unit(i18n.number(value, view.language), value, question.unit, view.language)
    if hasattr(value, "isoformat"):
        return i18n.long_date(value, view.language)
    return str(value)


def heading(view: ViewContext, question: Question) -> nodes.paragraph:
    line = para(classes=["chm-answers-question"])
    line += xref("question", question.id, view.docname, question.title)
    return line


def by_question(view: ViewContext, result: Answers, questions: list[Question]) -> list[nodes.Node]:
    found: list[nodes.Node] = []
    for question in questions:
        given = result.answers.get(question.id, [])
        found.append(heading(view, question))
        if not given:
            found.append(para(str(_("No answer yet.")), classes=["chm-empty"]))
            continue
        if question.question_type in ("choice", "multiple", "scale"):
            tally = counts(question, given)
            chart = charts.Bars(tuple((label, count) for _code, label, count in tally))
            found.append(chm_chart(chart=chart, title=question.title))
            if view.builder == "pdf":
                continue  # the picture says each count in words; a table would repeat it
            rows = [[[para(label)], [para(str(count))]] for _code, label, count in tally]
            found.append(
                table([(str(_("Answer")), 70), (str(_("Count")), 30)], rows, ["chm-answer-counts"])
            )
        elif question.question_type == "number":
            summary = number_summary(given)
            if summary is not None:
                total, median, count = summary
                total_label, median_label = str(_("Total")), str(_("Median"))
                answers_label = i18n.ngettext("%d answer", "%d answers", count) % count
                total_text, median_text = (
                    with_unit(i18n.number(v, view.language), v, question.unit, view.language)
                    for v in (total, median)
                )
                found.append(
                    para(
                        f"{total_label}{view.colon} {total_text} · "
                        f"{median_label}{view.colon} {median_text} ({answers_label})",
                        classes=["chm-answer-summary"],
                    )
                )
            found.append(quotes(view, result, question, given))
        else:
            found.append(quotes(view, result, question, given))
    return found


def quotes(
    view: ViewContext, result: Answers, question: Question, given: list[tuple[int, Any]]
) -> nodes.bullet_list:
    """Each answer with its country (never the respondent's name)."""
    items = []
    for index, value in given:
        country = result.respondents[index].country
        where = i18n.country_name(country, view.language) if country else str(_(NO_COUNTRY))
        line = para(text(f"{where}{view.colon} ", ["chm-meta-name"]))
        line += nodes.Text(shown_value(view, question, value))
        items.append(nodes.list_item("", line))
    return nodes.bullet_list("", *items, classes=["chm-answers"])


def by_country(view: ViewContext, result: Answers, questions: list[Question]) -> list[nodes.Node]:
    by: dict[str, list[int]] = {}
    for index, respondent in enumerate(result.respondents):
        by.setdefault(respondent.country, []).append(index)
    order = sorted(by, key=lambda c: i18n.country_name(c, view.language) if c else "~")
    found: list[nodes.Node] = []
    for country in order:
        name = i18n.country_name(country, view.language) if country else str(_(NO_COUNTRY))
        found.append(para(nodes.strong("", name), classes=["chm-answers-country"]))
        rows = []
        for question in questions:
            values = [
                shown_value(view, question, v)
                for i, v in result.answers.get(question.id, [])
                if i in by[country]
            ]
            if values:
                rows.append(
                    [
                        [para(xref("question", question.id, view.docname, question.title))],
                        [para("; ".join(values))],
                    ]
                )
        if rows:
            found.append(
                table(
                    [(str(_("Question")), 45), (str(_("Answer")), 55)],
                    rows,
                    ["chm-answers-by-country"],
                )
            )
    return found
