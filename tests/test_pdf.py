"""PDF output through rst2pdf: one file per document, and failures reported."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TESTS, pdf_pages, pdf_text, unhyphenate
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
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


def test_pdfs_laid_out_side_by_side_are_those_laid_out_in_turn(tmp_path: Path) -> None:
    """With ``-j 2`` each of the seed's PDFs is laid out in a process of its
    own: the files are byte for byte those of a serial build, links from
    one PDF to another included (the agenda's to the synthesis note)."""
    built = {}
    for jobs in (1, 2):
        chmdocs.build(
            REPO / "source", tmp_path / f"j{jobs}", ["pdf"], jobs=jobs, warning_is_error=True
        )
        built[jobs] = {
            pdf.relative_to(tmp_path / f"j{jobs}"): pdf.read_bytes()
            for pdf in (tmp_path / f"j{jobs}").rglob("*.pdf")
            if ".chmdocs" not in pdf.parts
        }
    assert len(built[1]) == 4
    assert built[1] == built[2]
    # Each process noted what it laid out: the build keeps every layout.
    assert len(list((tmp_path / "j2").rglob("laid-out/*.key"))) == 4
    agenda = PdfReader(io.BytesIO(built[2][Path("pdf", "agenda.pdf")]))
    targets = [
        str(link["/A"].get("/F"))
        for page in agenda.pages
        for link in (annotation.get_object() for annotation in page.get("/Annots") or [])
    ]
    assert any(target.startswith("synthesis-note.pdf#group-") for target in targets), targets


def test_a_failed_rst2pdf_run_in_a_parallel_build_fails_it(tmp_path: Path) -> None:
    """A document rst2pdf cannot lay out, among two laid out side by side:
    the build fails naming it, and says rst2pdf's warning once, at the file
    and line rst2pdf names or at the document."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-pdf-failure", project)
    (project / "final-document.rst").write_text("Final\n=====\n\nDone.\n", encoding="utf-8")
    with (project / "index.rst").open("a", encoding="utf-8") as index:
        index.write("   final-document\n")
    warnings = io.StringIO()
    with pytest.raises(PdfBuildError, match=r"rst2pdf failed to write agenda\.pdf \(.+\): .+"):
        chmdocs.build(project, tmp_path / "out", ["pdf"], jobs=2, warning=warnings)
    said = warnings.getvalue()
    assert "WARNING: rst2pdf:" in said
    assert "Traceback" not in said
    assert not (tmp_path / "out" / "pdf").exists()


def test_style_sheets_read_once_read_as_rst2pdf_reads_them(tmp_path: Path) -> None:
    """chmdocs' style sheets, a JSON one and a project's own, read through
    chmdocs' cache (libyaml's parser): what rst2pdf's own reading gives, each
    reader its own copy, and a sheet that is not YAML still told by rst2pdf."""
    import yaml
    from rst2pdf import styles

    from chmdocs.sphinxext.pdf import STYLE_DIR
    from chmdocs.sphinxext.pdflayout import install_style_cache

    install_style_cache()
    json_sheet = tmp_path / "language.json"
    json_sheet.write_text('{"styles": {"bodytext": {"hyphenationLang": "fr"}}}', encoding="utf-8")
    own = tmp_path / "own.yaml"
    own.write_text("styles:\n  heading1:\n    fontSize: 20\n    textColor: '#2f5d3a'\n")
    sheet = styles.StyleSheet.__new__(styles.StyleSheet)
    sheet.StyleSearchPath = [str(STYLE_DIR), str(tmp_path)]
    sheet.record_dependencies = {"conf.py"}  # (rst2pdf adds to a set that is not empty)
    for path in (STYLE_DIR / "chmdocs.yaml", json_sheet, own):
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        first = sheet.readStyle(str(path))
        assert first == expected
        first["styles"] = {}
        assert sheet.readStyle(str(path)) == expected
    assert sheet.record_dependencies == {
        "conf.py",
        *(str(p) for p in (STYLE_DIR / "chmdocs.yaml", json_sheet, own)),
    }
    broken = tmp_path / "broken.yaml"
    broken.write_text("styles: [unclosed\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        sheet.readStyle(str(broken))


@pytest.fixture
def laid_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the documents rst2pdf lays out, as it lays them out."""
    from rst2pdf.createpdf import RstToPdf

    titles: list[str] = []
    create = RstToPdf.createPdf

    def counting(self: Any, *args: Any, doctree: Any = None, **kwargs: Any) -> Any:
        titles.append(str(doctree.settings.title))
        return create(self, *args, doctree=doctree, **kwargs)

    monkeypatch.setattr(RstToPdf, "createPdf", counting)
    return titles


