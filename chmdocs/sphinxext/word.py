"""``-f docx``: one Word document per document, as the PDFs are.

Each document is assembled like the PDF's (its toctree inlined, references
resolved, views rendered), written by :class:`~chmdocs.writers.word.WordWriter`,
and given what the PDF has around it: the cover, the running header with the
status mark, "page N / total" in the footer, the document's language and its
properties (title, author, subject, dates). Internal documents go to
``OUTDIR/private/docx/`` and have no cover.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders import Builder
from sphinx.locale import admonitionlabels
from sphinx.util.console import darkgreen  # type: ignore[attr-defined]
from sphinx.util.nodes import inline_all_toctrees

from chmdocs.core.language import region_tag
from chmdocs.core.publish import PRIVATE
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.documents import (
    configured_documents,
    cover_context,
    needs_contents,
    pdf_author,
)
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.metadata import (
    document_date,
    document_status,
    document_version,
    is_internal,
    short_title,
)
from chmdocs.sphinxext.privacy import left_out_of

if TYPE_CHECKING:
    from docx.document import Document

#: Internal documents, as Word documents.
PRIVATE_DOCX = f"{PRIVATE}/docx"


class DocxBuilder(Builder):
    """Writes ``<document>.docx`` for each of ``chmdocs_documents``."""

    name = "docx"
    format = "docx"
    epilog = "The Word documents are in %(outdir)s."
    supported_image_types = ["image/png", "image/jpeg", "image/gif"]
    # Each document is written in turn from the whole environment.
    allow_parallel = False

    def init(self) -> None:
        self.documents = configured_documents(self.config, self.srcdir)

    def get_outdated_docs(self) -> str:
        return "all documents"  # a few files, each assembled from many pages

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        # Everything is inside one document: a reference is its anchor alone.
        return ""

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass  # the documents are written whole, in write_documents

    def write_documents(self, docnames: AbstractSet[str]) -> None:
        from chmdocs.writers import ooxml

        for docname, name in self.documents:
            if docname not in self.env.found_docs:
                continue
            target = self.target(docname, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # an earlier build's file never passes for this one's
            document = self.document(docname)
            ooxml.save_reproducibly(document, target)

    def target(self, docname: str, name: str) -> Path:
        folder = Path(self.outdir)
        if is_internal(self.env, docname):
            folder = folder.parent / PRIVATE_DOCX
        return folder / f"{Path(name).name}.docx"

    def assemble(self, docname: str) -> nodes.document:
        tree = self.env.get_doctree(docname)
        # A public document never carries an internal one: as if already inlined.
        skipped = [docname, *sorted(left_out_of(self.env, docname))]
        whole = inline_all_toctrees(self, set(), docname, tree, darkgreen, skipped)
        whole["docname"] = docname
        self.env.resolve_references(whole, docname, self)
        return whole

    def document(self, docname: str) -> Document:
        # python-docx is loaded by the builds that write Word, not by every build.
        from chmdocs.writers import ooxml
        from chmdocs.writers.word import WordWriter, new_document

        language = region_tag(self.config.language)
        document = new_document(language)
        tree = self.assemble(docname)
        internal = is_internal(self.env, docname)
        if not internal:
            context = cover_context(self.env, docname, get_domain(self.env).model)
            write_cover(document, context, typographic=bool(self.config.smartquotes))
        main = next(iter(tree.findall(nodes.section)), None)
        if not internal and main is not None and needs_contents(main):
            contents = nodes.topic(classes=["contents"])
            contents += nodes.title("", str(_("Contents")))
            tree.insert(0, contents)
        writer = WordWriter(
            document,
            language,
            labels=admonitionlabels,
            find_image=self.find_image,
            warn=lambda message, node: warn(message, "docx", node),
        )
        writer.write(tree)
        self.decorate(document, docname, cover=not internal)
        self.describe(document, docname)
        ooxml.set_language_everywhere(document, language)
        return document

    def find_image(self, uri: str) -> Path | None:
        """An image of the sources (Sphinx copied nothing: read it in place)."""
        if "://" in uri or uri.startswith("data:"):
            return None
        path = (Path(self.srcdir) / uri).resolve()
        inside = path.is_relative_to(Path(self.srcdir).resolve())
        return path if inside and path.is_file() else None

    def decorate(self, document: Document, docname: str, *, cover: bool) -> None:
        """The running header with the status mark, and "page N / total"."""
        from docx.shared import RGBColor

        from chmdocs.writers import ooxml
        from chmdocs.writers.word import RED

        section = document.sections[0]
        section.different_first_page_header_footer = cover  # the cover stands alone
        workshop = get_domain(self.env).model
        title = self.env.titles.get(docname)
        running = " · ".join(
            p for p in (short_title(self.config, workshop), title.astext() if title else "") if p
        )
        header = section.header.paragraphs[0]
        header.style = document.styles["Header"]
        header.add_run(running)
        if document_status(self.env, docname) == "draft":
            header.add_run(" · ")
            mark = header.add_run(str(_("DRAFT")))
            mark.font.bold = True
            mark.font.color.rgb = RGBColor.from_string(RED)
        version = i18n.version_label(document_version(self.env, docname))
        if version:
            header.add_run(f" · {version}")
        footer = section.footer.paragraphs[0]
        footer.style = document.styles["Footer"]
        page = str(_("page"))
        footer.add_run(page + " ")
        ooxml.add_field(footer, "PAGE", "1")
        footer.add_run(" / ")
        ooxml.add_field(footer, "NUMPAGES", "1")

    def describe(self, document: Document, docname: str) -> None:
        """The file's properties, as the PDF's: a date the document states,
        never the build's (the same sources make the same document)."""
        workshop = get_domain(self.env).model
        day = document_date(self.env, docname) or workshop.end or workshop.start
        stamp = dt.datetime.combine(day or dt.date(2000, 1, 1), dt.time(), dt.UTC)
        title = self.env.titles.get(docname)
        properties = document.core_properties
        properties.title = title.astext() if title is not None else docname
        properties.author = properties.last_modified_by = pdf_author(self.config, workshop)
        properties.subject = workshop.title
        properties.language = region_tag(self.config.language)
        properties.created = properties.modified = stamp
        properties.revision = 1
        properties.comments = i18n.status_line(
            document_status(self.env, docname), document_version(self.env, docname)
        )
        properties.keywords = ""


def write_cover(document: Document, context: dict[str, Any], *, typographic: bool) -> None:
    """The cover page, as the PDF's: organizer, workshop, dates and place,
    then the document's title, status and date (its quotes and apostrophes
    typographic, as the text's)."""
    from docutils.utils.smartquotes import smartyPants
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    from chmdocs.writers.word import INK, RED

    def typeset(text: str) -> str:
        return smartyPants(text, "qDe", context["language"]) if typographic else text

    workshop = context["workshop"]
    paragraphs: Iterable[tuple[str, str, float]] = [
        (workshop.organizer or "", "Normal", 60),
        (workshop.title, "Title", 80),
        (", ".join(p for p in (context["dates"], context["place"]) if p), "Subtitle", 6),
        (context["document"]["title"], "Document Title", 110),
    ]
    for text, style, before in paragraphs:
        if not text:
            continue
        paragraph = document.add_paragraph(style=style)
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.add_run(typeset(text))
    status = context["document"]
    line = " | ".join(p for p in (status["status_label"], status["date"]) if p)
    if line:
        paragraph = document.add_paragraph(style="Subtitle")
        run = paragraph.add_run(line)
        run.font.color.rgb = RGBColor.from_string(RED if status["draft"] else INK)
        run.font.bold = bool(status["draft"])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
