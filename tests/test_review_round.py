"""The review round (SPEC.md, "Versions and the review round"): versions,
what changed since the draft, and the participants' opinions collected.

Scenario: tests/roots/test-review, and a revised copy of it with a change
of every kind; the seed's own draft model and three filled workbooks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS, html_text, pdf_text
from openpyxl import Workbook, load_workbook

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.review import consolidate, opinion_of

ROOT = TESTS / "roots" / "test-review"

#: Edits turning the test root into its revised version: every kind of change.
REVISIONS = [
    (":end: 2007-10-13", ":end: 2007-10-14"),  # workshop
    (".. objective:: Renforcer les réseaux", ".. objective:: Renforcer les réseaux nationaux"),
    (".. objective:: Évaluer le partenariat\n   :id: obj-evaluation\n", ""),  # removed
    (":start: 09:00", ":start: 09:15"),  # session
    (":facilitator: p-diallo", ":facilitator: p-ndiaye"),  # group
    (":due: 2008-12-31", ":due: 2009-06-30"),  # action
    (":partners: CHM belge; DGCD", ":partners: DGCD; CHM belge"),  # a list reordered
    (":priority: high", ":priority: medium"),
    (
        ".. action:: Publier des fiches\n   :id: act-fiches\n   :objectives: obj-reseaux\n"
        "   :due: 2009\n",
        "",
    ),  # removed
    (":country: SN", ":country: BF"),  # participant
]
ADDED = """
.. objective:: Partager les expériences
   :id: obj-partage

.. action:: Organiser un atelier régional
   :id: act-atelier
   :due: 2010

.. participant:: M. Ousmane Ndiaye
   :id: p-ndiaye
   :country: SN