def test_a_pdf_is_laid_out_again_only_when_what_it_is_made_of_changed(
    tmp_path: Path, laid_out: list[str]
) -> None:
    """An earlier build's layout is reused while the document, its settings,
    style sheets and images are the same: a rebuild with nothing changed lays
    nothing out and leaves the files as they were; a session renamed lays out
    the documents showing it; the project's style sheet changed, all."""
    shutil.copytree(REPO / "source", tmp_path / "source")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    source, out = tmp_path / "source", tmp_path / "out"

    def build(**overrides: Any) -> dict[str, tuple[bytes, int]]:
        laid_out.clear()
        chmdocs.build(source, out, ["pdf"], warning=io.StringIO(), overrides=overrides or None)
        return {
            str(pdf.relative_to(out)): (pdf.read_bytes(), pdf.stat().st_mtime_ns)
            for pdf in out.rglob("*.pdf")
            if ".chmdocs" not in pdf.parts
        }

    first = build()
    assert len(laid_out) == 4 and len(first) == 4
    assert build() == first
    assert laid_out == []
    programme = source / "programme.rst"
    programme.write_text(
        programme.read_text(encoding="utf-8").replace(
            "Accueil des participants", "Accueil et café des participants"
        ),
        encoding="utf-8",
    )
    renamed = build()
    # The attendance sheet names no session: its file is the one of before.
    assert "Programme provisoire" in laid_out and "Liste de présence" not in laid_out
    assert "Accueil et café des participants" in pdf_text(out / "pdf" / "agenda.pdf")
    sheet = "private/pdf/attendance-sheet.pdf"
    assert renamed[sheet] == first[sheet]
    assert renamed["pdf/agenda.pdf"][0] != first["pdf/agenda.pdf"][0]
    style = tmp_path / "templates" / "brussels.yaml"
    style.write_text(
        style.read_text(encoding="utf-8").replace("#2f5d3a", "#2f3a5d"), encoding="utf-8"
    )
    build()
    assert len(laid_out) == 4
    build(pdf_compressed=True)
    assert len(laid_out) == 4


def test_blank_lines_lay_nothing_out_and_a_draft_made_final_loses_its_mark(
    tmp_path: Path, laid_out: list[str]
) -> None:
    """Blank lines and trailing spaces added to the programme change no PDF;
    the agenda made final is laid out again, without its draft mark, and
    the other documents are not."""
    shutil.copytree(REPO / "source", tmp_path / "source")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    source, out = tmp_path / "source", tmp_path / "out"
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    programme = source / "programme.rst"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace(".. session:: Pause café\n", ".. session:: Pause café   \n") + "\n\n   \n",
        encoding="utf-8",
    )
    laid_out.clear()
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    assert laid_out == []
    agenda = source / "agenda.rst"
    agenda.write_text(
        agenda.read_text(encoding="utf-8").replace(":status: draft", ":status: final"),
        encoding="utf-8",
    )
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    assert laid_out == ["Programme provisoire"]
    reader = PdfReader(out / "pdf" / "agenda.pdf")
    assert not any((page["/Resources"].get("/XObject") or {}) for page in reader.pages)


def test_a_pdf_showing_an_image_is_laid_out_again_when_the_image_changes(
    tmp_path: Path, laid_out: list[str]
) -> None:
    """The image file under the same name, redrawn: the PDF shows the new one."""
    from PIL import Image

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    Image.new("RGB", (40, 20), "red").save(source / "logo.png")
    (source / "map.rst").write_text(
        ":orphan:\n\nMap\n===\n\n.. image:: logo.png\n\nThe map.\n", encoding="utf-8"
    )
    with (source / "conf.py").open("a") as conf:
        conf.write('chmdocs_documents = [("map", "map")]\n')
    out = tmp_path / "out"
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    red = (out / "pdf" / "map.pdf").read_bytes()
    laid_out.clear()
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    assert laid_out == []
    Image.new("RGB", (40, 20), "blue").save(source / "logo.png")
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    assert laid_out == ["Map"]
    assert (out / "pdf" / "map.pdf").read_bytes() != red
    laid_out.clear()
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO(), overrides={"language": "fr"})
    assert laid_out == ["Map"]  # in French now


