"""Reference pages drawn from chmdocs' own declarations, so they cannot drift."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from chmdocs.sphinxext.diagnostics import SUBTYPES


class DiagnosticsTable(SphinxDirective):
    """Every warning subtype chmdocs reports, with what it means."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.definition_list()
        for subtype, meaning in SUBTYPES.items():
            term = nodes.term("", "", nodes.literal(f"chmdocs.{subtype}", f"chmdocs.{subtype}"))
            body = nodes.definition("", nodes.paragraph(meaning, meaning))
            listing += nodes.definition_list_item("", term, body)
        return [listing]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("chmdocs-diagnostics", DiagnosticsTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
