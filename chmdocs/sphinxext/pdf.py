"""One PDF per document, through rst2pdf.

``chmdocs_documents`` says which documents there are; from it chmdocs fills
rst2pdf's ``pdf_documents`` and settings (style sheets, fonts, no blank
pages, heading rows repeated). A pdf-only post-transform gives each document
its cover page (a Jinja2 template producing reStructuredText), contents,
page header and "page N / total" footer. rst2pdf reports a failure by
leaving an empty file and carrying on: chmdocs turns that into an error.

The builder lays the PDFs out side by side with ``-j N``, and copies an
earlier build's layout of a document that did not change
(:mod:`chmdocs.sphinxext.pdfcache`). What chmdocs changes in rst2pdf's and
ReportLab's layout is in :mod:`chmdocs.sphinxext.pdflayout`, its style
sheets and draft mark in :mod:`chmdocs.sphinxext.pdfstyle`.
"""

from __future__ import annotations

import gc
import html
import importlib.util
import logging
import re
import traceback
from pathlib import Path
from typing import Any

import docutils.core
import reportlab
from docutils import nodes
from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs._version import __version__
from chmdocs.core.errors import BuildError
from chmdocs.core.escape import rst_escape
from chmdocs.core.model import Workshop
from chmdocs.core.publish import PRIVATE_PDF, pdf_problem
from chmdocs.sphinxext import i18n, pdfcache, pdfstyle
from chmdocs.sphinxext.config import setting_line
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
    document_status,
    document_version,
    is_internal,
    short_title,
)
from chmdocs.sphinxext.pdflayout import (
    WRITING,
    PdfMetadata,
    install_charts,
    install_metadata,
    install_style_cache,
    install_table_splits,
)
from chmdocs.sphinxext.privacy import left_out_of, without_documents
from chmdocs.sphinxext.safe import trusted_markup
from chmdocs.writers.outline import sections_in

PACKAGE_DIR = Path(__file__).parents[1]  # the package: its styles/ and templates/
STYLE_DIR = PACKAGE_DIR / "styles"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
REPORTLAB_FONTS = Path(reportlab.__file__).parent / "fonts"
COVER_TEMPLATE = "chmdocs-cover.rst.jinja"


class PdfBuildError(SphinxError, BuildError):
    category = "PDF build error"


def configure_rst2pdf(app: Sphinx, config: Config) -> None:
    """Fill rst2pdf's settings from chmdocs' own (``config-inited``)."""
    documents = configured_documents(config, app.srcdir)
    options = {
        # chmdocs writes its own cover and contents (see DocumentDecorator).
        "pdf_use_coverpage": False,
        "pdf_use_toc": False,
        "pdf_use_index": False,
        "pdf_domain_indices": False,
    }
    config.pdf_documents = [(doc, pdf, "", "", dict(options)) for doc, pdf in documents]
    stylesheets = [s for s in config.pdf_stylesheets if s != "sphinx"]
    if "chmdocs" not in stylesheets:
        stylesheets.insert(0, "chmdocs")
    config.pdf_stylesheets = stylesheets
    # Absolute, so the cover can be found from a post-transform (no app there).
    project_templates = [str(Path(app.confdir) / p) for p in config.templates_path]
    config.chmdocs_template_dirs = project_templates
    # Relative style paths are the project's: relative to conf.py, not to
    # wherever the command was run from.
    config.pdf_style_path = [
        *(str(Path(app.confdir) / p) for p in (config.pdf_style_path or [])),
        *project_templates,
        str(STYLE_DIR),
    ]
    config.pdf_font_path = [*(config.pdf_font_path or []), str(REPORTLAB_FONTS)]
    config.pdf_breakside = "any"  # no blank pages before chapters
    config.pdf_repeat_table_rows = True
    config.pdf_invariant = True  # reproducible files: no build date inside
    config.pdf_language = (config.language or "en").replace("-", "_")


