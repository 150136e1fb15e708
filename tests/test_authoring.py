"""What SPEC.md lets an author write about sessions and groups: every kind,
a session's own place and chair, a group's room and its continuation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import icalendar
import pytest
from conftest import html_text

import chmdocs

PROJECT = """Workshop
========

.. workshop:: Training workshop
   :id: ws
   :start: 2030-03-10
   :end: 2030-03-11
   :location: Nairobi
   :venue: UN Gigiri
   :timezone: Africa/Nairobi

.. objective:: Learn
   :id: obj

.. session:: Registration of participants
   :id: reg
   :date: 2030-03-10
   :start: 08:00
   :end: 09:00
   :kind: registration
   :objectives: obj

.. session:: Opening
   :id: opening
   :date: 2030-03-10
   :start: 09:00
   :end: 10:00
   :kind: welcome
   :speaker: Prof. S. Kariuki (NEMA); Dr A. Dupont (SCBD)
   :chair: Ms J. Wambui (KWS)

.. session:: Groups, first round
   :id: groups-1
   :date: 2030-03-10
   :start: 10:00
   :end: 12:00
   :kind: groupwork

   .. group:: Data tools
      :id: g-data
      :label: Group 1
      :room: Library

.. session:: Groups, second round
   :id: groups-2
   :date: 2030-03-10
   :start: 14:00
   :end: 16:00
   :kind: groupwork

   .. group:: Data tools, continued
      :id: g-data-2
      :label: Group 1
      :room: Library
      :continues: g-data

.. session:: Visit to the National Museum
   :id: visit
   :date: 2030-03-11
   :start: 09:00
   :end: 12:00
   :kind: visit
   :location: National Museums of Kenya, Museum Hill

.. session:: Evening reception
   :id: reception
   :date: 2030-03-11
   :start: 18:00
   :end: 20:00
   :kind: reception

.. agenda::

.. group-list::
"""


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, str]:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    (source / "index.rst").write_text(PROJECT, encoding="utf-8")
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["html", "json", "ics", "schedule"], warning=warnings)
    return tmp_path / "out", warnings.getvalue()


def test_every_kind_of_the_spec_is_accepted(built: tuple[Path, str]) -> None:
    out, warnings = built
    assert "[chmdocs." not in warnings or "unserved" in warnings, warnings
    model = json.loads((out / "chmdocs.json").read_text(encoding="utf-8"))
    kinds = {s["id"]: s["kind"] for s in model["sessions"]}
    assert kinds["reg"] == "registration" and kinds["visit"] == "visit"
    assert kinds["reception"] == "reception"
    text = html_text(out / "html" / "index.html")
    # Day two: the visit counts (3 h), the reception does not.
    assert "Working time: 6 h" in text and "Working time: 3 h" in text


def test_a_field_visit_happens_where_it_says(built: tuple[Path, str]) -> None:
    out, _warnings = built
    calendar = icalendar.Calendar.from_ical((out / "agenda.ics").read_bytes())
    where = {str(e["summary"]): str(e.get("location", "")) for e in calendar.walk("VEVENT")}
    assert where["Visit to the National Museum"] == "National Museums of Kenya, Museum Hill"
    assert where["Opening"] == "UN Gigiri, Nairobi"
    assert "(National Museums of Kenya, Museum Hill)" in html_text(out / "html" / "index.html")


def test_chairs_and_groups_rooms_are_shown(built: tuple[Path, str]) -> None:
    out, _warnings = built
    text = html_text(out / "html" / "index.html")
    assert "Chair: Ms J. Wambui (KWS)" in text
    assert "Group 1: Data tools (Library)" in text
    assert "Continues: Data tools" in text
    model = json.loads((out / "chmdocs.json").read_text(encoding="utf-8"))
    opening = next(s for s in model["sessions"] if s["id"] == "opening")
    assert opening["chair"] == ["Ms J. Wambui (KWS)"]
    assert opening["speaker"] == ["Prof. S. Kariuki (NEMA)", "Dr A. Dupont (SCBD)"]
    assert model["groups"][1]["continues"] == "g-data"
    calendar = icalendar.Calendar.from_ical((out / "agenda.ics").read_bytes())
    descriptions = " ".join(str(e.get("description", "")) for e in calendar.walk("VEVENT"))
    assert "Group 1: Data tools (Library)" in descriptions
    assert "Data tools (Library)" in (out / "schedule.json").read_text(encoding="utf-8")
