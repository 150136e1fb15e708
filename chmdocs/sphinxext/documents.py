"""The documents a project prints, and what their printed forms share: which
documents there are, their cover's words, whether one needs a contents page,
who they name as author. Read by the PDF and Word builders and the site; it
imports neither rst2pdf, ReportLab nor python-docx, so a build that prints
nothing does not load them for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from chmdocs.core.model import Workshop
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.config import DEFAULT_DOCUMENTS
from chmdocs.sphinxext.metadata import document_date, document_status, document_version
from chmdocs.writers.outline import sections_in


def configured_documents(config: Config, srcdir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(docname, PDF file name) for each document, as ``chmdocs_documents`` says
    (checked by :mod:`chmdocs.config`); left unset, the default documents that exist."""
    wanted: list[tuple[str, str]] | None = config.chmdocs_documents
    if wanted is not None:
        return list(wanted)
    suffixes = list(config.source_suffix) if config.source_suffix else [".rst"]
    return [
        (doc, doc)
        for doc in DEFAULT_DOCUMENTS
        if any((Path(srcdir) / f"{doc}{suffix}").exists() for suffix in suffixes)
    ]


def cover_context(env: BuildEnvironment, docname: str, workshop: Workshop) -> dict[str, Any]:
    language = env.config.language
    title_node = env.titles.get(docname)
    status = document_status(env, docname)
    version = document_version(env, docname)
    day = document_date(env, docname)
    return {
        "workshop": workshop,
        "language": str(language or "en"),
        "dates": i18n.workshop_dates(workshop.start, workshop.end, language),
        "place": workshop.place,
        "document": {
            "docname": docname,
            "title": title_node.astext() if title_node is not None else docname,
            "status": status,
            # The status with the version ("Version finale 2").
            "status_label": i18n.status_line(status, version),
            "version": version,
            "draft": status == "draft",
            "date": i18n.long_date(day, language) if day else "",
        },
    }


TOC_MIN_HEADINGS = 5
TOC_MIN_PAGES = 5
#: Characters of running text an A4 page of the PDF holds, about: enough to
#: tell a four-page note from a twelve-page report before rst2pdf runs.
CHARACTERS_PER_PAGE = 2800


def needs_contents(main: nodes.section) -> bool:
    """Whether a document gets a contents page: at least five headings in it
    (two levels) and at least five pages, as its length tells."""
    from chmdocs.sphinxext.views.reporting import chm_chart

    headings = sum(1 + len(sections_in(section)) for section in sections_in(main))
    # A table's row takes a line or more whatever it holds; a chart a third of a page.
    rows = sum(1 for _row in main.findall(nodes.row))
    charts = sum(1 for _chart in main.findall(chm_chart))
    length = len(main.astext()) + rows * 90 + charts * CHARACTERS_PER_PAGE / 3
    return headings >= TOC_MIN_HEADINGS and length / CHARACTERS_PER_PAGE >= TOC_MIN_PAGES


#: What Sphinx puts in ``author`` when conf.py sets none: never a PDF's author.
UNSET_AUTHOR = "Author name not set"


def pdf_author(config: Config, workshop: Workshop, written: str = "") -> str:
    """Who a PDF names as its author: the one a ``pdf_documents`` entry names
    when conf.py chose it, else the workshop's organizer, else conf.py's
    ``author``; never Sphinx's placeholder."""
    project_author = str(config.author or "")
    if project_author == UNSET_AUTHOR:
        project_author = ""
    if written and written not in (UNSET_AUTHOR, config.author):
        return written
    return workshop.organizer or project_author