def cover_environment(folders: list[str]) -> SandboxedEnvironment:
    """Jinja2, sandboxed, finding templates in ``folders`` in turn."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["rst"] = rst_escape
    return env


def render_cover(env: BuildEnvironment, docname: str, workshop: Workshop) -> list[nodes.Node]:
    """The cover: the project's template (``templates_path``) or chmdocs' own.

    A project template that fails is a warning at its file and line, and
    chmdocs' own cover stands in.
    """
    context = cover_context(env, docname, workshop)
    folders = [*env.config.chmdocs_template_dirs, str(TEMPLATE_DIR)]
    try:
        source = cover_environment(folders).get_template(COVER_TEMPLATE).render(context)
    except TemplateError as error:
        warn(
            f"the cover template failed ({' '.join(str(error).split())}); "
            "chmdocs' own cover is used",
            "pdf",
            template_location(error),
        )
        own = cover_environment([str(TEMPLATE_DIR)]).get_template(COVER_TEMPLATE)
        source = own.render(context)
    with trusted_markup():  # chmdocs' own page layout, even in a --safe build
        tree = publish_cover(source, env)
    return list(tree.children)


def template_location(error: TemplateError) -> str | None:
    """``path:line`` in the template where ``error`` arose."""
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return f"{error.filename}:{error.lineno}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".jinja")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


def publish_cover(source: str, env: BuildEnvironment) -> nodes.document:
    return docutils.core.publish_doctree(
        source,
        settings_overrides={
            "report_level": 5,
            "halt_level": 5,
            "file_insertion_enabled": False,
            "raw_enabled": True,  # the template's own page layout (raw:: pdf)
            "smart_quotes": bool(env.config.smartquotes),
            "language_code": str(env.config.language or "en"),
        },
    )


#: A contents page helps a reader from so many headings (two levels deep)
#: and so many pages on; below either, it is a near-empty page to turn
#: (``pdf_use_toc = False`` in conf.py: never).
class DocumentDecorator(SphinxPostTransform):
    """Cover, contents, header and footer of each PDF document."""

    builders = ("pdf",)
    default_priority = 700  # before the typography (800) sees the cover

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        pdf_docs = {doc for doc, *_rest in self.config.pdf_documents}
        if docname not in pdf_docs:
            return
        workshop = get_domain(self.env).model
        if is_internal(self.env, docname):
            # A working paper (the attendance sheet): no cover.
            self.decorate(docname, workshop)
            return
        front: list[nodes.Node] = [*render_cover(self.env, docname, workshop)]
        main = next(iter(self.document.findall(nodes.section)), None)
        wanted = self.config.pdf_use_toc is not False
        if wanted and main is not None and needs_contents(main):
            front += [self.contents(main), nodes.raw("", "PageBreak", format="pdf")]
        self.document[0:0] = front
        self.decorate(docname, workshop)

    def contents(self, main: nodes.section) -> nodes.topic:
        """A table of contents of the document's sections, two levels deep.

        rst2pdf turns a "contents" topic holding a list of references to
        sections into its table of contents, with page numbers.
        """

        def entries(section: nodes.Element, depth: int) -> nodes.bullet_list:
            listing = nodes.bullet_list()
            for sub in sections_in(section):
                title = sub[0].astext() if sub.children else ""
                item = nodes.list_item(
                    "", nodes.paragraph("", "", nodes.reference(title, title, refid=sub["ids"][0]))
                )
                if depth > 1 and sections_in(sub):
                    item += entries(sub, depth - 1)
                listing += item
            return listing

        topic = nodes.topic(classes=["contents"], ids=["chm-contents"])
        topic += nodes.title("", str(_("Contents")))
        topic += entries(main, 2)
        return topic

    def decorate(self, docname: str, workshop: Workshop) -> None:
        title_node = self.env.titles.get(docname)
        running = short_title(self.config, workshop)
        header_text = " · ".join(
            p for p in (running, title_node.astext() if title_node else "") if p
        )
        header = nodes.paragraph(classes=["chm-running-header"])
        header += nodes.Text(header_text)
        status = document_status(self.env, docname)
        version = i18n.version_label(document_version(self.env, docname))
        if status == "draft":
            header += nodes.Text(" · ")
            header += nodes.strong("", str(_("DRAFT")))
        if version:
            header += nodes.Text(f" · {version}")
        page = str(_("page"))
        footer = nodes.paragraph("", f"{page} ###Page### / ###Total###")
        decoration = self.document.get_decoration()
        decoration.get_header().append(header)
        decoration.get_footer().append(footer)


#: Characters of one paragraph ReportLab lays out at a reasonable cost: its
#: line breaking is quadratic in a paragraph's length, and 200,000 words in
#: one paragraph would never finish. A longer paragraph is printed as
#: several, cut between sentences (about a page each).
LONGEST_PARAGRAPH = 4000
_SENTENCE_END = re.compile(r"(?<=[.!?…;:])\s+")


class SplitLongParagraphs(SphinxPostTransform):
    """A paragraph longer than :data:`LONGEST_PARAGRAPH` characters, printed
    as several paragraphs cut between sentences (else between words)."""

    builders = ("pdf",)
    default_priority = 690

    def run(self, **kwargs: Any) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if len(paragraph.astext()) > LONGEST_PARAGRAPH:
                paragraph.replace_self(split_paragraph(paragraph))


def split_paragraph(paragraph: nodes.paragraph) -> list[nodes.paragraph]:
    """``paragraph`` as paragraphs of at most about LONGEST_PARAGRAPH characters,
    cut inside its text nodes only (inline markup stays whole)."""
    pieces: list[nodes.Node] = []
    for child in paragraph.children:
        if isinstance(child, nodes.Text) and len(child) > LONGEST_PARAGRAPH // 2:
            pieces += [nodes.Text(part) for part in cut_text(str(child))]
        else:
            pieces.append(child.deepcopy() if isinstance(child, nodes.Element) else child)
    parts: list[nodes.paragraph] = []
    current = paragraph.copy()
    length = 0
    for piece in pieces:
        size = len(piece.astext())
        if length and length + size > LONGEST_PARAGRAPH and isinstance(piece, nodes.Text):
            parts.append(current)
            current, length = paragraph.copy(), 0
            piece = nodes.Text(str(piece).lstrip())
        current += piece
        length += size
    parts.append(current)
    for later in parts[1:]:
        later["ids"] = []
    return parts


def cut_text(text: str) -> list[str]:
    """``text`` in pieces of about half the longest paragraph, ending at a
    sentence's end where there is one, else at a space."""
    limit = LONGEST_PARAGRAPH // 2
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > limit // 4 else (window.rfind(" ") + 1 or limit)
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


