"""The Brussels workshop in English (source/locales/en/): the three PDFs hold
the English texts and no French word of the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, pdf_text

import chmdocs

#: Words of the French sources that an English reader must never meet.
FRENCH = [
    "Accueil", "Pause", "Tour de table", "réseau", "Constituer", "Évaluation", "Bienvenue",
    "atelier", "Mercredi", "Jeudi", "à confirmer", "PROJET", "Objectifs", "Échéance",
    "Bruxelles", "Groupe", "provisoire", "synthétique", "Facteurs", "DGCD", "Point focal",
    " de la ", " des ", " les ", "é", "è",
]  # fmt: skip
ENGLISH = {
    "agenda.pdf": [
        "Provisional programme", "Wednesday 2 May 2007", "Arrival of the participants",
        "Coffee break", "(to be confirmed)", "Group 1:", "Drivers linked to the evolution "
        "of the Convention", "Working time", "Brussels", "DRAFT",
    ],
    "synthesis-note.pdf": [
        "Synthesis note", "Evaluation of seven years of partnership for the CHM",
        "Questions for the working groups", "SBSTTA-12", "Clearing-House Mechanism",
    ],
    "final-document.pdf": [
        "Final document", "Build a national network of CHM correspondents",
        "National focal point", "Belgian CHM", "DGDC", "Table of actions",
        "Traceability of the objectives", "31 December 2008", "Annex: logical framework",
        "Objectively verifiable indicators", "Costs: €24,000.00", "Total of all activities",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def english(english_seed_build: Path) -> Path:
    return english_seed_build


@pytest.mark.parametrize("document", sorted(ENGLISH))
def test_the_english_pdfs_hold_no_french_word(english: Path, document: str) -> None:
    text = pdf_text(english / "pdf" / document)
    for word in ENGLISH[document]:
        assert word in text, word
    # What people wrote themselves stays as they wrote it: their names, and
    # the participants' opinions (they reviewed the draft in French).
    if "The participants' opinions" in text:
        start = text.rindex("The participants' opinions")
        text = text[:start] + text[text.rindex("Changes since the draft") :]
    # And the countries' answers to the preparation questionnaire, quoted as
    # written; the view's own words are English.
    if "the countries' answers" in text:
        assert "Total: 14 sites · Median: 2.5 sites (6 answers)" in text
        start = text.rindex("Six partner countries answered")
        text = text[:start] + text[text.rindex("Questions for the working groups") :]
    from chmdocs.core.language import titled_name

    for person in chmdocs.load(REPO / "source").participants:
        # As written, and with their title as English writes it ("Ms", "Mr").
        text = text.replace(titled_name(person.name, "en"), "").replace(person.name, "")
    for word in FRENCH:
        assert word not in text, word


def test_the_english_model_keeps_every_id(english: Path) -> None:
    model = json.loads((english / "chmdocs.json").read_text(encoding="utf-8"))
    french = chmdocs.load(REPO / "source")
    assert model["workshop"]["language"] == "en"
    assert [s["id"] for s in model["sessions"]] == [s.id for s in french.sessions]
    assert [a["id"] for a in model["actions"]] == [a.id for a in french.actions]
    assert model["sessions"][0]["title"] == "Arrival of the participants"


def test_the_english_catalogs_are_complete() -> None:
    result = chmdocs.api.check(REPO / "source", language="en")
    summary = [f for f in result if f.type == "chmdocs.translation" and not f.path]
    assert summary and "100% of the messages translated" in summary[0].message
