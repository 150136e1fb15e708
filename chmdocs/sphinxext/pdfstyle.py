"""Style sheets made for one build (hyphenation in the project's language),
and a draft's "DRAFT" ("PROJET") watermark.

rst2pdf reads style sheets from files, and these depend on the build (its
language), so they are written at build time into the doctree directory.
The watermark is drawn by chmdocs' document template (see pdf.py).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from chmdocs.core.exports import write_atomic
from chmdocs.core.language import hyphenation_dictionary

WATERMARK_COLOUR = (163, 58, 26, 30)  # the draft mark's red, very light
VERA_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas


def language_sheet(folder: Path, language: str | None) -> Path:
    """A style sheet turning on hyphenation of body text in ``language``."""
    code = hyphenation_dictionary(language)
    styles = {
        "bodytext": {"hyphenationLang": code, "embeddedHyphenation": 1, "uriWasteReduce": 0.3},
    }
    return _write(folder / f"chmdocs-language-{code or 'none'}.json", {"styles": styles})


def working_paper_sheet(folder: Path) -> Path:
    """A style sheet for a document with no cover (the attendance sheet):
    headers and footers from the first page."""
    setup = {"firstTemplate": "chmPage"}
    return _write(folder / "chmdocs-working-paper.json", {"pageSetup": setup})


#: The draft mark's form in a PDF: drawn once, shown on each page.
DRAFT_MARK_FORM = "chmdocsDraftMark"
DRAFT_MARK_FONT = "chmdocs-draft-mark"
DRAFT_MARK_ANGLE = 55  # degrees, from the bottom left towards the top right
DRAFT_MARK_SHARE = 0.9  # of the page's width and height, at most
CAP_HEIGHT = 0.73  # of the font size, for Vera Bold's capitals


def draw_watermark(canvas: Canvas, label: str) -> None:
    """Lay ``label`` ("PROJET") across the page being drawn on ``canvas``,
    under what the page holds.

    Vector text, not a picture: sharp on paper at any size, a few hundred
    bytes, and drawn in no time (a page-sized image took a tenth of a second
    to encode again for each of rst2pdf's layout passes). The mark is one
    form per file and page size, each page refers to it.
    """
    width, height = canvas._pagesize
    form = f"{DRAFT_MARK_FORM}{round(width)}x{round(height)}"  # a landscape page has its own
    if not canvas.hasForm(form):
        canvas.beginForm(form)
        _draw_label(canvas, label, width, height)
        canvas.endForm()
    canvas.doForm(form)


def _draw_label(canvas: Canvas, label: str, width: float, height: float) -> None:
    size = draft_mark_size(label, width, height)
    # Under everything else on the page: the light red over white paper
    # (transparency would need a graphics state the form cannot name).
    *colour, alpha = WATERMARK_COLOUR
    red, green, blue = (1 - (255 - value) * alpha / 255 / 255 for value in colour)
    canvas.saveState()
    canvas.setFillColorRGB(red, green, blue)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(DRAFT_MARK_ANGLE)
    canvas.setFont(DRAFT_MARK_FONT, size)
    canvas.drawCentredString(0, -CAP_HEIGHT * size / 2, label)
    canvas.restoreState()


def draft_mark_size(label: str, width: float, height: float) -> float:
    """The font size of the draft mark on a page of ``width`` by ``height``
    points: a sixth of the page's width for "PROJET", smaller for a longer
    label, and never past the page once turned."""
    if DRAFT_MARK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(DRAFT_MARK_FONT, str(VERA_BOLD)))
    angle = math.radians(DRAFT_MARK_ANGLE)
    along = pdfmetrics.stringWidth(label, DRAFT_MARK_FONT, 1) or 1
    return min(
        width / max(len(label), 4),
        DRAFT_MARK_SHARE * width / (along * math.cos(angle) + CAP_HEIGHT * math.sin(angle)),
        DRAFT_MARK_SHARE * height / (along * math.sin(angle) + CAP_HEIGHT * math.cos(angle)),
    )


def _write(path: Path, content: dict[str, object]) -> Path:
    """Write a style sheet (JSON is YAML too), only when it changed."""
    text = json.dumps(content, indent=1, sort_keys=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))
    return path
