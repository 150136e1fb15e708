"""``chmdocs redline OLD [NEW] -o FILE.docx`` (SPEC Part 3): the newer
document with every change since the older one as Word tracked changes.
A reader who accepts them all reads the newer text, one who rejects them all
the older; the author is the organizer, the date the newer document's."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import TESTS
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from test_word import libreoffice_pdf

import chmdocs
from chmdocs.app.cli import main
from chmdocs.writers.redline import redline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml")).find(f"{W}body")


def paragraphs(tree: etree._Element) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in tree.iter(f"{W}p")]


def resolved(path: Path, *, accept: bool) -> list[str]:
    """The text a reader gets after accepting (or rejecting) every change:
    an independent reading of w:ins, w:del, deleted paragraph marks and rows."""
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    tree = copy.deepcopy(body(path))
    for row in list(tree.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}{drop}") is not None:
            row.getparent().remove(row)
    for paragraph in tree.iter(f"{W}p"):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            paragraph.set("gone", "1")  # its mark goes: an empty paragraph merges away
    marks = (f"{W}rPr", f"{W}trPr")
    for mark in [m for m in tree.iter(f"{W}{drop}") if m.getparent().tag not in marks]:
        mark.getparent().remove(mark)
    for mark in [m for m in tree.iter(f"{W}{keep}") if m.getparent().tag not in marks]:
        parent, index = mark.getparent(), mark.getparent().index(mark)
        for child in list(mark):
            parent.insert(index, child)
            index += 1
        parent.remove(mark)
    for text in tree.iter(f"{W}delText"):
        text.tag = f"{W}t"
    return [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in tree.iter(f"{W}p")
        if not (p.get("gone") and not "".join(t.text or "" for t in p.iter(f"{W}t")))
    ]


def changed_project(target: Path) -> Path:
    """tests/roots/test-word, its final version: a sentence reworded (around a
    link), a paragraph removed, one added, an action added, one renamed."""
    shutil.copytree(TESTS / "roots" / "test-word", target)
    index = target / "index.rst"
    text = index.read_text(encoding="utf-8")
    text = text.replace(":status: draft\n:date: 2030-02-20", ":status: final\n:date: 2030-04-02")
    text = text.replace("Un paragraphe avec *emphase*", "Un long paragraphe avec *emphase*")
    text = text.replace("Une autre liste numérotée recommence :", "Ajouté après l'atelier.")
    text = text.replace("   Une citation en retrait.\n", "")
    text = text.replace(
        ".. action:: Publier le rapport",
        ".. action:: Traduire le rapport\n   :id: act-traduire\n   :owner: p-ana\n\n"
        ".. action:: Publier le rapport final",
    )
    index.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def redlined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(redline, older .docx, newer .docx) of the test-word root's two versions."""
    folder = tmp_path_factory.mktemp("redline")
    newer = changed_project(folder / "v2")
    output = folder / "redline.docx"
    counts = chmdocs.redline(TESTS / "roots" / "test-word", newer, output, document="rapport")
    assert counts
    for side, project in (("old", TESTS / "roots" / "test-word"), ("new", newer)):
        chmdocs.build(project, folder / side, ["docx"])
    return (
        output,
        folder / "old" / "docx" / "rapport.docx",
        folder / "new" / "docx" / "rapport.docx",
    )


def test_accepting_every_change_gives_the_newer_text(redlined: tuple[Path, Path, Path]) -> None:
    output, _old, new = redlined
    assert resolved(output, accept=True) == paragraphs(body(new))


def test_rejecting_every_change_gives_the_older_text(redlined: tuple[Path, Path, Path]) -> None:
    output, old, _new = redlined
    assert resolved(output, accept=False) == paragraphs(body(old))


