"""Shared fixtures: Sphinx's own testing fixtures, our test roots, PDF text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
REPO = TESTS.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-<name>)."""
    return TESTS / "roots"


def normalize(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space,
    and typographic apostrophes as plain ones."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def unhyphenate(text: str) -> str:
    """Words the PDF hyphenated across lines, whole again."""
    return re.sub(r"([a-zà-ÿœ])-\n([a-zà-ÿœ])", r"\1\2", text)


def pdf_text(path: Path) -> str:
    """All the text of a PDF, white space normalized."""
    reader = PdfReader(path)
    return normalize(" ".join(unhyphenate(page.extract_text()) for page in reader.pages))


def pdf_pages(path: Path) -> list[str]:
    return [normalize(unhyphenate(page.extract_text())) for page in PdfReader(path).pages]


def html_text(path: Path) -> str:
    """The visible text of an HTML page, tags dropped, white space normalized."""
    return visible_text(path.read_text(encoding="utf-8"))


def visible_text(raw: str) -> str:
    """The text of an HTML fragment as a reader sees it."""
    import html

    raw = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", raw)
    blocks = r"</?(?:p|div|td|th|tr|li|ul|ol|table|thead|tbody|section|h[1-6]|br|dt|dd|dl)\b[^>]*>"
    raw = re.sub(blocks, " ", raw)
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", raw)))
