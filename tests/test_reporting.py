"""Following the action plan over the years: a reporting project importing
the Brussels workshop, its progress and measures, the three views, the
tasks calendar, and what an author gets wrong."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, html_text, pdf_text
from icalendar import Calendar

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.exports import jsonfile
from chmdocs.core.model import Action, Due, Progress, Workshop
from chmdocs.core.reporting import Reporting, state_at

EXAMPLE = REPO / "examples" / "suivi-2008"


@pytest.fixture
def report(tmp_path: Path, seed_build: Path) -> Path:
    """The 2008 follow-up report, importing the seed's chmdocs.json."""
    source = tmp_path / "suivi"
    shutil.copytree(EXAMPLE, source)
    imported = tmp_path / "brussels.json"
    shutil.copy(seed_build / "chmdocs.json", imported)
    conf = source / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace("../../build/chmdocs.json", "../brussels.json"),
        encoding="utf-8",
    )
    return source


def build(source: Path, formats: list[str], **options: object) -> tuple[Path, str]:
    out = source.parent / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, formats, warning=warnings, **options)  # type: ignore[arg-type]
    return out, warnings.getvalue()


# -- the state of an action at a date ----------------------------------------------


def test_the_latest_entry_on_or_before_the_date_counts() -> None:
    action = Action(id="a", title="A", status="proposed", due=Due(2008, 12, 31))
    workshop = Workshop(id="ws", title="W", start=dt.date(2007, 5, 2), end=dt.date(2007, 5, 3))
    workshop = workshop.with_objects([workshop, action])
    entries = [
        Progress(id="p1", title="ws:a", action="ws:a", date=dt.date(2008, 6, 30),
                 status="in-progress", percent=40, description="Début."),
        Progress(id="p2", title="ws:a", action="ws:a", date=dt.date(2008, 12, 31), status="done"),
    ]  # fmt: skip
    local = Workshop(id="", title="").with_objects(entries)
    reporting = Reporting(local, {"ws": workshop})
    before = state_at(reporting, "ws:a", action, workshop, dt.date(2008, 1, 1))
    assert (before.status, before.percent, before.late) == ("proposed", None, False)
    middle = state_at(reporting, "ws:a", action, workshop, dt.date(2008, 7, 1))
    assert (middle.status, middle.percent, middle.note) == ("in-progress", 40, "Début.")
    assert middle.start == dt.date(2007, 5, 4)  # the day after the workshop
    done = state_at(reporting, "ws:a", action, workshop, dt.date(2009, 1, 1))
    assert (done.status, done.percent, done.late) == ("done", 100, False)
    # Without the last entry, the action is late in 2009.
    reporting = Reporting(Workshop(id="", title="").with_objects(entries[:1]), {"ws": workshop})
    assert state_at(reporting, "ws:a", action, workshop, dt.date(2009, 1, 1)).late


# -- the report ---------------------------------------------------------------------------


def test_the_report_in_pdf_and_html(report: Path) -> None:
    out, warnings = build(report, ["html", "pdf"])
    assert "WARNING" not in warnings, warnings
    text = pdf_text(out / "pdf" / "rapport-de-suivi-2008.pdf")
    assert "Situation au 31 décembre 2008" in text
    assert "Constituer un réseau national de correspondants CHM en cours 60 %" in text
    assert "Réseaux constitués au Bénin, au Burundi et à Madagascar" in text
    # The indicators: baseline, the measures to the date, target.
    assert "1. Nombre de correspondants actifs par pays" in text
    assert "30 juin 2008 : 2 correspondants par pays" in text
    assert "31 déc. 2008 : 3 correspondants par pays" in text
    # The timeline is drawn: its years and the report's date are in the picture.
    assert "2008 2009" in text and "31 décembre 2008" in text
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert '<svg role="img" aria-label="Chronologie des actions, 31' in page
    assert "chm-timeline-facts" in page  # the same facts as a table
    # On a phone the picture keeps a readable width and scrolls in its frame.
    assert '<figure class="chm-chart chm-chart-timeline" tabindex="0">' in page
    shown = html_text(out / "html" / "index.html")
    assert "Mettre à disposition un outil de gestion de sites partagé" in shown
    # A report has no programme: its site offers no empty calendar.
    assert not (out / "html" / "agenda.ics").exists() and "agenda.ics" not in page


def test_an_earlier_date_shows_the_earlier_state(report: Path) -> None:
    index = report / "index.rst"
    text = index.read_text(encoding="utf-8").replace(
        ".. progress-report::",
        ".. progress-report::\n   :as-of: 2008-06-30\n   :status: in-progress",
    )
    index.write_text(text, encoding="utf-8")
    out, _warnings = build(report, ["html"])
    page = html_text(out / "html" / "index.html")
    section = page[page.index("Situation au 30 juin 2008") : page.index("Indicateurs")]
    assert "Réseaux constitués au Bénin et au Burundi. " in section + " "
    assert "Madagascar" not in section
    assert "Intégrer le volet CHM" not in section  # done by then: filtered out


