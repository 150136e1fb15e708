"""Workbooks someone filled and sent back, made hostile inside: every reader
(the review workbooks, the comment matrix, the filled questionnaires) reads
each file on its own, bounded in time, and names the file, sheet and row of
what it could not read; the other files are read all the same."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO

import chmdocs
from chmdocs.app import api
from chmdocs.core.matrix import read_matrix
from chmdocs.core.questionnaire import read_answers

LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "lol">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "]>"
)


def first_cell(xml: str, replacement: str) -> str:
    """``xml`` (a sheet) with the first cell of its second row replaced."""
    start = xml.index('<row r="2"')
    cell = xml.index("<c ", start)
    end = xml.index("</c>", cell) + len("</c>")
    return xml[:cell] + replacement + xml[end:]


#: Ways to break a sheet's XML, each a different reader failure.
CORRUPTIONS: dict[str, Callable[[str], str]] = {
    "entity": lambda x: (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "boom">]>'
        + first_cell(x, '<c r="A2" t="inlineStr"><is><t>&x;</t></is></c>')
    ),
    "billion-laughs": lambda x: (
        '<?xml version="1.0"?>'
        + LAUGHS
        + first_cell(x, '<c r="A2" t="inlineStr"><is><t>&h;</t></is></c>')
    ),
    "nan-number": lambda x: first_cell(x, '<c r="A2"><v>NaN</v></c>'),
    "date-that-is-none": lambda x: first_cell(x, '<c r="A2" t="d"><v>pas une date</v></c>'),
    "column-past-the-last": lambda x: first_cell(x, '<c r="ZZZZZZ2"><v>1</v></c>'),
    "missing-shared-string": lambda x: first_cell(x, '<c r="A2" t="s"><v>99999</v></c>'),
    "row-99999999": lambda x: x.replace(
        "</sheetData>",
        '<row r="99999999"><c r="A99999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    ),
}


def corrupted(source: Path, target: Path, how: str, sheet: int) -> Path:
    member = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for item in package.infolist():
            data = package.read(item.filename)
            if item.filename == member:
                data = CORRUPTIONS[how](data.decode()).encode()
            out.writestr(item, data)
    return target


@pytest.fixture(scope="module")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("blanks")
    review = folder / "review.xlsx"
    review.write_bytes(api.export(REPO / "source", "review"))
    questionnaire = folder / "questionnaire.xlsx"
    questionnaire.write_bytes(api.export(REPO / "source", "questionnaire"))
    matrix = folder / "matrix.xlsx"
    filled = sorted((REPO / "source" / "reviews").glob("*.xlsx"))
    result = api.review(filled, REPO / "source")
    matrix.write_bytes(api.comment_matrix(result, folder / "none.xlsx"))
    return {"review": review, "questionnaire": questionnaire, "matrix": matrix}


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_hostile_review_workbook_is_a_problem_of_its_own(
    blanks: dict[str, Path], tmp_path: Path, how: str
) -> None:
    bad = corrupted(blanks["review"], tmp_path / "bad.xlsx", how, sheet=2)
    good = blanks["review"]
    result = api.review([bad, good], REPO / "source")
    assert str(good) in [r.file for r in result.reviewers]  # the other file was read
    named = [p for p in result.problems if p.file == str(bad)]
    assert named, result.problems
    if how not in ("entity", "billion-laughs"):  # those stop the file at its opening
        assert any(p.sheet and p.row >= 2 for p in named), named


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_hostile_questionnaire_is_a_problem_of_its_own(
    blanks: dict[str, Path], tmp_path: Path, how: str
) -> None:
    bad = corrupted(blanks["questionnaire"], tmp_path / "bad.xlsx", how, sheet=2)
    workshop = chmdocs.load(REPO / "source")
    result = read_answers([bad, blanks["questionnaire"]], workshop)
    assert any(p.file == str(bad) for p in result.problems), result.problems


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_a_hostile_comment_matrix_is_a_problem_not_a_crash(
    blanks: dict[str, Path], tmp_path: Path, how: str
) -> None:
    bad = corrupted(blanks["matrix"], tmp_path / "bad.xlsx", how, sheet=1)
    found = read_matrix(bad)
    assert found.problems and all(p.file == str(bad) for p in found.problems)
