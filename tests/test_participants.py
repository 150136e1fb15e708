"""Participants (SPEC.md, "Participants"): who comes, who speaks, the
attendance sheet, and the personal data rule — e-mail and phone reach no
public output, and an unpublished participant reaches none at all.

Scenario: tests/roots/test-participants (French), four participants, one of
them ``:publish: no``, named as a speaker, a rapporteur and a partner.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS, html_text, pdf_pages, pdf_text
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from jsonschema import Draft202012Validator

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.exports import jsonfile
from chmdocs.core.model import family_name, person_sort_key

ROOT = TESTS / "roots" / "test-participants"

#: What must never be found under OUTDIR outside private/.
PERSONAL_DATA = (
    "a.diallo@example.org",
    "+221 33 000 00 01",
    "i.ouedraogo@example.org",
    "+32 2 000 00 02",
    # Everything of the unpublished participant: name, e-mail, phone, words.
    "Zélie",
    "Cachée-Secrète",
    "Cachee-Secrete",
    "z.cachee@example.org",
    "+243 000 000 003",
    "Organisation discrète",
    "Biographie de",
)


def readable_forms(path: Path) -> list[str]:
    """Every way a reader or a program could read ``path``: its bytes as text
    (HTML entities and JSON escapes undone), a PDF's text, a zip's members."""
    data = path.read_bytes()
    forms = [data.decode("utf-8", "replace"), data.decode("latin-1")]
    forms.append(html.unescape(forms[0]))
    if path.suffix in (".js", ".json"):
        # "\u00e9" escapes, as JSON and the search index write them.
        forms.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), forms[0]))
    if data.startswith(b"%PDF"):
        forms.append(pdf_text(path))
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            forms += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    if path.name == "objects.inv":
        import zlib

        _head, _sep, body = data.partition(b"zlib.\n")
        forms.append(zlib.decompress(body).decode("utf-8", "replace") if body else "")
    return forms


def leaks(outdir: Path) -> list[str]:
    found = []
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir)
        if relative.parts[0] == "private" or not path.is_file():
            continue
        for form in readable_forms(path):
            found += [f"{relative}: {s}" for s in PERSONAL_DATA if s in form]
    return sorted(set(found))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("participants") / "build"
    chmdocs.build(ROOT, out, ["all"])
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_personal_data_in_any_public_output(jobs: int, tmp_path: Path) -> None:
    out = tmp_path / "build"
    chmdocs.build(ROOT, out, ["all"], jobs=jobs)
    assert (out / "html" / "index.html").exists() and (out / "pdf" / "agenda.pdf").exists()
    assert leaks(out) == []
    # The test can fail: the attendance sheet, which is private, does name them.
    assert "Zélie" in pdf_text(out / "private" / "pdf" / "attendance-sheet.pdf")


def test_a_second_build_over_the_first_leaks_nothing_either(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    shutil.copytree(built, out)
    chmdocs.build(ROOT, out, ["html", "pdf"])
    assert leaks(out) == []


def test_internal_document_is_written_to_private_pdf_alone(built: Path) -> None:
    assert (built / "private" / "pdf" / "attendance-sheet.pdf").is_file()
    public = [p for p in built.rglob("*attendance*") if "private" not in p.parts]
    assert public == []
    assert "attendance" not in (built / "html" / "searchindex.js").read_text()


def test_build_all_never_writes_the_participants_list(built: Path) -> None:
    assert not list(built.rglob("participants.csv"))


def test_attendance_sheet_has_a_page_per_day_with_everyone(built: Path) -> None:
    pages = pdf_pages(built / "private" / "pdf" / "attendance-sheet.pdf")
    assert len(pages) == 2  # 2 and 3 May 2007
    assert "Mercredi 2 mai 2007" in pages[0] and "Jeudi 3 mai 2007" in pages[1]
    for page in pages:
        names = ["Zélie Cachée-Secrète", "Aminata Diallo", "Issa Ouédraogo", "Jan Peeters"]
        assert all(name in page for name in names), page
        assert "Signature" in page and "Nom" in page and "Pays" in page
        # Sorted by family name, titles (M., Mme) and accents left out.
        assert [page.index(n) for n in names] == sorted(page.index(n) for n in names)
        assert "Sénégal" in page and "Burkina Faso" in page and "a.diallo" not in page


def test_agenda_shows_speakers_given_by_id_by_name(built: Path) -> None:
    page = html_text(built / "html" / "agenda.html")
    assert "Mme Aminata Diallo (Direction de l'environnement); Prof. S. Kariuki (NEMA)" in page
    assert "p-diallo" not in page
    assert "(nom non publié) : Présentation confidentielle" in page
    raw = (built / "html" / "agenda.html").read_text()
    assert 'href="participants.html#participant-p-diallo"' in raw
    text = pdf_text(built / "pdf" / "agenda.pdf")
    assert "Mme Aminata Diallo (Direction de l'environnement)" in text
    assert "Présidence : M. Jan Peeters" in text


def test_participant_list_shows_published_ones_and_counts_the_others(built: Path) -> None:
    page = html_text(built / "html" / "final-document.html")
    listing = page[page.index("Nom Organisation Pays") :]
    assert listing.index("Aminata Diallo") < listing.index("Issa Ouédraogo")
    assert listing.index("Issa Ouédraogo") < listing.index("Jan Peeters")
    assert "et 1 autre participant" in listing
    grouped = html_text(built / "html" / "participants.html")
    # Grouped by country, in the document's language, sorted.
    headings = [grouped.index(f"{country}¶") for country in ("Belgique", "Burkina Faso", "Sénégal")]
    assert headings == sorted(headings)


def test_json_carries_published_participants_without_contact(built: Path) -> None:
    data = json.loads((built / "chmdocs.json").read_text())
    Draft202012Validator(jsonfile.schema()).validate(data)
    assert [p["id"] for p in data["participants"]] == ["p-diallo", "p-ouedraogo", "p-peeters"]
    assert all("email" not in p and "phone" not in p for p in data["participants"])
    assert data["participants"][0]["country"] == "SN"
    by_id = {s["id"]: s for s in data["sessions"]}
    assert by_id["s-secret"]["speaker"] == []
    loaded = chmdocs.load(built / "chmdocs.json")
    assert loaded.participant("p-ouedraogo") is not None
    assert loaded.participant("p-ouedraogo").country == "BF"  # type: ignore[union-attr]


def test_ics_and_schedule_name_participant_speakers(built: Path) -> None:
    calendar = Calendar.from_ical((built / "agenda.ics").read_bytes())
    events = {str(e["summary"]): str(e.get("description", "")) for e in calendar.walk("VEVENT")}
    assert "Mme Aminata Diallo (Direction de l'environnement)" in events["Ouverture"]
    assert "Prof. S. Kariuki (NEMA)" in events["Ouverture"]
    schedule = json.loads((built / "schedule.json").read_text())
    rooms = schedule["schedule"]["conference"]["days"][0]["rooms"]
    events_list = [e for room in rooms.values() for e in room]
    opening = next(e for e in events_list if e["title"] == "Ouverture")
    assert [(p["name"], p.get("organization")) for p in opening["persons"]] == [
        ("Mme Aminata Diallo", "Direction de l'environnement"),
        ("Prof. S. Kariuki", "NEMA"),
    ]
    secret = next(e for e in events_list if e["title"] == "Présentation confidentielle")
    assert secret["persons"] == []


def test_export_participants_writes_everything_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    result = CliRunner().invoke(main, ["export", "participants", str(ROOT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "personal data" in result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["p-hidden", "p-diallo", "p-ouedraogo", "p-peeters"]
    assert rows[1]["email"] == "a.diallo@example.org"
    # A phone number keeps its "+" bare: no formula can be written with digits alone.
    assert rows[0]["publish"] == "no" and rows[0]["phone"] == "+243 000 000 003"


def test_a_role_naming_an_unpublished_participant_shows_no_name(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    with (source / "final-document.rst").open("a") as text:
        text.write("\nSon rapporteur fut :participant:`p-hidden`.\n")
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"])
    assert "Son rapporteur fut (nom non publié)." in html_text(out / "html" / "final-document.html")
    assert leaks(out) == []


def test_html_without_pdf_leaves_internal_documents_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    chmdocs.build(ROOT, out, ["html"])
    assert not (out / "private" / "pdf").exists() or not any((out / "private" / "pdf").iterdir())
    assert not (out / "html" / "attendance-sheet.html").exists()
    assert leaks(out) == []


@given(st.text(alphabet="aeiouéèêëàâîïôöüçœAEIOUÉÈ", min_size=1, max_size=12))
def test_sorting_ignores_accents_and_case(name: str) -> None:
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    assert person_sort_key(f"M. {name}")[0] == person_sort_key(bare.upper())[0]


def test_ouedraogo_sorts_as_ouedraogo() -> None:
    names = ["Mme Awa Ouédraogo", "M. Paul Ouattara", "Dr Issa Ouedraogo", "Awa Oubda", "Ali Ouf"]
    assert sorted(names, key=person_sort_key) == [
        "M. Paul Ouattara",
        "Awa Oubda",
        "Mme Awa Ouédraogo",
        "Dr Issa Ouedraogo",
        "Ali Ouf",
    ]


def test_family_names_as_organisers_write_them() -> None:
    assert family_name("M. Marc Van der Linden") == "Van der Linden"
    assert family_name("DIALLO Aminata") == "DIALLO"
    assert family_name("Prof. S. Kariuki") == "Kariuki"
    assert family_name("Madonna") == "Madonna"


@pytest.mark.parametrize(
    ("written", "published"),
    [("yes", True), ("OUI", True), ("no", False), ("NON", False), ("False", False),
     ("maybe", False), ("", False)],
)  # fmt: skip
def test_publish_is_read_in_either_language_and_doubt_keeps_it_private(
    tmp_path: Path, written: str, published: bool
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\n')
    (source / "index.rst").write_text(
        "W\n=\n\n.. workshop:: W\n   :id: w\n   :start: 2030-01-01\n\n"
        f".. participant:: Jean Discret\n   :id: p-jd\n   :publish: {written}\n"
    )
    assert chmdocs.load(source).participants[0].publish is published


def test_an_attendance_sheet_in_a_public_document_names_no_unpublished_person(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    with (source / "final-document.rst").open("a") as text:
        text.write("\nPrésence\n--------\n\n.. attendance-sheet::\n")
    out = tmp_path / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, ["html", "pdf"], warning=warnings)
    assert "chmdocs.privacy" in warnings.getvalue()
    assert leaks(out) == []
    assert "Aminata Diallo" in pdf_text(out / "pdf" / "final-document.pdf")


@pytest.mark.parametrize("change", ["unpublished", "removed", "organization-hidden"])
def test_a_participant_who_stops_being_published_leaves_every_page(
    tmp_path: Path, change: str
) -> None:
    """Incremental build: the pages naming them are rewritten although their
    own sources did not change (a page with no view, naming them by id), and
    the search index forgets their words."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "fr"\n')
    (source / "index.rst").write_text(
        "W\n=\n\n.. workshop:: Atelier\n   :id: w\n   :start: 2030-01-01\n\n"
        ".. toctree::\n\n   people\n   talks\n"
    )
    people = (
        "People\n======\n\n.. participant:: Jean Zorglubien\n   :id: p-jc\n"
        "   :organization: Secretorgxyz\n\n.. participant-list::\n"
    )
    (source / "people.rst").write_text(people)
    (source / "talks.rst").write_text(
        "Talks\n=====\n\n.. session:: Ouverture\n   :id: s1\n   :start: 09:00\n"
        "   :end: 10:00\n   :speaker: p-jc\n"
    )
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"])
    assert "Jean Zorglubien" in (out / "html" / "talks.html").read_text()
    assert b"zorglubien" in (out / "html" / "searchindex.js").read_bytes()
    if change == "unpublished":
        people = people.replace("   :organization:", "   :publish: no\n   :organization:")
        words = [b"zorglubien", b"secretorgxyz"]
    elif change == "removed":
        people = "People\n======\n\n.. participant-list::\n"
        words = [b"zorglubien", b"secretorgxyz"]
    else:
        people = people.replace("Secretorgxyz", "Ministère")
        words = [b"secretorgxyz"]
    (source / "people.rst").write_text(people)
    chmdocs.build(source, out, ["html"])
    found = [
        p.name
        for p in (out / "html").rglob("*")
        if p.is_file() and any(word in p.read_bytes().lower() for word in words)
    ]
    assert found == []