def test_changes_are_words_paragraphs_and_rows_by_the_organizer(
    redlined: tuple[Path, Path, Path],
) -> None:
    output, _old, _new = redlined
    tree = body(output)
    marks = [*tree.iter(f"{W}ins"), *tree.iter(f"{W}del")]
    assert {m.get(f"{W}author") for m in marks} == {"Point focal CHM de la Belgique"}
    assert {m.get(f"{W}date") for m in marks} == {"2030-04-02T00:00:00Z"}
    ids = [m.get(f"{W}id") for m in marks]
    assert len(ids) == len(set(ids))
    # "long" inserted inside a paragraph that stays: a word, not the paragraph.
    reworded = next(p for p in tree.iter(f"{W}p") if "paragraphe avec" in "".join(p.itertext()))
    inserted = ["".join(i.itertext()) for i in reworded.iter(f"{W}ins")]
    assert any("long" in text for text in inserted)
    assert reworded.find(f"{W}pPr/{W}rPr/{W}ins") is None
    assert any("emphase" in "".join(r.itertext()) for r in reworded.iter(f"{W}r"))  # kept, italic
    emphasis = [r for r in reworded.iter(f"{W}r") if "emphase" in "".join(r.itertext())]
    assert emphasis[0].find(f"{W}rPr/{W}i") is not None
    # Whole paragraphs: the quotation deleted with its mark, the new sentence inserted.
    deleted = [p for p in tree.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    assert any("Une citation en retrait." in "".join(p.itertext()) for p in deleted)
    # The action table gained a row, whole.
    rows = [r for r in tree.iter(f"{W}tr") if r.find(f"{W}trPr/{W}ins") is not None]
    assert any("Traduire le rapport" in "".join(r.itertext()) for r in rows)


def test_libreoffice_opens_the_redline(redlined: tuple[Path, Path, Path], tmp_path: Path) -> None:
    converted = libreoffice_pdf(redlined[0], tmp_path)
    assert converted.stat().st_size > 1000


def test_the_same_document_twice_marks_nothing(tmp_path: Path) -> None:
    source = TESTS / "roots" / "test-word"
    counts = chmdocs.redline(source, source, tmp_path / "same.docx", document="rapport")
    assert not counts
    tree = body(tmp_path / "same.docx")
    assert not list(tree.iter(f"{W}ins")) and not list(tree.iter(f"{W}del"))


def test_the_command_reads_a_git_revision(tmp_path: Path) -> None:
    """OLD as ``git:HEAD``: the draft committed, the final version in the work tree."""
    project = tmp_path / "projet"
    shutil.copytree(TESTS / "roots" / "test-word", project)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "draft"], check=True)
    changed_project(tmp_path / "v2")
    shutil.copytree(tmp_path / "v2", project, dirs_exist_ok=True)
    runner = CliRunner()
    output = tmp_path / "redline.docx"
    result = runner.invoke(
        main, ["redline", "git:HEAD", str(project), "-o", str(output), "--document", "rapport"]
    )
    assert result.exit_code == 0, result.output
    assert "inserted" in result.output and output.is_file()
    assert "Traduire le rapport" in " ".join(resolved(output, accept=True))
    assert "Traduire le rapport" not in " ".join(resolved(output, accept=False))


def test_a_missing_document_or_a_json_is_a_usage_error(tmp_path: Path) -> None:
    runner = CliRunner()
    source = str(TESTS / "roots" / "test-word")
    missing = runner.invoke(main, ["redline", source, source, "-o", str(tmp_path / "x.docx")])
    assert missing.exit_code == 2 and "rapport" in missing.output  # the documents there are named
    (tmp_path / "chmdocs.json").write_text("{}")
    json = runner.invoke(
        main, ["redline", str(tmp_path / "chmdocs.json"), source, "-o", str(tmp_path / "x.docx")]
    )
    assert json.exit_code == 2 and "sources" in json.output
    assert not (tmp_path / "x.docx").exists()


# -- any two documents ---------------------------------------------------------

VOCABULARY = ["atelier", "réseau", "CHM", "pays", "« partenaire »", "2008–2012", "a", "l’outil"]
paragraph_text = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=12).map(" ".join)
a_document = st.lists(
    st.tuples(paragraph_text, st.booleans(), st.sampled_from(["Normal", "Heading 2"])),
    min_size=0,
    max_size=8,
)


def word_file(path: Path, content: list[tuple[str, bool, str]], rows: list[str]) -> Path:
    document = docx.Document()
    for text, bold, style in content:
        paragraph = document.add_paragraph(style=style)
        words = text.split(" ")
        half = len(words) // 2
        paragraph.add_run(" ".join(words[:half]) + (" " if half else ""))
        paragraph.add_run(" ".join(words[half:])).bold = bold
    if rows:
        table = document.add_table(rows=0, cols=2)
        for row in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row, row.upper()
    document.core_properties.author = "Point focal"
    document.core_properties.modified = dt.datetime(2030, 1, 2, tzinfo=dt.UTC)
    document.save(str(path))
    return path


@given(
    old=a_document,
    new=a_document,
    old_rows=st.lists(st.sampled_from(VOCABULARY), max_size=4),
    new_rows=st.lists(st.sampled_from(VOCABULARY), max_size=4),
)
def test_any_two_documents_accept_to_the_newer_and_reject_to_the_older(
    tmp_path_factory: pytest.TempPathFactory,
    old: list[tuple[str, bool, str]],
    new: list[tuple[str, bool, str]],
    old_rows: list[str],
    new_rows: list[str],
) -> None:
    folder = tmp_path_factory.mktemp("any")
    older = word_file(folder / "old.docx", old, old_rows)
    newer = word_file(folder / "new.docx", new, new_rows)
    redline(older, newer, folder / "redline.docx")
    assert resolved(folder / "redline.docx", accept=True) == paragraphs(body(newer))
    assert resolved(folder / "redline.docx", accept=False) == paragraphs(body(older))
