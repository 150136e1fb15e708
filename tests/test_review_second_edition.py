"""The review round, second edition: a workbook per reviewer, the final
document's sections open to comment, new proposals kept, and the comment
matrix with the organiser's decisions."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO, html_text, pdf_text
from openpyxl import load_workbook

import chmdocs
from chmdocs.app.cli import main

SEED = REPO / "source"


@pytest.fixture(scope="module")
def each(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("each")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)  # the default folder is relative: build/private/review
        result = CliRunner().invoke(main, ["export", "review", "--each", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "keep it private" in result.stderr
    return folder / "build" / "private" / "review"


def answer(
    blank: Path,
    target: Path,
    answers: dict[str, tuple[str, str, str]],
    *,
    name: str | None = None,
    new_rows: dict[str, list[Any]] | None = None,
) -> Path:
    """A workbook filled as a reviewer would: opinions on the ids answered, a
    name typed (or left as filled in), rows added where they please."""
    book = load_workbook(blank)
    if name is not None:
        book.worksheets[0]["B1"] = name
    for sheet in book.worksheets[1:]:
        headings = [c.value for c in sheet[1]]
        if "Avis" in headings:
            first = headings.index("Avis") + 1
            for row in range(2, sheet.max_row + 1):
                for offset, value in enumerate(answers.get(sheet.cell(row, 1).value, ())):
                    sheet.cell(row, first + offset).value = value
        for offset, values in enumerate((new_rows or {}).get(sheet.title, [])):
            # Below the items; in the general sheet, its first empty rows.
            row = sheet.max_row + 1 if "Avis" in headings else 2 + offset
            for column, value in enumerate(values, start=1):
                sheet.cell(row, column).value = value
    book.save(target)
    return target


def test_a_workbook_per_participant_with_their_id(each: Path) -> None:
    files = sorted(p.name for p in each.glob("*.xlsx"))
    participants = chmdocs.load(SEED).participants
    assert files == sorted(f"review-{p.id}.xlsx" for p in participants)  # published or not
    book = load_workbook(each / "review-p-diallo.xlsx")
    front = book.worksheets[0]
    assert front["B1"].value == "Mme Aminata Diallo" and front["B3"].value == "Sénégal"
    assert front["B4"].value == "p-diallo" and front.row_dimensions[4].hidden
    assert front["B4"].protection.locked and front.protection.sheet
    assert not front["B1"].protection.locked  # the reviewer may correct their name


def test_the_sheets_a_reviewer_gets(each: Path) -> None:
    book = load_workbook(each / "review-p-diallo.xlsx")
    assert book.sheetnames == [
        "Relecteur", "Objectifs", "Actions", "Résultats des groupes", "Document final",
        "Commentaires généraux",
    ]  # fmt: skip
    sections = book["Document final"]
    rows = [[c.value for c in row][:3] for row in sections.iter_rows(min_row=2)]
    assert ["conclusions-de-l-atelier", "4", "Conclusions de l'atelier"] in rows
    assert ["vision-2012", "3.2", "Vision 2012"] in rows
    actions = book["Actions"]
    headings = [c.value for c in actions[1]]
    assert headings[2:4] == ["Responsable", "Partenaires"]  # owner and partners apart
    groups = book["Résultats des groupes"]
    results = {row[0].value: row[3].value for row in groups.iter_rows(min_row=2)}
    # The results as the final document reports them, not the questions asked before.
    assert results["vision-g1"].startswith("En 2012, chaque CHM national est géré")


def test_the_participant_id_wins_over_the_name_typed(each: Path, tmp_path: Path) -> None:
    filled = answer(
        each / "review-p-diallo.xlsx",
        tmp_path / "avis.xlsx",
        {"act-reseau": ("d'accord", "Oui.", "")},
        name="A. D.",
    )
    data = chmdocs.api.review([filled], SEED).to_data()
    assert data["reviewers"][0]["participant"] == "p-diallo"


def test_sections_new_proposals_and_general_comments(each: Path, tmp_path: Path) -> None:
    filled = answer(
        each / "review-p-ngono.xlsx",
        tmp_path / "avis.xlsx",
        {"conclusions-de-l-atelier": ("à modifier", "Ajouter la formation.", "")},
        new_rows={
            "Actions": [[None, "Créer un prix national du CHM", "Point focal", "", "", "",
                         "", "d'accord", "Pour motiver les contributeurs.", ""]],
            "Commentaires généraux": [["Calendrier", "Prévoir un atelier en 2009.",
                                       "Un atelier de suivi\nen 2009"]],
        },
    )  # fmt: skip
    result = chmdocs.api.review([filled], SEED)
    data = result.to_data()
    section = next(i for i in data["items"] if i["kind"] == "section")
    assert section["id"] == "conclusions-de-l-atelier"
    assert section["title"] == "4 Conclusions de l'atelier"
    assert section["opinions"]["amend"] == 1
    texts = [(p["sheet"], p["text"], p["comment"], p["proposal"]) for p in data["proposals"]]
    assert ("action", "Créer un prix national du CHM — Point focal",
            "Pour motiver les contributeurs.", "") in texts  # fmt: skip
    assert ("general", "Calendrier", "Prévoir un atelier en 2009.",
            "Un atelier de suivi\nen 2009") in texts  # fmt: skip
    assert not result.problems  # nothing was left out


def test_a_reviewer_who_returned_two_workbooks_counts_once(each: Path, tmp_path: Path) -> None:
    first = answer(each / "review-p-ngono.xlsx", tmp_path / "a.xlsx",
                   {"act-reseau": ("pas d'accord", "Non.", "")})  # fmt: skip
    second = answer(each / "review-p-ngono.xlsx", tmp_path / "b.xlsx",
                    {"act-reseau": ("d'accord", "Finalement oui.", "")})  # fmt: skip
    result = chmdocs.api.review([first, second], SEED)
    item = next(i for i in result.items if i.id == "act-reseau")
    assert item.opinions == {"agree": 1, "amend": 0, "disagree": 0}
    assert [p.message for p in result.problems if "also returned" in p.message]


# -- the comment matrix ------------------------------------------------------------


def run_review(*args: str) -> Any:
    return CliRunner().invoke(main, ["review", *args, "--source", str(SEED)])


def matrix_rows(path: Path) -> list[dict[str, Any]]:
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_matrix_keeps_the_organisers_decisions(each: Path, tmp_path: Path) -> None:
    one = answer(each / "review-p-ngono.xlsx", tmp_path / "one.xlsx", {
        "act-reseau": ("à modifier", "Trop tôt.", "En 2009"),
        "act-outil": ("d'accord", "Bien.", ""),
    })  # fmt: skip
    matrix = tmp_path / "matrix.xlsx"
    result = run_review(str(one), "-o", str(matrix))
    assert result.exit_code == 0, result.output
    rows = matrix_rows(matrix)
    assert [r["Commentaire"] for r in rows] == ["Bien.", "Trop tôt."]  # the model's order
    assert set(rows[0]) >= {"Décision", "Réponse", "Relecteur", "Avis", "Proposition"}
    sheet = load_workbook(matrix).active
    [validation] = sheet.data_validations.dataValidation
    assert validation.formula1 == '"acceptée,partiellement,rejetée,notée"'
    # The organiser decides, then sorts the rows the other way (LibreOffice keeps rows whole).
    book = load_workbook(matrix)
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    headings = [c.value for c in sheet[1]]
    decision, comment = headings.index("Décision"), headings.index("Commentaire")
    decided = next(row for row in values if row[comment] == "Trop tôt.")
    decided[decision], decided[decision + 1] = "acceptée", "Reporté à 2009."
    for number, row in enumerate(reversed(values), start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column).value = value
    book.save(matrix)
    two = answer(each / "review-p-benali.xlsx", tmp_path / "two.xlsx", {
        "act-reseau": ("pas d'accord", "Sans budget.", ""),
    })  # fmt: skip
    assert run_review(str(one), str(two), "-o", str(matrix)).exit_code == 0
    rows = {r["Commentaire"]: r for r in matrix_rows(matrix)}
    assert rows["Trop tôt."]["Décision"] == "acceptée"
    assert rows["Trop tôt."]["Réponse"] == "Reporté à 2009."
    assert rows["Sans budget."]["Décision"] is None and rows["Bien."]["Décision"] is None


def test_the_summary_shows_decisions_and_warns_of_items_gone(each: Path, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(SEED, source)
    reviews = source / "reviews"
    answer(each / "review-p-ngono.xlsx", reviews / "avis-ngono.xlsx",
           {"act-sbstta": ("pas d'accord", "Paris est loin.", "")})  # fmt: skip
    matrix = source / "matrix.xlsx"
    assert run_review(*map(str, sorted(reviews.glob("*.xlsx"))), "-o", str(matrix)).exit_code == 0
    book = load_workbook(matrix)
    sheet = book.active
    headings = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, headings.index("Commentaire") + 1).value == "Paris est loin.":
            sheet.cell(row, headings.index("Décision") + 1).value = "rejetée"
            sheet.cell(row, headings.index("Réponse") + 1).value = "Le SBSTTA-12 se tient à Paris."
    sheet.cell(sheet.max_row + 1, 2).value = "act-disparue"
    sheet.cell(sheet.max_row, 1).value = "Action"
    sheet.cell(sheet.max_row, headings.index("Décision") + 1).value = "notée"
    book.save(matrix)
    final = source / "final-document.rst"
    final.write_text(
        final.read_text(encoding="utf-8").replace(
            ":matrix: matrice-des-commentaires.xlsx", ":matrix: matrix.xlsx"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, ["html", "pdf"], warning=warnings)
    for text in (html_text(out / "html" / "final-document.html"),
                 pdf_text(out / "pdf" / "final-document.pdf")):  # fmt: skip
        assert "Décision : rejetée — Le SBSTTA-12 se tient à Paris." in text
    assert "act-disparue" in warnings.getvalue()
    assert warnings.getvalue().count("act-disparue") == 1


def test_review_json_lists_proposals(each: Path, tmp_path: Path) -> None:
    filled = answer(each / "review-p-ngono.xlsx", tmp_path / "avis.xlsx", {},
                    new_rows={"Commentaires généraux": [["", "Merci.", ""]]})  # fmt: skip
    result = run_review(str(filled), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["comment"] for p in data["proposals"]] == ["Merci."]


def test_merged_cells_long_comments_and_a_renamed_file(each: Path, tmp_path: Path) -> None:
    long_comment = "Très long commentaire. " * 220  # about 5,000 characters
    filled = answer(each / "review-p-ngono.xlsx", tmp_path / "Copie de mon avis (2).xlsx",
                    {"act-reseau": ("à modifier", long_comment, ""),
                     "act-outil": ("d'accord", "Court.", "")})  # fmt: skip
    book = load_workbook(filled)
    sheet = book["Actions"]
    headings = [c.value for c in sheet[1]]
    comment = headings.index("Commentaire") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "act-outil")
    sheet.merge_cells(start_row=row, start_column=comment, end_row=row, end_column=comment + 1)
    book.save(filled)
    result = chmdocs.api.review([filled], SEED)
    comments = {i.id: i.comments for i in result.items}
    assert comments["act-reseau"][0]["comment"] == long_comment.strip()
    assert comments["act-outil"][0]["comment"] == "Court."
    assert not result.problems
    matrix = tmp_path / "matrix.xlsx"
    assert run_review(str(filled), "-o", str(matrix)).exit_code == 0
    assert load_workbook(matrix).active.row_dimensions[2].height <= 409
