"""The programme as a frab / c3voc schedule feed: ``schedule.json`` and
``schedule.xml``.

Conference apps (Giggity, EventFahrplan, …) read these formats: the
conference, its days, each day's rooms, and in each room the events, with
guids that stay the same from build to build. Each parallel group of a
session is an event of its own, in its own room, at its session's time,
linked to its session. Both files validate against the c3voc schema and
XSD (``validator/json/schema.json``, ``validator/xsd/schedule.xml.xsd`` of
the voc/schedule repository; copies are kept with the tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
import zlib
from typing import Any

from chmdocs._version import __version__
from chmdocs.core.exports.ical import session_span, stable_uuid
from chmdocs.core.exports.labels import Labels
from chmdocs.core.model import Group, Session, Workshop

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
#: The schema's own check of a time zone name, as it writes it.
_ZONE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")

Span = tuple[dt.datetime, dt.datetime]


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def acronym_of(workshop: Workshop) -> str:
    """The conference acronym the schema and XSD accept: lower-case letters,
    digits and "_", at least four (``chm-2007`` becomes ``chm_2007``)."""
    ascii_id = (workshop.id or "workshop").encode("ascii", "ignore").decode().lower()
    acronym = re.sub(r"[^a-z0-9_]+", "_", ascii_id).strip("_") or "workshop"
    return acronym if len(acronym) >= 4 else f"{acronym}_workshop"


def slug_of(acronym: str, ident: str) -> str:
    """An event's slug: ``chm_2007-d1-accueil`` (both patterns of the formats)."""
    part = re.sub(r"[^a-z0-9_]+", "-", ident.lower()).strip("-_") or "event"
    if len(part) < 4:
        part = f"{part}-{zlib.crc32(ident.encode()) & 0xFFFF:04x}"
    return f"{acronym}-{part}"


def room_of(workshop: Workshop, session: Session) -> str:
    """A session's room; the plenary room (the venue, or the place) otherwise."""
    return session.room or session.location or workshop.venue or workshop.location or "Plenary"


def group_room(workshop: Workshop, session: Session, group: Group) -> str:
    """Where a group meets: its own room, else apart from the plenary."""
    return group.room or f"{room_of(workshop, session)} – {group.label or group.title}"


def to_data(workshop: Workshop) -> dict[str, Any]:
    labels = Labels(workshop.language)
    acronym = acronym_of(workshop)
    timed: dict[dt.date, list[tuple[Session, Span]]] = {}
    for session in sorted(workshop.sessions, key=lambda s: s.start or dt.time.min):
        span = session_span(workshop, session)
        day = workshop.session_date(session)
        if span is not None and day is not None:
            timed.setdefault(day, []).append((session, span))
    days: list[dict[str, Any]] = []
    rooms: dict[str, None] = {}
    for index, day in enumerate(workshop.days, start=1):
        by_room: dict[str, list[dict[str, Any]]] = {}
        spans = []
        for session, span in timed.get(day, []):
            spans.append(span)
            room = room_of(workshop, session)
            rooms.setdefault(room)
            by_room.setdefault(room, []).append(event(workshop, session, span, room, labels))
            for group in workshop.groups_of(session.id):
                where = group_room(workshop, session, group)
                rooms.setdefault(where)
                by_room.setdefault(where, []).append(
                    group_event(workshop, session, group, span, where, labels)
                )
        if not spans:
            continue
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": min(s for s, _e in spans).isoformat(),
                "day_end": max(e for _s, e in spans).isoformat(),
                "rooms": by_room,
            }
        )
    conference: dict[str, Any] = {
        "acronym": acronym,
        "title": workshop.title,
        "start": workshop.start.isoformat() if workshop.start else None,
        "end": (workshop.end or workshop.start).isoformat() if workshop.start else None,
        "daysCount": len(workshop.days),
        "timeslot_duration": "00:15",
    }
    if _ZONE.match(workshop.timezone):
        conference["time_zone_name"] = workshop.timezone
    conference["rooms"] = [
        {"name": name, "guid": stable_uuid(acronym, "room", name)} for name in rooms
    ]
    conference["days"] = days
    # The version changes exactly when the programme does.
    digest = hashlib.sha256(json.dumps(days, sort_keys=True).encode()).hexdigest()[:12]
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "chmdocs", "version": __version__},
        "schedule": {"version": digest, "conference": conference},
    }


def _event_id(acronym: str, ident: str) -> int:
    return (zlib.crc32(f"{acronym}/{ident}".encode()) & 0x7FFFFFFF) or 1


def _persons(workshop: Workshop, acronym: str, entries: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "public_name": name,
            "guid": stable_uuid(acronym, "person", name),
            **({"organization": organization} if organization else {}),
        }
        for name, organization in workshop.people(entries)
    ]


