"""What the HTML output adds: chmdocs' style sheet and the draft mark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.i18n import _
from chmdocs.metadata import document_status

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


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.add_css_file("chmdocs.css")
    app.add_post_transform(DraftMark)