def test_an_internal_document_in_the_toctree_builds_under_w(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    index = source / "index.rst"
    index.write_text(
        index.read_text().replace("   final-document\n", "   final-document\n   attendance-sheet\n")
    )
    sheet = source / "attendance-sheet.rst"
    sheet.write_text(sheet.read_text().replace(":orphan:\n", ""))
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html", "pdf"], warning_is_error=True)
    assert not (out / "html" / "attendance-sheet.html").exists()
    assert "attendance-sheet" not in (out / "html" / "index.html").read_text()
    assert (out / "private" / "pdf" / "attendance-sheet.pdf").is_file()
    assert leaks(out) == []


@pytest.mark.parametrize(
    "copy",
    [
        ":download:`the people <participants.rst>`",
        ".. literalinclude:: participants.rst\n   :lines: 1-40",
        ".. include:: participants.rst\n   :literal:",
        ":download:`again </participants.rst>`",
    ],
    ids=["download", "literalinclude", "include-literal", "download-absolute"],
)
def test_a_copy_of_the_participants_file_is_never_published(tmp_path: Path, copy: str) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source)
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write(f"\nCopies\n------\n\n{copy}\n")
    out = tmp_path / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, ["html", "pdf", "docx"], warning=warnings)
    assert "chmdocs.privacy" in warnings.getvalue() and "participants.rst" in warnings.getvalue()
    public = [p for p in out.rglob("*") if p.is_file() and "private" not in p.parts]

    def text_of(path: Path) -> str:
        if path.suffix == ".pdf":
            return pdf_text(path)
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                return " ".join(
                    package.read(n).decode("utf-8", "replace") for n in package.namelist()
                )
        return path.read_bytes().decode("utf-8", "replace")

    assert any(p.suffix == ".docx" for p in public) and any(p.suffix == ".pdf" for p in public)
    leaked = [p.name for p in public if "diallo@example.org" in text_of(p)]
    assert leaked == []
    assert not (out / "html" / "_downloads").exists()


def test_a_site_in_two_languages_keeps_its_private_files_under_private(tmp_path: Path) -> None:
    """With -l fr -l en, each language's internal documents and working area
    go to OUTDIR/private/<lang>/: everything outside OUTDIR/private is public."""
    out = tmp_path / "out"
    (out / "fr" / "private" / ".chmdocs").mkdir(parents=True)  # an earlier layout's leftover
    (out / "fr" / "private" / "old.txt").write_text("z.cachee@example.org")
    chmdocs.build(ROOT, out, ["html", "pdf"], languages=["fr", "en"])
    for language in ("fr", "en"):
        assert not (out / language / "private").exists()
        assert (out / "private" / language / "pdf" / "attendance-sheet.pdf").is_file()
        assert (out / "private" / language / ".chmdocs").is_dir()
    public = [p for p in out.rglob("*") if p.is_file() and p.relative_to(out).parts[0] != "private"]
    assert public
    for path in public:
        text = (
            pdf_text(path)
            if path.suffix == ".pdf"
            else path.read_bytes().decode("utf-8", "replace")
        )
        assert "z.cachee@example.org" not in text and "Cachée-Secrète" not in text, path
