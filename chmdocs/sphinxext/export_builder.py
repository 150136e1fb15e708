"""A Sphinx builder that writes the exports and nothing else.

It reads the sources and checks the project like any build (warnings
included), then skips the per-page write phase entirely: the exports need
the model, not the rendered pages. For the same reason it keeps no doctree
and applies no smart quotes (the model's texts are taken before that
transform), so it runs with an environment of its own (see ``api.build``).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

from chmdocs.core.exports import write_exports
from chmdocs.sphinxext.domain import get_domain


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

    def write_doctree(  # type: ignore[misc]  # Sphinx marks it final
        self, docname: str, doctree: nodes.document, *, _cache: bool = True
    ) -> None:
        # No page is ever rendered from these doctrees: pickling them is waste.
        pass

    def write_documents(self, docnames: Set[str]) -> None:
        # No page is rendered: the exports are written from the model in finish().
        pass

    def finish(self) -> None:
        domain = get_domain(self.env)
        write_exports(
            domain.model, Path(self.outdir), self.config.chmdocs_exports, domain.reporting.imports
        )


def no_smartquotes(app: Sphinx, config: Config) -> None:
    """Exports take texts before smart quotes apply: spare the export builder them."""
    excluded = dict(config.smartquotes_excludes)
    excluded["builders"] = [*excluded.get("builders", []), ExportBuilder.name]
    config.smartquotes_excludes = excluded
