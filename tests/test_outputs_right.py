"""Outputs people act on are right: no reviewer who asked not to be published
is named, a budget adds up in every currency, filters on people find them by
name, participants kept in an internal file reach every document."""

from __future__ import annotations

import csv
import decimal
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS, html_text, pdf_text
from openpyxl import load_workbook
from test_review_round import fill

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.logframe import logframe
from chmdocs.core.model import Action, Cost, Objective, Workshop, same_person
from chmdocs.core.review import redact

REVIEW_ROOT = TESTS / "roots" / "test-review"
HIDDEN = """
.. participant:: Mme Adjoua N'Guessan
   :id: p-nguessan
   :organization: Ministère de l'Environnement
   :country: CI
   :email: a.nguessan@example.org
   :publish: no
"""


# -- reviewers who asked not to be published ---------------------------------


@pytest.fixture(scope="module")
def blank_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("blank") / "review.xlsx"
    result = CliRunner().invoke(main, ["export", "review", str(REVIEW_ROOT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize(
    "typed",
    [
        "Mme Adjoua N'Guessan",
        "ADJOUA N'GUESSAN",
        "n’guessan adjoua",  # family name first, typographic apostrophe, lower case
        "Adjoua N'Guéssan",  # an accent too many
        "p-nguessan",  # the participant id
    ],
)
def test_an_unpublished_reviewer_is_named_in_no_public_output(
    typed: str, blank_review: Path, tmp_path: Path
) -> None:
    source = tmp_path / "src"
    shutil.copytree(REVIEW_ROOT, source)
    (source / "reviews").mkdir()
    fill(blank_review, source / "reviews" / "avis.xlsx", (typed, "", ""), {
        "act-reseau": ("à modifier", "Comme l'a dit Mme Adjoua N'Guessan, trop tôt.",
                       "Proposition de N'GUESSAN Adjoua : 2009"),
    })  # fmt: skip
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write(HIDDEN + "\nAvis\n----\n\n.. review-summary::\n   :sheets: reviews/*.xlsx\n")
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('chmdocs_documents = ["index"]\n')
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html", "pdf", "json"], warning=io.StringIO())
    page = html_text(out / "html" / "index.html")
    printed = pdf_text(out / "pdf" / "index.pdf")
    for text in (page, printed):
        assert "trop tôt" in text and "à modifier : 1" in text  # the opinion still counts
        assert "(nom non publié)" in text
        for name in ("Adjoua", "Guessan", "GUESSAN", "Ministère de l'Environnement", "Ivoire"):
            assert name not in text, (name, typed)
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (out / "html").rglob("*")
        if p.is_file() and p.suffix in (".html", ".js", ".txt", ".json")
    )
    assert "Guessan" not in everything and "GUESSAN" not in everything


def test_the_organiser_sees_who_reviewed(blank_review: Path, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REVIEW_ROOT, source)
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write(HIDDEN)
    sheet = fill(blank_review, tmp_path / "avis.xlsx", ("DIALLO Aminata", "", ""), {
        "act-reseau": ("d'accord", "Oui.", ""),
    })  # fmt: skip
    result = chmdocs.api.review([sheet], source)
    [reviewer] = result.to_data()["reviewers"]
    # Matched to the participant: typed as written, organization and country filled in.
    assert reviewer["name"] == "DIALLO Aminata" and reviewer["participant"] == "p-diallo"
    assert reviewer["organization"] == "Direction de l'environnement"


def test_names_are_the_same_person_in_any_spelling() -> None:
    assert same_person("Mme Aminata Diallo", "diallo aminata")
    assert same_person("Mme Aminata Diallo", "Aminata DIALLÓ")
    assert same_person("M. Jean-Pierre Van der Linden", "Van der Linden Jean Pierre")
    assert not same_person("Mme Aminata Diallo", "Diallo")
    assert not same_person("Mme Aminata Diallo", "Awa Diallo")


def test_redaction_leaves_other_words() -> None:
    names = ["Mme Adjoua N'Guessan"]
    assert redact("Voir N’GUESSAN Adjoua et M. Sow.", names) == "Voir […] et M. Sow."
    assert redact("Dr Adjoua  N'Guessan dit", names) == "[…] dit"
    assert redact("Adjouani N'Guessans", names) == "Adjouani N'Guessans"


# -- a budget that adds up ------------------------------------------------------


def costed(*actions: Action, currency: str = "", rates: dict[str, str] | None = None) -> Workshop:
    objectives = [Objective(id=f"o{n}", title=f"Objectif {n}") for n in (1, 2, 3)]
    workshop = Workshop(
        id="ws",
        title="Atelier",
        currency=currency,
        exchange_rates=tuple((k, decimal.Decimal(v)) for k, v in (rates or {}).items()),
    )
    return workshop.with_objects([workshop, *objectives, *actions])


def action(ident: str, objectives: tuple[str, ...], cost: str, status: str = "agreed") -> Action:
    amount, currency = cost.split()
    return Action(
        id=ident,
        title=ident,
        objectives=objectives,
        cost=Cost(decimal.Decimal(amount), currency),
        status=status,
    )


def sums(frame_rows: list[object], level: str) -> list[tuple[Cost, ...]]:
    return [r.costs for r in frame_rows if r.level == level]  # type: ignore[attr-defined]


def test_subtotals_add_up_to_the_total() -> None:
    workshop = costed(
        action("a", ("o1",), "10000 EUR"),
        action("b", ("o2", "o3"), "18000 EUR"),  # serves two objectives
        action("c", ("o3",), "2000 EUR"),
    )
    frame = logframe(workshop)
    subtotals = [c[0].amount for c in sums(list(frame.rows), "subtotal")]
    [total] = sums(list(frame.rows), "total")
    assert subtotals == [10000, 18000, 2000]
    assert sum(subtotals) == total[0].amount == 30000
    again = next(r for r in frame.rows if r.level == "activity" and r.number == "3.1")
    assert again.costed_under == "2.1" and not again.costs


def test_a_dropped_action_leaves_the_budget() -> None:
    workshop = costed(
        action("a", ("o1",), "10000 EUR"),
        action("dropped", ("o1", "o2"), "5000 EUR", status="dropped"),
    )
    frame = logframe(workshop)
    assert [a.id for a in frame.dropped] == ["dropped"]
    assert not [r for r in frame.rows if r.item is not None and r.item.id == "dropped"]
    [total] = sums(list(frame.rows), "total")
    assert total == (Cost(decimal.Decimal(10000), "EUR"),)


def test_totals_in_the_reporting_currency() -> None:
    workshop = costed(
        action("a", ("o1",), "6559570 XOF"),
        action("b", ("o1",), "1000 EUR"),
        action("c", ("o2",), "1310 USD"),
        currency="EUR",
        rates={"XOF": "655.957", "USD": "1.31"},
    )
    frame = logframe(workshop)
    [first, second] = [r for r in frame.rows if r.level == "subtotal"]
    assert first.reporting == Cost(decimal.Decimal("11000.00"), "EUR")
    assert second.reporting == Cost(decimal.Decimal("1000.00"), "EUR")
    [total] = [r for r in frame.rows if r.level == "total"]
    assert total.reporting == Cost(decimal.Decimal("12000.00"), "EUR")
    assert not frame.missing_rates


def test_a_currency_without_a_rate_is_never_summed_silently() -> None:
    workshop = costed(
        action("a", ("o1",), "6559570 XOF"),
        action("b", ("o1",), "1000 EUR"),
        currency="EUR",
    )
    frame = logframe(workshop)
    assert frame.missing_rates == ("XOF",)
    assert all(r.reporting is None for r in frame.rows if r.is_sum)
    # Without a reporting currency, several currencies cannot be added up.
    assert logframe(costed(*workshop.actions)).missing_rates == ("XOF", "EUR")
    assert logframe(costed(workshop.actions[1])).missing_rates == ()


@pytest.fixture
def budget_project(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-logframe", source)
    index = source / "index.rst"
    text = index.read_text(encoding="utf-8").replace(":cost: 1 500,50 USD", ":cost: 6559570 XOF")
    text = text.replace(":cost: trois mille euros", ":cost: 9000 EUR\n   :status: dropped")
    index.write_text(text, encoding="utf-8")
    with (source / "conf.py").open("a") as conf:
        conf.write('chmdocs_currency = "EUR"\nchmdocs_exchange_rates = {"XOF": "655,957"}\n')
    return source


def test_the_budget_in_the_pdf_and_the_workbook(budget_project: Path) -> None:
    out = budget_project.parent / "out"
    warnings = io.StringIO()
    chmdocs.build(budget_project, out, ["pdf", "logframe"], warning=warnings)
    assert "chmdocs.currency" not in warnings.getvalue()  # the rate written as a string is read
    text = pdf_text(out / "pdf" / "index.pdf")
    assert "Total en monnaie de référence : 22 000,00 €" in text
    assert "Total en monnaie de référence : 25 000,00 €" in text
    assert "Taux de change : 1 € = 655,957 F CFA" in text
    assert "1 action abandonnée, hors du cadre logique et de ses totaux : Sans coût lisible" in text
    assert "Coûts comptés sous l'activité : 1.2" in text
    assert "Coûts : 9 000,00 €" not in text
    sheet = load_workbook(out / "logframe.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[4:] == [
        "Niveau",
        "Coût (EUR)",
        "Coût (XOF)",
        "Coût en monnaie de référence (EUR)",
    ]
    assert sheet["H5"].value == "=ROUND(F5+G5/655.957,2)"
    assert sheet["H6"].value == "=SUM(H4,H5)"
    assert sheet["H11"].value == "=SUM(H6,H10)"
    assert sheet["G5"].number_format == '#,##0 "F\u202fCFA"'


def test_costs_in_several_currencies_without_a_rate_are_warned(budget_project: Path) -> None:
    conf = budget_project / "conf.py"
    conf.write_text(conf.read_text().replace('{"XOF": "655,957"}', "{}"))
    findings = [f for f in chmdocs.api.check(budget_project) if f.type == "chmdocs.currency"]
    assert len(findings) == 1 and "XOF" in findings[0].message
    assert findings[0].line == 39  # the :cost: of the first action costed in XOF


@pytest.mark.parametrize(
    "setting", ['chmdocs_exchange_rates = {"XOF": "beaucoup"}', 'chmdocs_currency = "EURO"']
)
def test_a_bad_rate_or_currency_is_a_config_warning(budget_project: Path, setting: str) -> None:
    with (budget_project / "conf.py").open("a") as conf:
        conf.write(setting + "\n")
    findings = [f for f in chmdocs.api.check(budget_project) if f.type == "chmdocs.config"]
    assert findings, setting


# -- the same filter, one answer -------------------------------------------------


@pytest.mark.parametrize(
    "owner", ["Aminata Diallo", "p-diallo", "DIALLO Aminata", "mme aminata diallo"]
)
def test_a_filter_on_people_finds_them_by_id_or_name(owner: str, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REVIEW_ROOT, source)
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write(f"\n.. action-table::\n   :owner: {owner}\n   :columns: id\n")
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    page = html_text(out / "html" / "index.html")
    assert "Aucune action ne correspond" not in page
    model = chmdocs.load(source)
    rendered = chmdocs.render(model, "action-table", owner=owner, columns="id")
    owned = [a.id for a in model.actions if a.owner == "p-diallo"]
    assert owned and all(ident in rendered for ident in owned)
    assert all(ident in page for ident in owned)


def test_sort_descending_puts_high_priority_first() -> None:
    actions = [
        Action(id="low", title="l", priority="low"),
        Action(id="none", title="n"),
        Action(id="high", title="h", priority="high"),
        Action(id="medium", title="m", priority="medium"),
    ]
    workshop = Workshop(id="w", title="w").with_objects([*actions])
    first = chmdocs.render(workshop, "action-table", sort="-priority", columns="id")
    order = [line.split()[0] for line in first.splitlines()[2:]]
    assert order == ["high", "medium", "low", "none"]
    again = chmdocs.render(workshop, "action-table", sort="priority", columns="id")
    assert [line.split()[0] for line in again.splitlines()[2:]] == ["low", "medium", "high", "none"]


# -- exports people open ----------------------------------------------------------


def test_exports_name_people_and_keep_phones_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "src"
    shutil.copytree(REVIEW_ROOT, source)
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write(
            "\n.. participant:: M. Mamadou Sow\n   :id: p-sow\n   :phone: +221 33 800 00 02\n"
            '   :organization: =HYPERLINK("x")\n'
        )
    out = tmp_path / "out"
    chmdocs.build(source, out, ["csv"], warning=io.StringIO())
    rows = list(csv.DictReader(io.StringIO((out / "actions.csv").read_text("utf-8-sig"))))
    owners = {row["id"]: row["owner"] for row in rows}
    assert owners["act-reseau"] == "Mme Aminata Diallo"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "participants", str(source)])
    assert result.exit_code == 0, result.output
    private = tmp_path / "build" / "private" / "participants.csv"
    assert private.is_file(), result.output
    people = {r["id"]: r for r in csv.DictReader(io.StringIO(private.read_text("utf-8-sig")))}
    assert people["p-sow"]["phone"] == "+221 33 800 00 02"
    assert people["p-sow"]["organization"].startswith("'=")  # a formula stays neutralized


# -- participants kept in an internal file -----------------------------------------

PARTICIPANTS_ROOT = TESTS / "roots" / "test-participants"


def internal_header(style: str) -> str:
    """``:audience: internal`` written as organisers write it."""
    return {
        "plain": ":audience: internal\n\n",
        "bom and comments": "\ufeff"
        + "".join(f".. note {n}\n" for n in range(60))
        + "\n:audience: internal\n\n",
        "value on the next line": ":audience:\n   internal\n\n",
        "included header": ".. include:: _header.inc\n\n",
    }[style]


@pytest.mark.parametrize(
    "style", ["plain", "bom and comments", "value on the next line", "included header"]
)
def test_participants_in_an_internal_document_reach_every_document(
    style: str, tmp_path: Path
) -> None:
    from test_participants import leaks

    source = tmp_path / "src"
    shutil.copytree(PARTICIPANTS_ROOT, source)
    (source / "_header.inc").write_text(":audience: internal\n", encoding="utf-8")
    people = source / "participants.rst"
    people.write_text(internal_header(style) + people.read_text(encoding="utf-8"), "utf-8")
    out = tmp_path / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, ["html", "pdf", "json"], warning=warnings, jobs=1)
    assert "names no participant" not in warnings.getvalue()
    assert "WARNING" not in warnings.getvalue(), warnings.getvalue()
    # Named in the public documents, linked nowhere (their page is not published).
    agenda = (out / "html" / "agenda.html").read_text(encoding="utf-8")
    assert "Aminata Diallo" in agenda and "participants.html" not in agenda
    assert not (out / "html" / "participants.html").exists()
    assert not list((out / "html").rglob("participants.rst*"))
    index = (out / "html" / "searchindex.js").read_text(encoding="utf-8")
    assert '"docnames":["agenda","final-document","index"]' in index
    assert "Aminata Diallo" in pdf_text(out / "pdf" / "agenda.pdf")
    assert "Aminata Diallo" in (out / "chmdocs.json").read_text(encoding="utf-8")
    # The attendance sheet lists everyone.
    assert "Zélie" in pdf_text(out / "private" / "pdf" / "attendance-sheet.pdf")
    assert leaks(out) == []


