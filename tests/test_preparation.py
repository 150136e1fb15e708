"""The preparation round: the questionnaire (directive, workbook, XLSForm),
the countries' answers read back from workbooks and ODK/Kobo exports, and
their place in the synthesis note."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, html_text, pdf_text
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.exports import jsonfile
from chmdocs.core.model import Question
from chmdocs.core.questionnaire import answer_value, counts

SEED = REPO / "source"
ANSWERS = sorted((SEED / "reponses").iterdir())


@pytest.fixture(scope="module")
def seed_model() -> chmdocs.Workshop:
    return chmdocs.load(SEED)


def test_questions_in_the_model_and_json(seed_model: chmdocs.Workshop) -> None:
    questions = {q.id: q for q in seed_model.questions}
    assert len(questions) == 10
    outil = questions["q-outil"]
    assert outil.question_type == "choice" and outil.section == "État du CHM national"
    assert outil.options[0] == ("outil-belge", "Outil fourni par le CHM belge")
    assert questions["q-sites"].required and questions["q-sites"].unit == "site; sites"
    assert questions["q-besoins"].section == "Besoins et pistes"
    data = jsonfile.to_data(seed_model)
    assert not jsonfile.schema_problems(data)
    assert jsonfile.from_data(data).questions == seed_model.public().questions


@pytest.mark.parametrize(
    ("options", "subtype", "words"),
    [
        ("   :type: texte libre\n", "option", "not one of"),
        ("   :type: number\n   :choices: a; b\n", "option", "no meaning"),
        ("   :type: choice\n   :choices: a = Oui; a = Non\n", "option", "used twice"),
        ("   :type: multiple\n", "missing-option", "needs :choices:"),
        ("   :type: choice\n   :choices: Oui; oui\n", "option", "used twice"),
        ("   :required: peut-être\n", "option", "yes or no"),
    ],
)
def test_bad_question_options_are_warned_at_their_line(
    tmp_path: Path, options: str, subtype: str, words: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "fr"\n')
    (source / "index.rst").write_text(
        "Q\n=\n\n.. workshop:: W\n   :start: 2007-05-02\n\n"
        f".. question:: Une question ?\n   :id: q-1\n{options}",
        encoding="utf-8",
    )
    findings = [f for f in chmdocs.api.check(source) if f.type == f"chmdocs.{subtype}"]
    assert [f for f in findings if words in f.message and f.line and f.line >= 7], [
        f.as_text() for f in findings
    ]


# -- the workbook and the XLSForm ------------------------------------------------------


def test_the_questionnaire_workbook(tmp_path: Path) -> None:
    target = tmp_path / "questionnaire.xlsx"
    result = CliRunner().invoke(main, ["export", "questionnaire", str(SEED), "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    assert book.sheetnames == ["Répondant", "Questions"]
    front = book["Répondant"]
    assert [front.cell(r, 1).value for r in range(1, 5)] == [
        "Nom", "Organisation", "Pays", "Participant"
    ]  # fmt: skip
    sheet = book["Questions"]
    assert [c.value for c in sheet[1]] == ["Id", "Section", "Question", "Aide", "Réponse"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(rows["q-sites"], 1).protection.locked and sheet.protection.sheet
    assert not sheet.cell(rows["q-sites"], 5).protection.locked
    assert sheet.cell(rows["q-sites"], 3).value.endswith("(sites) *")  # unit, required
    checks = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert checks[f"E{rows['q-outil']}"].type == "list"
    assert "Outil fourni par le CHM belge" in checks[f"E{rows['q-outil']}"].formula1
    assert checks[f"E{rows['q-sites']}"].type == "decimal"
    assert checks[f"E{rows['q-mise-a-jour']}"].type == "date"
    assert checks[f"E{rows['q-appreciation']}"].formula1 == '"1,2,3,4,5"'
    assert sheet.print_title_rows in ("1:1", "$1:$1")


def test_the_xlsform_converts_and_speaks_both_languages(tmp_path: Path) -> None:
    from pyxform.xls2xform import convert

    target = tmp_path / "xlsform.xlsx"
    result = CliRunner().invoke(main, ["export", "xlsform", str(SEED), "-o", str(target)])
    assert result.exit_code == 0, result.output
    warnings: list[str] = []
    xform = convert(str(target), warnings=warnings).xform
    assert "<h:title>" in xform
    book = load_workbook(target)
    survey = list(book["survey"].iter_rows(values_only=True))
    head = survey[0]
    assert "label::French (fr)" in head and "label::English (en)" in head
    rows = {row[1]: dict(zip(head, row, strict=True)) for row in survey[1:] if row[1]}
    assert rows["q-sites"]["type"] == "decimal" and rows["q-sites"]["required"] == "yes"
    assert rows["q-difficultes"]["type"] == "select_multiple list_q-difficultes"
    assert rows["q-outil"]["label::English (en)"].startswith("Which tool")
    assert rows["section_1"]["type"] == "begin_group"
    choices = list(book["choices"].iter_rows(values_only=True))[1:]
    assert ("list_q-formation", "a-discuter", "À discuter", "To be discussed") in choices


# -- reading the answers ------------------------------------------------------------------


def test_the_seed_answers(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["answers", *map(str, ANSWERS), "--source", str(SEED), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    countries = sorted(r["country"] for r in data["respondents"])
    assert countries == ["BF", "BI", "BJ", "CM", "MG", "SN"]
    answers = {q["id"]: q["answers"] for q in data["questions"]}
    assert sorted(a["value"] for a in answers["q-sites"]) == [1, 1, 2, 3, 3, 4]
    burkina = next(i for i, r in enumerate(data["respondents"]) if r["country"] == "BF")
    dates = {a["respondent"]: a["value"] for a in answers["q-mise-a-jour"]}
    assert dates[burkina] == "2007-02-02"  # typed 02/02/2007
    cameroon = next(i for i, r in enumerate(data["respondents"]) if r["country"] == "CM")
    several = {a["respondent"]: a["value"] for a in answers["q-difficultes"]}
    assert several[cameroon] == ["financement", "reconnaissance"]  # ODK's codes


def kobo(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8-sig",
         delimiter: str = ";") -> Path:  # fmt: skip
    text = "\r\n".join(delimiter.join(row) for row in [header, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def test_messy_exports_are_read_with_warnings(tmp_path: Path) -> None:
    latin = kobo(tmp_path / "latin.csv",
                 ["respondent_name", "respondent_country", "Besoins/q-sites", "q-formation",
                  "_uuid", "meta/instanceID", "q-inconnue"],
                 [["Mme Zoé Test", "Sénégal", "douze", "Oui", "u1", "x", "?"],
                  ["M. B", "Bénin", "1 200", "a-discuter", "u2", "y", ""]],
                 encoding="latin-1")  # fmt: skip
    foreign = kobo(tmp_path / "autre.csv", ["nom", "age"], [["A", "3"]], delimiter=",")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip at all")
    result = chmdocs.api.answers([latin, foreign, broken], SEED)
    messages = [p.as_text() for p in result.problems]
    assert any("latin.csv" in m and "row 2" in m and "douze" in m for m in messages), messages
    assert any("q-inconnue" in m for m in messages)
    assert any("autre.csv" in m and "not an export" in m for m in messages)
    assert any("broken.xlsx" in m for m in messages)
    assert not any("_uuid" in m or "instanceID" in m for m in messages)
    sites = dict(result.answers["q-sites"])
    assert sites[0] == "douze" and sites[1] == decimal.Decimal(1200)  # kept as written
    assert [c for _i, c in result.answers["q-formation"]] == ["oui", "a-discuter"]
    assert [r.country for r in result.respondents] == ["SN", "BJ"]
    cli = CliRunner().invoke(main, ["answers", str(latin), "--source", str(SEED)])
    assert cli.exit_code == 1 and "douze" in cli.stderr


@pytest.mark.parametrize(
    ("question_type", "written"),
    [("choice", "Drupal, installé en 2006"), ("multiple", "oui;  peut-être "), ("scale", "6")],
)
def test_an_answer_none_of_the_choices_is_counted_as_written(
    question_type: str, written: str
) -> None:
    question = Question(
        id="q", title="Q", question_type=question_type, codes=("oui", "non"), choices=("Oui", "Non")
    )
    with pytest.raises(ValueError):
        answer_value(question, written)
    # As the reader keeps it: warned of, and kept as written (stripped).
    found = [(0, "oui" if question_type != "scale" else 3), (1, written.strip())]
    tally = counts(question, found)
    assert (written.strip(), written.strip(), 1) in tally
    assert sum(count for _code, _label, count in tally) == 2


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_numbers_are_read_as_written_in_either_language(value: decimal.Decimal) -> None:
    from babel.numbers import format_decimal

    question = Question(id="q", title="Q", question_type="number")
    for locale in ("fr", "en"):
        written = format_decimal(value, locale=locale, decimal_quantization=False)
        assert answer_value(question, written) == value


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_are_read_as_iso_or_as_french_excel_shows_them(day: dt.date) -> None:
    question = Question(id="q", title="Q", question_type="date")
    assert answer_value(question, day.isoformat()) == day
    assert answer_value(question, day.strftime("%d/%m/%Y")) == day


# -- in the synthesis note -----------------------------------------------------------------


def test_the_synthesis_note_shows_the_answers(seed_build: Path) -> None:
    text = pdf_text(seed_build / "pdf" / "synthesis-note.pdf")
    assert "La préparation nationale : les réponses des pays" in text
    assert "Total : 14 sites · Médiane : 2,5 sites (6 réponses)" in text
    assert "Outil fourni par le CHM belge 4" in text  # the bars, with their counts in words
    assert "Cameroun : Les universités publient leurs inventaires sur le CHM." in text
    page = (seed_build / "html" / "synthesis-note.html").read_text(encoding="utf-8")
    assert '<svg role="img" aria-label="Quel outil utilisez-vous' in page
    shown = html_text(seed_build / "html" / "synthesis-note.html")
    for name in ("Diallo", "Ouédraogo", "Ndayishimiye", "Houngbo", "Ngono", "Rakotomalala"):
        assert name not in shown.split("La préparation nationale")[1].split("Questions pour")[0]


def test_answers_by_country_in_english(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(SEED, source)
    note = source / "synthesis-note.rst"
    note.write_text(note.read_text(encoding="utf-8").replace(":by: question", ":by: country"),
                    encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], overrides={"language": "en"}, warning=io.StringIO())
    page = html_text(out / "html" / "synthesis-note.html")
    assert "Burkina Faso" in page and "The tool provided by the Belgian CHM" in page
    assert "2 February 2007" in page


def test_answer_files_outside_the_sources_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(SEED, source)
    outside = tmp_path / "secret"
    outside.mkdir()
    shutil.copy(ANSWERS[0], outside / "a.csv")
    note = source / "synthesis-note.rst"
    note.write_text(note.read_text(encoding="utf-8").replace(":files: reponses/*",
                                                             ":files: ../secret/*"),
                    encoding="utf-8")  # fmt: skip
    findings = [f for f in chmdocs.api.check(source) if "outside" in f.message]
    assert findings and findings[0].path.endswith("synthesis-note.rst")


def test_a_kobo_export_headed_by_labels(tmp_path: Path) -> None:
    """Kobo's "export with labels": each column headed by the question as the
    form shows it (here in other capitals, without accents or its question
    mark); a second column for the same question is pointed out, not merged."""
    export = kobo(tmp_path / "labels.csv",
                  ["Nom", "Pays", "COMBIEN DE SITES CHM NATIONAUX SONT EN LIGNE DANS VOTRE PAYS",
                   "Quelles difficultes rencontrez-vous pour faire vivre le reseau ?", "q-sites"],
                  [["Mme Zoé Test", "Sénégal", "4", "PERSONNEL Connexion", "5"]],
                  encoding="utf-8-sig")  # fmt: skip
    result = chmdocs.api.answers([export], SEED)
    assert result.answers["q-sites"] == [(0, decimal.Decimal(4))]
    assert result.answers["q-difficultes"] == [(0, ["personnel", "connexion"])]
    messages = [p.as_text() for p in result.problems]
    assert len(messages) == 1 and "'q-sites'" in messages[0] and "only the first" in messages[0]


@pytest.mark.parametrize(
    ("value", "unit", "language", "shown"),
    [
        ("1", "site; sites", "fr", "1\u00a0site"),
        ("1.5", "site; sites", "fr", "1,5\u00a0site"),  # French: below two is singular
        ("0", "site; sites", "fr", "0\u00a0site"),
        ("2", "site; sites", "fr", "2\u00a0sites"),
        ("1", "site; sites", "en", "1\u00a0site"),
        ("1.5", "site; sites", "en", "1.5\u00a0sites"),
        ("0", "site; sites", "en", "0\u00a0sites"),
        ("1", "sites", "en", "1\u00a0sites"),  # one form alone: as written
        ("3", "  ", "fr", "3"),
    ],
)  # fmt: skip
def test_a_unit_agrees_with_its_number(value: str, unit: str, language: str, shown: str) -> None:
    from babel.numbers import format_decimal

    from chmdocs.core.language import unit_forms, with_unit

    number = decimal.Decimal(value)
    written = format_decimal(number, locale=language)
    assert with_unit(written, number, unit, language) == shown
    question = Question(id="q", title="Q", question_type="number", unit=unit)
    for form in set(unit_forms(unit)):  # an answer may carry either form
        assert answer_value(question, f"{written} {form}".strip()) == number
