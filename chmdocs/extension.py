"""The Sphinx extension: ``setup()`` is the one place that wires chmdocs."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from chmdocs import html, pdf, recheck, safe, views
from chmdocs._version import __version__
from chmdocs.checks import check_consistency
from chmdocs.directives import OBJECT_DIRECTIVES
from chmdocs.domain import LINKABLE_KINDS, ChmDomain, ChmXRefRole
from chmdocs.exports import EXPORTS
from chmdocs.exports.builder import ExportBuilder, no_smartquotes
from chmdocs.messages import CATALOG, LOCALE_DIR
from chmdocs.typography import FrenchSpacingForOthers, FrenchSpacingForPDF, LateSmartQuotes

ENV_VERSION = 1


def keep_unresolved(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """An unknown id in a chm role: keep the text the author wrote.

    The checks warned of it already, when the project was read.
    """
    return contnode if node.get("refdomain") == "chm" else None


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("chmdocs_documents", None, "env", types=frozenset({list, dict, tuple}))
    app.add_config_value("chmdocs_require_ids", False, "env", types=frozenset({bool}))
    app.add_config_value("chmdocs_note_lead_days", 7, "env", types=frozenset({int}))
    app.add_config_value("chmdocs_note_document", "synthesis-note", "env", types=frozenset({str}))
    # `chmdocs check` points out idle time between sessions longer than this.
    app.add_config_value("chmdocs_gap_minutes", 30, "env", types=frozenset({int}))
    # A Babel time pattern: "HH.mm" prints 09.00 as the Brussels programme does.
    app.add_config_value("chmdocs_time_format", "HH:mm", "env", types=frozenset({str}))
    # Which files the export builder writes (the CLI's -f sets it).
    app.add_config_value("chmdocs_exports", list(EXPORTS), "", types=frozenset({list}))
    app.add_builder(ExportBuilder)
    app.connect("config-inited", no_smartquotes)

    app.add_domain(ChmDomain)
    for name, directive in OBJECT_DIRECTIVES.items():
        app.add_directive_to_domain("chm", name, directive)
        app.add_directive(name, directive)  # the unprefixed alias
    for kind in LINKABLE_KINDS:
        app.add_role(kind, ChmXRefRole(innernodeclass=nodes.inline))

    app.add_post_transform(LateSmartQuotes)
    app.add_post_transform(FrenchSpacingForPDF)
    app.add_post_transform(FrenchSpacingForOthers)
    # Every build, not only those that read a document: see chmdocs.recheck.
    app.connect("env-updated", check_consistency, priority=600)
    app.connect("missing-reference", keep_unresolved)

    app.add_message_catalog(CATALOG, str(LOCALE_DIR))

    views.setup(app)
    html.setup(app)
    pdf.setup(app)
    safe.setup(app)
    recheck.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
