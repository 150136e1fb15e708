"""The model's parsers: dates, times, durations, due dates and ids."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chmdocs.core.model import (
    YEARS,
    Due,
    Session,
    Workshop,
    add_minutes,
    derive_id,
    parse_date,
    parse_due,
    parse_duration,
    parse_id,
    parse_list,
    parse_time,
)


@given(st.times())
def test_times_read_in_all_three_notations(value: dt.time) -> None:
    expected = value.replace(second=0, microsecond=0)
    for separator in (":", ".", "h"):
        assert parse_time(f"{value.hour:02d}{separator}{value.minute:02d}") == expected
    assert parse_time(f"{value.hour}h{value.minute:02d}") == expected


@given(st.integers(24, 99), st.integers(0, 59))
def test_hours_past_23_are_refused(hour: int, minute: int) -> None:
    with pytest.raises(ValueError, match="no such time"):
        parse_time(f"{hour}:{minute:02d}")


@pytest.mark.parametrize("text", ["", "9", "9:5", "nine", "09-00", "09:00:00", "12:60"])
def test_malformed_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


@given(st.dates())
def test_iso_dates_round_trip(value: dt.date) -> None:
    """Every date of the years chmdocs takes reads back; any other is refused."""
    if value.year in YEARS:
        assert parse_date(value.isoformat()) == value
    else:
        with pytest.raises(ValueError, match="the year must be from 1000 to 9998"):
            parse_date(value.isoformat())


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_due_date_has_a_last_day(value: dt.date) -> None:
    """A due date of any precision, in any year taken, ends on a real day."""
    for text in (value.isoformat(), value.isoformat()[:7], value.isoformat()[:4]):
        if value.year in YEARS:
            due = parse_due(text)
            assert due.last_day >= dt.date(due.year, due.month or 1, due.day or 1)
        else:
            with pytest.raises(ValueError):
                parse_due(text)


@given(st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩-:.hH ", max_size=12))
def test_date_time_and_due_parsers_accept_ascii_digits_only(text: str) -> None:
    for parser in (parse_date, parse_due, parse_time):
        try:
            parser(text)
        except ValueError:
            continue
        assert text.strip().isascii()


@pytest.mark.parametrize("text", ["2007-02-30", "2007-5-2", "02/05/2007", "2007-13-01", ""])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_due_dates_at_every_precision(value: dt.date) -> None:
    assert parse_due(value.isoformat()) == Due(value.year, value.month, value.day)
    month = parse_due(f"{value.year:04d}-{value.month:02d}")
    assert (
        month == Due(value.year, value.month)
        and str(month) == f"{value.year:04d}-{value.month:02d}"
    )
    assert month.last_day >= value and month.last_day.month == value.month
    assert parse_due(str(value.year)).last_day == dt.date(value.year, 12, 31)


@given(st.integers(1, 10_000))
def test_durations_are_positive_minutes(minutes: int) -> None:
    assert parse_duration(str(minutes)) == minutes
    assert parse_duration(f"{minutes} min") == minutes


@pytest.mark.parametrize("text", ["0", "-5", "1.5", "an hour", ""])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@given(st.text())
def test_derived_ids_are_always_valid_ids(title: str) -> None:
    assert parse_id(derive_id(title)) == derive_id(title)


@given(st.from_regex(r"[A-Za-z0-9_.-]+", fullmatch=True))
def test_ids_of_the_allowed_characters_are_accepted(ident: str) -> None:
    assert parse_id(f" {ident} ") == ident


@given(
    st.text(min_size=1).filter(
        lambda t: (
            any(not (c.isascii() and (c.isalnum() or c in "_.-")) for c in t.strip()) and t.strip()
        )
    )
)
def test_ids_with_other_characters_are_refused(ident: str) -> None:
    with pytest.raises(ValueError, match="invalid id"):
        parse_id(ident)


def test_derive_id_drops_accents() -> None:
    assert derive_id("Évaluation de sept ans") == "evaluation-de-sept-ans"


def test_lists_drop_empty_items() -> None:
    assert parse_list(" a ; ;b;", ";") == ("a", "b")


def test_end_from_duration_stops_at_midnight() -> None:
    assert add_minutes(dt.time(23, 0), 30) == dt.time(23, 30)
    assert add_minutes(dt.time(23, 45), 30) is None


def test_a_one_day_workshop_dates_its_sessions() -> None:
    one_day = Workshop(id="w", title="W", start=dt.date(2030, 1, 1))
    two_days = Workshop(id="w", title="W", start=dt.date(2030, 1, 1), end=dt.date(2030, 1, 2))
    session = Session(id="s", title="S")
    assert one_day.session_date(session) == dt.date(2030, 1, 1)
    assert two_days.session_date(session) is None
    assert two_days.days == (dt.date(2030, 1, 1), dt.date(2030, 1, 2))


@given(st.sampled_from(["session", "action", "objective"]), st.text(max_size=30))
def test_an_anchor_is_what_docutils_makes_of_the_id(kind: str, ident: str) -> None:
    """The anchor's fast path for plain ids gives what docutils' make_id gives."""
    from docutils import nodes

    from chmdocs.sphinxext.domain import _anchor

    assert _anchor(kind, ident) == nodes.make_id(f"{kind}-{ident}")


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True))
def test_an_anchor_of_a_plain_id(ident: str) -> None:
    from docutils import nodes

    from chmdocs.sphinxext.domain import _anchor

    assert _anchor("session", ident) == nodes.make_id(f"session-{ident}")
