"""A docutils tree into a Word document, in Word's own styles.

Headings are ``Heading N`` (Word's navigation pane shows the outline), lists
``List Bullet``/``List Number``, tables Word tables whose header rows repeat
on each page, links real hyperlinks; formatting comes from styles, and the
few looks the views ask for by class (a break in grey italics, a room in
grey) from :data:`CLASS_FORMATS`, as the PDF's style sheet gives them.
Nothing here imports Sphinx: the builder hands in a resolved tree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
from docx.oxml.ns import qn
from docx.shape import InlineShape
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from chmdocs.core.language import colon
from chmdocs.writers import ooxml
from chmdocs.writers.outline import contents_entries

#: The PDF's colours (chmdocs/styles/chmdocs.yaml).
INK = "1F4E5F"
GREY = "7A8A90"
MUTED = "3D4A4F"
RED = "B3002D"
RULE = "B8C7CC"
LINK = "1F5F7A"
FONT = "Arial"  # in every office; LibreOffice stands in Liberation Sans, same widths
MONO = "Courier New"

PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Cm(2), Cm(1.8), Cm(1.8)
TEXT_WIDTH = Emu(PAGE_WIDTH - 2 * MARGIN_SIDE)
TEXT_HEIGHT = Emu(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)


@dataclasses.dataclass(frozen=True)
class Format:
    """How a run looks, beyond its paragraph's style."""

    bold: bool = False
    italic: bool = False
    mono: bool = False
    color: str | None = None
    superscript: bool = False
    subscript: bool = False
    strike: bool = False

    def __or__(self, other: Format) -> Format:
        return Format(
            bold=self.bold or other.bold,
            italic=self.italic or other.italic,
            mono=self.mono or other.mono,
            color=other.color or self.color,
            superscript=self.superscript or other.superscript,
            subscript=self.subscript or other.subscript,
            strike=self.strike or other.strike,
        )


PLAIN = Format()
#: The looks of the classes chmdocs' views put on nodes, as in the PDF.
CLASS_FORMATS = {
    "chm-pause": Format(italic=True, color=GREY),
    "chm-time": Format(bold=True, color=INK),
    "chm-room": Format(color=GREY),
    "chm-tbc": Format(italic=True),
    "chm-invalid": Format(bold=True, color=RED),
    "chm-late": Format(bold=True, color=RED),
    "chm-meta": Format(color=MUTED),
    "chm-change-kind": Format(color=MUTED),
    "chm-review-counts": Format(color=MUTED),
    "chm-attendance-workshop": Format(color=MUTED),
    "chm-withheld": Format(italic=True, color=GREY),
    "chm-empty": Format(italic=True),
    "chm-more": Format(italic=True),
    "chm-total": Format(bold=True),
    "chm-as-of": Format(bold=True),
    "chm-objective-heading": Format(bold=True),
    "chm-answers-question": Format(bold=True),
    "chm-report-objective": Format(bold=True),
    "chm-draft-mark": Format(bold=True, color=RED),
}
#: Paragraph classes that keep the paragraph with the next one.
KEEP_WITH_NEXT = {"chm-objective-heading", "chm-answers-question", "chm-report-objective"}
#: Classes whose paragraphs are indented (a session's parallel groups).
INDENTED = {"chm-parallel", "chm-proposal"}

#: Paragraphs a table row may hold and still never be split across pages.
ROW_KEPT_WHOLE = 12
#: Tables whose body rows are taller: an attendance sheet is signed in its rows.
ROW_HEIGHTS = {"chm-attendance": Cm(0.8)}

HIDDEN = (
    nodes.comment,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.meta,
    nodes.decoration,
    nodes.title_reference,
)
SUPERSCRIPTS = (nodes.superscript, nodes.footnote_reference, nodes.citation_reference)
BOOKMARK_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def new_document(language: str) -> Document:
    """An empty A4 document with chmdocs' look set in Word's styles."""
    import docx

    document: Document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Cm(0.8)
    prepare_styles(document, language)
    return document