def event(
    workshop: Workshop,
    session: Session,
    span: Span,
    room: str,
    labels: Labels,
) -> dict[str, Any]:
    acronym = acronym_of(workshop)
    abstract = session.description
    if session.tbc:
        abstract = f"({labels.to_be_confirmed}) {abstract}".strip()
    groups = [
        (f"{g.label}{labels.colon} {g.title}" if g.label else g.title)
        + (f" ({g.room})" if g.room else "")
        for g in workshop.groups_of(session.id)
    ]
    return {
        "guid": stable_uuid(workshop.id, session.id),
        "id": _event_id(acronym, session.id),
        "date": span[0].isoformat(),
        "start": span[0].strftime("%H:%M"),
        "duration": hours_minutes(int((span[1] - span[0]).total_seconds() // 60)),
        "room": room,
        "slug": slug_of(acronym, session.id),
        "url": "",
        "title": session.title,
        "subtitle": "",
        "track": labels.kind(session.session_kind),
        "type": session.session_kind,
        "language": workshop.language,
        "abstract": abstract,
        "description": "\n".join(groups),
        "recording_license": "",
        "do_not_record": True,
        "persons": _persons(workshop, acronym, session.speakers),
        "links": [],
        "attachments": [],
    }


def group_event(
    workshop: Workshop,
    session: Session,
    group: Group,
    span: Span,
    room: str,
    labels: Labels,
) -> dict[str, Any]:
    """A parallel group as an event of its own, linked to its session's guid."""
    acronym = acronym_of(workshop)
    title = f"{group.label}{labels.colon} {group.title}" if group.label else group.title
    people = tuple(p for p in (group.facilitator, group.rapporteur) if p)
    return {
        "guid": stable_uuid(workshop.id, session.id, "group", group.id),
        "id": _event_id(acronym, f"group/{group.id}"),
        "date": span[0].isoformat(),
        "start": span[0].strftime("%H:%M"),
        "duration": hours_minutes(int((span[1] - span[0]).total_seconds() // 60)),
        "room": room,
        "slug": slug_of(acronym, f"{session.id}-{group.id}"),
        "url": "",
        "title": title,
        "subtitle": session.title,
        "track": labels.kind(session.session_kind),
        "type": "workshop",
        "language": workshop.language,
        "abstract": group.description,
        "description": "",
        "recording_license": "",
        "do_not_record": True,
        "persons": _persons(workshop, acronym, people),
        "links": [
            {
                "type": "related",
                "url": f"urn:uuid:{stable_uuid(workshop.id, session.id)}",
                "title": session.title,
            }
        ],
        "attachments": [],
    }


def dumps(workshop: Workshop) -> str:
    return json.dumps(to_data(workshop), ensure_ascii=False, indent=2) + "\n"


# -- schedule.xml ---------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: v for k, v in attributes.items() if v})
    if text is not None:
        element.text = text
    return element


def xml_dumps(workshop: Workshop) -> bytes:
    """``schedule.xml``: the same programme in the frab XML format."""
    data = to_data(workshop)["schedule"]
    conference = data["conference"]
    root = ET.Element("schedule")
    _sub(root, "generator", name="chmdocs", version=__version__)
    _sub(root, "version", data["version"])
    head = _sub(root, "conference")
    _sub(head, "acronym", conference["acronym"])
    _sub(head, "title", conference["title"])
    if conference["start"]:
        _sub(head, "start", conference["start"])
        _sub(head, "end", conference["end"])
    _sub(head, "days", str(conference["daysCount"]))
    _sub(head, "timeslot_duration", conference["timeslot_duration"])
    if "time_zone_name" in conference:
        _sub(head, "time_zone_name", conference["time_zone_name"])
    for day in conference["days"]:
        day_element = _sub(
            root, "day", date=day["date"], start=day["day_start"], end=day["day_end"],
            index=str(day["index"]),
        )  # fmt: skip
        for room, events in day["rooms"].items():
            guid = stable_uuid(conference["acronym"], "room", room)
            room_element = _sub(day_element, "room", name=room, guid=guid)
            for item in events:
                element = _sub(room_element, "event", id=str(item["id"]), guid=item["guid"])
                for tag in ("room", "title", "subtitle", "type", "date", "start", "duration",
                            "abstract", "slug", "track", "language", "description"):  # fmt: skip
                    _sub(element, tag, str(item[tag] or ""))
                persons = _sub(element, "persons")
                for person in item["persons"]:
                    _sub(persons, "person", person["name"], guid=person["guid"])
                links = _sub(element, "links")
                for link in item["links"]:
                    _sub(links, "link", link.get("title", ""), href=link["url"], type=link["type"])
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"
