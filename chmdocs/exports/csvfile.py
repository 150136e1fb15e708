"""The actions as a spreadsheet (``actions.csv``).

One row per action, every field, a header row named as the directive's
options. UTF-8 with a byte-order mark, so spreadsheet programs read the
accents right; lists joined with "; ".
"""

from __future__ import annotations

import csv
import io

from chmdocs.model import Workshop

COLUMNS = (
    "id", "title", "objectives", "group", "session", "owner", "partners",
    "due", "priority", "status", "description", "docname", "lineno",
)  # fmt: skip


def dumps(workshop: Workshop) -> bytes:
    """``actions.csv`` for ``workshop``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for action in workshop.actions:
        row = []
        for column in COLUMNS:
            value = getattr(action, column)
            if isinstance(value, tuple):
                value = "; ".join(value)
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")
