"""A site that can be copied to a web server as it is.

When HTML and PDF are built together (``chmdocs build``, the default), each
document's page links to its PDF, the agenda's to ``agenda.ics``, and the
home page lists every document and export; :func:`copy_into_site` puts
those files inside the HTML output (``html/pdf/…``, ``html/agenda.ics``…).
Internal documents (``:audience: internal``) are never among them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from chmdocs.core.exports import EXPORTS
from chmdocs.core.language import colon
from chmdocs.core.messages import N_
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.metadata import is_internal

#: Where the PDFs go inside the HTML output.
PDF_FOLDER = "pdf"
#: The documents' own formats a site offers: (folder in the HTML output,
#: the link on a document's page, the name in the home page's list).
DOCUMENT_FORMATS = {
    "pdf": (PDF_FOLDER, N_("Download the PDF"), "PDF"),
    "docx": ("docx", N_("Download for Word"), "Word"),
}
#: Each export a site offers, and how it is described to a reader.
EXPORT_LABELS = {fmt: export.label for fmt, export in EXPORTS.items()}


def site_pdfs(app_config: Any, srcdir: str | os.PathLike[str], env: Any) -> list[tuple[str, str]]:
    """(docname, PDF file name) of each public document with a PDF."""
    from chmdocs.sphinxext.documents import configured_documents

    return [
        (doc, Path(pdf).name)
        for doc, pdf in configured_documents(app_config, srcdir)
        if doc in env.found_docs and not is_internal(env, doc)
    ]


def export_files(fmt: str) -> list[str]:
    from chmdocs.core.exports import EXPORTS

    return EXPORTS[fmt].filenames


def target_uri(docname: str, builder: str) -> str:
    """A page's address in the site, as the HTML builders write it."""
    if builder == "dirhtml":
        return "" if docname == "index" else f"{docname.removesuffix('/index')}/"
    return f"{docname}.html"


class SiteLinks(SphinxPostTransform):
    """The download links of a page, under its title."""

    builders = ("html", "dirhtml")
    default_priority = 880

    def run(self, **kwargs: Any) -> None:
        model = get_domain(self.env).model
        offered = [
            fmt
            for fmt in self.config.chmdocs_site_files
            if fmt not in EXPORTS or EXPORTS[fmt].applies(model)
        ]
        if not offered:
            return
        docname = self.env.docname
        here = target_uri(docname, self.env._builder_cls.name)
        links = nodes.paragraph(classes=["chm-downloads"])

        def add(target: str, label: str) -> None:
            if links.children:
                links.append(nodes.Text(" · "))
            uri = relative_uri(here, target)
            links.append(nodes.reference(label, label, refuri=uri, classes=["chm-download"]))

        for fmt, (folder, label, _kind) in DOCUMENT_FORMATS.items():
            if fmt not in offered:
                continue
            for doc, name in site_pdfs(self.config, self.env.srcdir, self.env):
                if doc == docname:
                    add(f"{folder}/{name}.{fmt}", str(_(label)))
        from chmdocs.sphinxext.views import page_holds

        holds_agenda = page_holds(get_domain(self.env), docname, "offers_calendar")
        if "ics" in offered and holds_agenda:
            add("agenda.ics", str(_("Add to my calendar")))
        section = next(iter(self.document.findall(nodes.section)), None)
        if links.children and section is not None:
            section.insert(1, links)
        if docname == self.config.root_doc and section is not None:
            section += self.listing(here, offered)

    def listing(self, here: str, offered: list[str]) -> nodes.section:
        """The home page's list of documents and exports."""
        title = str(_("Documents and data"))
        part = nodes.section(ids=["chm-site-files"])
        part += nodes.title(title, title)
        items = nodes.bullet_list(classes=["chm-site-files"])
        documents = site_pdfs(self.config, self.env.srcdir, self.env)
        for doc, file_name in documents:
            heading = self.env.titles.get(doc)
            name = heading.astext() if heading is not None else doc
            # "Document final (PDF, Word)", each format its link.
            links = [
                nodes.reference(
                    kind, kind, refuri=relative_uri(here, f"{folder}/{file_name}.{fmt}")
                )
                for fmt, (folder, _label, kind) in DOCUMENT_FORMATS.items()
                if fmt in offered
            ]
            if not links:
                continue
            line = nodes.paragraph("", f"{name} (")
            for number, link in enumerate(links):
                line += [nodes.Text(", "), link] if number else [link]
            line += nodes.Text(")")
            items += nodes.list_item("", line)
        for fmt, description in EXPORT_LABELS.items():
            if fmt not in offered:
                continue
            text = str(_(description))
            line = nodes.paragraph(
                "", f"{text[:1].upper()}{text[1:]}{colon(self.config.language)} "
            )
            for number, name in enumerate(export_files(fmt)):
                if number:
                    line += nodes.Text(", ")
                line += nodes.reference(name, name, refuri=relative_uri(here, name))
            items += nodes.list_item("", line)
        part += items
        return part


def copy_into_site(staging: Path, formats: list[str]) -> None:
    """The PDFs and exports of this build, into its HTML output."""
    html = staging / "html"
    if not html.is_dir():
        return
    for fmt, (folder, _label, _kind) in DOCUMENT_FORMATS.items():
        if fmt not in formats:
            continue
        target = html / folder
        if target.exists():
            shutil.rmtree(target)
        target.mkdir()
        for document in sorted((staging / fmt).glob(f"*.{fmt}")):
            shutil.copy2(document, target / document.name)
    for fmt in formats:
        if fmt in DOCUMENT_FORMATS:
            continue
        for name in export_files(fmt):
            if (staging / name).is_file():
                shutil.copy2(staging / name, html / name)


def setup(app: Sphinx) -> None:
    app.add_post_transform(SiteLinks)
