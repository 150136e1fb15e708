"""PDF output through rst2pdf: one file per document, and failures reported."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TESTS, pdf_pages, pdf_text, unhyphenate
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

import chmdocs
from chmdocs.core.errors import BuildError
from chmdocs.sphinxext.pdf import PdfBuildError


@pytest.mark.sphinx("pdf", testroot="minimal")
def test_documents_default_to_those_that_exist(app: SphinxTestApp) -> None:
    # The minimal project has none of agenda, synthesis-note, final-document.
    assert app.config.pdf_documents == []


@pytest.mark.sphinx("pdf", testroot="incremental", confoverrides={"chmdocs_documents": ["agenda"]})
def test_chmdocs_documents_fill_pdf_documents(app: SphinxTestApp) -> None:
    app.build()
    pdf = Path(app.outdir, "agenda.pdf")
    pages = pdf_pages(pdf)
    assert "Original title" in " ".join(pages)
    assert pages[-1].endswith(f"page {len(pages)} / {len(pages)}")


def test_pdfs_are_single_well_formed_files(
    seed_build: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pdfs = [*(seed_build / "pdf").glob("*.pdf"), *(seed_build / "private" / "pdf").glob("*.pdf")]
    assert len(pdfs) == 4
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.count(b"%PDF-") == 1, pdf.name
        with caplog.at_level(logging.WARNING, logger="pypdf"):
            PdfReader(pdf, strict=True).pages[0].extract_text()
        assert not caplog.records, pdf.name


def test_a_failed_rst2pdf_run_fails_the_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-pdf-failure", project)
    with pytest.raises(PdfBuildError, match=r"rst2pdf failed to write agenda\.pdf \(.+\): .+"):
        chmdocs.build(project, tmp_path / "out", ["pdf"])
    assert not (tmp_path / "out" / "pdf" / "agenda.pdf").exists()


def test_build_of_a_directory_without_conf_py_fails(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"no conf\.py"):
        chmdocs.build(tmp_path, tmp_path / "out", ["html"])


@pytest.mark.sphinx("pdf", testroot="long-day")
def test_a_long_timetable_repeats_its_heading_row_on_every_page(app: SphinxTestApp) -> None:
    app.build()
    pages = pdf_pages(Path(app.outdir, "agenda.pdf"))
    body = pages[1:]  # after the cover
    assert len(body) >= 2
    for page in body:
        assert "Time Programme" in page
        assert "Short item number" in page  # no page is blank
    text = " ".join(body)
    assert all(f"Short item number {n} " in text for n in range(48))


def test_a_failed_build_keeps_the_previous_good_pdf(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-pdf-failure", project)
    conf = project / "conf.py"
    broken = conf.read_text()
    conf.write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    chmdocs.build(project, tmp_path / "out", ["pdf"])
    good = (tmp_path / "out" / "pdf" / "agenda.pdf").read_bytes()
    conf.write_text(broken)
    with pytest.raises(PdfBuildError):
        chmdocs.build(project, tmp_path / "out", ["pdf"])
    assert (tmp_path / "out" / "pdf" / "agenda.pdf").read_bytes() == good
    assert not (tmp_path / "out" / "pdf" / ".partial").exists()


@pytest.mark.parametrize(
    ("sections", "words", "setting", "contents"),
    [
        (3, 900, "", False),  # long, but three headings
        (6, 40, "", False),  # six headings, but a page or two
        (4, 900, "", False),  # four headings
        (6, 900, "", True),  # six headings over many pages: a contents page helps
        (6, 900, "pdf_use_toc = False\n", False),
    ],
)
def test_a_contents_page_only_for_a_long_document(
    tmp_path: Path, sections: int, words: int, setting: str, contents: bool
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f'extensions = ["chmdocs"]\nlanguage = "en"\nchmdocs_documents = ["index"]\n{setting}'
    )
    body = "Document\n========\n\n.. workshop:: W\n   :start: 2030-01-01\n\n"
    text = " ".join(["Words of the part."] * (words // 4))
    body += "".join(f"Part {n}\n------\n\n{text}\n\n" for n in range(sections))
    (source / "index.rst").write_text(body)
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    pages = pdf_pages(tmp_path / "out" / "pdf" / "index.pdf")
    assert (
        any(page.startswith("Contents") or " Contents " in f" {page} " for page in pages)
        is contents
    ), len(pages)


def test_no_page_ends_with_a_heading_or_a_term(seed_build: Path) -> None:
    """A heading (every PDF bookmark) or a definition list's term never ends
    a page alone: rst2pdf's second pass would forget keepWithNext."""
    from pypdf import PdfReader

    for name in ("agenda.pdf", "synthesis-note.pdf", "final-document.pdf"):
        reader = PdfReader(seed_build / "pdf" / name)

        def titles(outline: list) -> list[str]:  # type: ignore[type-arg]
            found: list[str] = []
            for entry in outline:
                found += titles(entry) if isinstance(entry, list) else [entry.title]
            return found

        headings = {" ".join(t.split()) for t in titles(reader.outline)}
        headings |= {"Avant l'atelier", "Pendant l'atelier", "Après l'atelier"}
        pages = [
            [" ".join(line.split()) for line in page.extract_text().splitlines()]
            for page in reader.pages
        ]
        # The running header, the same line on every page after the cover.
        header = set.intersection(*(set(lines) for lines in pages[1:]))
        for number, lines in enumerate(pages[:-1], start=1):
            body = [x for x in lines if x and not x.startswith("page ") and x not in header]
            last = body[-1].replace("\u2019", "'") if body else ""
            assert last not in headings, f"{name} p. {number} ends with {last!r}"


