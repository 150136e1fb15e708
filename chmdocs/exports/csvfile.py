"""The actions as a spreadsheet (``actions.csv``).

One row per action, every column of :mod:`chmdocs.columns`, a header row
named as the directive's options. UTF-8 with a byte-order mark, so
spreadsheet programs read the accents right; lists joined with "; ".
Cells are neutralized against formula injection (see
:func:`chmdocs.escape.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io

from chmdocs.columns import ACTION_COLUMNS
from chmdocs.escape import spreadsheet_cell
from chmdocs.model import Workshop


def dumps(workshop: Workshop) -> bytes:
    """``actions.csv`` for ``workshop``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in ACTION_COLUMNS])
    for action in workshop.actions:
        writer.writerow([spreadsheet_cell(column.value(action)) for column in ACTION_COLUMNS])
    return out.getvalue().encode("utf-8-sig")