def test_the_layout_key_changes_with_anything_a_pdf_is_made_of(tmp_path: Path) -> None:
    """One change at a time, each a new key; the same inputs, the same key;
    attribute values JSON cannot hold do not stop it."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from chmdocs.sphinxext import pdfcache

    styles, fonts = tmp_path / "styles", tmp_path / "fonts"
    styles.mkdir()
    fonts.mkdir()
    (styles / "house.yaml").write_text("styles: {}\n", encoding="utf-8")
    (fonts / "House.ttf").write_bytes(b"font")
    (tmp_path / "logo.png").write_bytes(b"png")

    def key(text: str = "Hello", settings: Any = None, meta: str = "m", **attributes: Any) -> str:
        document = new_document("doc", get_default_settings(Parser))
        document += nodes.paragraph("", text, **attributes)
        document += nodes.image(uri="logo.png")
        entry = ["doc", "doc", "Doc", "Me", {"pdf_stylesheets": ["house"]}]
        return pdfcache.layout_key(
            document,
            entry,
            settings or {"language": "fr"},
            meta,
            [str(styles)],
            [str(fonts)],
            tmp_path,
        )

    first = key()
    assert key() == first
    # A set is written in the same order whatever the process's hash seed.
    script = (
        "from docutils import nodes; from docutils.frontend import get_default_settings;"
        "from docutils.parsers.rst import Parser; from docutils.utils import new_document;"
        "from chmdocs.sphinxext.pdfcache import layout_key;"
        "d = new_document('d', get_default_settings(Parser));"
        "d += nodes.paragraph('', 'x', odd={'réseau', 'atelier', 'pays', 'site', 'CHM'});"
        "print(layout_key(d, [], {}, None, [], [], '.'))"
    )
    seeded = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seeded) == 1, seeded
    changed = {
        "text": key("Hello!"),
        "attribute": key(classes=["chm-x"]),
        "odd attribute": key(odd={(1, 2): object}),
        "set attribute": key(odd={"b", "a", "c"}),
        "settings": key(settings={"language": "en"}),
        "metadata": key(meta="draft"),
    }
    (styles / "house.yaml").write_text("styles: {x: {}}\n", encoding="utf-8")
    changed["style sheet"] = key()
    (styles / "house.yaml").write_text("styles: {}\n", encoding="utf-8")
    assert key() == first
    (tmp_path / "logo.png").write_bytes(b"other png")
    changed["image"] = key()
    (tmp_path / "logo.png").write_bytes(b"png")
    (fonts / "House.ttf").write_bytes(b"other font")
    changed["font"] = key()
    assert len({first, *changed.values()}) == len(changed) + 1, changed


def test_a_kept_layout_that_is_not_a_whole_pdf_is_laid_out_again(
    tmp_path: Path, laid_out: list[str]
) -> None:
    shutil.copytree(REPO / "source", tmp_path / "source")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    out = tmp_path / "out"
    chmdocs.build(tmp_path / "source", out, ["pdf"], warning=io.StringIO())
    good = (out / "pdf" / "agenda.pdf").read_bytes()
    for kept in (out / "private" / ".chmdocs").rglob("laid-out/*.pdf"):
        kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    laid_out.clear()
    chmdocs.build(tmp_path / "source", out, ["pdf"], warning=io.StringIO())
    assert len(laid_out) == 4
    assert (out / "pdf" / "agenda.pdf").read_bytes() == good


def test_no_room_to_keep_a_layout_fails_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, laid_out: list[str]
) -> None:
    """A full disk when keeping the layouts: the build still publishes its
    PDFs; the next build lays them out again."""
    import errno

    from chmdocs.sphinxext import pdfcache

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    with (source / "conf.py").open("a") as conf:
        conf.write('chmdocs_documents = [("index", "index")]\n')
    with monkeypatch.context() as disk:
        disk.setattr(pdfcache, "write_atomic", full)
        chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    assert pdf_text(tmp_path / "out" / "pdf" / "index.pdf")
    assert not list((tmp_path / "out").rglob("laid-out/*"))
    laid_out.clear()
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    assert len(laid_out) == 1


def test_a_failed_pdf_build_keeps_no_layout(tmp_path: Path, laid_out: list[str]) -> None:
    """Layouts are kept only from a PDF build that passed its checks."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "test-pdf-failure", project)
    with pytest.raises(PdfBuildError):
        chmdocs.build(project, tmp_path / "out", ["pdf"])
    assert not list((tmp_path / "out").rglob("laid-out/*"))


