"""The programme as a frab / c3voc schedule feed (``schedule.json``).

Conference apps (Giggity, EventFahrplan, …) read this format: the
conference, its days, each day's rooms, and in each room the events, with
guids that stay the same from build to build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from typing import Any

from chmdocs._version import __version__
from chmdocs.exports.ical import session_span, stable_uuid
from chmdocs.exports.labels import Labels
from chmdocs.model import Session, Workshop

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def hours_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def room_of(workshop: Workshop, session: Session) -> str:
    """A session's room; the plenary room (the venue, or the place) otherwise."""
    return session.room or session.location or workshop.venue or workshop.location or "Plenary"


def to_data(workshop: Workshop) -> dict[str, Any]:
    labels = Labels(workshop.language)
    acronym = workshop.id or "workshop"
    # Each session with its times, by day, in order.
    timed: dict[dt.date, list[tuple[Session, tuple[dt.datetime, dt.datetime]]]] = {}
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
    conference = {
        "acronym": acronym,
        "title": workshop.title,
        "start": workshop.start.isoformat() if workshop.start else None,
        "end": (workshop.end or workshop.start).isoformat() if workshop.start else None,
        "daysCount": len(workshop.days),
        "timeslot_duration": "00:15",
        "time_zone_name": workshop.timezone,
        "rooms": [{"name": name, "guid": stable_uuid(acronym, "room", name)} for name in rooms],
        "days": days,
    }
    # The version changes exactly when the programme does.
    digest = hashlib.sha256(json.dumps(days, sort_keys=True).encode()).hexdigest()[:12]
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "chmdocs", "version": __version__},
        "schedule": {"version": digest, "conference": conference},
    }


def event(
    workshop: Workshop,
    session: Session,
    span: tuple[dt.datetime, dt.datetime],
    room: str,
    labels: Labels,
) -> dict[str, Any]:
    acronym = workshop.id or "workshop"
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
        "id": zlib.crc32(f"{acronym}/{session.id}".encode()) & 0x7FFFFFFF,
        "date": span[0].isoformat(),
        "start": span[0].strftime("%H:%M"),
        "duration": hours_minutes(int((span[1] - span[0]).total_seconds() // 60)),
        "room": room,
        "slug": f"{acronym}-{session.id}",
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
        "persons": [
            {
                "name": name,
                "public_name": name,
                "guid": stable_uuid(acronym, "person", name),
                **({"organization": organization} if organization else {}),
            }
            for name, organization in workshop.people(session.speakers)
        ],
        "links": [],
        "attachments": [],
    }


def dumps(workshop: Workshop) -> str:
    return json.dumps(to_data(workshop), ensure_ascii=False, indent=2) + "\n"
