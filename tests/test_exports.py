"""The exports and the Python API: JSON with its schema, iCalendar, CSV, schedule feed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zoneinfo
from pathlib import Path

import icalendar
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.exports import jsonfile
from chmdocs.core.model import KINDS, PRIORITIES, STATUSES, Action, Due, Group, Objective, Session
from chmdocs.core.model import Workshop as WorkshopModel

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("exports")
    chmdocs.build(
        REPO / "source", outdir, ["json", "ics", "csv", "schedule"], warning_is_error=True
    )
    return outdir


def test_build_writes_every_export(exported: Path) -> None:
    for name in ("chmdocs.json", "agenda.ics", "actions.csv", "schedule.json"):
        assert (exported / name).stat().st_size > 0
    assert not (exported / "html").exists()  # exports need no page written


def test_json_validates_against_the_shipped_schema(exported: Path) -> None:
    data = json.loads((exported / "chmdocs.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(jsonfile.schema()).validate(data)
    assert data["chmdocs"] == jsonfile.FORMAT_VERSION
    scbd = next(s for s in data["sessions"] if s["id"] == "d1-scbd")
    assert scbd["start"] == "14:00" and scbd["end"] == "14:30" and scbd["tbc"] is True
    assert scbd["speaker"] == ["SCBD"] and scbd["objectives"] == ["obj-opportunites"]
    assert scbd["docname"] == "programme" and scbd["lineno"] > 0
    group = next(g for g in data["groups"] if g["id"] == "vision-g1")
    assert group["session"] == "d2-vision"
    assert data["workshop"]["timezone"] == "Europe/Brussels"


def test_json_loads_back_to_the_same_model(exported: Path) -> None:
    # chmdocs.json is public: the model without personal data.
    assert chmdocs.load(exported / "chmdocs.json") == chmdocs.load(REPO / "source").public()


def test_ics_has_one_event_per_session_in_brussels_time(exported: Path) -> None:
    calendar = icalendar.Calendar.from_ical((exported / "agenda.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 26
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    by_summary = {str(e["SUMMARY"]): e for e in events}
    welcome = by_summary["Accueil des participants"]
    assert welcome.decoded("DTSTART") == dt.datetime(2007, 5, 2, 9, 0, tzinfo=BRUSSELS)
    assert welcome.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    assert welcome["DTSTART"].params["TZID"] == "Europe/Brussels"
    last = by_summary["Discussion générale sur les résultats et conclusion de l'atelier"]
    assert last.decoded("DTEND") == dt.datetime(2007, 5, 3, 17, 0, tzinfo=BRUSSELS)
    tentative = sorted(str(e["SUMMARY"])[:20] for e in events if e["STATUS"] == "TENTATIVE")
    assert len(tentative) == 4
    assert all(e["STATUS"] in ("TENTATIVE", "CONFIRMED") for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 26 and all(uuid.UUID(u).version == 5 for u in uids)
    assert "Intervenant : SCBD (à confirmer)" in str(
        by_summary["Evolution du CHM au niveau international dans le contexte de l'objectif 2010"][
            "DESCRIPTION"
        ]
    ).replace("\u00a0", " ")
    vision = str(by_summary["Vision prospective. Que sera le CHM en 2012 ?"]["DESCRIPTION"])
    assert "Groupe 1" in vision and "Les thèmes abordés par le CHM" in vision
    assert str(welcome["LOCATION"]) == "Bruxelles"


def test_a_second_build_gives_identical_files(exported: Path, tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path, ["json", "ics", "csv", "schedule"])
    for name in ("chmdocs.json", "agenda.ics", "actions.csv", "schedule.json"):
        assert (tmp_path / name).read_bytes() == (exported / name).read_bytes(), name


def test_csv_has_one_row_per_action_for_spreadsheets(exported: Path) -> None:
    raw = (exported / "actions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    workshop = chmdocs.load(REPO / "source")
    assert [r["id"] for r in rows] == [a.id for a in workshop.actions]
    reseau = next(r for r in rows if r["id"] == "act-reseau")
    assert reseau["objectives"] == "obj-reseaux; obj-besoins"
    assert reseau["partners"] == "CHM belge; DGCD" and reseau["due"] == "2008-12-31"
    assert reseau["title"] == "Constituer un réseau national de correspondants CHM"


# The frab / c3voc schedule format: what every event must carry.
EVENT_FIELDS = {
    "guid": str, "id": int, "date": str, "start": str, "duration": str, "room": str,
    "slug": str, "url": str, "title": str, "subtitle": str, "track": str, "type": str,
    "language": str, "abstract": str, "description": str, "persons": list, "links": list,
    "attachments": list,
}  # fmt: skip


def test_schedule_feed_has_every_required_field(exported: Path) -> None:
    feed = json.loads((exported / "schedule.json").read_text(encoding="utf-8"))
    assert feed["$schema"] == "https://c3voc.de/schedule/schema.json"
    conference = feed["schedule"]["conference"]
    assert feed["schedule"]["version"]
    assert (conference["start"], conference["end"], conference["daysCount"]) == (
        "2007-05-02",
        "2007-05-03",
        2,
    )
    assert conference["time_zone_name"] == "Europe/Brussels"
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == 26 + 6  # each session, and each parallel group on its own
    for event in events:
        for field, kind in EVENT_FIELDS.items():
            assert isinstance(event[field], kind), (event["slug"], field)
        assert dt.datetime.fromisoformat(event["date"]).utcoffset() == dt.timedelta(hours=2)
        assert len(event["start"]) == 5 and len(event["duration"]) == 5
        uuid.UUID(event["guid"])
    gbif = next(e for e in events if e["slug"] == "chm_2007-d1-gbif")
    assert gbif["persons"][0]["public_name"] == "GBIF" and gbif["duration"] == "00:30"
    assert gbif["track"] == "Présentation"


def test_load_reads_without_writing_beside_the_sources() -> None:
    before = sorted((p, p.stat().st_mtime_ns) for p in (REPO / "source").rglob("*"))
    workshop = chmdocs.load(REPO / "source")
    after = sorted((p, p.stat().st_mtime_ns) for p in (REPO / "source").rglob("*"))
    assert before == after
    assert len(workshop.sessions) == 26 and len(workshop.groups) == 6
    assert len(workshop.objectives) == 5 and len(workshop.actions) >= 8
    assert isinstance(workshop, chmdocs.Workshop)


def test_export_command_writes_to_stdout_or_a_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["export", "json", str(REPO / "source"), "-o", "-"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["sessions"]) == 26
    (tmp_path / "chmdocs.json").write_text(result.stdout, encoding="utf-8")
    target = tmp_path / "programme.ics"
    result = runner.invoke(
        main, ["export", "ics", str(tmp_path / "chmdocs.json"), "-o", str(target)]
    )
    assert result.exit_code == 0
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 26


def test_build_all_writes_documents_and_exports(tmp_path: Path) -> None:
    # The command's "all" on a small programme (the seed's whole "all" build
    # is conftest.seed_build's, through the API, read by many tests).
    source = REPO / "tests" / "roots" / "test-languages"
    result = CliRunner().invoke(
        main, ["build", str(source), "-o", str(tmp_path), "-f", "all", "-q"]
    )
    assert result.exit_code == 0, result.output
    for name in (
        "html/index.html",
        "pdf/agenda.pdf",
        "chmdocs.json",
        "agenda.ics",
        "actions.csv",
        "schedule.json",
    ):
        assert (tmp_path / name).exists(), name


# -- round trip over generated models --------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9_.-]{0,12}", fullmatch=True)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
dues = st.one_of(
    st.none(),
    st.builds(Due, st.integers(1900, 2200)),
    st.builds(Due, st.integers(1900, 2200), st.integers(1, 12)),
    dates.map(lambda d: Due(d.year, d.month, d.day)),
)
common = {
    "id": ids,
    "title": texts,
    "description": texts,
    "docname": texts,
    "lineno": st.integers(0, 10**6),
    "rejected": st.lists(st.sampled_from(["start", "date", "kind"]), max_size=2).map(tuple),
}
objectives = st.builds(Objective, **common)
sessions = st.builds(
    Session,
    **common,
    date=st.none() | dates,
    start=st.none() | times,
    end=st.none() | times,
    duration=st.none() | st.integers(1, 600),
    session_kind=st.sampled_from(KINDS),
    speakers=st.lists(texts, max_size=3).map(tuple),
    tbc=st.booleans(),
    room=texts,
    objectives=st.lists(ids, max_size=3).map(tuple),
    continues=st.none() | ids,
)
groups = st.builds(
    Group,
    **common,
    label=texts,
    session=st.none() | ids,
    facilitator=texts,
    rapporteur=texts,
    room=texts,
    objectives=st.lists(ids, max_size=3).map(tuple),
)
actions = st.builds(
    Action,
    **common,
    objectives=st.lists(ids, max_size=3).map(tuple),
    owner=texts,
    partners=st.lists(texts, max_size=3).map(tuple),
    due=dues,
    priority=st.none() | st.sampled_from(PRIORITIES),
    status=st.sampled_from(STATUSES),
    group=st.none() | ids,
    session=st.none() | ids,
)
workshops = st.builds(
    WorkshopModel,
    **common,
    start=st.none() | dates,
    end=st.none() | dates,
    location=texts,
    venue=texts,
    organizer=texts,
    contact=texts,
    timezone=st.sampled_from(["UTC", "Europe/Brussels", "Africa/Kinshasa"]),
    language=st.sampled_from(["fr", "en"]),
    objectives=st.lists(objectives, max_size=3).map(tuple),
    sessions=st.lists(sessions, max_size=4).map(tuple),
    groups=st.lists(groups, max_size=3).map(tuple),
    actions=st.lists(actions, max_size=3).map(tuple),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(workshops)
def test_json_round_trip_of_any_model(workshop: WorkshopModel) -> None:
    data = json.loads(jsonfile.dumps(workshop))
    jsonschema.Draft202012Validator(jsonfile.schema()).validate(data)
    assert jsonfile.from_data(data) == workshop
