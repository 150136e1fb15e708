"""French typography: no-break spaces where French sets them, never a break there."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO

import chmdocs
from chmdocs.sphinxext.typography import NBSP, NNBSP, french_spacing


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        ("Tour de table : suite", f"Tour de table{NBSP}: suite"),
        ("pour le CHM?", f"pour le CHM{NNBSP}?"),
        ("Que sera le CHM en 2012 ?", f"Que sera le CHM en 2012{NNBSP}?"),
        ("les « best practices »", f"les «{NNBSP}best practices{NNBSP}»"),
        ("participants ; une fois", f"participants{NNBSP}; une fois"),
        ("Attention!", f"Attention{NNBSP}!"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("de 09:00 à 10:00", "de 09:00 à 10:00"),  # times keep their colon
        ("voir http://example.org/?a=1", "voir http://example.org/?a=1"),
    ],
)
def test_french_spacing(written: str, typeset: str) -> None:
    assert french_spacing(written, NNBSP) == typeset


def test_french_html_has_no_breakable_space_before_high_punctuation(tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path, ["html"])
    page = (tmp_path / "html" / "programme.html").read_text(encoding="utf-8")
    assert f"pour le CHM{NNBSP}?" in page
    assert f"Tour de table{NBSP}: suite" in page
    assert f"09.00{NBSP}–{NBSP}09.30" in page
    assert " ?" not in page.split('<main class="body"')[1].split("</main>")[0]
    agenda = (tmp_path / "html" / "agenda.html").read_text(encoding="utf-8")
    assert f"Mercredi{NBSP}2{NBSP}mai{NBSP}2007" in agenda


def test_english_text_is_left_alone(tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path, ["html"], overrides={"language": "en"})
    page = (tmp_path / "html" / "programme.html").read_text(encoding="utf-8")
    assert NNBSP not in page
    assert "support the work for the CHM?" in page  # translated, English spacing


def test_titles_shown_by_views_get_french_spacing_too(tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path, ["html"])
    agenda = (tmp_path / "html" / "agenda.html").read_text(encoding="utf-8")
    assert f"réseaux humains pour le CHM{NNBSP}?</span>" in agenda


def test_pdf_text_is_hyphenated_and_never_broken_at_a_narrow_space(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = tmp_path / "src"
    shutil.copytree(REPO / "source", source)
    note = source / "synthesis-note.rst"
    # An author typing narrow no-break spaces themselves, all along a paragraph.
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "L'atelier se déroulera sur deux journées.",
            "L'atelier se déroulera sur deux journées.\u202f" + "mot\u202f" * 120,
        ),
        encoding="utf-8",
    )
    chmdocs.build(source, tmp_path / "out", ["pdf"])
    raw = " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "out" / "pdf" / "synthesis-note.pdf").pages
    )
    assert "\u202f" not in raw
    agenda = " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "out" / "pdf" / "agenda.pdf").pages
    )
    assert re.search(r"[a-zé]-\n[a-zé]", agenda), "no word hyphenated at a line end"


def test_views_and_links_get_the_same_smart_quotes_as_the_text(tmp_path: Path) -> None:
    from pypdf import PdfReader

    chmdocs.build(REPO / "source", tmp_path, ["html", "pdf"])
    final = (tmp_path / "html" / "final-document.html").read_text(encoding="utf-8")
    assert "qu’est-ce qui fait" in final and "qu'est-ce qui fait" not in final
    pages = PdfReader(tmp_path / "pdf" / "agenda.pdf").pages
    agenda = " ".join(page.extract_text() for page in pages)
    assert "l’objectif 2010" in agenda and "'" not in agenda  # cover and timetable alike