def set_font(style_font: Any, name: str) -> None:
    """A style's font, for every script, and not the theme's."""
    style_font.name = name
    properties = style_font.element.rPr
    fonts = properties.find(qn("w:rFonts")) if properties is not None else None
    if fonts is None:
        return
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), name)
        theme = qn(f"w:{script}Theme")
        if theme in fonts.attrib:
            del fonts.attrib[theme]


def prepare_styles(document: Document, language: str) -> None:
    styles = document.styles
    defaults = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        ooxml.set_language(defaults, language)
    ooxml.set_auto_hyphenation(document)
    normal = styles["Normal"]
    set_font(normal.font, FONT)
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True
    sizes = {1: 18, 2: 13.5, 3: 11, 4: 10, 5: 10, 6: 10}
    for level, size in sizes.items():
        heading = styles[f"Heading {level}"]
        set_font(heading.font, FONT)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor.from_string(INK)
        heading.paragraph_format.space_before = Pt(0 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(8 if level == 1 else 4)
        heading.paragraph_format.keep_with_next = True
    for name, size in (("Title", 24), ("Subtitle", 13)):
        style = styles[name]
        set_font(style.font, FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(INK)
        style.font.italic = False
        borders = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        if borders is not None:  # the template's rule under the title
            borders.getparent().remove(borders)
    for name in ("Header", "Footer"):
        styles[name].font.size = Pt(7.5)
        styles[name].font.color.rgb = RGBColor.from_string("5A6B72")
    styles["Footer"].paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT
    caption = styles["Caption"]
    caption.font.color.rgb = RGBColor.from_string(MUTED)
    caption.font.size = Pt(8.5)
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2"):
        styles[name].paragraph_format.space_after = Pt(2)
    add_paragraph_style(document, "Rubric", bold=True, color=INK, keep_with_next=True)
    add_paragraph_style(document, "Table Text", size=9, space_after=0)
    add_paragraph_style(
        document, "Table Heading", size=8.5, bold=True, color="FFFFFF", space_after=0
    )
    add_paragraph_style(document, "Code", font=MONO, size=8.5, space_after=4)
    add_paragraph_style(document, "Definition", indent=Cm(0.8))
    add_paragraph_style(document, "Term", bold=True, keep_with_next=True, space_after=0)
    add_paragraph_style(document, "Document Title", base="Title", size=20)
    add_paragraph_style(document, "toc 1", space_after=2)
    add_paragraph_style(document, "toc 2", space_after=2, indent=Cm(0.6))
    grid = styles["Table Grid"].element
    for edge in grid.iter(qn("w:top"), qn("w:bottom"), qn("w:left"), qn("w:right"),
                          qn("w:insideH"), qn("w:insideV")):  # fmt: skip
        edge.set(qn("w:color"), RULE)
        edge.set(qn("w:sz"), "4")


def add_paragraph_style(
    document: Document,
    name: str,
    *,
    base: str = "Normal",
    font: str | None = None,
    size: float | None = None,
    bold: bool = False,
    color: str | None = None,
    keep_with_next: bool = False,
    space_after: float | None = None,
    indent: Any = None,
) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.quick_style = True
    if font:
        set_font(style.font, font)
    if size:
        style.font.size = Pt(size)
    if bold:
        style.font.bold = True
    if color:
        style.font.color.rgb = RGBColor.from_string(color)
    if keep_with_next:
        style.paragraph_format.keep_with_next = True
    if space_after is not None:
        style.paragraph_format.space_after = Pt(space_after)
    if indent is not None:
        style.paragraph_format.left_indent = indent


@dataclasses.dataclass(frozen=True)
class Place:
    """Where blocks go: the body or a table cell, how deep in sections and lists."""

    container: Any
    level: int = 0
    list_depth: int = 0
    style: str | None = None
    indent: int = 0
    look: Format = PLAIN

    def deeper(self, **changes: Any) -> Place:
        return dataclasses.replace(self, **changes)


#: Finds the image file a node names (None: not found or not allowed).
ImageFinder = Callable[[str], Path | None]
#: Says a node could not be written as it is (a warning at its line).
Warner = Callable[[str, nodes.Node], None]


class WordWriter:
    """Writes one docutils tree into ``document``."""

    def __init__(
        self,
        document: Document,
        language: str,
        *,
        find_image: ImageFinder | None = None,
        warn: Warner | None = None,
        labels: Mapping[str, Any] | None = None,
    ) -> None:
        self.document = document
        #: Each admonition's title in the document's language ("Remarque").
        self.labels = labels or {}
        self.language = language
        self.find_image = find_image or (lambda uri: None)
        self.warn = warn or (lambda message, node: None)
        self.targets: set[str] = set()
        self.bookmarks: dict[str, str] = {}
        self.placed: set[str] = set()
        self.pending_ids: list[str] = []
        self.list_numbers: dict[str, int | None] = {}

    # -- the tree -----------------------------------------------------------

    def write(self, tree: nodes.Element) -> None:
        self.tree = tree
        for node in tree.findall(nodes.Element):
            self.targets.update(node.get("ids", []))
        self.blocks(tree.children, Place(self.document))

    def blocks(self, children: Iterable[nodes.Node], place: Place) -> None:
        for child in children:
            self.block(child, place)

    def block(self, node: nodes.Node, place: Place) -> None:
        if isinstance(node, HIDDEN) or not isinstance(node, nodes.Element):
            if isinstance(node, nodes.Text) and node.astext().strip():
                self.inlines(self.paragraph(place), [node], place.look)
            return
        if node.tagname == "chm_chart":
            return  # the chart's facts follow it as a table
        self.pending_ids += node.get("ids", [])
        look = place.look | self.class_format(node)
        if isinstance(node, nodes.section):
            self.section(node, place.deeper(look=look))
        elif isinstance(node, nodes.paragraph):
            self.paragraph_node(node, place.deeper(look=look))
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            self.list_node(node, place)
        elif isinstance(node, nodes.definition_list):
            self.definition_list(node, place)
        elif isinstance(node, (nodes.field_list, nodes.docinfo)):
            self.field_list(node, place)
        elif isinstance(node, nodes.table):
            self.table(node, place)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.literal(node, place)
        elif isinstance(node, nodes.line_block):
            self.line_block(node, place)
        elif isinstance(node, nodes.rubric):
            self.inlines(self.paragraph(place, "Rubric"), node.children, look)
        elif isinstance(node, nodes.topic) and "contents" in node["classes"]:
            self.contents(node, place)
        elif isinstance(node, (nodes.topic, nodes.sidebar, nodes.Admonition)):
            self.framed(node, place)
        elif isinstance(node, nodes.figure):
            self.figure(node, place)
        elif isinstance(node, nodes.image):
            self.picture(node, self.paragraph(place))
        elif isinstance(node, nodes.raw):
            # rst2pdf's page breaks ("FrameBreak": unless most of a page is left).
            if "pdf" in node.get("format", "").split() and "Break" in node.astext():
                self.page_break(place)
        elif isinstance(node, nodes.transition):
            self.paragraph(place).paragraph_format.space_after = Pt(12)
        elif isinstance(node, (nodes.footnote, nodes.citation)):
            self.note(node, place)
        elif isinstance(node, nodes.block_quote):
            self.blocks(node.children, place.deeper(indent=place.indent + 1))
        elif isinstance(node, (nodes.title, nodes.caption, nodes.attribution, nodes.TextElement)):
            # A title outside a section (a table's), a caption, or another
            # text element the tree holds: a paragraph of its own.
            self.inlines(self.paragraph(place), node.children, look | Format(bold=True)
                         if isinstance(node, nodes.title) else look)  # fmt: skip
        else:
            # Containers, compounds, Sphinx's wrappers: their content.
            self.blocks(node.children, place.deeper(look=look))

    def section(self, node: nodes.section, place: Place) -> None:
        level = place.level + 1
        inner = place.deeper(level=level)
        for child in node.children:
            if isinstance(child, nodes.title):
                style = f"Heading {min(level, 6)}"
                self.inlines(self.paragraph(place, style), child.children, PLAIN)
            else:
                self.block(child, inner)

    def paragraph_node(self, node: nodes.paragraph, place: Place) -> None:
        paragraph = self.paragraph(place)
        classes = set(node["classes"])
        if classes & KEEP_WITH_NEXT:
            paragraph.paragraph_format.keep_with_next = True
        self.inlines(paragraph, node.children, place.look)

    # -- paragraphs and runs ------------------------------------------------

    def paragraph(self, place: Place, style: str | None = None) -> Paragraph:
        """A new paragraph where ``place`` says, taking the ids waiting for one."""
        paragraph: Paragraph = place.container.add_paragraph(style=style or place.style)
        if place.indent:
            paragraph.paragraph_format.left_indent = Cm(0.8 * place.indent)
        for anchor in self.pending_ids:
            self.bookmark(paragraph, anchor)
        self.pending_ids = []
        return paragraph

    def bookmark(self, paragraph: Paragraph, anchor: str) -> None:
        """A link target at ``paragraph`` (once: the first place it is written)."""
        if anchor in self.placed:
            return
        self.placed.add(anchor)
        ooxml.add_bookmark(paragraph, self.bookmark_name(anchor), len(self.placed))

    def bookmark_name(self, anchor: str) -> str:
        """Word's names: a letter first, letters, digits and _, 40 at most."""
        if anchor not in self.bookmarks:
            cleaned = BOOKMARK_UNSAFE.sub("_", anchor)[:28]
            self.bookmarks[anchor] = f"chm{len(self.bookmarks)}_{cleaned}"
        return self.bookmarks[anchor]

    def class_format(self, node: nodes.Element) -> Format:
        look = PLAIN
        classes: list[str] = node.get("classes", [])
        for name in classes:
            look = look | CLASS_FORMATS.get(name, PLAIN)
        return look

    def inlines(self, paragraph: Paragraph, children: Iterable[nodes.Node], look: Format) -> None:
        for child in children:
            self.inline(paragraph, child, look)

    def inline(self, paragraph: Paragraph, node: nodes.Node, look: Format) -> None:
        if isinstance(node, nodes.Text):
            self.run(paragraph, node.astext(), look)
            return
        if not isinstance(node, nodes.Element) or isinstance(node, HIDDEN[:-1]):
            return
        if node.tagname == "chm_chart":
            return
        ids: list[str] = node.get("ids", [])
        for anchor in ids:
            self.bookmark(paragraph, anchor)
        look = look | self.class_format(node)
        if isinstance(node, nodes.emphasis):
            look = look | Format(italic=True)
        elif isinstance(node, nodes.strong):
            look = look | Format(bold=True)
        elif isinstance(node, nodes.literal):
            look = look | Format(mono=True)
        elif isinstance(node, SUPERSCRIPTS):
            look = look | Format(superscript=True)
        elif isinstance(node, nodes.subscript):
            look = look | Format(subscript=True)
        elif isinstance(node, nodes.image):
            self.picture(node, paragraph)
            return
        elif isinstance(node, nodes.reference):
            self.reference(paragraph, node, look)
            return
        elif isinstance(node, nodes.raw):
            return
        self.inlines(paragraph, node.children, look)

    def run(
        self,
        paragraph: Paragraph | LinkHolder,
        text: str,
        look: Format,
        *,
        keep_lines: bool = False,
    ) -> Run:
        """A run of ``text`` in the document's language; a line break in the
        source is a space, but in a literal block (``keep_lines``)."""
        lines = text.split("\n") if keep_lines else [text.replace("\n", " ")]
        if isinstance(paragraph, Paragraph):
            run = paragraph.add_run(lines[0])
        else:
            run = Run(paragraph.add_r(), paragraph)  # inside a hyperlink
            run.text = lines[0]
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        font = run.font
        # None: as the paragraph's style says (no direct formatting).
        font.bold, font.italic, font.strike = (
            look.bold or None,
            look.italic or None,
            look.strike or None,
        )
        font.superscript, font.subscript = look.superscript or None, look.subscript or None
        if look.mono:
            font.name = MONO
        if look.color:
            font.color.rgb = RGBColor.from_string(look.color)
        ooxml.set_language(run._r.get_or_add_rPr(), self.language)
        return run

    def reference(self, paragraph: Paragraph, node: nodes.reference, look: Format) -> None:
        uri = node.get("refuri", "")
        anchor = node.get("refid") or (uri[1:] if uri.startswith("#") else "")
        if re.match(r"(https?|mailto|ftp):", uri):
            link = ooxml.add_hyperlink(paragraph, uri)
        elif anchor and anchor in self.targets:
            link = ooxml.add_internal_link(paragraph, self.bookmark_name(anchor))
        else:
            # A page of the site outside this document: its words, no link.
            self.inlines(paragraph, node.children, look)
            return
        holder = LinkHolder(link, paragraph)
        for text in node.findall(nodes.Text):
            run = self.run(holder, text.astext(), look)
            run.font.color.rgb = RGBColor.from_string(LINK)
            run.font.underline = True

    # -- blocks --------------------------------------------------------------

    def list_node(self, node: nodes.Element, place: Place) -> None:
        numbered = isinstance(node, nodes.enumerated_list)
        depth = min(place.list_depth + 1, 3)
        base = "List Number" if numbered else "List Bullet"
        style = base if depth == 1 else f"{base} {min(depth, 3 if not numbered else 2)}"
        restart: int | None = None
        for item in node.children:
            if not isinstance(item, nodes.list_item):
                continue
            first = True
            for child in item.children:
                if first and isinstance(child, nodes.paragraph):
                    paragraph = self.paragraph(place, style)
                    if numbered:
                        restart = self.numbered(paragraph, style, restart)
                    self.inlines(paragraph, child.children, place.look | self.class_format(child))
                    first = False
                    continue
                inner = place.deeper(list_depth=depth, indent=depth)
                self.block(child, inner)
                first = False

    def numbered(self, paragraph: Paragraph, style: str, num_id: int | None) -> int | None:
        """Each numbered list counts from 1 (its own instance of the style's numbering)."""
        if num_id is None:
            style_num = ooxml.style_num_id(self.document.styles[style])
            if style_num is None:
                return None
            num_id = ooxml.restart_numbering(paragraph, style_num)
        ooxml.use_numbering(paragraph, num_id)
        return num_id

    def definition_list(self, node: nodes.definition_list, place: Place) -> None:
        for item in node.findall(nodes.definition_list_item):
            if item.parent is not node:
                continue
            for child in item.children:
                if isinstance(child, nodes.term):
                    self.inlines(self.paragraph(place, "Term"), child.children, place.look)
                elif isinstance(child, nodes.classifier):
                    self.inlines(self.paragraph(place), child.children, Format(italic=True))
                elif isinstance(child, nodes.definition):
                    self.blocks(child.children, place.deeper(indent=place.indent + 1))

    def field_list(self, node: nodes.Element, place: Place) -> None:
        for field in node.children:
            if not isinstance(field, nodes.Element):
                continue
            name = field.next_node(nodes.field_name)
            body = field.next_node(nodes.field_body)
            paragraph = self.paragraph(place)
            label = name.astext() if name is not None else field.tagname.capitalize()
            self.run(paragraph, f"{label}{colon(self.language)} ",
                     place.look | Format(bold=True))  # fmt: skip
            children = list(body.children) if body is not None else list(field.children)
            if children and isinstance(children[0], nodes.paragraph):
                self.inlines(paragraph, children[0].children, place.look)
                children = children[1:]
            self.blocks(children, place.deeper(indent=place.indent + 1))

    def literal(self, node: nodes.Element, place: Place) -> None:
        self.run(self.paragraph(place, "Code"), node.astext(), place.look, keep_lines=True)

    def line_block(self, node: nodes.line_block, place: Place) -> None:
        paragraph = self.paragraph(place)
        for number, line in enumerate(node.findall(nodes.line)):
            if number:
                paragraph.add_run().add_break()
            self.inlines(paragraph, line.children, place.look)

    def framed(self, node: nodes.Element, place: Place) -> None:
        """A note, a topic, a sidebar: its title in bold, its content indented."""
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            self.inlines(self.paragraph(place, "Rubric"), title.children, place.look)
        elif isinstance(node, nodes.Admonition):
            label = str(self.labels.get(node.tagname, node.tagname.capitalize()))
            self.run(self.paragraph(place, "Rubric"), label, place.look)
        inner = place.deeper(indent=place.indent + 1)
        self.blocks([c for c in node.children if c is not title], inner)

    def contents(self, node: nodes.topic, place: Place) -> None:
        """A table of contents: Word's own field, filled beforehand with the
        headings two levels down (each a link), which Word's "update table"
        gives page numbers to."""
        title = node.next_node(nodes.title)
        if title is not None:
            self.inlines(self.paragraph(place, "TOC Heading"), title.children, PLAIN)
        main = next(iter(self.tree.findall(nodes.section)), None)
        listed = contents_entries(main) if main is not None else iter(())
        entries: list[tuple[int, nodes.section | None]] = [*listed]
        paragraphs = []
        for depth, section in entries or [(1, None)]:
            paragraph = self.paragraph(place, f"toc {depth}")
            paragraphs.append(paragraph)
            if section is not None:
                link = ooxml.add_internal_link(paragraph, self.bookmark_name(section["ids"][0]))
                self.run(LinkHolder(link, paragraph), section[0].astext(), PLAIN)
        ooxml.wrap_in_field(paragraphs[0], paragraphs[-1], 'TOC \\o "1-3" \\h \\z \\u')
        ooxml.update_fields_on_open(self.document)
        self.page_break(place)

    def page_break(self, place: Place) -> None:
        if place.container is self.document:
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def note(self, node: nodes.Element, place: Place) -> None:
        label = node.next_node(nodes.label)
        paragraph = self.paragraph(place)
        paragraph.paragraph_format.left_indent = Cm(0.6)
        if label is not None:
            self.run(paragraph, f"[{label.astext()}] ", Format(superscript=False, bold=True))
        body = [c for c in node.children if c is not label]
        if body and isinstance(body[0], nodes.paragraph):
            self.inlines(paragraph, body[0].children, place.look)
            body = body[1:]
        self.blocks(body, place.deeper(indent=place.indent + 1))

    def figure(self, node: nodes.figure, place: Place) -> None:
        for child in node.children:
            if isinstance(child, nodes.image):
                paragraph = self.paragraph(place)
                paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
                self.picture(child, paragraph)
            elif isinstance(child, nodes.caption):
                self.inlines(self.paragraph(place, "Caption"), child.children, place.look)
            else:
                self.block(child, place)

    def picture(self, node: nodes.image, paragraph: Paragraph) -> None:
        uri = node.get("uri", "")
        path = self.find_image(uri)
        alt = node.get("alt", "")
        if path is None:
            if alt:
                self.run(paragraph, alt, Format(italic=True))
            return
        try:
            inline = paragraph.part.new_pic_inline(str(path), None, None)
        except Exception as error:  # python-docx raises many kinds for a bad image
            name = type(error).__name__
            self.warn(f"image {uri} could not go into the Word document ({name})", node)
            if alt:
                self.run(paragraph, alt, Format(italic=True))
            return
        paragraph.add_run()._r.add_drawing(inline)
        picture = InlineShape(inline)
        # Never wider than the text, nor taller than a page.
        scale = min(1.0, TEXT_WIDTH / picture.width, TEXT_HEIGHT * 0.8 / picture.height)
        picture.width = Emu(int(picture.width * scale))
        picture.height = Emu(int(picture.height * scale))
        if alt:  # what a screen reader says of it
            properties = inline.find(qn("wp:docPr"))
            if properties is not None:
                properties.set("descr", alt)

    # -- tables ----------------------------------------------------------------

    def table(self, node: nodes.table, place: Place) -> None:
        group = node.next_node(nodes.tgroup)
        if group is None:
            return
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            paragraph = self.paragraph(place, "Rubric")
            self.inlines(paragraph, title.children, PLAIN)
        widths = [int(spec.get("colwidth", 1) or 1) for spec in group.findall(nodes.colspec)]
        columns = max(len(widths), int(group.get("cols", 0) or 0), 1)
        widths += [1] * (columns - len(widths))
        head = [row for part in group.findall(nodes.thead) for row in part.children]
        body = [row for part in group.findall(nodes.tbody) for row in part.children]
        rows = [r for r in head + body if isinstance(r, nodes.row)]
        if not rows:
            return
        container = place.container
        table: Table = container.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        room = TEXT_WIDTH if container is self.document else int(container.width or TEXT_WIDTH)
        room -= Cm(0.8 * place.indent)
        lengths = [Emu(int(room * w / sum(widths))) for w in widths]
        for column, length in zip(table.columns, lengths, strict=True):
            column.width = length
        tall = [ROW_HEIGHTS[c] for c in node["classes"] if c in ROW_HEIGHTS]
        taken: set[tuple[int, int]] = set()
        for row_number, row in enumerate(rows):
            word_row = table.rows[row_number]
            heading = row_number < len(head)
            if heading:
                ooxml.row_property(word_row._tr, "tblHeader")
            if len(list(row.findall(nodes.paragraph))) <= ROW_KEPT_WHOLE:
                ooxml.row_property(word_row._tr, "cantSplit")  # a short row stays on one page
            if tall and not heading:
                word_row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
                word_row.height = tall[0]
            column = 0
            for entry in row.children:
                if not isinstance(entry, nodes.entry):
                    continue
                while (row_number, column) in taken:
                    column += 1
                if column >= columns:
                    self.warn("a table row has more cells than its columns", entry)
                    break
                across = int(entry.get("morecols", 0))
                down = int(entry.get("morerows", 0))
                last_row = min(row_number + down, len(rows) - 1)
                last_column = min(column + across, columns - 1)
                for r in range(row_number, last_row + 1):
                    for c in range(column, last_column + 1):
                        taken.add((r, c))
                cell = table.cell(row_number, column)
                if (last_row, last_column) != (row_number, column):
                    cell = cell.merge(table.cell(last_row, last_column))
                for r in range(row_number, last_row + 1):
                    for c in range(column, last_column + 1):
                        table.cell(r, c).width = lengths[c]
                self.cell(cell, entry, place, heading)
                column = last_column + 1

    def cell(self, cell: _Cell, entry: nodes.entry, place: Place, heading: bool) -> None:
        if heading:
            ooxml.shade(cell, INK)
        style = "Table Heading" if heading else "Table Text"
        inner = Place(cell, level=place.level, style=style, look=self.class_format(entry))
        # A new cell holds one empty paragraph: it goes when the entry wrote
        # anything; a cell ends with a paragraph (Word's rule), even after a table.
        initial = cell.paragraphs[0]._p
        self.blocks(entry.children, inner)
        written = [c for c in cell._tc if c.tag in (qn("w:p"), qn("w:tbl")) and c is not initial]
        if written and not initial.findall(qn("w:r")):
            cell._tc.remove(initial)
        else:
            Paragraph(initial, cell).style = self.document.styles[style]
        if cell._tc[-1].tag != qn("w:p"):
            cell.add_paragraph(style=style)


class LinkHolder:
    """A hyperlink, taking runs as a paragraph does (see :meth:`WordWriter.run`)."""

    def __init__(self, link: Any, paragraph: Paragraph) -> None:
        self.link = link
        self.part = paragraph.part
        self._parent = paragraph

    def add_r(self) -> Any:
        from docx.oxml import OxmlElement

        run = OxmlElement("w:r")
        self.link.append(run)
        return run