def test_a_document_made_internal_after_a_build_leaves_the_site(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(PARTICIPANTS_ROOT, source)
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert (out / "html" / "participants.html").exists()
    people = source / "participants.rst"
    people.write_text(":audience: internal\n\n" + people.read_text(encoding="utf-8"), "utf-8")
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert not (out / "html" / "participants.html").exists()
    assert not list((out / "html").rglob("participants.rst*"))
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="participants.html"' not in index


def test_a_page_listing_participants_shows_each_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    chmdocs.build(PARTICIPANTS_ROOT, out, ["html", "pdf"], warning=io.StringIO())
    assert html_text(out / "html" / "participants.html").count("Aminata Diallo") == 1
    # Links to a participant still lead to the page.
    agenda = (out / "html" / "agenda.html").read_text(encoding="utf-8")
    assert 'href="participants.html#participant-p-diallo"' in agenda


# -- the attendance sheet --------------------------------------------------------

ORGANIZATIONS = (
    "Direction de l'environnement et des établissements classés",
    "Ministère de l'Environnement et du Développement durable",
    "Centre national de gestion des réserves de faune",
)
COUNTRIES = ("MG", "CI", "CD", "SN", "BJ", "BF")


def with_participants(tmp_path: Path, count: int, blank_rows: str | None = None) -> Path:
    source = tmp_path / "src"
    shutil.copytree(PARTICIPANTS_ROOT, source)
    with (source / "participants.rst").open("a", encoding="utf-8") as people:
        for n in range(count - 4):  # the root has four
            people.write(
                f"\n.. participant:: Mme Awa Traoré-Diop{n}\n   :id: p-extra{n}\n"
                f"   :organization: {ORGANIZATIONS[n % 3]}\n   :country: {COUNTRIES[n % 6]}\n"
            )
    if blank_rows is not None:
        sheet = source / "attendance-sheet.rst"
        sheet.write_text(sheet.read_text() + f"   :blank-rows: {blank_rows}\n", encoding="utf-8")
    return source


def sheet_pages(source: Path) -> list[str]:
    from conftest import pdf_pages

    out = source.parent / "out"
    chmdocs.build(source, out, ["pdf"], warning=io.StringIO())
    return pdf_pages(out / "private" / "pdf" / "attendance-sheet.pdf")


def test_twenty_participants_and_walk_ins_fit_a_page_a_day(tmp_path: Path) -> None:
    pages = sheet_pages(with_participants(tmp_path, 20))
    assert len(pages) == 2
    first, second = pages
    assert "Mercredi 2 mai 2007" in first and "Jeudi 3 mai 2007" in second
    # The title is said once; each day's heading is the day.
    assert first.count("Liste de présence") == 2  # the title and the running header
    assert "Liste de présence – Mercredi" not in first
    # Five empty rows for people who come unannounced: numbers 21 to 25.
    assert "25" in first.split("Signature", 1)[1]
    for country in ("Madagascar", "Côte d'Ivoire", "Congo-Kinshasa"):
        assert country in first, country  # never broken across lines


def test_forty_participants_each_day_starts_a_page(tmp_path: Path) -> None:
    pages = sheet_pages(with_participants(tmp_path, 40, blank_rows="0"))
    starts = [n for n, page in enumerate(pages) if "2007" in page.split("Nom", 1)[0][:80]]
    assert len(pages) == 4 and starts == [0, 2], [p[:60] for p in pages]
    assert all(page.lstrip().startswith("N°") for page in (pages[1], pages[3]))


def test_a_bad_number_of_blank_rows_is_warned(tmp_path: Path) -> None:
    source = with_participants(tmp_path, 4, blank_rows="beaucoup")
    findings = [f for f in chmdocs.api.check(source) if f.type == "chmdocs.option"]
    assert len(findings) == 1 and findings[0].path.endswith("attendance-sheet.rst")


def test_no_page_holds_only_a_tables_last_row(budget_project: Path) -> None:
    from conftest import pdf_pages

    out = budget_project.parent / "out"
    chmdocs.build(budget_project, out, ["pdf"], warning=io.StringIO())
    pages = pdf_pages(out / "pdf" / "index.pdf")
    # Where the matrix goes on over a page, at least two of its rows go with it.
    last = next(page for page in reversed(pages) if "Logique d'intervention" in page)
    assert "Total de toutes les activités" in last
    assert "Total des activités de l'objectif 2" in last or last.count("Activité") >= 1


# -- what the attackers found that fits here ------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (".. session:: B\n   :id: b17\n   :start: 10:00\n   :end: 10:30\n   :continues: b17\n",
         "continues itself"),
        (".. session:: B\n   :id: b17\n   :start: 10:00\n   :end: 10:30\n   :continues: b18\n\n"
         ".. session:: C\n   :id: b18\n   :start: 11:00\n   :end: 11:30\n   :continues: b17\n",
         "b17 → b18 → b17"),
        (".. session:: S1\n   :id: s1\n   :start: 10:00\n   :end: 10:30\n\n"
         "   .. group:: G\n      :id: g1\n\n"
         ".. session:: S2\n   :id: s2\n   :start: 11:00\n   :end: 11:30\n\n"
         ".. action:: A\n   :id: a1\n   :group: g1\n   :session: s2\n", "works in session"),
    ],
)  # fmt: skip
def test_inconsistent_links_are_warned(tmp_path: Path, text: str, words: str) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    (source / "index.rst").write_text(
        "T\n=\n\n.. workshop:: W\n   :start: 2030-01-01\n\n" + text, encoding="utf-8"
    )
    findings = [f.message for f in chmdocs.api.check(source) if f.type == "chmdocs.option"]
    assert [m for m in findings if words in m], findings


