"""rst2pdf's and ReportLab's layout, as chmdocs changes it for a PDF build.

rst2pdf makes its document template, its tables and its style sheets
itself, with no way to hand it more: chmdocs' PDF builder installs these
changes when a PDF build starts (an HTML build in the same process sees
rst2pdf and ReportLab as they are). The document being written reaches the
template through :data:`WRITING`.

- :func:`install_metadata`: the PDF's metadata and date, the draft mark,
  headings kept with what follows, two layout passes for "page 2 / 3";
- :func:`install_table_splits`: a split table leaves two rows on a page;
- :func:`install_charts`: chmdocs' charts drawn as vector pictures;
- :func:`install_style_cache`: each style sheet parsed once, with libyaml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.environment import BuildEnvironment

from chmdocs._version import __version__
from chmdocs.sphinxext import pdfstyle
from chmdocs.sphinxext.documents import pdf_author
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.metadata import document_date, document_status


@dataclasses.dataclass(frozen=True)
class PdfMetadata:
    """What a PDF says of itself (its document information and catalog):
    read by PDF readers, search engines and screen readers."""

    title: str
    author: str
    subject: str
    lang: str
    date: dt.date
    creator: str = f"chmdocs {__version__}"
    #: The mark laid under every page of a draft ("" for a final document).
    watermark: str = ""

    @classmethod
    def of(cls, env: BuildEnvironment, docname: str) -> PdfMetadata:
        workshop = get_domain(env).model
        # Reproducible: a date the document states, never the build's.
        day = document_date(env, docname) or workshop.end or workshop.start or dt.date(2000, 1, 1)
        lang = str(env.config.language or "en").replace("_", "-")
        heading = env.titles.get(docname)
        title = heading.astext() if heading is not None else docname
        author = pdf_author(env.config, workshop)
        mark = ""
        if document_status(env, docname) == "draft":
            mark = str(_("DRAFT"))
        lang = "en-GB" if lang == "en" else lang
        return cls(title, author, workshop.title, lang, day, watermark=mark)


#: The document rst2pdf is writing, set by the PDF builder per document:
#: rst2pdf makes its document template itself, with no way to hand it more.
WRITING: ContextVar[PdfMetadata | None] = ContextVar("chmdocs_pdf_writing", default=None)


def counts_pages(client: Any) -> bool:
    """Whether the document rst2pdf lays out prints its page count ("page 2
    / 3" in chmdocs' footer): its header or footer says "###Total###"."""
    doctree = getattr(client, "doctree", None)
    if doctree is None:
        return False
    return any("###Total###" in node.astext() for node in doctree.findall(nodes.decoration))


def install_metadata() -> None:
    """rst2pdf's document template, filling the metadata ReportLab can write
    (subject, creator, /Lang) and dating the PDF with the document's date."""
    from reportlab.pdfbase import pdfdoc
    from rst2pdf import createpdf

    if getattr(createpdf.FancyDocTemplate, "chmdocs", False):
        return

    class DocumentDate(pdfdoc.PDFObject):  # type: ignore[misc]
        """The creation and modification dates: the document's own."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.dateFormatter = kwargs.get("dateFormatter")

        def format(self, doc: Any) -> bytes:
            metadata = WRITING.get()
            day = metadata.date if metadata else dt.date(2000, 1, 1)
            stamp = f"D:{day:%Y%m%d}000000+00'00'"
            return bytes(pdfdoc.format(pdfdoc.PDFString(stamp), doc))

    class ChmDocTemplate(createpdf.FancyDocTemplate):  # type: ignore[misc]
        chmdocs = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            metadata = WRITING.get()
            if metadata is not None:
                kwargs.update(
                    title=metadata.title,
                    author=metadata.author,
                    subject=metadata.subject,
                    creator=metadata.creator,
                    lang=metadata.lang,
                )
                kwargs["producer"] = metadata.creator
            super().__init__(*args, **kwargs)
            # After rst2pdf's own date patch (its "invariant" 1 January 2000).
            pdfdoc.PDFDate = DocumentDate

        def beforePage(self) -> None:  # noqa: N802
            # A draft's watermark, under what the page holds: drawn here, not
            # as rst2pdf's page background, which decodes its image again on
            # each page (20 s of a 365-page build).
            metadata = WRITING.get()
            if metadata is not None and metadata.watermark:
                pdfstyle.draw_watermark(self.canv, metadata.watermark)
            super().beforePage()

        def multiBuild(self, story: list[Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N802
            # ReportLab marks the flowables it kept together as done
            # (keepWithNext = 0) and undoes it between its own passes but not
            # after the last; rst2pdf builds the same story again for its page
            # totals, where a heading would then end a page alone. Each build
            # starts from what the styles say.
            for flowable in story:
                keeps = getattr(getattr(flowable, "style", None), "keepWithNext", 0)
                if keeps and flowable.__dict__.get("keepWithNext") == 0:
                    flowable.__dict__["keepWithNext"] = keeps
            if not counts_pages(self.client):
                return super().multiBuild(story, *args, **kwargs)
            # "page 2 / 3": rst2pdf learns that pages are counted in a whole
            # first layout (its own passes, for the contents), then lays the
            # document out twice more. Here the first pass counts them, and
            # one more pass, the last, prints the count.
            if not (story and isinstance(story[-1], createpdf.UnhappyOnce)):
                # First in the story, it is asked first and so in the first
                # pass (ReportLab stops asking at the first unsatisfied one);
                # the one at the end, satisfied, tells rst2pdf that its passes
                # for the count are done.
                story.insert(0, createpdf.UnhappyOnce())
                story.append(createpdf.UnhappyOnce())
                story[-1]._unhappy = False
                self.client.mustMultiBuild = True
            self.chmdocs_pages: list[int] = []
            passes = super().multiBuild(story, *args, **kwargs)
            # A pass that laid out more or fewer pages than the one before
            # printed a wrong count: one more, with the count it found.
            while passes < 10 and self.chmdocs_pages[-1] != max(self.chmdocs_pages[:-1] or [0]):
                story[-1]._unhappy = False
                self.chmdocs_pages = [self.chmdocs_pages[-1]]
                passes += super().multiBuild(story, *args, **kwargs)
            return passes

        def build(self, *args: Any, **kwargs: Any) -> Any:
            found = super().build(*args, **kwargs)
            self.chmdocs_pages.append(self.page)
            return found

    createpdf.FancyDocTemplate = ChmDocTemplate


#: Rows taller than this (points, about a third of an A4 page's text) are
#: enough on a page by themselves: a table starting with two of them would
#: otherwise leave the page, and its heading alone on it.
TALL_ROWS = 250


def install_table_splits() -> None:
    """A table split across pages leaves at least two of its rows on each page
    (a page never holds a table's heading alone, nor only its total row);
    one row suffices when the first two are tall together."""
    from rst2pdf import flowables

    if getattr(flowables.DelayedTable, "chmdocs", False):
        return
    wrap = flowables.DelayedTable.wrap

    def wrap_keeping_rows(self: Any, width: float, height: float) -> Any:
        size = wrap(self, width, height)
        header = self.repeatrows if isinstance(self.repeatrows, int) else 0
        if len(self.data) >= header + 4:
            heights = getattr(self.t, "_rowHeights", None) or []
            first = 2 if sum(heights[header : header + 2]) <= TALL_ROWS else 1
            # ReportLab's own rule: split after the (header + first)th row at
            # the earliest, and two rows before the end at the latest.
            self.t._rowSplitRange = (header + first, len(self.data) - 2)
        return size

    flowables.DelayedTable.wrap = wrap_keeping_rows
    flowables.DelayedTable.chmdocs = True


def install_charts() -> None:
    """rst2pdf draws chmdocs' charts (``chm_chart``) as vector pictures."""
    from rst2pdf.basenodehandler import NodeHandler

    from chmdocs.sphinxext import charts
    from chmdocs.sphinxext.views.reporting import chm_chart

    if chm_chart in NodeHandler.dispatchdict:
        return

    class HandleChart(NodeHandler, chm_chart):  # type: ignore[misc]
        def gather_elements(self, client: Any, node: chm_chart, style: Any) -> list[Any]:
            return [charts.draw(node["chart"])]


def install_style_cache() -> None:
    """Each style sheet file read once per process while it is unchanged,
    with libyaml's parser where PyYAML has it: rst2pdf parses every sheet
    again for every document, in pure Python (a tenth of the seed's PDF
    build for its four documents, then still 0.1 s). Each document gets its
    own copy of what was read; a sheet libyaml cannot read is left to
    rst2pdf, which says what is wrong with it."""
    import copy

    import yaml
    from rst2pdf import styles

    if getattr(styles.StyleSheet.readStyle, "chmdocs", False):
        return
    read_style = styles.StyleSheet.readStyle
    parsed: dict[tuple[str, int, int], Any] = {}
    fast_loader = getattr(yaml, "CSafeLoader", None)

    def read_once(self: Any, ssname: Any) -> Any:
        found = None if callable(ssname) else self.findStyle(ssname)
        if not found or not str(found).endswith((".yaml", ".yml", ".json")):
            return read_style(self, ssname)
        try:
            state = Path(found).stat()
        except OSError:
            return read_style(self, ssname)
        key = (str(found), state.st_size, state.st_mtime_ns)
        if key not in parsed:
            try:
                if fast_loader is None:
                    raise LookupError("no libyaml")
                text = Path(found).read_text(encoding="utf-8")
                parsed[key] = yaml.load(text, Loader=fast_loader)  # libyaml's safe loader
            except (OSError, UnicodeError, LookupError, yaml.YAMLError):
                parsed[key] = read_style(self, ssname)
        if self.record_dependencies:
            self.record_dependencies.add(found)
        return copy.deepcopy(parsed[key])

    read_once.chmdocs = True  # type: ignore[attr-defined]
    styles.StyleSheet.readStyle = read_once