def test_an_action_past_its_due_date_is_marked_late(report: Path) -> None:
    index = report / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(":date: 2008-12-31", ":date: 2009-07-15"),
        encoding="utf-8",
    )
    out, _warnings = build(report, ["html"])
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="chm-late"') >= 2  # act-reseau (2008-12-31), act-evaluation


def test_the_tasks_calendar(report: Path) -> None:
    out, _warnings = build(report, ["tasks"])
    data = (out / "actions.ics").read_bytes()
    todos = {str(t["x-chmdocs-reference"]): t for t in Calendar.from_ical(data).walk("VTODO")}
    assert len(todos) == 9
    outil = todos["chm-2007:act-outil"]
    assert outil["status"] == "COMPLETED" and int(outil["percent-complete"]) == 100
    reseau = todos["chm-2007:act-reseau"]
    assert reseau["status"] == "IN-PROCESS" and int(reseau["percent-complete"]) == 60
    assert int(reseau["priority"]) == 1 and reseau["due"].dt == dt.date(2008, 12, 31)
    assert reseau["categories"].cats
    from ical.calendar_stream import IcsCalendarStream

    assert len(IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).todos) == 9
    # The same UIDs in another build and another language.
    again, _w = build(report, ["tasks"], overrides={"language": "en"})
    uids = {
        str(t["uid"])
        for t in Calendar.from_ical((again / "actions.ics").read_bytes()).walk("VTODO")
    }
    assert uids == {str(t["uid"]) for t in todos.values()}


def test_progress_and_measures_in_json_and_diff(report: Path) -> None:
    out, _warnings = build(report, ["json"])
    data = json.loads((out / "chmdocs.json").read_text(encoding="utf-8"))
    assert not jsonfile.schema_problems(data)
    entry = next(p for p in data["progress"] if p["action"] == "chm-2007:act-reseau"
                 and p["date"] == "2008-12-31")  # fmt: skip
    assert entry["status"] == "in-progress" and entry["percent"] == 60
    measure = next(m for m in data["measures"] if m["value"] == "6 sites")
    assert measure["objective"] == "chm-2007:obj-opportunites" and measure["indicator"] == 1
    assert jsonfile.from_data(data) == chmdocs.load(out / "chmdocs.json")
    releves = report / "releves.rst"
    releves.write_text(releves.read_text(encoding="utf-8").replace(":percent: 60", ":percent: 65"),
                       encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["diff", str(out / "chmdocs.json"), str(report),
                                       "--format", "json"])  # fmt: skip
    assert result.exit_code == 1, result.output
    [changed] = json.loads(result.stdout)["changed"]
    assert changed["kind"] == "progress" and changed["fields"]["percent"] == [60, 65]


@pytest.mark.parametrize(
    ("entry", "subtype", "words"),
    [
        (".. progress:: chm-2007:act-inconnue\n   :date: 2008-06-30\n", "unknown-id",
         "no such action"),
        (".. progress:: chm-2007:act-reseau\n   :date: 2006-01-01\n", "date",
         "before its workshop"),
        (".. progress:: chm-2007:act-reseau\n   :date: 2008-06-30\n   :percent: 120\n", "option",
         "from 0 to 100"),
        (".. progress:: chm-2007:act-reseau\n   :date: 2008-06-30\n   :status: done\n", "option",
         "disagree"),
        (".. measure:: chm-2007:obj-besoins\n   :indicator: 3\n   :date: 2008-06-30\n"
         "   :value: 1\n", "option", "has 1 indicator"),
        (".. measure:: chm-2007:obj-besoins\n   :indicator: Un indicateur qui n'existe pas\n"
         "   :date: 2008-06-30\n   :value: 1\n", "option", "position"),
        (".. progress:: chm-2007:act-reseau\n   :date: 30/06/2008\n", "date", "YYYY-MM-DD"),
    ],
)  # fmt: skip
def test_bad_records_are_warned_at_their_line(
    report: Path, entry: str, subtype: str, words: str
) -> None:
    releves = report / "releves.rst"
    before = releves.read_text(encoding="utf-8")
    releves.write_text(before + "\n" + entry, encoding="utf-8")
    line = len(before.splitlines()) + 2
    findings = [f for f in chmdocs.api.check(report) if f.type == f"chmdocs.{subtype}"]
    assert [f for f in findings if words in f.message and f.line and f.line >= line], [
        f.as_text() for f in findings
    ]


def test_imported_objects_link_to_their_own_site(report: Path, tmp_path: Path) -> None:
    imported = tmp_path / "brussels.json"
    data = json.loads(imported.read_text(encoding="utf-8"))
    data["workshop"]["url"] = "https://chm.example.org/bruxelles-2007/"
    imported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out, _warnings = build(report, ["html"])
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert (
        'href="https://chm.example.org/bruxelles-2007/final-document.html#action-act-reseau"'
        in page
    )


def test_a_changed_import_rebuilds_the_pages_using_it(report: Path, tmp_path: Path) -> None:
    out, _warnings = build(report, ["html"])
    imported = tmp_path / "brussels.json"
    text = imported.read_text(encoding="utf-8").replace(
        "Constituer un réseau national de correspondants CHM", "Animer un réseau national"
    )
    imported.write_text(text, encoding="utf-8")
    build(report, ["html"])
    assert "Animer un réseau national" in html_text(out / "html" / "index.html")


