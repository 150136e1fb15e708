"""The documents in Word (SPEC Part 3): ``build -f docx`` writes every
document with its cover, Word's heading styles, Word tables whose header rows
repeat, page numbers, the header line and status mark, the document's
language and properties; LibreOffice opens each as the PDF reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import TESTS, pdf_pages
from lxml import etree

import chmdocs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PUBLIC = ("agenda", "synthesis-note", "final-document")


def word_text(path: Path) -> str:
    """Every word of a .docx: paragraphs, tables, header and footer."""
    with zipfile.ZipFile(path) as package:
        parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
        texts = []
        for name in parts:
            tree = etree.fromstring(package.read(name))
            for paragraph in tree.iter(f"{W}p"):
                texts.append("".join(t.text or "" for t in paragraph.iter(f"{W}t")))
    return "\n".join(texts)


def part(path: Path, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


@pytest.fixture(scope="module")
def word_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/test-word: every docutils construct, a view or two, an
    internal document, built to Word, PDF and HTML with -W."""
    out = tmp_path_factory.mktemp("word")
    chmdocs.build(
        TESTS / "roots" / "test-word", out, ["docx", "pdf", "html"], warning_is_error=True
    )
    return out


def test_every_document_in_word_and_internal_ones_in_private(seed_build: Path) -> None:
    for name in PUBLIC:
        assert (seed_build / "docx" / f"{name}.docx").is_file()
        assert (seed_build / "html" / "docx" / f"{name}.docx").is_file()  # offered by the site
    assert (seed_build / "private" / "docx" / "attendance-sheet.docx").is_file()
    assert not (seed_build / "docx" / "attendance-sheet.docx").exists()
    assert not (seed_build / "html" / "docx" / "attendance-sheet.docx").exists()


def test_headings_are_word_heading_styles(seed_build: Path) -> None:
    document = docx.Document(str(seed_build / "docx" / "final-document.docx"))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Document final")
    second = [text for style, text in headings if style == "Heading 2"]
    assert "Objectifs de l’atelier" in second and "Tableau des actions" in second
    assert any(style == "Heading 3" for style, _text in headings)
    # Paragraphs by style, not direct formatting: no run sets a font size.
    body = part(seed_build / "docx" / "final-document.docx")
    assert not body.findall(f".//{W}body/{W}p/{W}r/{W}rPr/{W}sz")


