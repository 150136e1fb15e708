"""The newer of two Word documents with every change since the older one as
Word tracked changes (``w:ins``/``w:del``), which a reader accepts or rejects
in Word or LibreOffice.

Blocks (paragraphs, tables) are matched in order; a paragraph changed in
place is compared word by word, keeping each word's formatting and link; a
table's rows are matched, a changed row compared cell by cell. What the older
document alone had is copied in as deleted (its pictures and links brought
along). The author of the changes is the newer document's author (chmdocs
writes the organizer there), their date the newer document's date.
No Sphinx here: two .docx files in, one out.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from chmdocs.writers import ooxml

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = qn("r:id")
R_EMBED = qn("r:embed")
#: Two paragraphs this alike (difflib's ratio of their words) are one
#: paragraph changed, compared word by word; below, one removed and one added.
SAME_PARAGRAPH = 0.5
WORDS = re.compile(r"\s+|[^\s]+")


@dataclasses.dataclass
class Counts:
    """What the redline marked."""

    inserted_words: int = 0
    deleted_words: int = 0
    inserted_blocks: int = 0
    deleted_blocks: int = 0

    def __bool__(self) -> bool:
        return any(dataclasses.astuple(self))


@dataclasses.dataclass(frozen=True)
class Token:
    """A word (or the whitespace between words) of a paragraph, with the run
    it came from: its properties and the hyperlink around it, if any."""

    text: str
    run: Any
    link: Any = None
    atomic: bool = False  # a picture, a field, a tab: copied whole

    @property
    def key(self) -> str:
        if self.atomic:
            return "\ufffc" + re.sub(r' w:rsid\w*="[^"]*"', "", ooxml_text(self.run))
        return self.text


def ooxml_text(element: Any) -> str:
    from lxml import etree  # type: ignore[import-untyped]

    return str(etree.tostring(element, encoding="unicode"))


class Redline:
    """Marks the changes from ``old`` (a python-docx Document) into ``new``."""

    def __init__(self, old: Any, new: Any, author: str, date: dt.datetime) -> None:
        self.old, self.new = old, new
        self.author = author
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1
        self.counts = Counts()

    # -- marks -------------------------------------------------------------

    def mark(self, kind: str) -> Any:
        """A ``w:ins`` or ``w:del`` with its id, author and date."""
        made = ooxml.element(kind, id=str(self.next_id), author=self.author, date=self.date)
        self.next_id += 1
        return made

    def mark_paragraph(self, paragraph: Any, kind: str) -> None:
        """A whole paragraph inserted or deleted: its mark and every run."""
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = ooxml.element("pPr")
            paragraph.insert(0, properties)
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = ooxml.element("rPr")
            later = [c for c in properties if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
            (later[0].addprevious if later else properties.append)(run_properties)
        ooxml.put_in_order(run_properties, self.mark(kind), ooxml.RPR_ORDER)
        for run in list(paragraph.iter(qn("w:r"))):
            if run.getparent().tag in (qn("w:ins"), qn("w:del")):
                continue
            if kind == "del":
                deleted_text(run)
            wrapper = self.mark(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
        if kind == "ins":
            self.counts.inserted_blocks += 1
        else:
            self.counts.deleted_blocks += 1

    def mark_row(self, row: Any, kind: str) -> None:
        ooxml.put_in_order(self.row_properties(row), self.mark(kind), ooxml.TRPR_ORDER)
        for paragraph in row.iter(qn("w:p")):
            self.mark_paragraph(paragraph, kind)

    @staticmethod
    def row_properties(row: Any) -> Any:
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = ooxml.element("trPr")
            before = row.find(qn("w:tblPrEx"))
            if before is not None:
                before.addnext(properties)
            else:
                row.insert(0, properties)
        return properties

    def mark_table(self, table: Any, kind: str) -> None:
        for row in table.findall(qn("w:tr")):
            self.mark_row(row, kind)

    def mark_block(self, block: Any, kind: str) -> None:
        if block.tag == qn("w:tbl"):
            self.mark_table(block, kind)
        else:
            self.mark_paragraph(block, kind)

    def from_old(self, element: Any) -> Any:
        """A copy of an element of the older document, its pictures and
        links related to the newer document's part."""
        copied = copy.deepcopy(element)
        old_part, new_part = self.old.part, self.new.part
        for node in copied.iter():
            embedded = node.get(R_EMBED)
            if embedded and embedded in old_part.rels:
                blob = old_part.related_parts[embedded].blob
                node.set(R_EMBED, new_part.get_or_add_image(io.BytesIO(blob))[0])
            related = node.get(R_ID)
            if related and related in old_part.rels:
                relationship = old_part.rels[related]
                if relationship.is_external:
                    node.set(R_ID, new_part.relate_to(
                        relationship.target_ref, relationship.reltype, is_external=True
                    ))  # fmt: skip
        return copied

    # -- blocks --------------------------------------------------------------

    def blocks(
        self, old_blocks: Sequence[Any], new_blocks: Sequence[Any], container: Any, anchor: Any
    ) -> None:
        """Compare two runs of blocks of ``container``; deleted ones go before
        the new block they preceded (at the end: before ``anchor``, if any)."""
        matcher = difflib.SequenceMatcher(
            None, [block_key(b) for b in old_blocks], [block_key(b) for b in new_blocks],
            autojunk=False,
        )  # fmt: skip
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for old, new in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True):
                    if new.tag == qn("w:tbl"):
                        self.table(old, new)
                continue
            following = new_blocks[j2] if j2 < len(new_blocks) else anchor
            self.changed(old_blocks[i1:i2], new_blocks[j1:j2], container, following)

    def changed(
        self, olds: Sequence[Any], news: Sequence[Any], container: Any, following: Any
    ) -> None:
        """A stretch that differs: blocks alike enough compared in place, the
        others deleted or inserted, in reading order (``following``: the
        block after the stretch, or None at the container's end)."""
        for old, new, later in align(olds, news, likeness):
            if old is not None and new is not None:
                if new.tag == qn("w:tbl"):
                    self.table(old, new)
                else:
                    self.paragraph(old, new)
            elif new is not None:
                self.mark_block(new, "ins")
            else:
                self.mark_block(
                    self.put_back(old, following if later is None else later, container), "del"
                )

    def put_back(self, old: Any, before: Any, container: Any) -> Any:
        """A copy of the older document's ``old`` where it stood: before
        ``before`` (or at the end of ``container``)."""
        deleted = self.from_old(old)
        if before is None:
            container.append(deleted)
        else:
            before.addprevious(deleted)
        return deleted

    def table(self, old: Any, new: Any) -> None:
        old_rows, new_rows = old.findall(qn("w:tr")), new.findall(qn("w:tr"))
        matcher = difflib.SequenceMatcher(
            None, [row_key(r) for r in old_rows], [row_key(r) for r in new_rows], autojunk=False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            following = new_rows[j2] if j2 < len(new_rows) else None
            for before, after, later in align(old_rows[i1:i2], new_rows[j1:j2], row_likeness):
                if before is not None and after is not None:
                    for old_cell, new_cell in zip(cells(before), cells(after), strict=True):
                        self.blocks(blocks_of(old_cell), blocks_of(new_cell), new_cell, None)
                elif after is not None:
                    self.mark_row(after, "ins")
                else:
                    self.mark_row(
                        self.put_back(before, following if later is None else later, new), "del"
                    )

    # -- words -----------------------------------------------------------------

    def paragraph(self, old: Any, new: Any) -> None:
        """One paragraph changed in place: word by word."""
        old_tokens, new_tokens = list(tokens(old)), list(tokens(new))
        matcher = difflib.SequenceMatcher(
            None, [t.key for t in old_tokens], [t.key for t in new_tokens], autojunk=False
        )
        pieces: list[tuple[str, Token]] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                pieces += [("equal", t) for t in new_tokens[j1:j2]]
                continue
            pieces += [("del", t) for t in old_tokens[i1:i2]]
            pieces += [("ins", t) for t in new_tokens[j1:j2]]
            self.counts.deleted_words += sum(bool(t.text.strip()) for t in old_tokens[i1:i2])
            self.counts.inserted_words += sum(bool(t.text.strip()) for t in new_tokens[j1:j2])
        for child in list(new):
            if child.tag in (qn("w:r"), qn("w:hyperlink")):
                new.remove(child)
        self.write_pieces(new, pieces, new_tokens)

    def write_pieces(
        self, paragraph: Any, pieces: list[tuple[str, Token]], news: list[Token]
    ) -> None:
        """The paragraph's runs again: kept words plain, others inside ``w:ins``
        or ``w:del``; neighbours alike in all that one run, as Word writes them."""
        new_links = {id(t.link) for t in news if t.link is not None}
        holder, link = paragraph, None
        wrapper: Any = None
        last_key: Any = None
        last_text: Any = None
        for state, token in pieces:
            if token.link is not link:
                link, wrapper, last_key = token.link, None, None
                holder = paragraph
                if link is not None:
                    holder = copy.deepcopy(link)
                    for child in list(holder):
                        holder.remove(child)
                    if id(link) not in new_links:
                        holder = self.from_old(holder)
                    paragraph.append(holder)
            properties = run_properties(token.run)
            key = (state, "" if properties is None else ooxml_text(properties))
            if not token.atomic and key == last_key:
                last_text.text = (last_text.text or "") + token.text
                continue
            if token.atomic:
                run = self.from_old(token.run) if state == "del" else copy.deepcopy(token.run)
                last_key = None
            else:
                run = ooxml.element("r")
                if properties is not None:
                    run.append(copy.deepcopy(properties))
                last_text = ooxml.element("t")
                last_text.set(XML_SPACE, "preserve")
                last_text.text = token.text
                run.append(last_text)
                last_key = key
            if state == "del":
                deleted_text(run)
            if state == "equal":
                holder.append(run)
                continue
            fresh = wrapper is None or wrapper.tag != qn(f"w:{state}") or holder[-1] is not wrapper
            if fresh:
                wrapper = self.mark(state)
                holder.append(wrapper)
            wrapper.append(run)


def run_properties(run: Any) -> Any:
    return run.find(qn("w:rPr"))


def deleted_text(run: Any) -> None:
    """A run's text as deleted text (``w:delText``, ``w:delInstrText``)."""
    for text in list(run.iter(qn("w:t"))):
        text.tag = qn("w:delText")
    for text in list(run.iter(qn("w:instrText"))):
        text.tag = qn("w:delInstrText")


def tokens(paragraph: Any) -> Iterator[Token]:
    """A paragraph's words and spaces, each with its run (and link)."""
    for child in paragraph:
        if child.tag == qn("w:r"):
            yield from run_tokens(child, None)
        elif child.tag == qn("w:hyperlink"):
            for run in child.iter(qn("w:r")):
                yield from run_tokens(run, child)


def run_tokens(run: Any, link: Any) -> Iterator[Token]:
    contents = [c for c in run if c.tag != qn("w:rPr")]
    if all(c.tag == qn("w:t") for c in contents):
        text = "".join(c.text or "" for c in contents)
        for word in WORDS.findall(text):
            yield Token(word, run, link)
    else:
        yield Token("", run, link, atomic=True)


def paragraph_text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def block_key(block: Any) -> tuple[str, ...]:
    if block.tag == qn("w:tbl"):
        rows = block.findall(qn("w:tr"))
        return ("table", row_key(rows[0]) if rows else "")
    style = block.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return ("p", style.get(qn("w:val")) if style is not None else "", paragraph_text(block))


def row_key(row: Any) -> str:
    return "\x1f".join(paragraph_text(cell) for cell in cells(row))


def cells(row: Any) -> list[Any]:
    return list(row.findall(qn("w:tc")))


def same_shape(old: Any, new: Any) -> bool:
    return [grid_span(c) for c in cells(old)] == [grid_span(c) for c in cells(new)]


def grid_span(cell: Any) -> str:
    span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return span.get(qn("w:val")) if span is not None else "1"


def blocks_of(container: Any) -> list[Any]:
    return [c for c in container if c.tag in (qn("w:p"), qn("w:tbl"))]


def likeness(old: Any, new: Any) -> float:
    """How much two blocks are one block changed (0 to 1): paragraphs by the
    words they share, tables by their header row."""
    if old.tag != new.tag:
        return 0.0
    if old.tag == qn("w:tbl"):
        return 1.0 if block_key(old) == block_key(new) else 0.0
    return word_likeness(paragraph_text(old), paragraph_text(new))


def row_likeness(old: Any, new: Any) -> float:
    """Rows are one row changed when they have the same cells and words enough in common."""
    if not same_shape(old, new):
        return 0.0
    return word_likeness(row_key(old), row_key(new))


def word_likeness(old: str, new: str) -> float:
    before, after = WORDS.findall(old), WORDS.findall(new)
    if not before and not after:
        return 1.0
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()


def align(
    olds: Sequence[Any], news: Sequence[Any], measure: Callable[[Any, Any], float]
) -> Iterator[tuple[Any, Any, Any]]:
    """The blocks of two stretches in reading order: (old, new) for one block
    changed, (None, new) inserted, (old, None, next new block) deleted. An
    old block pairs with the new one it is most like, if alike enough."""
    j = 0
    for old in olds:
        scores = [measure(old, new) for new in news[j:]]
        best = max(range(len(scores)), key=scores.__getitem__, default=None)
        if best is None or scores[best] < SAME_PARAGRAPH:
            yield old, None, news[j] if j < len(news) else None
            continue
        for new in news[j : j + best]:
            yield None, new, None
        yield old, news[j + best], None
        j += best + 1
    for new in news[j:]:
        yield None, new, None


def redline(old: Path, new: Path, output: Path) -> Counts:
    """Write ``output``: ``new`` with the changes since ``old`` tracked.
    Returns what was marked (nothing: the two documents say the same)."""
    import docx

    older, newer = docx.Document(str(old)), docx.Document(str(new))
    properties = newer.core_properties
    day = properties.modified or properties.created or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    marker = Redline(older, newer, properties.author or "chmdocs", day)
    body = newer.element.body
    ending = body.find(qn("w:sectPr"))
    marker.blocks(blocks_of(older.element.body), blocks_of(body), body, ending)
    ooxml.save_reproducibly(newer, output)
    return marker.counts