def test_outputs_and_sources_never_overlap(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "notes.txt").write_text("mine")
    for outdir in (source, source / "out", tmp_path):
        with pytest.raises(chmdocs.api.UsageError):
            chmdocs.build(source, outdir, ["html"], warning=io.StringIO())
    assert (source / "notes.txt").read_text() == "mine"
    # build/ inside the project is fine where conf.py excludes it.
    with (source / "conf.py").open("a") as conf:
        conf.write('exclude_patterns = ["build"]\n')
    chmdocs.build(source, source / "build", ["html"], warning=io.StringIO())


def test_a_deleted_page_leaves_the_site(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(PARTICIPANTS_ROOT, source)
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert (out / "html" / "final-document.html").is_file()
    (source / "final-document.rst").unlink()
    index = source / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   final-document\n", ""))
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert not (out / "html" / "final-document.html").exists()
    assert not list((out / "html" / "_sources").glob("final-document*"))
    assert "final-document" not in (out / "html" / "searchindex.js").read_text(encoding="utf-8")


def test_the_changes_view_never_names_who_stopped_being_published(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(PARTICIPANTS_ROOT, source)
    out = tmp_path / "out"
    chmdocs.build(source, out, ["json"], warning=io.StringIO())
    (source / "versions").mkdir()
    shutil.copy(out / "chmdocs.json", source / "versions" / "before.json")
    people = source / "participants.rst"
    text = people.read_text(encoding="utf-8")
    # Aminata Diallo speaks at the opening; she now asks not to be published.
    people.write_text(
        text.replace(":phone: +221 33 000 00 01", ":phone: +221 33 000 00 01\n   :publish: no"),
        encoding="utf-8",
    )
    with (source / "final-document.rst").open("a", encoding="utf-8") as final:
        final.write("\nChanges\n-------\n\n.. changes::\n   :since: versions/before.json\n")
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    page = html_text(out / "html" / "final-document.html")
    assert "Diallo" not in page
    result = CliRunner().invoke(main, ["diff", str(source / "versions" / "before.json"),
                                       str(source)])  # fmt: skip
    assert "Diallo" not in result.stdout