def test_tables_repeat_their_header_rows_and_set_their_widths(seed_build: Path) -> None:
    body = part(seed_build / "docx" / "agenda.docx")
    tables = body.findall(f".//{W}tbl")
    assert len(tables) == 2  # one per day
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
        widths = [int(c.get(f"{W}w")) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
        assert len(widths) == 2 and 9400 <= sum(widths) <= 9700  # the text's width, 17 cm
    document = docx.Document(str(seed_build / "docx" / "agenda.docx"))
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["Horaire", "Programme"]
    pause = [r for t in document.tables for row in t.rows for c in row.cells
             for p in c.paragraphs for r in p.runs if r.text == "Pause café"]  # fmt: skip
    assert pause and all(r.font.italic for r in pause)  # breaks in grey italics


def test_every_run_is_in_the_document_language(seed_build: Path) -> None:
    path = seed_build / "docx" / "synthesis-note.docx"
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
        runs = [
            run
            for name in names
            if "header" in name or "footer" in name or name.endswith("document.xml")
            for run in etree.fromstring(package.read(name)).iter(f"{W}r")
        ]
    assert runs
    languages = {run.find(f"{W}rPr/{W}lang").get(f"{W}val") for run in runs}
    assert languages == {"fr-FR"}


def test_cover_header_footer_and_properties(seed_build: Path) -> None:
    path = seed_build / "docx" / "agenda.docx"
    document = docx.Document(str(path))
    opening = [p.text.replace("\xa0", " ") for p in document.paragraphs[:6]]
    assert "Point focal CHM de la Belgique" in opening
    assert any(t.startswith("Atelier de réflexion pour l’identification") for t in opening)
    assert "PROJET | 20 avril 2007" in opening
    section = document.sections[0]
    assert section.different_first_page_header_footer  # the cover has no header
    assert "PROJET" in section.header.paragraphs[0].text
    footer = etree.tostring(section.footer._element, encoding="unicode")
    assert "PAGE" in footer and "NUMPAGES" in footer
    properties = document.core_properties
    assert properties.title == "Programme provisoire"
    assert properties.author == "Point focal CHM de la Belgique"
    assert properties.subject.startswith("Atelier de réflexion")
    assert properties.language == "fr-FR"
    assert properties.created is not None and properties.created.date().isoformat() == "2007-04-20"
    final = docx.Document(str(seed_build / "docx" / "final-document.docx"))
    assert "PROJET" not in final.sections[0].header.paragraphs[0].text


def test_no_unpublished_participant_in_a_public_word_document(seed_build: Path) -> None:
    for name in PUBLIC:
        assert "Benali" not in word_text(seed_build / "docx" / f"{name}.docx"), name
    private = word_text(seed_build / "private" / "docx" / "attendance-sheet.docx")
    assert "Mme Fatima Benali" in private


def test_prose_in_word(word_root: Path) -> None:
    path = word_root / "docx" / "rapport.docx"
    text = word_text(path)
    for expected in ("premier point", "sous-point B", "Sa définition.", "Auditoire B",
                     "ligne 2 indentée", "Seconde ligne", "Une citation en retrait.",
                     "Une remarque encadrée.", "Légende de la figure.", "Le texte de la note.",
                     "fusion sur deux lignes", "Publier le rapport"):  # fmt: skip
        assert expected in text, expected
    assert "Liste interne" not in text  # an internal document inside a public one's toctree
    assert "Zorglub" not in text
    body = part(path)
    # Each numbered list counts from one: two lists, two numberings.
    document = docx.Document(str(path))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(numbered) == 4 and len(ids) == 2
    assert [p.style.name for p in document.paragraphs if p.text == "sous-point A"] == [
        "List Bullet 2"
    ]
    # A real hyperlink outward; a link inward reaches a bookmark.
    rels = part(path, "word/_rels/document.xml.rels")
    targets = {r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    assert "https://www.cbd.int/" in targets
    anchors = {link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink")} - {None}
    marks = {mark.get(f"{W}name") for mark in body.iter(f"{W}bookmarkStart")}
    assert anchors and anchors <= marks
    # Pictures with their alternative text; cells merged across and down.
    assert len(document.inline_shapes) == 2
    assert "Une carte des réseaux" in etree.tostring(body, encoding="unicode")
    assert body.findall(f".//{W}gridSpan") and body.findall(f".//{W}vMerge")
    # Nor does the PDF carry it (rst2pdf inlines toctrees its own way).
    assert "Liste interne" not in " ".join(pdf_pages(word_root / "pdf" / "rapport.pdf"))
    internal = word_text(word_root / "private" / "docx" / "liste.docx")
    assert "Liste interne" in internal and "Mme Ana Costa" in internal


def test_a_missing_image_is_its_alternative_text_and_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-word", source)
    (source / "carte.png").write_bytes(b"not a picture at all")
    warnings = tmp_path / "warnings.txt"
    with warnings.open("w") as stream:
        chmdocs.build(source, tmp_path / "out", ["docx"], warning=stream)
    said = warnings.read_text()
    assert "index.rst" in said and "carte.png" in said
    text = word_text(tmp_path / "out" / "docx" / "rapport.docx")
    assert "Une carte des réseaux" in text and "Le texte de la note." in text


def soffice() -> str:
    found = os.environ.get("CHMDOCS_SOFFICE") or shutil.which("soffice")
    if not found:
        pytest.fail("LibreOffice is missing: tools/ensure-office installs it")
    return found


def libreoffice_pdf(path: Path, into: Path) -> Path:
    """``path`` opened and printed by LibreOffice Writer, as a reader would."""
    profile = into / "profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(into), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    converted = into / f"{path.stem}.pdf"
    assert converted.is_file(), f"LibreOffice could not open {path.name}"
    return converted


def test_libreoffice_opens_every_document_with_the_pdfs_page_count(
    seed_build: Path, tmp_path: Path
) -> None:
    for name in PUBLIC:
        converted = libreoffice_pdf(seed_build / "docx" / f"{name}.docx", tmp_path)
        ours = len(pdf_pages(seed_build / "pdf" / f"{name}.pdf"))
        theirs = len(pdf_pages(converted))
        # Two layout engines, two fonts: the same text within a page, or a
        # page in seven on a long document.
        assert abs(ours - theirs) <= max(1, -(-ours // 7)), (name, ours, theirs)
        assert "Bruxelles" in " ".join(pdf_pages(converted))


def test_the_same_sources_make_the_same_word_file(tmp_path: Path) -> None:
    import time

    source = TESTS / "roots" / "test-word"
    chmdocs.build(source, tmp_path / "first", ["docx"])
    time.sleep(2)  # a zip file dates its parts to two seconds
    chmdocs.build(source, tmp_path / "second", ["docx"])
    first, second = (tmp_path / run / "docx" / "rapport.docx" for run in ("first", "second"))
    assert first.read_bytes() == second.read_bytes()
