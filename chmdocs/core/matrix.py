"""The comment matrix: every comment of a review round, one row each, with
two columns for the organiser — the decision taken and the response given —
as every UN and standards review keeps it (ISO's commenting template:
comment, proposed change, observations of the secretariat).

:func:`write_matrix` writes it (``chmdocs review SHEETS -o matrix.xlsx``);
written again over an earlier matrix, with more workbooks, it keeps every
decision and response the organiser had entered, row by row, however they
sorted the rows. :func:`read_matrix` reads the decisions back (for the
``review-summary`` view's ``:matrix:``). No Sphinx import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chmdocs.core.exports.sheets import (
    filled_workbook,
    print_setup,
    read_rows,
    row_height,
    safe_sheet_name,
    saved,
)
from chmdocs.core.messages import N_, catalog
from chmdocs.core.review import (
    FILLED,
    OPINION_LABELS,
    Consolidation,
    Problem,
    fold,
    in_every_language,
)

DECISIONS = ("accepted", "partly", "rejected", "noted")
DECISION_LABELS = {
    "accepted": N_("accepted"),
    "partly": N_("partly"),
    "rejected": N_("rejected"),
    "noted": N_("noted"),
}
SHEET = N_("Comment matrix")
NEW_PROPOSAL = N_("New proposal")
#: The matrix's columns: key, heading (a message), width. "key" is hidden: it
#: names the comment whatever the organiser does to the visible cells.
COLUMNS = (
    ("kind", N_("Kind"), 12),
    ("id", "Id", 18),
    ("item", N_("Item"), 34),
    ("reviewer", N_("Reviewer"), 22),
    ("organization", N_("Organization"), 22),
    ("opinion", FILLED["opinion"], 12),
    ("comment", FILLED["comment"], 40),
    ("proposal", FILLED["proposal"], 36),
    ("decision", N_("Decision"), 14),
    ("response", N_("Response"), 40),
    ("key", "key", 10),
)


@dataclass(frozen=True)
class Decision:
    decision: str  # one of DECISIONS, or "" when none was taken
    response: str


@dataclass
class Matrix:
    """The organiser's decisions, by comment, and the items they name."""

    decisions: dict[str, Decision] = field(default_factory=dict)
    #: (kind, id) of every item a row names, with the row (for warnings).
    items: list[tuple[str, str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def comment_key(kind: str, ident: str, reviewer: str, comment: str, proposal: str) -> str:
    """A comment's name in the matrix: the same comment, the same key."""
    text = "\x1f".join(fold(part) for part in (kind, ident, reviewer, comment, proposal))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def matrix_rows(result: Consolidation) -> list[dict[str, str]]:
    """One row per comment, then one per new proposal, in the summary's order."""
    rows = []
    for item in result.items:
        for comment in item.comments:
            rows.append(
                {
                    "kind": item.kind,
                    "id": item.id,
                    "item": item.title,
                    "reviewer": comment["reviewer"],
                    "organization": comment["organization"],
                    "opinion": comment["opinion"] or "",
                    "comment": comment["comment"],
                    "proposal": comment["proposal"],
                }
            )
    for found in result.proposals:
        rows.append(
            {
                "kind": "proposal",
                "id": "",
                "item": found.get("text", ""),
                "reviewer": found["reviewer"],
                "organization": found["organization"],
                "opinion": found.get("opinion", ""),
                "comment": found.get("comment", ""),
                "proposal": found.get("proposal", ""),
            }
        )
    for row in rows:
        row["key"] = comment_key(
            row["kind"], row["id"], row["reviewer"], row["comment"], row["proposal"]
        )
    return rows


def write_matrix(result: Consolidation, language: str, earlier: Matrix | None = None) -> bytes:
    """The comment matrix of ``result``, in ``language``; decisions and responses
    from ``earlier`` (a matrix written before) kept where their comment still is."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from chmdocs.core.changes import kind_name
    from chmdocs.core.escape import spreadsheet_cell

    translate = catalog(language).gettext
    kept = earlier.decisions if earlier is not None else {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = safe_sheet_name(translate(SHEET))
    wrap = Alignment(wrap_text=True, vertical="top")
    headings = [(translate(label) if key != "key" else key, width) for key, label, width in COLUMNS]
    for column, (label, width) in enumerate(headings, start=1):
        cell = sheet.cell(1, column, label)
        cell.font, cell.alignment = Font(bold=True, color="FFFFFF"), wrap
        cell.fill = PatternFill("solid", fgColor="1F4E5F")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    to_fill = PatternFill("solid", fgColor="FFF4D6")
    rows = matrix_rows(result)
    for number, row in enumerate(rows, start=2):
        earlier_decision = kept.get(row["key"], Decision("", ""))
        shown = {
            **row,
            "kind": translate(NEW_PROPOSAL)
            if row["kind"] == "proposal"
            else kind_name(row["kind"], translate),
            "opinion": translate(OPINION_LABELS[row["opinion"]]) if row["opinion"] else "",
            "decision": (
                translate(DECISION_LABELS[earlier_decision.decision])
                if earlier_decision.decision
                else ""
            ),
            "response": earlier_decision.response,
        }
        for column, (key, _label, _width) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(number, column, spreadsheet_cell(shown[key]) or None)
            cell.alignment = wrap
            if key in ("decision", "response"):
                cell.fill, cell.protection = to_fill, Protection(locked=False)
        texts = [str(shown[key]) for key, _label, _width in COLUMNS[:-1]]
        sheet.row_dimensions[number].height = max(row_height(texts, headings), 30)
    if rows:
        letter = get_column_letter([k for k, _l, _w in COLUMNS].index("decision") + 1)
        labels = [translate(DECISION_LABELS[d]) for d in DECISIONS]
        choice = DataValidation(
            type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
        )
        choice.add(f"{letter}2:{letter}{len(rows) + 1}")
        sheet.add_data_validation(choice)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS) - 1)}{len(rows) + 1}"
    print_setup(sheet, landscape=True)
    return saved(book, "chmdocs-matrix", None)


def with_decisions(result: Consolidation, matrix: Matrix) -> Consolidation:
    """``result`` with each comment's and proposal's decision and response from
    the organiser's ``matrix`` (keys "decision" and "response")."""
    import dataclasses

    def decided(kind: str, ident: str, found: dict[str, Any]) -> dict[str, Any]:
        key = comment_key(
            kind, ident, found["reviewer"], found.get("comment", ""), found.get("proposal", "")
        )
        taken = matrix.decisions.get(key)
        if taken is None:
            return found
        return {**found, "decision": taken.decision, "response": taken.response}

    return dataclasses.replace(
        result,
        items=[
            dataclasses.replace(i, comments=[decided(i.kind, i.id, c) for c in i.comments])
            for i in result.items
        ],
        proposals=[decided("proposal", "", p) for p in result.proposals],
    )


def decision_of(text: Any) -> str | None:
    """The decision a cell holds, in either language and any case."""
    folded = fold(text).strip(" .!")
    for decision in DECISIONS:
        if folded in in_every_language(DECISION_LABELS[decision]) or folded == decision:
            return decision
    return None


def _kinds() -> dict[str, str]:
    from chmdocs.core.changes import KIND_NAMES

    found = {
        name: kind for kind, message in KIND_NAMES.items() for name in in_every_language(message)
    }
    found.update(dict.fromkeys(in_every_language(NEW_PROPOSAL), "proposal"))
    return found


def read_matrix(path: Path) -> Matrix:
    """The decisions of a comment matrix, by comment; what cannot be read is
    a problem naming the file and row, never an exception."""
    found = Matrix()
    name = str(path)

    def problem(sheet: str, row: int, message: str) -> None:
        found.problems.append(Problem(name, sheet, row, message))

    with filled_workbook(path, problem) as book:
        if book is not None:
            _read_decisions(book, name, found)
    return found


def _read_decisions(book: Any, name: str, found: Matrix) -> None:
    """The first sheet's decisions and responses, by comment."""
    sheet = book.worksheets[0]
    rows = read_rows(sheet)
    names: dict[str, str] = {"key": "key", "id": "id"}
    for key, label, _width in COLUMNS:
        names.update(dict.fromkeys(in_every_language(label), key))
    columns = {names[fold(v)]: i for i, v in enumerate(next(rows, ()) or ()) if fold(v) in names}
    if "decision" not in columns:
        found.problems.append(Problem(name, sheet.title, 1, "no Decision column"))
        return
    kinds = _kinds()
    for number, row in enumerate(rows, start=2):
        cells = {k: _cell(row, i) for k, i in columns.items()}
        kind = kinds.get(fold(cells.get("kind", "")), "")
        written = cells.get("decision", "")
        decision = decision_of(written) if written else ""
        if written and decision is None:
            found.problems.append(
                Problem(
                    name,
                    sheet.title,
                    number,
                    f"decision {written!r} is none of {', '.join(DECISIONS)}; it was left out",
                )
            )
            decision = ""
        key = cells.get("key") or comment_key(
            kind,
            cells.get("id", ""),
            cells.get("reviewer", ""),
            cells.get("comment", ""),
            cells.get("proposal", ""),
        )
        if decision or cells.get("response"):
            found.decisions[key] = Decision(decision or "", cells.get("response", ""))
        if kind and kind != "proposal" and cells.get("id"):
            found.items.append((kind, cells["id"], number))


def _cell(row: Iterable[Any] | None, index: int) -> str:
    values = list(row or ())
    value = values[index] if index < len(values) else None
    return "" if value is None else str(value).strip()


__all__ = [
    "DECISIONS",
    "Decision",
    "Matrix",
    "comment_key",
    "decision_of",
    "matrix_rows",
    "read_matrix",
    "with_decisions",
    "write_matrix",
]