def test_a_draft_carries_its_watermark_on_every_page_stored_once(seed_build: Path) -> None:
    """The seed's agenda is a draft: each of its pages draws the "PROJET"
    image, one image stored once in the file; its final documents draw none."""

    def images(page: Any) -> set[int]:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return {
            ref.idnum for ref in xobjects.values()
            if ref.get_object().get("/Subtype") == "/Image"
        }  # fmt: skip

    draft = PdfReader(seed_build / "pdf" / "agenda.pdf")
    drawn = [images(page) for page in draft.pages]
    assert all(len(found) == 1 for found in drawn), drawn
    assert len(set.union(*drawn)) == 1
    for final in ("synthesis-note.pdf", "final-document.pdf"):
        reader = PdfReader(seed_build / "pdf" / final)
        assert not any(images(page) for page in reader.pages), final


@pytest.mark.parametrize("sentences", [True, False], ids=["sentences", "one-sentence"])
def test_a_very_long_paragraph_prints_whole_in_linear_time(tmp_path: Path, sentences: bool) -> None:
    """ReportLab's line breaking is quadratic in a paragraph's length: a wall
    of 20,000 words prints as several paragraphs, every word kept."""
    import random

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    rng = random.Random(7)
    words = ["réseau", "atelier", "partenariat", "site", "pays", "information"]
    text = " ".join(
        rng.choice(words) + ("." if sentences and n % 15 == 14 else "") for n in range(20_000)
    )
    middle = len(text) // 2
    text = f"DEBUT {text[:middle]} *MILIEU* {text[middle:]} FIN"
    (source / "long.rst").write_text(f":orphan:\n\nLong\n====\n\n{text}\n", encoding="utf-8")
    with (source / "conf.py").open("a") as conf:
        conf.write('chmdocs_documents = [("long", "long")]\n')
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning_is_error=True)
    printed = pdf_text(tmp_path / "out" / "pdf" / "long.pdf")
    assert "DEBUT" in printed and "MILIEU" in printed and "FIN" in printed
    assert unhyphenate(printed).count("partenariat") >= 3000