#: rst2pdf messages chmdocs reports itself, at the line (see MathWithoutMatplotlib).
_REPORTED_ELSEWHERE = ("Math support not available",)
_NEAR = re.compile(r"near line (\d+|UNKNOWN) in file (.+?)(?:$|\s)")


class MathWithoutMatplotlib(SphinxPostTransform):
    """rst2pdf typesets math with matplotlib; without it, each formula is
    printed as its source: say so at the formula's line."""

    builders = ("pdf",)
    default_priority = 880

    def run(self, **kwargs: Any) -> None:
        if importlib.util.find_spec("matplotlib") is not None:
            return
        for node in self.document.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)):
            warn(
                "rst2pdf cannot typeset this formula without matplotlib (pip install "
                "matplotlib); the PDF shows its source text",
                "pdf",
                node,
            )


class KeepTermsWithDefinitions(SphinxPostTransform):
    """A definition list's term never ends a page alone.

    rst2pdf sets each definition in a split table, which defeats the term's
    ``keepWithNext``; a definition made of paragraphs is set as indented
    paragraphs instead, which keep with their term.
    """

    builders = ("pdf",)
    default_priority = 870

    def run(self, **kwargs: Any) -> None:
        for listing in list(self.document.findall(nodes.definition_list)):
            items = [i for i in listing.children if isinstance(i, nodes.definition_list_item)]
            simple = all(
                len(item.children) == 2
                and isinstance(item[0], nodes.term)
                and isinstance(item[1], nodes.definition)
                and all(isinstance(c, nodes.paragraph) for c in item[1].children)
                for item in items
            )
            if not items or not simple:
                continue
            flat: list[nodes.Node] = []
            for item in items:
                term, definition = item.children
                assert isinstance(term, nodes.term) and isinstance(definition, nodes.definition)
                flat.append(
                    nodes.paragraph("", "", *term.children, ids=term["ids"], classes=["chm-term"])
                )
                for paragraph in definition.children:
                    assert isinstance(paragraph, nodes.paragraph)
                    paragraph["classes"] = [*paragraph["classes"], "chm-definition"]
                    flat.append(paragraph)
            listing.replace_self(flat)


