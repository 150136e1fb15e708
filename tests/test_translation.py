"""Content translation: every text an author writes goes through Sphinx's
gettext workflow, and every output of a translated build shows it.

The test pseudo-translates each catalog of the ``translation`` root (each
message, or each ";"-separated item, prefixed with a marker) and looks for
the marker on every title and option text, in every output.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import icalendar
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from conftest import TESTS, html_text, pdf_text

import chmdocs
from chmdocs.app.cli import main

MARK = "ZZ"
#: Every text of the root written in a chmdocs directive.
TEXTS = [
    "Atelier régional sur le partenariat",
    "Bruxelles",
    "Jardin botanique",
    "Point focal belge",
    "Renforcer les réseaux nationaux",
    "Évaluer le partenariat",
    "Accueil des participants",
    "Exposé du secrétariat",
    "Secrétariat de la Convention",
    "Délégué invité",
    "Grande salle",
    "Travail en groupes",
    "Les outils techniques",
    "Groupe un",
    "Animatrice du Bénin",
    "Rapporteur du Burundi",
    "Salle verte",
    "Créer un réseau de correspondants",
    "Point focal national",
    "Équipe belge",
    "Coopération au développement",
    "Les contenus",
    "Groupe deux",
    "Salle bleue",
]


def pseudo(message: str) -> str:
    """What a translator would write, marked: each ";" item prefixed."""
    return "; ".join(f"{MARK} {part}" for part in message.split("; "))


def translate(source: Path, language: str, translator=pseudo) -> Path:  # type: ignore[no-untyped-def]
    """Catalogs for ``language`` in sphinx-intl's layout, every message translated."""
    pots = chmdocs.api.gettext(source, source.parent / "gettext")
    folder = source / "locales" / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    for pot in pots:
        with pot.open("rb") as stream:
            template = read_po(stream)
        catalog = Catalog(locale=language)
        for message in template:
            if message.id:
                catalog.add(message.id, translator(str(message.id)), locations=message.locations)
        with (folder / pot.with_suffix(".po").name).open("wb") as stream:
            write_po(stream, catalog)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-translation", source)
    return source


def test_every_text_is_a_message_at_its_line(project: Path) -> None:
    pots = chmdocs.api.gettext(project, project.parent / "gettext")
    messages: dict[str, list[tuple[str, int]]] = {}
    for pot in pots:
        with pot.open("rb") as stream:
            for message in read_po(stream):
                if message.id:
                    messages[str(message.id)] = [(Path(f).name, n) for f, n in message.locations]
    items = {part for message in messages for part in message.split("; ")}
    assert set(TEXTS) <= items, sorted(set(TEXTS) - items)
    assert messages["Secrétariat de la Convention; Délégué invité"] == [("programme.rst", 18)]
    assert messages["Exposé du secrétariat"] == [("programme.rst", 12)]
    assert messages["Grande salle"] == [("programme.rst", 19)]
    assert messages["Bruxelles"] == [("index.rst", 8)]
    assert "Présentation de l'état du mécanisme." in messages
    # chmdocs' generated lines are never messages: no times, no field names.
    assert not any("09:00" in m or "Orateur" in m for m in messages)


def outputs(out: Path) -> dict[str, str]:
    """The text a reader gets from each output of a build."""
    texts = {page.name: html_text(page) for page in (out / "html").glob("*.html")}
    texts |= {pdf.name: pdf_text(pdf) for pdf in (out / "pdf").glob("*.pdf")}
    texts["chmdocs.json"] = (out / "chmdocs.json").read_text(encoding="utf-8")
    texts["actions.csv"] = (out / "actions.csv").read_text(encoding="utf-8-sig")
    texts["schedule.json"] = (out / "schedule.json").read_text(encoding="utf-8")
    calendar = icalendar.Calendar.from_ical((out / "agenda.ics").read_bytes())
    texts["agenda.ics"] = "\n".join(
        f"{e['summary']}\n{e.get('description', '')}\n{e.get('location', '')}"
        for e in calendar.walk("VEVENT")
    )
    return texts


def ids_of(out: Path) -> dict[str, object]:
    model = json.loads((out / "chmdocs.json").read_text(encoding="utf-8"))
    calendar = icalendar.Calendar.from_ical((out / "agenda.ics").read_bytes())
    schedule = json.loads((out / "schedule.json").read_text(encoding="utf-8"))
    return {
        "objects": [
            [o["id"] for o in model[kind]]
            for kind in ("objectives", "sessions", "groups", "actions")
        ],
        "uids": sorted(str(e["uid"]) for e in calendar.walk("VEVENT")),
        "guids": sorted(
            e["guid"]
            for day in schedule["schedule"]["conference"]["days"]
            for events in day["rooms"].values()
            for e in events
        ),
    }


