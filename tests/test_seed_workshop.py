"""The Brussels workshop of 2–3 May 2007 (source/), built end to end.

What a participant reads: the three PDFs and the HTML pages, checked against
the seed announcement's programme, row by row.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, html_text, normalize, pdf_pages, pdf_text

import chmdocs

# The seed's "Programme provisoire", as its rows read in the agenda.
PROGRAMME = [
    ("09.00 – 09.30", "Accueil des participants"),
    (
        "09.30 – 09.45",
        "M. Marc Van der Linden (Institut royal des Sciences naturelles de Belgique) : "
        "Bienvenue, informations pratiques",
    ),
    (
        "09.45 – 10.00",
        "Mme Anne Dupuis (Institut royal des Sciences naturelles de Belgique) : "
        "Introduction à l'atelier",
    ),
    ("10.00 – 11.00", "Tour de table : développements récents des CHMs au niveau national"),
    ("11.00 – 11.15", "Pause café"),
    ("11.15 – 12.00", "Tour de table : suite"),
    (
        "12.00 – 13.00",
        "Discussion : évaluation des forces et faiblesses des CHMs au niveau national",
    ),
    ("13.00 – 14.00", "Pause midi"),
    (
        "14.00 – 14.30",
        "SCBD (à confirmer) : Evolution du CHM au niveau international dans le contexte "
        "de l'objectif 2010",
    ),
    (
        "14.30 – 15.00",
        "EC-CHM (à confirmer) : Développements récents du EC-CHM et du réseau européen",
    ),
    (
        "15.00 – 15.30",
        "GBIF (à confirmer) : Plan stratégique et opérationnel de GBIF pour 2007-2011 et "
        "liens avec le CHM et les pays en développement",
    ),
    ("15.30 – 15.45", "Pause café"),
    (
        "15.45 – 16.15",
        "Orateur invité (à confirmer) : Comment développer et maintenir des réseaux "
        "humains pour aider le travail pour le CHM ?",
    ),
    (
        "16.15 – 17.15",
        # The seed wrote "CHM?": French typography sets a no-break space before "?".
        "Discussion : Quelles sont les difficultés liées à la création et au maintien des "
        "réseaux humains pour le CHM ?",
    ),
    ("17.15 – 17.30", "Conclusions et clôture de la première journée"),
    ("09.00 – 09.15", "Présentation de la seconde journée"),
    (
        "09.15 – 10.30",
        "Identification des facteurs de changement qui génèrent et nécessitent une "
        "évolution du CHM",
    ),
    ("10.30 – 10.45", "Pause café"),
    (
        "10.45 – 11.00",
        "Facteurs de changement : présentation des résultats des deux groupes",
    ),
    ("11.00 – 12.30", "Vision prospective. Que sera le CHM en 2012 ?"),
    ("12.30 – 14.00", "Pause midi"),
    ("14.00 – 14.15", "Vision 2012 : présentation des résultats des deux groupes"),
    ("14.15 – 15.30", "Les actions et moyens à développer pour atteindre la vision 2012"),
    ("15.30 – 15.45", "Pause café"),
    ("15.45 – 16.00", "Actions : présentation des résultats des deux groupes"),
    ("16.00 – 17.00", "Discussion générale sur les résultats et conclusion de l'atelier"),
]

GROUP_ROUNDS = [
    "Groupe 1 : Facteurs liés à l'évolution de la société et des technologies",
    "Groupe 2 : Facteurs liés à l'évolution de la Convention",
    "Groupe 1 : Les savoir-faire et les technologies mis en oeuvre",
    "Groupe 2 : Les thèmes abordés par le CHM",
    "Groupe 1 : Les savoir-faire et les technologies",
    "Groupe 2 : Les thèmes abordés",
]


@pytest.fixture(scope="module")
def built(seed_build: Path) -> Path:
    return seed_build


def test_three_pdfs_are_written(built: Path) -> None:
    for document in ("agenda", "synthesis-note", "final-document"):
        pdf = built / "pdf" / f"{document}.pdf"
        assert pdf.stat().st_size > 10_000, pdf


def test_agenda_pdf_holds_every_programme_row_in_order(built: Path) -> None:
    text = pdf_text(built / "pdf" / "agenda.pdf")
    position = 0
    for times, title in PROGRAMME:
        row = f"{times} {title}"
        found = text.find(row, position)
        assert found >= 0, f"missing or out of order: {row!r}"
        position = found + len(row)
    assert len(PROGRAMME) == 26


def test_agenda_pdf_has_both_day_headings_each_on_its_page(built: Path) -> None:
    pages = pdf_pages(built / "pdf" / "agenda.pdf")
    day_one = [n for n, page in enumerate(pages) if "Mercredi 2 mai 2007" in page]
    day_two = [n for n, page in enumerate(pages) if "Jeudi 3 mai 2007" in page]
    assert day_one and day_two and day_one[0] < day_two[0]


def test_agenda_pdf_marks_the_four_unconfirmed_talks(built: Path) -> None:
    text = pdf_text(built / "pdf" / "agenda.pdf")
    for speaker in ("SCBD", "EC-CHM", "GBIF", "Orateur invité"):
        assert f"{speaker} (à confirmer) :" in text
    # The agenda's own introduction mentions « à confirmer » once.
    assert text.count("(à confirmer)") == 4


def test_agenda_pdf_lists_both_groups_of_each_round(built: Path) -> None:
    text = pdf_text(built / "pdf" / "agenda.pdf")
    for group in GROUP_ROUNDS:
        assert group in text


def test_agenda_is_a_draft_with_cover_and_page_numbers(built: Path) -> None:
    pages = pdf_pages(built / "pdf" / "agenda.pdf")
    cover = pages[0]
    assert "Atelier de réflexion pour l'identification d'une stratégie" in cover
    assert "2–3 mai 2007, Bruxelles" in cover
    assert "PROJET" in cover and "Programme provisoire" in cover
    for number, page in enumerate(pages[1:], start=2):
        assert f"page {number} / {len(pages)}" in page
        assert "PROJET" in page


def test_synthesis_note_pdf_gives_context_objectives_and_questions(built: Path) -> None:
    text = pdf_text(built / "pdf" / "synthesis-note.pdf")
    assert "Version finale | 20 avril 2007" in text
    assert "Table des matières" in text
    assert "Contexte" in text and "accord-cadre avec la Coopération belge" in text
    for objective in (
        "Évaluation de sept ans de partenariat pour le CHM",
        "Identification des besoins et attentes des pays partenaires",
        "Discussion de pistes pour le partenariat futur",
    ):
        assert objective in text
    assert "Quelles compétences l'équipe d'un CHM national devra-t-elle avoir en 2012" in text
    assert "PROJET" not in text


def test_final_document_pdf_has_results_actions_and_traceability(built: Path) -> None:
    text = pdf_text(built / "pdf" / "final-document.pdf")
    assert "Version finale 2 | 29 juin 2007" in text
    assert "Résultats des groupes de travail" in text
    for heading in ("Action", "Objectifs", "Responsable", "Échéance", "Priorité", "Statut"):
        assert heading in text
    assert "Constituer un réseau national de correspondants CHM" in text
    assert "Point focal national" in text
    assert "31 déc. 2008" in text  # the action table's short dates


def test_final_document_has_at_least_eight_complete_actions() -> None:
    workshop = chmdocs.load(REPO / "source")
    assert len(workshop.actions) >= 8
    for action in workshop.actions:
        assert action.owner and action.due and action.priority and action.objectives


def test_html_agenda_is_a_timetable(built: Path) -> None:
    text = html_text(built / "html" / "agenda.html")
    assert "Mercredi 2 mai 2007" in text and "Jeudi 3 mai 2007" in text
    for times, title in PROGRAMME:
        assert normalize(f"{times} {title}") in text
    page = (built / "html" / "agenda.html").read_text(encoding="utf-8")
    assert 'class="chm-draft-mark' in page
    assert 'href="programme.html#session-d1-scbd"' in page


def test_every_object_is_in_the_inventory(built: Path) -> None:
    from sphinx.util.inventory import InventoryFile

    with open(built / "html" / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    sessions = (
        inventory.data.get("chm:session", {})
        if hasattr(inventory, "data")
        else inventory["chm:session"]
    )
    assert "d1-scbd" in sessions


def test_pdf_outline_has_each_day_and_each_section(built: Path) -> None:
    from pypdf import PdfReader

    def titles(outline: list[object]) -> list[str]:
        found: list[str] = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [str(item.title)]  # type: ignore[attr-defined]
        return found

    agenda = titles(PdfReader(built / "pdf" / "agenda.pdf").outline)
    assert [normalize(t) for t in agenda] == [
        "Programme provisoire",
        "Mercredi 2 mai 2007",
        "Jeudi 3 mai 2007",
    ]
    final = [normalize(t) for t in titles(PdfReader(built / "pdf" / "final-document.pdf").outline)]
    assert "Résultats des groupes de travail" in final and "Vision 2012" in final


def test_html_agenda_rows_are_linkable_and_groups_side_by_side(built: Path) -> None:
    page = (built / "html" / "agenda.html").read_text(encoding="utf-8")
    assert 'id="agenda-d1-scbd"' in page
    vision = page[page.index('id="agenda-d2-vision"') :]
    block = vision[vision.index('class="chm-parallel') : vision.index("</tr>")]
    assert block.count('class="chm-group-line') == 2


def test_agenda_totals_working_time_without_breaks_and_meals(built: Path) -> None:
    text = pdf_text(built / "pdf" / "agenda.pdf")
    # Day 1: 09.00–17.30 less two coffee breaks and lunch; day 2: 09.00–17.00 less 2 h.
    assert "Temps de travail : 7 h 00" in text
    assert "Temps de travail : 6 h 00" in text


def test_breaks_and_meals_are_set_apart_in_italic(built: Path) -> None:
    from pypdf import PdfReader

    fonts: dict[str, set[str]] = {}

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() and isinstance(font, dict):
            fonts.setdefault(text.strip(), set()).add(str(font.get("/BaseFont", "")))

    for page in PdfReader(built / "pdf" / "agenda.pdf").pages:
        page.extract_text(visitor_text=visit)
    for pause in ("Pause café", "Pause midi", "11.00 – 11.15"):
        (key,) = [k for k in fonts if normalize(k) == pause][:1]
        assert all("Oblique" in name for name in fonts[key]), (pause, fonts[key])
    (talk,) = [k for k in fonts if normalize(k) == "Accueil des participants"]
    assert not any("Oblique" in name for name in fonts[talk])