class EscapeLinkTargets(SphinxPostTransform):
    """Link targets made safe for ReportLab's paragraph markup.

    rst2pdf writes a link's address into ``<a href="…">`` (and, for inline
    links, as text) without escaping it: an address holding ``"/><img
    src=…>`` would become markup, embedding a file or fetching a URL. Its
    address is escaped as markup here; ReportLab reads the entities back.
    """

    builders = ("pdf",)
    default_priority = 880

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            uri = reference.get("refuri")
            if uri:
                reference["refuri"] = html.escape(" ".join(uri.split()), quote=True)


class Rst2pdfLog(logging.Filter):
    """rst2pdf's own log, turned into chmdocs warnings (``-W`` fails on them).

    As a filter on rst2pdf's logger it sees each record before rst2pdf's
    handler prints it: the author gets one warning, at the file and line
    rst2pdf names ("near line 12 in file …") or at the document being
    written, and no traceback. Errors are kept to fail the build.
    """

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.docname = ""
        self.confdir = ""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        message = " ".join(record.getMessage().split())
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {' '.join(str(record.exc_info[1]).split())}"
        if message.startswith(_REPORTED_ELSEWHERE):
            return False
        found = _NEAR.search(message)
        location: Any = (self.docname, 0) if self.docname else None
        if message.startswith("Can't find stylesheet") and self.confdir:
            conf_py = Path(self.confdir, "conf.py")
            location = f"{conf_py}:{setting_line(conf_py, 'pdf_stylesheets')}"
        if found and found.group(1).isdigit():
            location = f"{found.group(2)}:{found.group(1)}"
            message = _NEAR.sub("", message).strip().rstrip(",;:")
        if record.exc_info:  # rst2pdf gave up on a document
            self.errors.append(message)
        warn(f"rst2pdf: {message}", "pdf", location)
        return False


_rst2pdf_log = Rst2pdfLog()


def watch_rst2pdf(app: Sphinx) -> None:
    if app.builder.name == "pdf":
        _rst2pdf_log.errors.clear()
        _rst2pdf_log.confdir = str(app.confdir or "")
        logging.getLogger("rst2pdf").addFilter(_rst2pdf_log)


def check_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """Fail the build for any PDF that is not whole (``build-finished``).

    rst2pdf reports a failure by logging it and carrying on, leaving an empty
    or truncated file: every PDF this build wrote is read back (header,
    trailer, page count), and any rst2pdf error fails the build. The staging
    tree is published only after a build that succeeded (:mod:`chmdocs.publish`).
    """
    if app.builder.name != "pdf":
        return
    logging.getLogger("rst2pdf").removeFilter(_rst2pdf_log)
    if exception is not None:
        return
    failed = []
    for docname, pdfname, *_rest in app.config.pdf_documents:
        if docname not in app.env.found_docs:
            continue
        written = Path(app.outdir) / f"{pdfname}.pdf"
        if written.exists() and written.stat().st_size:
            keep_last_pass(written)
        problem = pdf_problem(written) if written.exists() else "it was not written"
        if problem:
            failed.append(f"{written.name} ({problem})")
    if failed or _rst2pdf_log.errors:
        pdfcache.clear_pending(app.doctreedir)
        reasons = "; ".join(dict.fromkeys(_rst2pdf_log.errors[-3:])) or "no reason given by rst2pdf"
        what = ", ".join(failed) or "the PDFs"
        raise PdfBuildError(f"rst2pdf failed to write {what}: {reasons}")
    # Every PDF is whole: the new layouts are kept for the next build.
    for docname, pdfname, *_rest in app.config.pdf_documents:
        if docname in app.env.found_docs:
            written = Path(app.outdir) / f"{pdfname}.pdf"
            if not pdfcache.keep_laid_out(app.doctreedir, pdfname, written):
                pdfcache.date_as_kept(app.doctreedir, pdfname, written)
    pdfcache.clear_pending(app.doctreedir)