def test_a_layout_process_that_dies_fails_the_build_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process laying out a PDF killed (the out-of-memory killer): the
    build fails with a message, publishes nothing and keeps no layout."""
    import os

    from rst2pdf.createpdf import RstToPdf

    create = RstToPdf.createPdf

    def dying(self: Any, *args: Any, doctree: Any = None, **kwargs: Any) -> Any:
        if str(doctree.settings.title) == "Document final":
            os._exit(9)
        return create(self, *args, doctree=doctree, **kwargs)

    monkeypatch.setattr(RstToPdf, "createPdf", dying)
    out = tmp_path / "out"
    # Found while the processes are joined, or as a PDF not written (when
    # Sphinx's task runner saw the process die as it started another).
    stopped = r"a process laying out the PDFs stopped|final-document\.pdf \(it was not written\)"
    with pytest.raises(BuildError, match=stopped):
        chmdocs.build(REPO / "source", out, ["pdf"], jobs=2, warning=io.StringIO())
    assert not (out / "pdf").exists()
    assert not list(out.rglob("laid-out/*"))


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


def test_every_page_counts_the_pages_when_the_contents_add_some(tmp_path: Path) -> None:
    """A document whose contents take pages of their own once filled in: the
    layout that counts its pages is not the last one, yet every page's
    footer says the document's page count."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["chmdocs"]\nlanguage = "en"\nchmdocs_documents = ["index"]\n'
    )
    text = " ".join(["Words of the part."] * 60)
    parts = "".join(f"Part {n}\n--------\n\n{text}\n\n" for n in range(120))
    (source / "index.rst").write_text(
        f"Document\n========\n\n.. workshop:: W\n   :start: 2030-01-01\n\n{parts}"
    )
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    pages = pdf_pages(tmp_path / "out" / "pdf" / "index.pdf")
    assert len(pages) > 40
    assert "Contents" in pages[1]
    for number, page in enumerate(pages[1:], start=2):
        assert f"page {number} / {len(pages)}" in page, number


def test_no_page_ends_with_a_heading_or_a_term(seed_build: Path) -> None:
    """A heading (every PDF bookmark) or a definition list's term never ends
    a page alone: rst2pdf's second pass would forget keepWithNext."""

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
    mark, one drawing stored once in the file, as text in the document's
    language (sharp on paper, found by a search); its final documents draw
    none."""

    def drawings(page: Any) -> set[int]:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return {ref.idnum for ref in xobjects.values()}

    draft = PdfReader(seed_build / "pdf" / "agenda.pdf")
    drawn = [drawings(page) for page in draft.pages]
    assert all(len(found) == 1 for found in drawn), drawn
    assert len(set.union(*drawn)) == 1
    (mark,) = set.union(*drawn)
    form = draft.get_object(mark)
    assert form["/Subtype"] == "/Form"
    # The mark's own text: what the form draws, read on a page of its own.
    writer = PdfWriter()
    alone = writer.add_blank_page(width=595, height=842)
    draw = DecodedStreamObject()
    draw.set_data(b"/Mark Do")
    alone[NameObject("/Contents")] = writer._add_object(draw)
    alone[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Mark"): writer._add_object(form)})}
    )
    assert alone.extract_text().split() == ["PROJET"]
    for final in ("synthesis-note.pdf", "final-document.pdf"):
        reader = PdfReader(seed_build / "pdf" / final)
        assert not any(drawings(page) for page in reader.pages), final


@settings(max_examples=200, deadline=None)
@given(
    label=st.text(
        alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F), min_size=1, max_size=80
    ),
    page=st.sampled_from([(595.27, 841.89), (841.89, 595.27), (612, 792), (419.53, 595.27)]),
)
def test_the_draft_mark_stays_on_its_page(label: str, page: tuple[float, float]) -> None:
    """Any label, on any page size, turned: inside the page, no larger than
    "PROJET" is on an A4 page."""
    import math

    from reportlab.pdfbase import pdfmetrics

    from chmdocs.sphinxext import pdfstyle

    width, height = page
    size = pdfstyle.draft_mark_size(label, width, height)
    along = pdfmetrics.stringWidth(label, pdfstyle.DRAFT_MARK_FONT, size)
    across = pdfstyle.CAP_HEIGHT * size
    angle = math.radians(pdfstyle.DRAFT_MARK_ANGLE)
    assert along * math.cos(angle) + across * math.sin(angle) <= width * 0.9 + 1e-6
    assert along * math.sin(angle) + across * math.cos(angle) <= height * 0.9 + 1e-6
    assert 0 < size <= width / 4


def test_a_landscape_page_of_a_draft_has_its_mark_centred(tmp_path: Path) -> None:
    """Pages of two sizes in one draft: each size has its own mark, centred."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from chmdocs.sphinxext import pdfstyle

    target = tmp_path / "mixed.pdf"
    canvas = Canvas(str(target), pagesize=A4)
    for size in (A4, landscape(A4), A4):
        canvas.setPageSize(size)
        pdfstyle.draw_watermark(canvas, "PROJET")
        canvas.showPage()
    canvas.save()
    reader = PdfReader(target)
    forms = [
        {ref.idnum: ref.get_object()["/BBox"] for ref in page["/Resources"]["/XObject"].values()}
        for page in reader.pages
    ]
    assert forms[0] == forms[2] != forms[1]
    for page, drawn in zip(reader.pages, forms, strict=True):
        (box,) = drawn.values()
        assert [float(x) for x in box[2:]] == pytest.approx([float(x) for x in page.mediabox[2:]])
        assert "PROJET" in page.extract_text()


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
