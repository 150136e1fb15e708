"""Words as each language writes them: titles before names, months in full,
plurals, chairs in the agenda, the version line."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from conftest import TESTS, html_text, normalize

import chmdocs
from chmdocs.core.language import titled_name
from chmdocs.sphinxext.i18n import date_range, status_line


@pytest.mark.parametrize(
    ("name", "language", "shown"),
    [
        ("Mme Aminata Diallo", "en", "Ms Aminata Diallo"),
        ("M. Issa Ouédraogo", "en", "Mr Issa Ouédraogo"),
        ("Pr Wambui Njoroge", "en", "Prof. Wambui Njoroge"),
        ("Ms Jane Doe", "fr", "Mme Jane Doe"),
        ("Mr John Doe", "fr", "M. John Doe"),
        ("Dr A. Dupont", "fr", "Dr A. Dupont"),
        ("Mme Aminata Diallo", "fr", "Mme Aminata Diallo"),
        ("Marc Van der Linden", "en", "Marc Van der Linden"),  # no title: as written
        ("Mbaye Ndiaye", "en", "Mbaye Ndiaye"),  # a name, not a title
    ],
)
def test_titles_before_names_follow_the_language(name: str, language: str, shown: str) -> None:
    assert titled_name(name, language) == shown


def test_dates_in_full_on_covers_as_in_bodies() -> None:
    def shown(text: str) -> str:
        return normalize(text)

    assert shown(date_range(dt.date(2011, 3, 14), dt.date(2011, 3, 16), "en")) == (
        "14 – 16 March 2011"
    )
    assert "September" in date_range(dt.date(2011, 9, 29), dt.date(2011, 10, 1), "en")
    assert shown(date_range(dt.date(2007, 5, 2), dt.date(2007, 5, 3), "fr")) == "2–3 mai 2007"


def test_the_version_line() -> None:
    assert status_line("final", "2") == "Final version 2"
    assert status_line("draft", "projet 2") == "DRAFT, projet 2"


def test_english_agenda_has_titles_chairs_and_plurals(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-participants", source)
    agenda = source / "agenda.rst"
    agenda.write_text(
        agenda.read_text(encoding="utf-8").replace(
            ":speaker: p-diallo; Prof. S. Kariuki (NEMA)",
            ":speaker: p-diallo; Prof. S. Kariuki (NEMA); Dr A. Dupont (SCBD)",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], overrides={"language": "en"}, warning=io.StringIO())
    page = html_text(out / "html" / "agenda.html")
    assert "Ms Aminata Diallo" in page and "Mme Aminata Diallo" not in page
    assert "Speakers:" in page and "Chair: Mr Jan Peeters" in page