_PASS_BOUNDARY = b"%%EOF\n%PDF-"


def keep_last_pass(path: Path) -> None:
    """Keep only the last PDF in ``path``.

    When "###Total###" asks for a second layout pass, rst2pdf's Sphinx
    builder writes both passes into one buffer: the file then holds two PDFs
    back to back, the first with wrong page totals, and readers complain of
    a broken cross-reference table.
    """
    data = path.read_bytes()
    boundary = data.rfind(_PASS_BOUNDARY)
    if boundary < 0:
        return
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data[boundary + len(b"%%EOF\n") :])
    partial.replace(path)


def prepare_documents(env: BuildEnvironment) -> None:
    """Per-document settings known once the sources are read.

    Each PDF gets its title and author (the PDF's metadata), the style sheet
    hyphenating in the project's language (a draft's watermark is drawn by
    the document template: see ``PdfMetadata.watermark``).
    """
    config = env.config
    folder = Path(env.doctreedir) / "chmdocs-pdf"
    sheets = [*config.pdf_stylesheets, str(pdfstyle.language_sheet(folder, config.language))]
    documents = []
    for docname, pdfname, title, author, options in config.pdf_documents:
        if is_internal(env, docname):
            # Written to OUTDIR/private/pdf/ and nowhere else (see chmdocs.publish).
            pdfname = f"../{PRIVATE_PDF}/{Path(pdfname).name}"
            own = [*sheets, str(pdfstyle.working_paper_sheet(folder))]
        else:
            own = list(sheets)
        heading = env.titles.get(docname)
        documents.append(
            (
                docname,
                pdfname,
                title or (heading.astext() if heading else docname),
                pdf_author(config, get_domain(env).model, author),
                {**options, "pdf_stylesheets": own},
            )
        )
    config.pdf_documents = documents


#: What a view counts for when guessing which document is longest to lay
#: out: as much as a source page of this many bytes per object it may show.
VIEW_BYTES_PER_OBJECT = 200


def largest_first(env: BuildEnvironment, documents: list[Any]) -> list[Any]:
    """rst2pdf's documents, the one with the most to lay out first: the
    sources of its pages and of the pages they include, and their views."""
    domain = get_domain(env)
    shown = VIEW_BYTES_PER_OBJECT * sum(1 for _ in domain.objects())

    def weight(document: Any) -> int:
        pages, seen = [document[0]], set()
        while pages:
            page = pages.pop()
            if page in seen or page not in env.all_docs:
                continue
            seen.add(page)
            pages += env.toctree_includes.get(page, [])
        try:
            sources = sum(env.doc2path(page).stat().st_size for page in seen)
        except OSError:
            sources = 0
        return sources + shown * sum(len(domain.views_of(page)) for page in seen)

    return sorted(documents, key=weight, reverse=True)


#: Settings besides the ``pdf_*`` ones that rst2pdf reads when it lays out.
LAYOUT_SETTINGS = frozenset(
    {"language", "highlight_language", "pygments_style", "smartquotes", "today", "today_fmt"}
)


def reusing_writer(writer: type[Any]) -> type[Any]:
    """rst2pdf's writer, copying a kept layout where its builder found one,
    noting what it laid out otherwise."""

    class ReusingWriter(writer):  # type: ignore[misc]
        def write(self, document: nodes.document, destination: Any) -> Any:
            builder = self.builder
            if builder.reused is not None:
                kept = builder.reused.read_bytes()
                destination.write(kept)
                return kept
            output = super().write(document, destination)
            pdfcache.note_laid_out(builder.doctreedir, builder.writing_pdf, builder.layout)
            return output

    return ReusingWriter


