"""What the HTML output adds: chmdocs' style sheet and the draft mark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.domain import get_domain
from chmdocs.i18n import _
from chmdocs.metadata import UNSET_PROJECT, document_status, short_title

STATIC_DIR = Path(__file__).parent / "static"


class DraftMark(SphinxPostTransform):
    """A visible "DRAFT" ("PROJET") mark at the top of a draft document."""

    builders = ("html", "dirhtml", "singlehtml")
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if document_status(self.env, self.env.docname) != "draft":
            return
        label = str(_("DRAFT"))
        mark = nodes.container(classes=["chm-draft-mark"])
        mark += nodes.paragraph(label, label)
        self.document.insert(0, mark)


def page_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A project whose conf.py names no ``project`` is named by its workshop,
    as translated: the site's title follows the build's language."""
    if app.config.project != UNSET_PROJECT:
        return
    workshop = get_domain(app.env).model
    name = short_title(app.config, workshop) or workshop.title
    context["project"] = name
    # Sphinx's default html_title holds the unset project name, in any language.
    if UNSET_PROJECT in str(context.get("docstitle") or ""):
        context["docstitle"] = name


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.add_css_file("chmdocs.css")
    app.add_post_transform(DraftMark)
    app.connect("html-page-context", page_titles)