"""


def revised(target: Path) -> Path:
    shutil.copytree(ROOT, target)
    text = (target / "index.rst").read_text(encoding="utf-8")
    for old, new in REVISIONS:
        assert old in text, old
        text = text.replace(old, new)
    (target / "index.rst").write_text(text + ADDED, encoding="utf-8")
    return target


def expect_every_change(data: dict) -> None:
    added = {(i["kind"], i["id"]) for i in data["added"]}
    assert added == {("objective", "obj-partage"), ("action", "act-atelier"),
                     ("participant", "p-ndiaye")}  # fmt: skip
    removed = {(i["kind"], i["id"]) for i in data["removed"]}
    assert removed == {("objective", "obj-evaluation"), ("action", "act-fiches")}
    changed = {(c["kind"], c["id"]): c["fields"] for c in data["changed"]}
    assert changed[("workshop", "ws-review")] == {"end": ["2007-10-13", "2007-10-14"]}
    assert changed[("objective", "obj-reseaux")] == {
        "title": ["Renforcer les réseaux", "Renforcer les réseaux nationaux"]
    }
    assert changed[("session", "s-open")] == {"start": ["09:00", "09:15"]}
    assert changed[("group", "g-reseaux")] == {"facilitator": ["p-diallo", "p-ndiaye"]}
    assert changed[("action", "act-reseau")] == {
        "partners": [["CHM belge", "DGCD"], ["DGCD", "CHM belge"]],
        "due": ["2008-12-31", "2009-06-30"],
        "priority": ["high", "medium"],
    }
    assert changed[("participant", "p-diallo")] == {"country": ["SN", "BF"]}
    assert len(changed) == 6
    for entry in data["changed"]:
        assert "docname" not in entry["fields"] and "lineno" not in entry["fields"]


def diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.output


def test_diff_of_two_source_directories(tmp_path: Path) -> None:
    new = revised(tmp_path / "new")
    code, output = diff(str(ROOT), str(new), "--format", "json")
    assert code == 1, output
    expect_every_change(json.loads(output))


def test_diff_of_a_chmdocs_json_and_a_source_directory(tmp_path: Path) -> None:
    chmdocs.build(ROOT, tmp_path / "out", ["json"])
    new = revised(tmp_path / "new")
    code, output = diff(str(tmp_path / "out" / "chmdocs.json"), str(new), "--format", "json")
    assert code == 1, output
    expect_every_change(json.loads(output))


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.mark.parametrize(
    "link",
    ["/etc/passwd", "../../outside.rst", "../..", "/"],
    ids=["absolute", "up", "folder", "root"],
)
def test_diff_against_a_revision_holding_a_link_out_leaves_the_link_out(
    tmp_path: Path, link: str
) -> None:
    project = tmp_path / "repo" / "source"
    shutil.copytree(ROOT, project)
    (tmp_path / "outside.rst").write_text("Secret\n======\n", encoding="utf-8")
    (project / "secret.rst").symlink_to(link)
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "draft")
    (project / "secret.rst").unlink()  # the link lives on in the revision only
    result = CliRunner().invoke(main, ["diff", "git:HEAD", str(project)])
    assert result.exit_code == 0, result.output  # no change, and no failure
    assert "secret.rst left out" in result.output and "Traceback" not in result.output


def test_diff_against_a_git_revision_never_touches_the_working_tree(tmp_path: Path) -> None:
    project = tmp_path / "repo" / "source"
    shutil.copytree(ROOT, project)
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "draft")
    shutil.rmtree(project)
    revised(project)
    before = git(tmp_path / "repo", "status", "--porcelain")
    code, output = diff("git:HEAD", str(project), "--format", "json")
    assert code == 1, output
    expect_every_change(json.loads(output))
    assert git(tmp_path / "repo", "status", "--porcelain") == before
    # NEW as the revision, OLD as the directory: the same changes the other way.
    code, output = diff(str(project), "git:HEAD", "--format", "json")
    assert {i["id"] for i in json.loads(output)["removed"]} == {
        "obj-partage",
        "act-atelier",
        "p-ndiaye",
    }


def test_diff_exit_codes_and_moves_that_are_no_change(tmp_path: Path) -> None:
    assert diff(str(ROOT), str(ROOT))[0] == 0
    moved = tmp_path / "moved"
    shutil.copytree(ROOT, moved)
    text = (moved / "index.rst").read_text()
    (moved / "index.rst").write_text(
        text.replace("Atelier de relecture\n====", "\n\n\nAtelier de relecture\n====")
    )
    code, output = diff(str(ROOT), str(moved))
    assert (code, output) == (0, "Aucun changement.\n")
    assert diff(str(ROOT), str(tmp_path / "nowhere"))[0] == 2
    assert diff("git:", str(ROOT))[0] == 2
    assert diff("git:no-such-revision", str(ROOT))[0] == 2


def test_diff_text_is_in_the_project_language(tmp_path: Path) -> None:
    code, output = diff(str(ROOT), str(revised(tmp_path / "new")))
    assert code == 1
    assert "Échéance\u00a0: 31 décembre 2008 → 30 juin 2009" in output
    assert "Priorité\u00a0: haute → moyenne" in output
    assert "Animateur\u00a0: Mme Aminata Diallo → M. Ousmane Ndiaye" in output
    assert "+ Action act-atelier « Organiser un atelier régional »" in output


def test_changes_view_in_html_and_pdf(tmp_path: Path) -> None:
    chmdocs.build(ROOT, tmp_path / "draft", ["json"])
    new = revised(tmp_path / "new")
    (new / "versions").mkdir()
    shutil.copy(tmp_path / "draft" / "chmdocs.json", new / "versions" / "draft.json")
    (new / "final-document.rst").write_text(
        ":status: final\n:version: 2\n:date: 2009-11-30\n\nDocument final\n==============\n\n"
        "Changements\n-----------\n\n.. changes::\n   :since: versions/draft.json\n"
        "   :kinds: action, objective\n",
        encoding="utf-8",
    )
    text = (new / "index.rst").read_text()
    (new / "index.rst").write_text(text + "\n.. toctree::\n\n   final-document\n")
    chmdocs.build(new, tmp_path / "out", ["html", "pdf"])
    pdf = pdf_text(tmp_path / "out" / "pdf" / "final-document.pdf")
    assert "Échéance : 31 décembre 2008 → 30 juin 2009" in pdf
    assert "Priorité : haute → moyenne" in pdf
    assert "Version finale 2" in pdf
    assert "Organiser un atelier régional" in pdf and "Publier des fiches" in pdf
    assert "09:15" not in pdf  # sessions left out by :kinds:
    page = html_text(tmp_path / "out" / "html" / "final-document.html")
    assert "Échéance : 31 décembre 2008 → 30 juin 2009" in page


def test_changes_view_with_an_unreadable_since_warns_at_its_line(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    with (source / "index.rst").open("a") as text:
        text.write("\n.. changes::\n   :since: versions/none.json\n")
    findings = [f for f in chmdocs.api.check(source) if f.type == "chmdocs.option"]
    lines = len((source / "index.rst").read_text().splitlines())
    assert [f.line for f in findings] == [lines]
    assert "versions/none.json: no such file" in findings[0].message


# -- the workbook ---------------------------------------------------------------


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("review") / "review.xlsx"
    result = CliRunner().invoke(main, ["export", "review", str(ROOT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def test_the_workbook_is_laid_out_as_spec_says(blank: Path) -> None:
    book = load_workbook(blank)
    assert book.sheetnames == [
        "Relecteur", "Objectifs", "Actions", "Résultats des groupes", "Commentaires généraux"
    ]  # fmt: skip
    reviewer = book["Relecteur"]
    assert [reviewer.cell(r, 1).value for r in (1, 2, 3)] == ["Nom", "Organisation", "Pays"]
    assert not reviewer.cell(1, 2).protection.locked
    actions = book["Actions"]
    headings = [c.value for c in actions[1]]
    assert headings[0] == "Id" and headings[-3:] == ["Avis", "Commentaire", "Proposition"]
    assert [actions.cell(r, 1).value for r in (2, 3)] == ["act-reseau", "act-fiches"]
    assert actions.cell(2, 1).protection.locked and actions.protection.sheet
    assert not actions.cell(2, len(headings) - 2).protection.locked
    assert "Mme Aminata Diallo" in str(actions.cell(2, headings.index("Responsable") + 1).value)
    assert actions.freeze_panes == "B2"
    [validation] = actions.data_validations.dataValidation
    assert validation.formula1 == "\"d'accord,à modifier,pas d'accord\""
    groups = book["Résultats des groupes"]
    assert groups.cell(2, 1).value == "g-reseaux"
    assert "réseau de correspondants" in str([c.value for c in groups[2]])


def test_the_workbook_in_english(tmp_path: Path) -> None:
    source = tmp_path / "en"
    shutil.copytree(ROOT, source)
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    data = chmdocs.api.export(source, "review")
    target = tmp_path / "review.xlsx"
    target.write_bytes(data)
    book = load_workbook(target)
    assert book.sheetnames == [
        "Reviewer", "Objectives", "Actions", "Groups' results", "General comments"
    ]  # fmt: skip
    assert [c.value for c in book["Actions"][1]][-3:] == ["Opinion", "Comment", "Proposed text"]


def fill(
    blank: Path,
    target: Path,
    reviewer: tuple[str, str, str],
    answers: dict[str, tuple[str, str, str]],
) -> Path:
    """The workbook filled as SPEC.md describes: B1:B3, then opinion, comment
    and proposal on the rows of the ids answered."""
    book = load_workbook(blank)
    for row, value in enumerate(reviewer, start=1):
        book.worksheets[0].cell(row, 2).value = value
    for sheet in book.worksheets[1:]:
        headings = [c.value for c in sheet[1]]
        if "Avis" not in headings:
            continue  # the general comments
        first = headings.index("Avis") + 1
        for row in range(2, sheet.max_row + 1):
            ident = sheet.cell(row, 1).value
            for offset, value in enumerate(answers.get(ident, ())):
                sheet.cell(row, first + offset).value = value
    book.save(target)
    return target


def test_filled_workbooks_are_counted_with_every_comment(blank: Path, tmp_path: Path) -> None:
    one = fill(blank, tmp_path / "one.xlsx", ("Aminata Diallo", "DEEC", "Sénégal"), {
        "act-reseau": ("à modifier", "Trop tôt.", "Constituer en 2009 un réseau"),
        "obj-reseaux": ("d'accord", "", ""),
    })  # fmt: skip
    two = fill(blank, tmp_path / "two.xlsx", ("Issa Ouédraogo", "CONEDD", "Burkina Faso"), {
        "act-reseau": ("pas d'accord", "Sans budget, non.", ""),
        "g-reseaux": ("d'accord", "Bon résumé.", ""),
    })  # fmt: skip
    result = CliRunner().invoke(
        main, ["review", str(one), str(two), "--source", str(ROOT), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["name"] for r in data["reviewers"]] == ["Aminata Diallo", "Issa Ouédraogo"]
    items = {i["id"]: i for i in data["items"]}
    assert items["act-reseau"]["opinions"] == {"agree": 0, "amend": 1, "disagree": 1}
    assert items["act-reseau"]["kind"] == "action"
    assert [c["reviewer"] for c in items["act-reseau"]["comments"]] == [
        "Aminata Diallo",
        "Issa Ouédraogo",
    ]
    assert items["act-reseau"]["comments"][0]["proposal"] == "Constituer en 2009 un réseau"
    assert items["obj-reseaux"]["opinions"]["agree"] == 1
    assert items["g-reseaux"]["kind"] == "group"
    # In the model's order: objectives, actions, groups.
    assert [i["id"] for i in data["items"]] == ["obj-reseaux", "act-reseau", "g-reseaux"]


def test_what_people_do_to_spreadsheets(blank: Path, tmp_path: Path) -> None:
    path = fill(blank, tmp_path / "messy.xlsx", ("Voahangy R.", "MEF", "Madagascar"), {
        "act-reseau": ("PAS D'ACCORD", "", ""),
        "act-fiches": ("À MODIFIER", "Préciser les espèces.", ""),
        "obj-reseaux": (" D’Accord ", "", ""),
    })  # fmt: skip
    book = load_workbook(path)
    actions = book["Actions"]
    actions.protection.sheet = False
    rows = [[c.value for c in row] for row in actions.iter_rows(min_row=2)]
    for number, values in enumerate(reversed(rows), start=2):  # rows reordered
        for column, value in enumerate(values, start=1):
            actions.cell(number, column).value = value
    actions.insert_cols(3)  # a column added by the reviewer
    actions.cell(1, 3).value = "Mes notes"
    actions.cell(len(rows) + 3, 1).value = "act-inconnue"  # an id we never wrote
    actions.cell(len(rows) + 3, actions.max_column - 2).value = "agree"
    book["Objectifs"].title = "Mes objectifs"  # a renamed sheet
    book.save(path)
    result = consolidate([path], chmdocs.load(ROOT))
    items = {i.id: i for i in result.items}
    assert items["act-reseau"].opinions["disagree"] == 1
    assert items["act-fiches"].opinions["amend"] == 1
    assert items["act-fiches"].comments[0]["comment"] == "Préciser les espèces."
    assert items["obj-reseaux"].opinions["agree"] == 1
    [problem] = result.problems
    assert (Path(problem.file).name, problem.sheet, problem.row) == (
        "messy.xlsx",
        "Actions",
        len(rows) + 3,
    )
    assert "act-inconnue" in problem.message


def test_foreign_and_broken_files_are_warnings_not_tracebacks(blank: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "budget.xlsx"
    book = Workbook()
    book.active.append(["Poste", "Montant"])
    book.save(foreign)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    text = tmp_path / "notes.xlsx"
    text.write_text("hello", encoding="utf-8")
    good = fill(blank, tmp_path / "good.xlsx", ("A", "B", "C"), {"act-reseau": ("agree", "", "")})
    result = CliRunner().invoke(
        main, ["review", str(foreign), str(broken), str(text), str(good), "--source", str(ROOT)]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name in ("budget.xlsx", "broken.xlsx", "notes.xlsx"):
        assert f"{name}" in result.stderr
    assert "agree 1" in result.stdout or "d'accord 1" in result.stdout


@pytest.mark.parametrize(
    ("typed", "opinion"),
    [
        ("D'ACCORD", "agree"), ("d’accord", "agree"), ("Agree", "agree"), ("OUI", "agree"),
        ("à modifier", "amend"), ("A MODIFIER", "amend"), ("amend", "amend"),
        ("Pas d'accord", "disagree"), ("DISAGREE", "disagree"), ("  non. ", "disagree"),
        ("peut-être", None), ("", None),
    ],
)  # fmt: skip
def test_opinions_typed_by_hand(typed: str, opinion: str | None) -> None:
    assert opinion_of(typed) == opinion


def test_the_seed_reviews_consolidate_to_their_counts() -> None:
    sheets = sorted((REPO / "source" / "reviews").glob("*.xlsx"))
    assert len(sheets) == 3  # one of them saved again by LibreOffice
    result = consolidate(sheets, chmdocs.load(REPO / "source"))
    assert result.problems == []
    items = {i.id: i for i in result.items}
    assert items["act-formations"].opinions == {"agree": 1, "amend": 2, "disagree": 0}
    assert items["act-sbstta"].opinions == {"agree": 0, "amend": 0, "disagree": 2}
    assert {c["reviewer"] for c in items["act-sbstta"].comments} == {
        "M. Issa Ouédraogo",
        "Mme Voahangy Rakotomalala",
    }
    # A model without its documents (chmdocs.load) keeps the rows on the
    # final document's sections as they were written.
    assert items["conclusions-de-l-atelier"].opinions["amend"] == 1
    assert sorted(p["sheet"] for p in result.proposals) == ["action", "general"]


def test_the_seed_final_document_shows_its_review(seed_build: Path) -> None:
    text = pdf_text(seed_build / "pdf" / "final-document.pdf")
    assert "Version finale 2" in text
    assert "Avis des participants" in text and "Modifications depuis le projet" in text
    assert "Échéance : décembre 2008 → juin 2009" in text
    assert "d'accord : 1 · à modifier : 2 · pas d'accord : 0" in text
    assert "M. Issa Ouédraogo (Secrétariat permanent du CONEDD, Burkina Faso)" in text
    assert "Section 4 Conclusions de l'atelier" in text
    assert "Commentaires généraux et nouvelles propositions" in text
    assert "Décision : rejetée" in text


def test_review_summary_with_no_workbook_warns_at_its_option(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    with (source / "index.rst").open("a") as text:
        text.write("\n.. review-summary::\n   :sheets: reviews/*.xlsx\n")
    lines = len((source / "index.rst").read_text().splitlines())
    findings = [f for f in chmdocs.api.check(source) if f.type == "chmdocs.option"]
    assert [(f.line, "matches no file" in f.message) for f in findings] == [(lines, True)]


def test_diff_against_git_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "alone"
    shutil.copytree(ROOT, source)
    code, output = diff("git:HEAD", str(source))
    assert code == 2 and "git" in output


def changed_value(value: object, name: str) -> object:
    """Another value of the same type, for any field of the model."""
    import datetime as dt
    import decimal

    from chmdocs.core.model import Cost, Due

    if isinstance(value, bool):
        return not value
    if name == "exchange_rates":
        return (*value, ("XOF", decimal.Decimal("655.957")))
    if name == "currency":
        return "XOF" if value == "EUR" else "EUR"
    if isinstance(value, str):
        return "SN" if name == "country" else f"{value} (revised)" if value else "revised"
    if isinstance(value, tuple):
        return (*value, "added") if name != "objectives" else tuple(reversed(value)) or ("x",)
    if isinstance(value, dt.time):
        return dt.time((value.hour + 1) % 24, value.minute)
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, int):
        return value + 5
    if isinstance(value, Due):
        return Due(value.year + 1, value.month, value.day)
    if isinstance(value, Cost):
        return Cost(value.amount + decimal.Decimal(1), value.currency)
    raise AssertionError(f"no other value for {name}: {value!r}")


def test_every_field_of_every_kind_shows_as_changed() -> None:
    import dataclasses

    from chmdocs.core.changes import compare

    model = chmdocs.load(REPO / "source" / "versions" / "draft" / "chmdocs.json")
    samples = {
        "workshop": model,
        "objective": model.objectives[0],
        "session": next(s for s in model.sessions if s.speakers and s.objectives),
        "group": model.groups[0],
        "action": next(a for a in model.actions if a.cost and a.partners),
        "participant": model.participants[0],
    }
    skipped = {"id", "docname", "lineno", "rejected", "objectives", "sessions", "groups",
               "actions", "participants", "progress", "measures", "questions", "language",
               "email", "phone", "publish"}  # fmt: skip
    checked = 0
    for kind, obj in samples.items():
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            if field.name in skipped or value is None:
                continue
            revised_obj = dataclasses.replace(obj, **{field.name: changed_value(value, field.name)})
            if kind == "workshop":
                revised = revised_obj
            else:
                revised = model.with_objects(
                    [revised_obj if o is obj else o for o in
                     (*model.objectives, *model.sessions, *model.groups, *model.actions,
                      *model.participants)]
                )  # fmt: skip
            comparison = compare(model, revised)
            assert not comparison.added and not comparison.removed, (kind, field.name)
            [change] = comparison.changed
            json_name = {"speakers": "speaker", "session_kind": "kind"}.get(field.name, field.name)
            assert (change.kind, list(change.fields)) == (kind, [json_name]), field.name
            checked += 1
    assert checked >= 40