def test_a_missing_import_is_a_warning_at_its_line(report: Path) -> None:
    conf = report / "conf.py"
    conf.write_text(conf.read_text().replace("../brussels.json", "../nowhere.json"))
    findings = [f for f in chmdocs.api.check(report) if f.type == "chmdocs.config"]
    assert (
        findings
        and findings[0].path.endswith("conf.py")
        and "does not exist" in findings[0].message
    )


def test_init_report_builds_at_once(tmp_path: Path, seed_build: Path) -> None:
    target = tmp_path / "rapport"
    result = CliRunner().invoke(main, [
        "init", str(target), "--report", "--start", "2009-06-30",
        "--import", f"chm-2007={seed_build / 'chmdocs.json'}",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "progress:: chm-2007:act-reseau" in (target / "releves.rst").read_text()
    out = tmp_path / "out"
    chmdocs.build(target, out, ["html", "pdf"], warning_is_error=True)
    assert (out / "pdf").is_dir()
    usage = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--report"])
    assert usage.exit_code == 2 and "--import" in usage.output


def test_local_actions_serve_imported_objectives(report: Path) -> None:
    releves = report / "releves.rst"
    releves.write_text(
        releves.read_text(encoding="utf-8")
        + "\n.. action:: Traduire l'outil en portugais\n   :id: act-portugais\n"
        "   :objectives: chm-2007:obj-opportunites\n   :due: 2009-12\n"
        "\n.. action:: Mal reliée\n   :id: act-mal\n   :objectives: chm-2007:obj-inconnu\n",
        encoding="utf-8",
    )
    findings = [f for f in chmdocs.api.check(report) if f.is_problem]
    assert [f.message for f in findings if "obj-inconnu" in f.message]
    assert not [f for f in findings if "obj-opportunites" in f.message]
    out, _warnings = build(report, ["html"])
    page = html_text(out / "html" / "index.html")
    section = page[page.index("Identification des opportunités") :]
    assert "Traduire l'outil en portugais" in section


def test_each_status_has_its_own_grey() -> None:
    """Printed in grey, no two statuses' bars look alike: their fills differ in
    lightness (relative luminance, WCAG's formula) by at least 0.15."""
    from itertools import combinations

    from chmdocs.sphinxext.charts import STATUS_STYLE

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    solid = {s: luminance(fill) for s, (fill, _stroke, dash) in STATUS_STYLE.items() if not dash}
    for first, second in combinations(solid, 2):
        assert abs(solid[first] - solid[second]) >= 0.15, (first, second, solid)


def test_an_actions_start_is_read_and_checked(tmp_path: Path) -> None:
    """``:start:`` on an action: where its timeline bar begins."""
    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-views", source)
    index = source / "index.rst"
    text = index.read_text(encoding="utf-8")
    text = text.replace("   :id: a-zebra\n", "   :id: a-zebra\n   :start: 2030-06-01\n", 1)
    text = text.replace("   :id: a-alpha\n", "   :id: a-alpha\n   :start: June\n", 1)
    index.write_text(text, encoding="utf-8")
    workshop = chmdocs.load(source)
    assert workshop.action("a-zebra").start == dt.date(2030, 6, 1)
    assert workshop.action("a-alpha").start is None
    problems = [f for f in chmdocs.api.check(source) if "June" in f.message]
    assert problems and problems[0].line is not None
    # Starting after it is due (2031): a slip, warned at :start:'s line.
    index.write_text(text.replace(":start: 2030-06-01", ":start: 2035-01-01"), encoding="utf-8")
    late = [f for f in chmdocs.api.check(source) if "after it is due" in f.message]
    assert [(f.line, f.type) for f in late] == [(late[0].line, "chmdocs.date")]
    assert "2035-01-01" in index.read_text(encoding="utf-8").splitlines()[late[0].line - 1]


def test_the_timeline_draws_no_hairline_around_what_has_no_outline() -> None:
    """A shape drawn without an outline (the progress fill, a heading's white
    ground) has no stroke colour: a PDF draws a zero-width stroke as a hairline."""
    from reportlab.graphics.shapes import Rect

    from chmdocs.sphinxext import charts

    bars = (
        charts.Bar("Train", dt.date(2008, 1, 1), dt.date(2008, 12, 31), "in-progress", 40),
        charts.Bar("Publish", dt.date(2008, 3, 1), dt.date(2009, 6, 30), "agreed"),
    )
    timeline = charts.Timeline(
        groups=(("A long objective heading", bars),),
        as_of=dt.date(2008, 6, 30),
        as_of_label="30 June 2008",
        legend=tuple((s, s) for s in charts.STATUS_STYLE),
        late_label="late",
    )
    drawing = charts.draw(timeline)
    shapes = [s for s in drawing.getContents() if isinstance(s, Rect)]
    assert shapes and all(s.strokeColor is None for s in shapes if not s.strokeWidth)
