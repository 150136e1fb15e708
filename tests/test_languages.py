"""Every word chmdocs writes follows `language`: French and English."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS, page_body, pdf_text, visible_text

import chmdocs
from chmdocs.app.cli import main

# Words chmdocs writes, in each language: headings, labels, days, months, marks.
FRENCH = [
    "Horaire", "à confirmer", "PROJET", "Mercredi", "Jeudi", "mai", "juin", "Responsable",
    "Échéance", "Priorité", "Statut", "Objectifs", "Séances", "Groupe", "Thème",
    "Table des matières", "non servi", "haute", "en cours", "Version finale", "Identifiant",
    "Partenaires", "Intervenant", "Présentation", "Avertissement",
]  # fmt: skip
ENGLISH = [
    "Time", "to be confirmed", "DRAFT", "Wednesday", "Thursday", "May", "June", "Owner",
    "Due", "Priority", "Status", "Objectives", "Sessions", "Group", "Theme", "Contents",
    "not served", "high", "in progress", "Final version", "Id", "Partners", "Speaker",
    "Presentation", "Warning",
]  # fmt: skip


def words_of(text: str, words: list[str]) -> set[str]:
    return {w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)}


def html_body(path: Path) -> str:
    return visible_text(page_body(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("language", "own", "other"), [("fr", FRENCH, ENGLISH), ("en", ENGLISH, FRENCH)]
)
def test_one_project_in_both_languages(
    tmp_path: Path, language: str, own: list[str], other: list[str]
) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-languages", source)
    chmdocs.build(source, tmp_path / "out", ["html", "pdf"], overrides={"language": language})
    texts = [pdf_text(p) for p in (tmp_path / "out" / "pdf").glob("*.pdf")]
    texts += [
        html_body(p)
        for p in (tmp_path / "out" / "html").glob("*.html")
        if p.stem in ("index", "programme", "agenda", "final-document")
    ]
    everything = " ".join(texts)
    assert words_of(everything, other) == set()
    # And the labels are really there, in the project's language.
    assert words_of(everything, own) >= {own[0], own[1], own[2], own[3], own[6], own[16]}


def test_the_seed_in_english_with_dash_d(tmp_path: Path) -> None:
    arguments = [
        "build",
        str(REPO / "source"),
        "-o",
        str(tmp_path),
        "-f",
        "pdf",
        "-q",
        "-D",
        "language=en",
    ]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    agenda = pdf_text(tmp_path / "pdf" / "agenda.pdf")
    assert "Wednesday 2 May 2007" in agenda and "Thursday 3 May 2007" in agenda
    assert "SCBD (to be confirmed): Evolution" in agenda and "DRAFT" in agenda
    assert "Working time: 7 h" in agenda and "7 h 00" not in agenda  # English colon and hours
    assert words_of(agenda, ["Horaire", "Mercredi", "PROJET", "(à confirmer)"]) == set()
    final = pdf_text(tmp_path / "pdf" / "final-document.pdf")
    assert "Contents" in final and "Table des matières" not in final


def test_a_bad_setting_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(REPO / "source"), "-D", "language"])
    assert result.exit_code == 2
