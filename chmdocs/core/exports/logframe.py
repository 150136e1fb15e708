"""The logical framework as a workbook (``logframe.xlsx``): the matrix, and
a budget a donor can work with.

One sheet. Row 1: the four column headers of the matrix (A–D), then the
level ("Objectif spécifique 1", "Activité 1.2") and one cost column per
currency, and the reporting currency's column when every currency has a
rate. Then one row per level in the matrix's order, column A the item's
title; costs are numbers in their currency's number format; each
objective's subtotal is a ``SUM`` over its activities' cells, the total a
sum of the subtotals, the reporting column a formula over the rates.
Under the matrix: the exchange rates used and the dropped actions left out.
Text cells are safe from formulas; the header row is frozen.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chmdocs.core.escape import spreadsheet_cell
from chmdocs.core.exports.labels import Labels
from chmdocs.core.exports.sheets import print_setup, row_height
from chmdocs.core.language import locale_name
from chmdocs.core.logframe import (
    HEADERS,
    LEVEL_LABELS,
    Cell,
    Logframe,
    Row,
    dropped_label,
    logframe,
    notes,
)
from chmdocs.core.messages import N_
from chmdocs.core.model import Workshop

WIDTHS = (50, 42, 36, 36)
SHEET = N_("Logical framework")
LEVEL = N_("Level")
COST_IN = N_("Cost ({currency})")
REPORTING_COST = N_("Cost in the reporting currency ({currency})")
SUBTOTAL = N_("Total of the activities of objective")
TOTAL = N_("Total of all activities")
HEADER_FILL = PatternFill("solid", fgColor="DDE8D5")
SUM_FILL = PatternFill("solid", fgColor="F2F2F2")


def cell_text(cell: Cell, labels: Labels) -> str:
    return "\n".join(
        f"{labels(label)}{labels.colon} {value}" if label else value for label, value in cell
    )


def number_format(currency: str, language: str) -> str:
    """Excel's number format for amounts in ``currency``: its decimals and sign,
    "#,##0.00 "€"", "#,##0 "F CFA"" (the reader's Excel groups the digits)."""
    from babel.numbers import get_currency_precision, get_currency_symbol

    digits = get_currency_precision(currency)
    symbol = get_currency_symbol(currency, locale=locale_name(language)).replace('"', "")
    decimals = "." + "0" * digits if digits else ""
    return f'#,##0{decimals} "{symbol}"'


def level_label(row: Row, labels: Labels) -> str:
    if row.level == "subtotal":
        return f"{labels(SUBTOTAL)} {row.number}"
    if row.level == "total":
        return labels(TOTAL)
    label = labels(LEVEL_LABELS[row.level])
    return f"{label} {row.number}" if row.number else label


class BudgetColumns:
    """Where each currency's costs go, and the reporting currency's column
    (when every currency has a rate and the costs are not all in it)."""

    def __init__(self, frame: Logframe, first: int) -> None:
        self.frame = frame
        self.currencies = list(frame.currencies)
        self.column = {c: get_column_letter(first + n) for n, c in enumerate(self.currencies)}
        reporting = frame.budget.currency
        converts = reporting and not frame.missing_rates and self.currencies != [reporting]
        self.reporting = reporting if converts and self.currencies else ""
        self.reporting_column = get_column_letter(first + len(self.currencies))

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(currency, column letter) of every amount column."""
        found = [(c, self.column[c]) for c in self.currencies]
        if self.reporting:
            found.append((self.reporting, self.reporting_column))
        return found

    def conversion(self, line: int) -> str:
        """A formula: an activity's cost in the reporting currency, rounded to cents."""
        terms = []
        for currency in self.currencies:
            cell = f"{self.column[currency]}{line}"
            rate = self.frame.budget.rate(currency)
            terms.append(cell if currency == self.reporting else f"{cell}/{rate}")
        return f"=ROUND({'+'.join(terms)},2)"


def dumps(workshop: Workshop) -> bytes:
    """``logframe.xlsx`` for ``workshop``, in its language."""
    labels = Labels(workshop.language)
    frame = logframe(workshop)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = labels(SHEET)[:31]  # a sheet name holds 31 characters
    budget = BudgetColumns(frame, first=len(HEADERS) + 2)
    header = [labels(h) for h in HEADERS] + [labels(LEVEL)]
    header += [labels(COST_IN).format(currency=c) for c in budget.currencies]
    if budget.reporting:
        header.append(labels(REPORTING_COST).format(currency=budget.reporting))
    sheet.append(header)
    widths = (*WIDTHS, 24, *(18 for _ in budget.columns))
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet[f"{letter}1"].fill = HEADER_FILL
        sheet[f"{letter}1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    write_rows(sheet, frame, budget, labels)
    for line in range(1, sheet.max_row + 1):
        texts = [str(cell.value or "") for cell in sheet[line][: len(widths)]]
        sheet.row_dimensions[line].height = row_height(texts, [("", w) for w in widths])
    for line in range(2, sheet.max_row + 1):
        for currency, column in budget.columns:
            sheet[f"{column}{line}"].number_format = number_format(currency, workshop.language)
    write_notes(sheet, frame, labels, workshop.language)
    print_setup(sheet, landscape=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_rows(sheet: Worksheet, frame: Logframe, budget: BudgetColumns, labels: Labels) -> None:
    #: Sheet lines of the costed activities of the current objective, and of the subtotals.
    activities: list[int] = []
    subtotals: list[int] = []
    for row in frame.rows:
        indicators, sources, assumptions = row.cells
        costed: Cell = ((N_("Costs counted under activity"), row.costed_under),)
        values = [
            level_label(row, labels) if row.is_sum else row.title,
            cell_text(indicators, labels),
            cell_text((costed if row.costed_under else ()) + sources, labels),
            cell_text(assumptions, labels),
            level_label(row, labels),
        ]
        sheet.append([spreadsheet_cell(value) for value in values])
        line = sheet.max_row
        if row.level == "activity" and row.costs:
            activities.append(line)
            for cost in row.costs:
                sheet[f"{budget.column[cost.currency]}{line}"] = cost.amount
            if budget.reporting:
                sheet[f"{budget.reporting_column}{line}"] = budget.conversion(line)
        elif row.level == "subtotal":
            subtotals.append(line)
            sum_over(sheet, budget, line, activities)
            activities = []
        elif row.level == "total":
            sum_over(sheet, budget, line, subtotals)
        style_row(sheet, row, line)


def sum_over(sheet: Worksheet, budget: BudgetColumns, line: int, lines: Sequence[int]) -> None:
    """Formulas: each amount column of ``line`` as the sum of those ``lines``."""
    for _currency, column in budget.columns:
        cells = ",".join(f"{column}{n}" for n in lines)
        sheet[f"{column}{line}"] = f"=SUM({cells})" if cells else 0


def style_row(sheet: Worksheet, row: Row, line: int) -> None:
    for cell in sheet[line]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row.level in ("goal", "objective") or row.is_sum:
            cell.font = Font(bold=True)
        if row.is_sum:
            cell.fill = SUM_FILL


def write_notes(sheet: Worksheet, frame: Logframe, labels: Labels, language: str) -> None:
    """The rates used, the currencies left unconverted, the dropped actions."""
    lines = [f"{labels(label)}{labels.colon} {value}" for label, value in notes(frame, language)]
    if frame.dropped:
        titles = "; ".join(a.title for a in frame.dropped)
        label = dropped_label(labels.ngettext, len(frame.dropped))
        lines.append(f"{label}{labels.colon} {titles}")
    if lines:
        sheet.append([])
    for line in lines:
        sheet.append([spreadsheet_cell(line)])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
