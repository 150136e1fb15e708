"""What every workbook chmdocs writes shares: rows tall enough for their
wrapped text (LibreOffice does not grow them), A4 printing one page wide,
sheet names spreadsheet programs accept. No Sphinx import."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: Points per line of wrapped text, and characters per unit of column width.
LINE_HEIGHT = 13.5
CHARACTERS_PER_WIDTH = 1.0


def row_height(texts: Sequence[str], headings: Sequence[tuple[str, int]]) -> float:
    """The height (points) a row needs for its wrapped texts to show whole."""
    import math

    lines = 1
    for text, (_label, width) in zip(texts, headings, strict=False):
        per_line = max(int(width * CHARACTERS_PER_WIDTH), 1)
        needed = sum(max(math.ceil(len(part) / per_line), 1) for part in str(text).split("\n"))
        lines = max(lines, needed)
    return min(lines * LINE_HEIGHT + 4, 409)  # 409 points: the most a row may be


def print_setup(sheet: Any, *, landscape: bool) -> None:
    """Printed, as many participants will: A4, one page wide, headings on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if landscape:
        sheet.print_title_rows = "1:1"


def safe_sheet_name(name: str) -> str:
    """A sheet name spreadsheet programs accept: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in name).strip("' ")
    return cleaned[:31] or "Sheet"


def saved(book: Any, keyword: str, day: dt.date | None) -> bytes:
    """A workbook's bytes, marked as chmdocs' own (``keyword``) and dated by
    ``day`` (the workshop's), never the clock: the same model, the same file."""
    book.properties.keywords = keyword
    book.properties.creator = "chmdocs"
    stamp = dt.datetime.combine(day or dt.date(2000, 1, 1), dt.time())
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: Rows chmdocs reads of one sheet someone filled: far more than any review,
#: questionnaire or matrix holds, few enough that a sheet claiming a row
#: 99,999,999 is read in a moment.
MAX_READ_ROWS = 20_000

#: Told where a workbook could not be read: (sheet, row, why).
Reporter = Callable[[str, int, str], None]


class SheetError(Exception):
    """Why a sheet was not read on from ``row``, said to its author."""

    def __init__(self, sheet: str, row: int, message: str) -> None:
        super().__init__(message)
        self.sheet, self.row, self.message = sheet, row, message


def reason_of(error: BaseException) -> str:
    """An exception from a file's reader as a few words for its author."""
    return " ".join(str(error).split())[:160] or type(error).__name__


@contextlib.contextmanager
def filled_workbook(path: Path, problem: Reporter) -> Iterator[Any]:
    """A workbook someone filled, open for reading (None when the file is no
    workbook); whatever stops the reading is told to ``problem`` with its
    sheet and row, never raised: what was read before stays, and the other
    files are read all the same."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        problem("", 0, f"not a workbook chmdocs can read ({reason_of(error)})")
        yield None
        return
    try:
        yield book
    except SheetError as error:
        problem(error.sheet, error.row, error.message)
    except Exception as error:  # a workbook's parts are read lazily, by openpyxl
        problem("", 0, f"could not be read ({reason_of(error)})")
    finally:
        book.close()


def read_rows(
    sheet: Any,
    *,
    min_row: int = 1,
    max_row: int | None = None,
    max_col: int | None = None,
    limit: int = MAX_READ_ROWS,
) -> Iterator[tuple[Any, ...]]:
    """A filled sheet's rows (values), read defensively: rows past the size the
    file declares are read too, at most ``limit`` are, and a cell the reader
    chokes on (a NaN number, a date that is none, a shared string that does
    not exist, a cell reference past the last column) ends the reading with a
    :class:`SheetError` naming the sheet and the row."""
    title = str(getattr(sheet, "title", ""))
    with contextlib.suppress(Exception):
        if max_row is None:
            sheet.reset_dimensions()  # a wrong <dimension> hides no row
    rows = sheet.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True)
    number = min_row
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl raises many kinds for a hostile sheet
            message = f"could not be read from here on ({reason_of(error)})"
            raise SheetError(title, number, message) from None
        if number - min_row >= limit:
            raise SheetError(title, number, f"more than {limit} rows: the rest was not read")
        yield row
        number += 1