def pdf_builder() -> type[Builder]:
    """rst2pdf's builder, with chmdocs' per-document settings."""
    from rst2pdf.pdfbuilder import PDFBuilder

    class ChmPDFBuilder(PDFBuilder):  # type: ignore[misc]
        def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
            super().__init__(app, env)
            self.processes = app.parallel  # -j N

        def init(self) -> None:
            super().init()
            # rst2pdf's and ReportLab's classes are changed for a PDF build
            # alone: an HTML build in the same process sees them as they are.
            install_metadata()
            install_charts()
            install_table_splits()
            install_style_cache()

        #: Sphinx leaves ``write()`` to rst2pdf's builder, which writes each
        #: PDF in turn; this one lays the PDFs out side by side with ``-j N``.
        allow_parallel = True
        #: The PDFs this process lays out (their file names, rst2pdf's
        #: targets), or None for all of them.
        laying_out: set[str] | None = None
        #: All the PDFs of the build, once it writes them.
        every_document: list[Any] | None = None
        document_data: list[Any]

        #: The entries of ``pdf_documents`` still to be put together, in turn.
        entries_left: list[Any] = []
        #: The document being written: its file name, the digest of what it
        #: is laid out from, and the kept layout made from the same, if any.
        writing_pdf = ""
        layout = ""
        reused: Path | None = None

        def write(self, *args: Any, **kwargs: Any) -> None:
            from rst2pdf import pdfbuilder

            prepare_documents(self.env)
            pdfcache.clear_pending(self.doctreedir)
            # A file from an earlier build must not pass for this one's.
            for _doc, pdfname, *_rest in self.config.pdf_documents:
                target = Path(self.outdir, f"{pdfname}.pdf")
                target.unlink(missing_ok=True)
                target.parent.mkdir(parents=True, exist_ok=True)
            laying_out = pdfbuilder.PDFWriter
            pdfbuilder.PDFWriter = reusing_writer(laying_out)
            try:
                if self.parallel_ok and len(self.config.pdf_documents) > 1:
                    self.write_in_parallel()
                else:
                    super().write(*args, **kwargs)
            finally:
                pdfbuilder.PDFWriter = laying_out
                WRITING.set(None)  # no document is being written any more

        def write_in_parallel(self) -> None:
            """With ``-j N``, each PDF is laid out in a process of its own,
            N at a time, the largest first: the documents share nothing
            once read, and rst2pdf lays out one page after another."""
            from sphinx.util.parallel import ParallelTasks

            def lay_out(targets: list[str]) -> list[str]:
                self.laying_out = set(targets)
                super(ChmPDFBuilder, self).write()
                return _rst2pdf_log.errors  # the parent fails the build on them

            def take_in(_targets: list[str], errors: list[str]) -> None:
                _rst2pdf_log.errors.extend(errors)

            self.read_styles()
            tasks = ParallelTasks(self.processes)
            # What is built so far stays out of the processes' collections:
            # a collection touches every object, copying the memory the
            # processes would otherwise share with this one.
            gc.freeze()
            try:
                for docname, pdfname, *_rest in largest_first(self.env, self.config.pdf_documents):
                    if docname in self.env.all_docs:
                        tasks.add_task(lay_out, [pdfname], take_in)
                tasks.join()
            except (EOFError, OSError) as error:
                # A process that died without a word (killed, out of memory).
                tasks.terminate()
                raise PdfBuildError(
                    "a process laying out the PDFs stopped before it was done "
                    f"({type(error).__name__}; out of memory?); try again with a smaller -j"
                ) from error
            finally:
                gc.unfreeze()

        def read_styles(self) -> None:
            """Read the documents' style sheets and fonts here, once, not
            again in each process laying a document out."""
            from rst2pdf.createpdf import RstToPdf

            config = self.config
            read = set()
            for *_entry, options in config.pdf_documents:
                settings = {
                    "stylesheets": options.get("pdf_stylesheets", config.pdf_stylesheets),
                    "language": options.get("pdf_language", config.pdf_language),
                    "font_path": options.get("pdf_font_path", config.pdf_font_path),
                    "style_path": options.get("pdf_style_path", config.pdf_style_path),
                }
                if repr(settings) not in read:
                    read.add(repr(settings))
                    RstToPdf(sphinx=True, basedir=str(self.srcdir), **settings)

        def init_document_data(self) -> None:
            super().init_document_data()
            self.every_document = list(self.document_data)
            self.entries_left = list(self.document_data)
            if self.laying_out is not None:
                self.document_data = [e for e in self.document_data if e[1] in self.laying_out]

        def get_target_uri(self, docname: str, typ: str | None = None) -> str:
            # rst2pdf finds the PDF holding a page among the documents it
            # writes: a link to another PDF is one to any of them.
            if self.every_document is None:  # asked before writing
                return str(super().get_target_uri(docname, typ))
            laying_out, self.document_data = self.document_data, self.every_document
            try:
                return str(super().get_target_uri(docname, typ))
            finally:
                self.document_data = laying_out

        def assemble_doctree(self, docname: str, *args: Any, **kwargs: Any) -> nodes.document:
            _rst2pdf_log.docname = docname
            # rst2pdf writes this document next: its metadata are set now.
            WRITING.set(PdfMetadata.of(self.env, docname))
            with without_documents(self.env, left_out_of(self.env, docname)):
                doctree: nodes.document = super().assemble_doctree(docname, *args, **kwargs)
            self.find_kept_layout(docname, doctree)
            return doctree

        def find_kept_layout(self, docname: str, doctree: nodes.document) -> None:
            """What ``doctree`` is laid out from, and an earlier build's
            layout of the same to reuse (see :mod:`chmdocs.sphinxext.pdfcache`)."""
            from rst2pdf import createpdf

            entry = next(e for e in self.entries_left if e[0] == docname)
            self.entries_left.remove(entry)
            config = self.config
            # The search paths count as the files found through them (rst2pdf
            # adds its own folders to the settings' lists as it lays out).
            settings = {
                item.name: item.value
                for item in config
                if (item.name.startswith("pdf_") or item.name in LAYOUT_SETTINGS)
                and item.name not in ("pdf_style_path", "pdf_font_path")
            }
            # Where rst2pdf looks for style sheets and fonts (rst2pdf.styles).
            rst2pdf_dir = Path(createpdf.__file__).parent
            styles = [*(config.pdf_style_path or []), ".", str(rst2pdf_dir / "styles")]
            fonts = [*(config.pdf_font_path or []), ".", str(rst2pdf_dir / "fonts")]
            styles, fonts = list(dict.fromkeys(styles)), list(dict.fromkeys(fonts))
            self.writing_pdf = entry[1]
            self.layout = pdfcache.layout_key(
                doctree,
                entry,
                settings,
                WRITING.get(),
                [*styles, "~/.rst2pdf/styles"],
                fonts,
                self.srcdir,
            )
            self.reused = pdfcache.reusable(self.doctreedir, self.writing_pdf, self.layout)

    return ChmPDFBuilder


def setup(app: Sphinx) -> dict[str, Any]:
    """The PDF build: loaded by Sphinx through the "pdf" builder's entry point
    (setup.cfg), or by chmdocs when a project names rst2pdf's extension."""
    if "chm" not in app.registry.domains:  # a "pdf" build of a project without chmdocs
        app.setup_extension("chmdocs")
    app.setup_extension("rst2pdf.pdfbuilder")
    app.add_builder(pdf_builder(), override=True)
    # rst2pdf declares itself unsafe for parallel writing, so "-j 2" would
    # warn (and fail under -W) even for HTML. Its builder overrides write()
    # and writes each PDF in turn by itself; nothing of it writes in parallel.
    app.extensions["rst2pdf.pdfbuilder"].parallel_write_safe = True
    app.connect("config-inited", configure_rst2pdf, priority=800)
    app.add_post_transform(DocumentDecorator)
    app.add_post_transform(EscapeLinkTargets)
    app.add_post_transform(KeepTermsWithDefinitions)
    app.add_post_transform(MathWithoutMatplotlib)
    app.add_post_transform(SplitLongParagraphs)
    app.connect("builder-inited", watch_rst2pdf)
    app.connect("build-finished", check_pdfs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
