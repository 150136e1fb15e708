"""The programme as an iCalendar file (``agenda.ics``, RFC 5545).

One VEVENT per session, breaks included, in the workshop's time zone with
its VTIMEZONE. Two builds of the same sources give the same bytes: UIDs are
UUIDs derived from the workshop and session ids (RFC 7986, no host name),
and DTSTAMP comes from ``SOURCE_DATE_EPOCH`` or the workshop's first day,
never from the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
import zoneinfo

from icalendar import Calendar, Event

from chmdocs._version import __version__
from chmdocs.core.escape import plain_text
from chmdocs.core.exports.labels import Labels
from chmdocs.core.model import Session, Workshop

#: The namespace of every UUID chmdocs derives (events, rooms, people).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:chmdocs")


def stable_uuid(*parts: str) -> str:
    """The same UUID for the same parts, in every build."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def timestamp(workshop: Workshop) -> dt.datetime:
    """When the file is said to be made: reproducible, never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = workshop.start or dt.date(1970, 1, 1)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def session_span(workshop: Workshop, session: Session) -> tuple[dt.datetime, dt.datetime] | None:
    """A session's start and end in the workshop's zone, when all is known."""
    day = workshop.session_date(session)
    if day is None or session.start is None or session.end is None:
        return None
    zone = zoneinfo.ZoneInfo(workshop.timezone)
    start = dt.datetime.combine(day, session.start, tzinfo=zone)
    end = dt.datetime.combine(day, session.end, tzinfo=zone)
    if end <= start:
        # Ends "before" it starts: past midnight (the checks warned of it).
        end += dt.timedelta(days=1)
    return start, end


def location(workshop: Workshop, room: str = "") -> str:
    return ", ".join(part for part in (room, workshop.place) if part)


def dumps(workshop: Workshop) -> bytes:
    """``agenda.ics`` for ``workshop``."""
    labels = Labels(workshop.language)
    calendar = Calendar()
    calendar.add("prodid", f"-//chmdocs//chmdocs {__version__}//{workshop.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plain_text(workshop.title))
    calendar.add("x-wr-timezone", workshop.timezone)
    stamp = timestamp(workshop)
    for session in workshop.sessions:
        span = session_span(workshop, session)
        if span is None:
            continue  # reported by the checks: a session with no day or times
        event = Event()
        event.add("uid", stable_uuid(workshop.id, session.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", span[0])
        event.add("dtend", span[1])
        event.add("summary", plain_text(session.title))
        event.add("description", plain_text(describe(workshop, session, labels), multiline=True))
        # A field visit happens where the session says, not at the venue.
        where = plain_text(session.location or location(workshop, session.room))
        if where:
            event.add("location", where)
        event.add("status", "TENTATIVE" if session.tbc else "CONFIRMED")
        event.add("categories", [labels.kind(session.session_kind)])
        calendar.add_component(event)
    # A VTIMEZONE covering the workshop's year, not every year since 1970.
    first = workshop.start or stamp.date()
    calendar.add_missing_timezones(
        first_date=dt.date(first.year, 1, 1), last_date=dt.date(min(first.year + 1, 9999), 1, 1)
    )
    data: bytes = calendar.to_ical()
    return data


def describe(workshop: Workshop, session: Session, labels: Labels) -> str:
    """Speakers, the "to be confirmed" mark, groups with labels and themes."""
    lines = []
    if session.speakers:
        speakers = "; ".join(workshop.persons(session.speakers, with_organization=True))
        mark = f" ({labels.to_be_confirmed})" if session.tbc else ""
        label = labels.ngettext("Speaker", "Speakers", len(session.speakers))
        lines.append(f"{label}{labels.colon} {speakers}{mark}")
    elif session.tbc:
        lines.append(f"({labels.to_be_confirmed})")
    for group in workshop.groups_of(session.id):
        head = f"{group.label}{labels.colon} " if group.label else ""
        room = f" ({group.room})" if group.room else ""
        lines.append(f"{head}{group.title}{room}")
    if session.description:
        lines.append(session.description)
    return "\n".join(lines)
