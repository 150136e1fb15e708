"""`chmdocs init`: a new project that builds at once, with no warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdf_pages, pdf_text

import chmdocs
from chmdocs.app import cli
from chmdocs.app.cli import main

TITLE = 'Atelier *régional* CHM: "Afrique" <centrale> `x`'


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_new_project_builds_with_w_in_both_languages(tmp_path: Path, language: str) -> None:
    project = tmp_path / "atelier"
    arguments = ["init", str(project), "--title", TITLE, "--language", language]
    arguments += ["--start", "2030-03-10", "--end", "2030-03-11", "--location", "Kinshasa"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in project.iterdir()) == sorted(
        ["conf.py", "index.rst", "agenda.rst", "programme.rst", "synthesis-note.rst",
         "final-document.rst", "Makefile"]
    )  # fmt: skip
    out = tmp_path / "out"
    chmdocs.build(project, out, ["html", "pdf", "json"], warning_is_error=True)
    for document in ("agenda", "synthesis-note", "final-document"):
        assert (out / "pdf" / f"{document}.pdf").stat().st_size > 0
    workshop = chmdocs.load(project)
    assert workshop.title == TITLE  # typed markup stays text
    assert workshop.location == "Kinshasa" and len(workshop.sessions) == 14
    cover = pdf_text(out / "pdf" / "agenda.pdf")
    # Markup typed in the title stays text; its quotes become typographic ones.
    assert "Atelier *régional* CHM" in cover and "<centrale>" in cover
    opening, closing = ("«", "»") if language == "fr" else ("\u201c", "\u201d")
    assert f"{opening} Afrique {closing}" in cover or f"{opening}Afrique{closing}" in cover
    day = "Dimanche 10 mars 2030" if language == "fr" else "Sunday 10 March 2030"
    assert day in cover


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    arguments = ["init", str(tmp_path), "--start", "2030-01-01", "--timezone", "UTC"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert "is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_asks_what_it_was_not_told_when_interactive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "is_interactive", lambda: True)
    # The end typed before the start is asked again; the zone found is the default.
    answers = "en\nRegional workshop\n2031-02-03\n2031-02-01\n2031-02-03\nNairobi\n\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "new")], input=answers)
    assert result.exit_code == 0, result.output
    workshop = chmdocs.load(tmp_path / "new")
    assert (workshop.title, workshop.location, workshop.language) == (
        "Regional workshop",
        "Nairobi",
        "en",
    )
    assert workshop.start == workshop.end and str(workshop.start) == "2031-02-03"
    assert workshop.timezone == "Africa/Nairobi"
    assert "[2031-02-03]" in result.output and "00:00:00" not in result.output


def test_init_refuses_an_end_before_the_start(tmp_path: Path) -> None:
    arguments = ["init", str(tmp_path / "x"), "--start", "2030-01-05", "--end", "2030-01-01"]
    result = CliRunner().invoke(main, [*arguments, "--timezone", "UTC"])
    assert result.exit_code == 2 and "before it starts" in result.output


@pytest.mark.parametrize(
    ("location", "zone"),
    [
        ("Nairobi, Kenya", "Africa/Nairobi"),
        ("Bruxelles", "Europe/Brussels"),
        ("Dakar (Sénégal)", "Africa/Dakar"),
        ("Hôtel du Lac, Cotonou, Bénin", "Africa/Porto-Novo"),
        ("São Paulo, Brazil", "America/Sao_Paulo"),
    ],
)
def test_init_takes_the_zone_of_the_place(tmp_path: Path, location: str, zone: str) -> None:
    target = tmp_path / "new"
    arguments = ["init", str(target), "--start", "2030-01-01", "--location", location]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    assert chmdocs.load(target).timezone == zone


@pytest.mark.parametrize("location", ["", "Somewhere nice", "Brasil"])
def test_init_without_a_terminal_or_a_known_place_asks_for_timezone(
    tmp_path: Path, location: str
) -> None:
    target = tmp_path / "new"
    arguments = ["init", str(target), "--start", "2030-01-01", "--location", location]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2 and "--timezone" in result.output
    assert not target.exists()


def test_a_bare_build_inside_a_new_project_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new"
    arguments = ["init", str(target), "--start", "2030-01-01", "--location", "Nairobi, Kenya"]
    assert CliRunner().invoke(main, arguments).exit_code == 0
    monkeypatch.chdir(target)
    result = CliRunner().invoke(main, ["build", "-f", "html", "-q"])
    assert result.exit_code == 0, result.output
    assert (target / "build" / "html" / "index.html").exists()
    assert (
        "build" in (target / "Makefile").read_text()
        and "_build" not in (target / "Makefile").read_text()
    )


@pytest.mark.parametrize("days", [25, 60])
def test_a_long_workshop_prints_its_every_document(tmp_path: Path, days: int) -> None:
    """A long programme gives a traceability too long for one table row:
    on paper (PDF, Word) it goes on in rows of its own."""
    import datetime as dt

    project = tmp_path / "long"
    end = dt.date(2030, 1, 1) + dt.timedelta(days=days - 1)
    arguments = ["init", str(project), "--title", "Long", "--language", "fr", "--start",
                 "2030-01-01", "--end", end.isoformat(), "--location", "Dakar"]  # fmt: skip
    assert CliRunner().invoke(main, arguments).exit_code == 0
    out = tmp_path / "out"
    chmdocs.build(project, out, ["pdf", "docx"], warning_is_error=True)
    pages = pdf_pages(out / "pdf" / "final-document.pdf")
    # The heading and the table's first rows share a page (rows tall enough
    # are split one by one rather than two, which would leave it alone).
    heading = next(i for i, page in enumerate(pages) if "Traçabilité" in page)
    assert "Présentation invitée" in pages[heading], pages[heading]
    assert (out / "docx" / "final-document.docx").stat().st_size > 0
