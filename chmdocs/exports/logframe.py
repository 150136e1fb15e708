"""The logical framework as a workbook (``logframe.xlsx``), to paste into a
framework agreement's proposal: one sheet, the four column headers, one row
per level in the matrix's order (overall objective, each specific objective,
its activities), column A the item's title. Wrapped text, column widths,
levels in bold, the header row frozen; every cell safe from formulas.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from chmdocs.escape import spreadsheet_cell
from chmdocs.exports.labels import Labels
from chmdocs.logframe import HEADERS, Cell, matrix, money
from chmdocs.messages import N_
from chmdocs.model import Workshop

WIDTHS = (50, 42, 36, 36)
SHEET = N_("Logical framework")
COSTS = N_("Costs")
HEADER_FILL = PatternFill("solid", fgColor="DDE8D5")


def cell_text(cell: Cell, labels: Labels) -> str:
    return "\n".join(
        f"{labels(label)}{labels.colon} {value}" if label else value for label, value in cell
    )


def dumps(workshop: Workshop) -> bytes:
    """``logframe.xlsx`` for ``workshop``, in its language."""
    labels = Labels(workshop.language)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = labels(SHEET)[:31]  # a sheet name holds 31 characters
    sheet.append([labels(header) for header in HEADERS])
    for column, width in zip("ABCD", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
        header = sheet[f"{column}1"]
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
    sheet.freeze_panes = "A2"
    for row in matrix(workshop):
        if row.level == "total":
            continue
        indicators, sources, assumptions = row.cells
        costs: Cell = tuple((COSTS, money(c, workshop.language)) for c in row.costs)
        values = [
            row.title,
            cell_text(indicators, labels),
            cell_text(costs + sources, labels),
            cell_text(assumptions, labels),
        ]
        sheet.append([spreadsheet_cell(value) for value in values])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row.level in ("goal", "objective"):
                cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
