"""The actions as a spreadsheet (``actions.csv``), and the organiser's list of
participants.

One row per action, every column of :mod:`chmdocs.columns`, a header row
named as the directive's options; people (owner, partners) by name, as a
reader of the spreadsheet knows them. UTF-8 with a byte-order mark, so
spreadsheet programs read the accents right; lists joined with "; ".
Cells are neutralized against formula injection (see
:func:`chmdocs.core.escape.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io

from chmdocs.core.columns import ACTION_COLUMNS, Column
from chmdocs.core.escape import spreadsheet_cell
from chmdocs.core.model import Action, Workshop, person_sort_key


def dumps(workshop: Workshop) -> bytes:
    """``actions.csv`` for ``workshop``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in ACTION_COLUMNS])
    for action in workshop.actions:
        writer.writerow([spreadsheet_cell(cell(workshop, action, c)) for c in ACTION_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def cell(workshop: Workshop, action: Action, column: Column) -> str:
    """One cell: the column's exported value, people by name."""
    if not column.people:
        return column.value(action)
    value = getattr(action, column.name)
    entries = value if isinstance(value, tuple) else (value,) if value else ()
    return "; ".join(workshop.persons(entries))


#: The participants list's columns, named as the directive's options.
PARTICIPANT_COLUMNS = ("id", "name", "organization", "country", "role", "email", "phone", "publish")


def participants(workshop: Workshop) -> bytes:
    """Every participant, sorted by name, with e-mail and phone (personal data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PARTICIPANT_COLUMNS)
    for person in sorted(workshop.participants, key=lambda p: person_sort_key(p.name)):
        values = {
            "id": person.id,
            "name": person.name,
            "organization": person.organization,
            "country": person.country,
            "role": person.role,
            "email": person.email,
            "phone": person.phone,
            "publish": "yes" if person.publish else "no",
        }
        writer.writerow([spreadsheet_cell(values[name]) for name in PARTICIPANT_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