def assert_translated(out: Path) -> None:
    texts = outputs(out)
    model = json.loads(texts["chmdocs.json"])
    assert model["workshop"]["language"] == "en"
    for text in TEXTS:
        assert f"{MARK} {text}" in texts["chmdocs.json"], text
    for page in ("programme.html", "agenda.html"):
        for title in ("Accueil des participants", "Les outils techniques", "Groupe un"):
            assert f"{MARK} {title}" in texts[page], (page, title)
    assert f"{MARK} Créer un réseau de correspondants" in texts["final-document.html"]
    assert f"{MARK} Créer un réseau de correspondants" in texts["final-document.pdf"]
    assert f"{MARK} Point focal national" in texts["final-document.pdf"]
    assert f"{MARK} Exposé du secrétariat" in texts["agenda.pdf"]
    assert f"{MARK} Groupe un" in texts["agenda.pdf"]
    for summary in ("Accueil des participants", "Exposé du secrétariat", "Travail en groupes"):
        assert f"{MARK} {summary}" in texts["agenda.ics"]
    assert f"{MARK} Grande salle" in texts["agenda.ics"]
    assert f"{MARK} Secrétariat de la Convention" in texts["schedule.json"]
    rows = list(csv.DictReader(io.StringIO(texts["actions.csv"])))
    assert rows[0]["title"] == f"{MARK} Créer un réseau de correspondants"
    assert rows[0]["partners"] == f"{MARK} Équipe belge; {MARK} Coopération au développement"
    # chmdocs' own words follow the language too.
    assert "to be confirmed" in texts["agenda.html"] and "à confirmer" not in texts["agenda.html"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_translated_build_shows_every_text_translated(project: Path, jobs: int) -> None:
    plain = project.parent / "plain"
    chmdocs.build(project, plain, ["all"], warning=io.StringIO())
    translate(project, "en")
    out = project.parent / "out"
    chmdocs.build(
        project, out, ["all"], overrides={"language": "en"}, jobs=jobs, warning=io.StringIO()
    )
    assert_translated(out)
    assert ids_of(out) == ids_of(plain)


def test_changing_only_a_catalog_updates_the_views(project: Path) -> None:
    folder = translate(project, "en")
    out = project.parent / "out"
    chmdocs.build(project, out, ["html"], overrides={"language": "en"}, warning=io.StringIO())
    assert f"{MARK} Les outils techniques" in html_text(out / "html" / "agenda.html")
    time.sleep(0.01)
    po = folder / "programme.po"
    po.write_text(
        po.read_text(encoding="utf-8")
        .replace(f"{MARK} Les outils", "YY Les outils")
        .replace(f"{MARK} Créer un", "YY Créer un"),
        encoding="utf-8",
    )
    chmdocs.build(project, out, ["html"], overrides={"language": "en"}, warning=io.StringIO())
    for page in ("agenda.html", "programme.html"):
        text = html_text(out / "html" / page)
        assert "YY Les outils techniques" in text, page
        assert f"{MARK} Les outils techniques" not in text, page
    assert "YY Créer un réseau" in html_text(out / "html" / "final-document.html")


def test_untranslated_messages_fall_back_to_the_source_text(project: Path) -> None:
    translate(project, "en", lambda m: pseudo(m) if "Accueil" in m else "")
    out = project.parent / "out"
    chmdocs.build(project, out, ["json"], overrides={"language": "en"}, warning=io.StringIO())
    model = chmdocs.load(out / "chmdocs.json")
    assert model.sessions[0].title == f"{MARK} Accueil des participants"
    assert model.sessions[1].title == "Exposé du secrétariat"


def test_build_in_several_languages(project: Path) -> None:
    translate(project, "en")
    out = project.parent / "out"
    result = CliRunner().invoke(
        main, ["build", str(project), "-o", str(out), "-l", "fr", "-l", "en", "-f", "json", "-q"]
    )
    assert result.exit_code == 0, result.output
    french = chmdocs.load(out / "fr" / "chmdocs.json")
    english = chmdocs.load(out / "en" / "chmdocs.json")
    assert french.sessions[0].title == "Accueil des participants" and french.language == "fr"
    assert english.sessions[0].title == f"{MARK} Accueil des participants"
    assert english.language == "en"


def test_check_lists_untranslated_and_fuzzy_messages(project: Path) -> None:
    folder = translate(project, "en", lambda m: pseudo(m) if "Accueil" not in m else "")
    po = folder / "programme.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    catalog["Travail en groupes"].flags.add("fuzzy")
    with po.open("wb") as stream:
        write_po(stream, catalog)
    result = CliRunner().invoke(main, ["check", str(project), "--language", "en"])
    lines = result.output.splitlines()
    assert any(
        "programme.rst:4: info: untranslated (en): 'Accueil des participants'" in line
        for line in lines
    ), result.output
    assert any("programme.rst:25: info: fuzzy (en): 'Travail en groupes'" in line for line in lines)
    summary = [line for line in lines if "of the messages translated" in line]
    assert summary and summary[0].startswith("info: en: 9")


@pytest.mark.parametrize("language", ["de", "pt", "sw"])
def test_a_language_chmdocs_has_no_catalog_for_never_fails(project: Path, language: str) -> None:
    out = project.parent / "out"
    chmdocs.build(
        project, out, ["html", "pdf"], overrides={"language": language}, warning=io.StringIO()
    )
    agenda = html_text(out / "html" / "agenda.html")
    assert "to be confirmed" in agenda  # chmdocs' words: English
    day = {"de": "Donnerstag", "pt": "quinta-feira", "sw": "Alhamisi"}[language]
    assert day.casefold() in agenda.casefold()  # dates: Babel's, in the language
