"""The logical framework: its options, the matrix in HTML and PDF, the
workbook, its warnings, in French and in English."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS, html_text, pdf_text
from openpyxl import load_workbook

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.model import Cost, parse_cost

HEADERS = {
    "fr": [
        "Logique d'intervention",
        "Indicateurs objectivement vérifiables",
        "Sources de vérification",
        "Hypothèses",
    ],
    "en": [
        "Intervention logic",
        "Objectively verifiable indicators",
        "Sources of verification",
        "Assumptions",
    ],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-logframe", source)
    return source


def build(project: Path, language: str, formats: list[str]) -> tuple[Path, str]:
    out = project.parent / f"out-{language}"
    warnings = io.StringIO()
    chmdocs.build(project, out, formats, overrides={"language": language}, warning=warnings)
    return out, warnings.getvalue()


def test_the_matrix_reads_in_order_in_the_pdf(project: Path) -> None:
    out, _warnings = build(project, "fr", ["pdf"])
    text = pdf_text(out / "pdf" / "index.pdf")
    matrix = text[text.index("Logique d'intervention") :]
    order = [
        "Objectif global : La biodiversité est mieux connue",
        "Objectif spécifique 1 : Former les équipes",
        "Équipes formées",
        "Situation de départ : Deux équipes",
        "Cible : Dix équipes",
        "Rapports de formation",
        "Le personnel reste en poste",
        "Activité 1.1 : Organiser les formations",
        "Moyens : Formateurs et salles",
        "Coûts : 12 000,00 €",
        "Activité 1.2 : Acheter le matériel",
        "Coûts : 1 500,50 $US",
        "Total des activités de l'objectif 1",
        "Objectif spécifique 2 : Publier les données",
        "Activité 2.1 : Acheter le matériel",
        "Activité 2.2 : Écrire les fiches",
        "Total de toutes les activités",
    ]
    positions = [matrix.find(item) for item in order]
    assert -1 not in positions, [i for i, p in zip(order, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for header in HEADERS["fr"]:
        assert header in text
    # Totals per currency; an action serving two objectives is counted once overall.
    totals = matrix[matrix.index("Total de toutes les activités") :]
    assert "15 000,00 €" in totals and "1 500,50 $US" in totals


def test_english_headers_and_money(project: Path) -> None:
    out, _warnings = build(project, "en", ["html"])
    text = html_text(out / "html" / "index.html")
    for header in HEADERS["en"]:
        assert header in text
    assert "Costs: €12,000.00" in text and "Total of all activities" in text


def test_the_workbook_has_one_row_per_level(project: Path) -> None:
    out, _warnings = build(project, "fr", ["logframe"])
    sheet = load_workbook(out / "logframe.xlsx").active
    assert sheet.title == "Cadre logique"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:4]) == HEADERS["fr"]
    assert list(rows[0][4:]) == ["Niveau", "Coût (EUR)", "Coût (USD)"]
    assert [(row[0], row[4]) for row in rows[1:12]] == [
        ("La biodiversité est mieux connue", "Objectif global"),
        ("Former les équipes", "Objectif spécifique 1"),
        ("Organiser les formations", "Activité 1.1"),
        ("Acheter le matériel", "Activité 1.2"),
        ("Total des activités de l'objectif 1", "Total des activités de l'objectif 1"),
        ("Publier les données", "Objectif spécifique 2"),
        ("Acheter le matériel", "Activité 2.1"),
        ("Écrire les fiches", "Activité 2.2"),
        ("Sans coût lisible", "Activité 2.3"),
        ("Total des activités de l'objectif 2", "Total des activités de l'objectif 2"),
        ("Total de toutes les activités", "Total de toutes les activités"),
    ]
    assert [line.replace("\u00a0", " ") for line in rows[2][1].splitlines()] == [
        "Équipes formées",
        "Sites à jour",
        "Situation de départ : Deux équipes",
        "Cible : Dix équipes",
    ]
    # Costs are numbers in their currency's column, with its number format.
    assert sheet["F4"].value == 12000 and sheet["G5"].value == 1500.5
    assert sheet["F4"].number_format == '#,##0.00 "€"'
    assert sheet["G5"].number_format == '#,##0.00 "$US"'
    # Listed again under objective 2, costed under 1.2 only.
    assert sheet["G8"].value is None
    assert rows[7][2].replace("\u00a0", " ") == "Coûts comptés sous l'activité : 1.2"
    # Subtotals and the total are formulas over those cells.
    assert sheet["F6"].value == "=SUM(F4,F5)" and sheet["G6"].value == "=SUM(G4,G5)"
    assert sheet["F11"].value == "=SUM(F9)"
    assert sheet["F12"].value == "=SUM(F6,F11)"
    assert sheet["A3"].font.bold and not sheet["A4"].font.bold
    assert sheet["B3"].alignment.wrap_text and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 40


def test_missing_indicators_and_bad_costs_are_warned_at_their_line(project: Path) -> None:
    findings = [f for f in chmdocs.api.check(project) if f.is_problem]
    where = {(Path(f.path).name, f.line, f.type) for f in findings}
    assert ("index.rst", 17, "chmdocs.logframe") in where  # obj-publier: no indicators
    assert ("index.rst", 51, "chmdocs.option") in where  # :cost: trois mille euros
    # EUR and USD with no reporting currency: named where USD first appears.
    assert ("index.rst", 39, "chmdocs.currency") in where
    assert len(findings) == 3, [f.as_text() for f in findings]
    # Without a logframe view, nobody asks for indicators.
    index = project / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace(".. logframe::", ""))
    assert not [f for f in chmdocs.api.check(project) if f.type == "chmdocs.logframe"]


def test_the_logframe_export_from_the_command_line(project: Path) -> None:
    target = project.parent / "lf.xlsx"
    result = CliRunner().invoke(main, ["export", "logframe", str(project), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert load_workbook(target).active["A2"].value == "La biodiversité est mieux connue"


def test_costs_survive_the_json_round_trip(project: Path) -> None:
    out, _warnings = build(project, "fr", ["json"])
    model = chmdocs.load(out / "chmdocs.json")
    assert model.actions[1].cost == Cost(parse_cost("1500.50 USD").amount, "USD")
    assert model.goal == "La biodiversité est mieux connue"
    assert model.objectives[0].indicators == ("Équipes formées", "Sites à jour")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12000 EUR", "12000 EUR"),
        ("12 000,50 eur", "12000.50 EUR"),
        ("EUR 12000", "12000 EUR"),
        ("1\u00a0500 USD", "1500 USD"),
        ("12_000 XOF", "12000 XOF"),
    ],
)
def test_costs_are_read_in_common_spellings(text: str, expected: str) -> None:
    assert str(parse_cost(text)) == expected


@pytest.mark.parametrize(
    "text", ["12000", "EUR", "12000 EURO", "12000 XYZ", "€12000", "1e9 EUR", "-5 EUR"]
)
def test_costs_that_are_not_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="invalid cost"):
        parse_cost(text)


@pytest.mark.parametrize(
    ("text", "code"), [("12000 €", "EUR"), ("$1500", "USD"), ("5000 FCFA", "XOF")]
)
def test_a_currency_sign_gets_its_code_suggested(text: str, code: str) -> None:
    with pytest.raises(ValueError, match=f"write {code}"):
        parse_cost(text)


def test_the_seed_feeds_its_logframe() -> None:
    model = chmdocs.load(TESTS.parent / "source")
    assert model.goal and all(o.indicators for o in model.objectives)
    assert all(a.indicators and a.means for a in model.actions)
    assert sum(a.cost.amount for a in model.actions if a.cost) == 93500
