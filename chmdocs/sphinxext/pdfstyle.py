"""Style sheets made for one build (hyphenation in the project's language),
and the image of a draft's "DRAFT" ("PROJET") watermark.

rst2pdf reads style sheets from files, and these depend on the build (its
language), so they are written at build time into the doctree directory,
next to the watermark image (drawn by chmdocs' document template, see pdf.py).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import reportlab
from PIL import Image, ImageDraw, ImageFont

from chmdocs.core.exports import write_atomic
from chmdocs.core.language import hyphenation_dictionary

WATERMARK_COLOUR = (163, 58, 26, 30)  # the draft mark's red, very light
VERA_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"
A4_PIXELS = (1240, 1754)  # A4 at 150 dpi


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


def watermark(folder: Path, label: str) -> Path:
    """A page-sized transparent PNG with ``label`` written diagonally."""
    target = folder / f"watermark-{''.join(c for c in label if c.isalnum()) or 'draft'}.png"
    if target.exists():
        return target
    width, height = A4_PIXELS
    font = ImageFont.truetype(str(VERA_BOLD), size=width // max(len(label), 4))
    text = Image.new("RGBA", (width * 2, height // 3), (255, 255, 255, 0))
    draw = ImageDraw.Draw(text)
    box = draw.textbbox((0, 0), label, font=font)
    draw.text(
        ((text.width - (box[2] - box[0])) / 2, (text.height - (box[3] - box[1])) / 2 - box[1]),
        label,
        font=font,
        fill=WATERMARK_COLOUR,
    )
    rotated = text.rotate(55, expand=True)
    page = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    _centre(page, rotated)
    image = io.BytesIO()
    page.save(image, format="PNG")
    # All at once: this file is reused by later builds as it is found.
    write_atomic(target, image.getvalue())
    return target


def _centre(page: Image.Image, mark: Image.Image) -> None:
    mark = mark.crop(mark.getbbox() or (0, 0, 1, 1))
    mark.thumbnail((int(page.width * 0.9), int(page.height * 0.9)))
    page.alpha_composite(
        mark, dest=((page.width - mark.width) // 2, (page.height - mark.height) // 2)
    )


def _write(path: Path, content: dict[str, object]) -> Path:
    """Write a style sheet (JSON is YAML too), only when it changed."""
    text = json.dumps(content, indent=1, sort_keys=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomic(path, text.encode("utf-8"))
    return path
