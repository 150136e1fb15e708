"""The Sphinx extension: ``setup()`` is the one place that wires chmdocs."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from chmdocs._version import __version__
from chmdocs.core.messages import CATALOG, LOCALE_DIR
from chmdocs.sphinxext import (
    config,
    depth,
    encoding,
    html,
    imports,
    indexes,
    languages,
    privacy,
    recheck,
    safe,
    site,
    views,
)
from chmdocs.sphinxext.checks import check_consistency, note_outdated, note_reading
from chmdocs.sphinxext.collect import CollectObjects
from chmdocs.sphinxext.directives import OBJECT_DIRECTIVES
from chmdocs.sphinxext.domain import LINKABLE_KINDS, ChmDomain, ChmXRefRole
from chmdocs.sphinxext.export_builder import ExportBuilder, no_smartquotes
from chmdocs.sphinxext.objects import ObjectRenderer
from chmdocs.sphinxext.typography import (
    TypographyForOthers,
    TypographyForPDF,
)
from chmdocs.sphinxext.word import DocxBuilder

ENV_VERSION = 2  # 2: the modules moved into layer folders (pickled nodes renamed)


def keep_unresolved(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    """An unknown id in a chm role: keep the text the author wrote.

    The checks warned of it already, when the project was read.
    """
    return contnode if node.get("refdomain") == "chm" else None


def setup(app: Sphinx) -> dict[str, Any]:
    config.register(app)
    app.add_builder(ExportBuilder)
    app.add_builder(DocxBuilder)
    app.connect("config-inited", no_smartquotes)

    app.add_domain(ChmDomain)
    for name, directive in OBJECT_DIRECTIVES.items():
        app.add_directive_to_domain("chm", name, directive)
        app.add_directive(name, directive)  # the unprefixed alias
    for kind in LINKABLE_KINDS:
        app.add_role(kind, ChmXRefRole(innernodeclass=nodes.inline))

    app.add_transform(CollectObjects)
    app.add_post_transform(ObjectRenderer)
    app.add_post_transform(TypographyForPDF)
    app.add_post_transform(TypographyForOthers)
    # Every build, not only those that read a document: see chmdocs.recheck.
    app.connect("env-updated", check_consistency, priority=600)
    app.connect("env-get-outdated", note_outdated)
    app.connect("env-before-read-docs", note_reading)
    app.connect("missing-reference", keep_unresolved)

    app.add_message_catalog(CATALOG, str(LOCALE_DIR))

    views.setup(app)
    html.setup(app)
    indexes.setup(app)
    # The PDF builder, rst2pdf and ReportLab load when a PDF is built (the
    # "pdf" builder's entry point, chmdocs.sphinxext.pdf), not for every
    # build; at once when the project names rst2pdf's extension itself.
    if "rst2pdf.pdfbuilder" in app.config.extensions:
        app.setup_extension("chmdocs.sphinxext.pdf")
    privacy.setup(app)
    imports.setup(app)
    languages.setup(app)
    site.setup(app)
    safe.setup(app)
    recheck.setup(app)
    encoding.setup(app)
    depth.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
