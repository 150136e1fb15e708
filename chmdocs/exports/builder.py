"""A Sphinx builder that writes the exports and nothing else.

It reads the sources and checks the project like any build (warnings
included), then skips the per-page write phase entirely: the exports need
the model, not the rendered pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder

from chmdocs.domain import get_domain
from chmdocs.exports import EXPORTS, render, write_atomic


class ExportBuilder(Builder):
    name = "chmdocs-exports"
    epilog = "The exports are in %(outdir)s."

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> Iterable[str]:
        return []

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        # No page is rendered: the exports are written from the model in finish().
        pass

    def finish(self) -> None:
        model = get_domain(self.env).model
        for fmt in self.config.chmdocs_exports:
            write_atomic(Path(self.outdir) / EXPORTS[fmt].filename, render(fmt, model))
