"""The review round: the workbook participants fill offline, and reading
the filled workbooks back.

:func:`write_workbook` makes the ``.xlsx`` (``chmdocs export review``): a
``Reviewer`` sheet, then one sheet per kind reviewed (objectives, actions,
groups' results) whose column A holds the item's id, locked, then its text
and details, then the three columns a reviewer fills: opinion (a drop-down
list), comment and proposed text. :func:`consolidate` reads filled
workbooks (``chmdocs review``, the ``review-summary`` view) and counts the
opinions per item, keeping every comment and proposal with its reviewer.

People do things to spreadsheets: rows reordered or emptied, columns
added, sheets renamed, opinions typed by hand in either language and any
case, files saved again by another program. Columns are found by their
headings, sheets by their name or by the ids they hold; what cannot be
read is a :class:`Problem` naming the file, sheet and row, never an
exception. No Sphinx import.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
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
from chmdocs.core.language import colon
from chmdocs.core.messages import N_, catalog
from chmdocs.core.model import Action, Participant, Workshop, name_words

#: The opinions, in the order they are counted, and their labels.
OPINIONS = ("agree", "amend", "disagree")
OPINION_LABELS = {"agree": N_("agree"), "amend": N_("amend"), "disagree": N_("disagree")}
#: What people type for each opinion, folded (accents, case, apostrophes).
_OPINION_WORDS = {
    "agree": {"agree", "agreed", "d'accord", "daccord", "accord", "ok", "yes", "oui"},
    "amend": {"amend", "a modifier", "modifier", "to amend", "amended", "modify", "a amender"},
    "disagree": {"disagree", "pas d'accord", "pas daccord", "desaccord", "no", "non"},
}

#: The kinds reviewed, each with its sheet's name (a message).
SHEETS = {
    "objective": N_("Objectives"),
    "action": N_("Actions"),
    "group": N_("Groups' results"),
    "section": N_("Final document"),
}
#: The last sheet: comments on nothing in particular, and new proposals.
GENERAL_SHEET = N_("General comments")
#: Empty rows the general sheet offers.
GENERAL_ROWS = 30
SUBJECT = N_("Subject")
REVIEWER_SHEET = N_("Reviewer")
REVIEWERS = N_("Reviewers")
REVIEWER_FIELDS = (N_("Name"), N_("Organization"), N_("Country"))
#: The hidden row of a workbook made for one participant (``export review --each``).
PARTICIPANT_FIELD = N_("Participant")
NEW_PROPOSALS = N_("General comments and new proposals")
#: The columns a reviewer fills.
FILLED = {"opinion": N_("Opinion"), "comment": N_("Comment"), "proposal": N_("Proposed text")}
ID_HEADING = "Id"
#: Marks a workbook as chmdocs' own (its keywords property).
KEYWORD = "chmdocs-review"


def fold(text: Any) -> str:
    """A cell's text for comparison: accents, case, apostrophes and spacing ignored."""
    value = "" if text is None else str(text)
    value = value.replace("\u2019", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def in_every_language(message: str) -> set[str]:
    """``message`` folded in English and in every language chmdocs speaks."""
    from chmdocs.core.messages import LOCALE_DIR

    languages = [p.name for p in LOCALE_DIR.iterdir() if p.is_dir()]
    return {fold(message)} | {fold(catalog(lang).gettext(message)) for lang in languages}


def opinion_of(text: Any) -> str | None:
    """The opinion a cell holds, whatever the language or case; None if none."""
    folded = fold(text).strip(" .!")
    for opinion in OPINIONS:
        labels = in_every_language(OPINION_LABELS[opinion])
        if folded in _OPINION_WORDS[opinion] or folded in labels:
            return opinion
    return None


# -- writing ------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A section of the final document, open to comment: its anchor, number
    ("2.3") and title."""

    id: str
    number: str
    title: str


@dataclass(frozen=True)
class Row:
    """One item to review: its id, then the cells shown (text and details)."""

    id: str
    cells: tuple[str, ...]


#: Each shown column's heading and width.
Headings = list[tuple[str, int]]


#: An action's fields in the review workbook, after its title, and their widths.
REVIEWED_ACTION_FIELDS = (
    ("description", 40),
    ("owner", 18),
    ("partners", 20),
    ("due", 14),
    ("priority", 10),
    ("status", 12),
)


def rows_of(
    workshop: Workshop, kind: str, language: str, sections: Sequence[Section] = ()
) -> tuple[Headings, list[Row]]:
    """The heading (label, width) of each shown column, and the rows, of a kind."""
    from chmdocs.core.changes import FIELD_LABELS, describe

    translate = catalog(language).gettext
    people = {p.id: p.name for p in workshop.participants if p.publish}

    if kind == "section":
        headings = [(translate(N_("No.")), 8), (translate(N_("Section")), 60)]
        return headings, [Row(s.id, (s.number, s.title)) for s in sections]
    if kind == "objective":
        headings = [(translate(N_("No.")), 6), (translate(N_("Objective")), 40)]
        headings.append((translate(N_("Description")), 50))
        rows = [
            Row(o.id, (str(n), o.title, o.description))
            for n, o in enumerate(workshop.objectives, start=1)
        ]
        return headings, rows
    if kind == "action":
        # The fields a reviewer gives an opinion on, labelled and shown as
        # their declarations and diff show them (the title is "Action").
        headings = [(translate(N_("Action")), 36)] + [
            (translate(FIELD_LABELS[name]), width) for name, width in REVIEWED_ACTION_FIELDS
        ]

        def shown(action: Action, name: str) -> str:
            value = getattr(action, name)
            written = list(value) if isinstance(value, tuple) else value
            text = describe(name, str(written) if name == "due" and written else written,
                            translate, language, people)  # fmt: skip
            return "" if text == "—" else text

        rows = [
            Row(a.id, (a.title, *(shown(a, n) for n, _w in REVIEWED_ACTION_FIELDS)))
            for a in workshop.actions
        ]
        return headings, rows
    headings = [
        (translate(N_("Group")), 24),
        (translate(N_("Session")), 30),
        (translate(N_("Results")), 60),
    ]
    sessions = {s.id: s.title for s in workshop.sessions}
    rows = [
        Row(
            g.id,
            (
                f"{g.label}{colon(language)} {g.title}" if g.label else g.title,
                sessions.get(g.session or "", g.session or ""),
                # As the documents report them; else what the group's entry says.
                g.results or g.description,
            ),
        )
        for g in workshop.groups
    ]
    return headings, rows


def write_workbook(
    workshop: Workshop,
    kinds: Sequence[str] = tuple(SHEETS),
    *,
    sections: Sequence[Section] = (),
    reviewer: Participant | None = None,
) -> bytes:
    """The review workbook of ``workshop`` (its public part), in its language:
    a sheet per kind of ``kinds`` (sections: those of the final document, when
    given), then a sheet for general comments and new proposals. For one
    ``reviewer`` (a participant), their name, organization and country are
    filled in, and their id in a hidden, locked row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from chmdocs.core.escape import spreadsheet_cell

    workshop = workshop.public()
    language = workshop.language or "en"
    translate = catalog(language).gettext
    book = Workbook()
    heading_font = Font(bold=True, color="FFFFFF")
    heading_fill = PatternFill("solid", fgColor="1F4E5F")
    to_fill = PatternFill("solid", fgColor="FFF4D6")
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    def protect(sheet: Any) -> None:
        # Ids and texts stay as they are; columns and rows can still be
        # widened, and rows sorted or filtered.
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.protection.sort = False
        sheet.protection.autoFilter = False

    front = book.active
    front.title = safe_sheet_name(translate(REVIEWER_SHEET))
    known = reviewer_answers(reviewer, language)
    for row, label in enumerate(REVIEWER_FIELDS, start=1):
        front.cell(row, 1, translate(label)).font = Font(bold=True)
        answer = front.cell(row, 2, spreadsheet_cell(known[row - 1]) or None)
        answer.protection = unlocked
        answer.fill = to_fill
    if reviewer is not None:
        # Who the workbook was made for, whatever name they type above.
        front.cell(4, 1, translate(PARTICIPANT_FIELD))
        front.cell(4, 2, reviewer.id)
        front.row_dimensions[4].hidden = True
    title = front.cell(5, 1, spreadsheet_cell(workshop.title))
    title.font, title.alignment = Font(bold=True, size=12), wrap
    front.merge_cells("A5:B5")
    front.row_dimensions[5].height = 34
    instructions = translate(
        N_(
            "Write your name, organization and country above, then give your opinion "
            "on each item of the following sheets: agree, amend or disagree, with a "
            "comment and, if you wish, the text you propose."
        )
    )
    front.cell(6, 1, instructions).alignment = wrap
    front.merge_cells("A6:B6")
    front.row_dimensions[6].height = 60
    front.column_dimensions["A"].width = 22
    front.column_dimensions["B"].width = 60
    for number in (1, 2, 3):
        front.row_dimensions[number].height = 22
    print_setup(front, landscape=False)
    protect(front)

    opinions = [translate(OPINION_LABELS[o]) for o in OPINIONS]
    for kind in kinds:
        if kind == "section" and not sections:
            continue  # a model without its documents (a chmdocs.json) has no sections
        shown, rows = without_empty_columns(*rows_of(workshop, kind, language, sections))
        sheet = book.create_sheet(safe_sheet_name(translate(SHEETS[kind])))
        headings = [(ID_HEADING, 18), *shown]
        headings += [(translate(FILLED["opinion"]), 14), (translate(FILLED["comment"]), 34)]
        headings.append((translate(FILLED["proposal"]), 34))
        for column, (label, width) in enumerate(headings, start=1):
            cell = sheet.cell(1, column, label)
            cell.font, cell.fill, cell.alignment = heading_font, heading_fill, wrap
            sheet.column_dimensions[get_column_letter(column)].width = width
        first_filled = len(headings) - 2
        sheet.row_dimensions[1].height = row_height([label for label, _w in headings], headings)
        for number, item in enumerate(rows, start=2):
            sheet.cell(number, 1, item.id).alignment = wrap
            for column, value in enumerate(item.cells, start=2):
                sheet.cell(number, column, spreadsheet_cell(value)).alignment = wrap
            # Spreadsheet programs do not grow a row to its wrapped text by
            # themselves: room for the longest cell, and for a comment.
            texts = [item.id, *item.cells]
            sheet.row_dimensions[number].height = max(row_height(texts, headings), 45)
            for column in range(first_filled, len(headings) + 1):
                cell = sheet.cell(number, column)
                cell.protection, cell.fill, cell.alignment = unlocked, to_fill, wrap
        sheet.freeze_panes = "B2"
        print_setup(sheet, landscape=True)
        if rows:
            letter = get_column_letter(first_filled)
            choice = DataValidation(
                type="list",
                formula1='"' + ",".join(opinions) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=translate(FILLED["opinion"]),
                error=", ".join(opinions),
            )
            choice.add(f"{letter}2:{letter}{len(rows) + 1}")
            sheet.add_data_validation(choice)
        protect(sheet)
    general = book.create_sheet(safe_sheet_name(translate(GENERAL_SHEET)))
    headings = [(translate(SUBJECT), 30), (translate(FILLED["comment"]), 50)]
    headings.append((translate(FILLED["proposal"]), 50))
    for column, (label, width) in enumerate(headings, start=1):
        cell = general.cell(1, column, label)
        cell.font, cell.fill, cell.alignment = heading_font, heading_fill, wrap
        general.column_dimensions[get_column_letter(column)].width = width
        for number in range(2, GENERAL_ROWS + 2):
            cell = general.cell(number, column)
            cell.protection, cell.fill, cell.alignment = unlocked, to_fill, wrap
    for number in range(2, GENERAL_ROWS + 2):
        general.row_dimensions[number].height = 45
    general.freeze_panes = "A2"
    print_setup(general, landscape=True)
    protect(general)
    book.properties.title = spreadsheet_cell(workshop.title)[:250]
    book.properties.subject = workshop.id
    return saved(book, KEYWORD, workshop.start)


def reviewer_answers(reviewer: Participant | None, language: str) -> tuple[str, str, str]:
    """Name, organization and country (its name in ``language``) of a participant."""
    if reviewer is None:
        return ("", "", "")
    from babel import Locale

    from chmdocs.core.language import locale_name

    countries = Locale.parse(locale_name(language)).territories
    country = str(countries.get(reviewer.country, reviewer.country)) if reviewer.country else ""
    return (reviewer.name, reviewer.organization, country)


def workbooks_for_each(workshop: Workshop, sections: Sequence[Section] = ()) -> dict[str, bytes]:
    """A workbook per participant (published or not: the files are private),
    named ``review-<id>.xlsx``."""
    return {
        f"review-{p.id}.xlsx": write_workbook(workshop, sections=sections, reviewer=p)
        for p in workshop.participants
    }


def without_empty_columns(headings: Headings, rows: list[Row]) -> tuple[Headings, list[Row]]:
    """Columns nobody filled in (actions without descriptions) left out."""
    kept = [i for i in range(len(headings)) if any(row.cells[i].strip() for row in rows)]
    if not rows:
        return headings, rows
    return (
        [headings[i] for i in kept],
        [Row(row.id, tuple(row.cells[i] for i in kept)) for row in rows],
    )


# -- reading ------------------------------------------------------------------


def matching(pattern: str) -> list[Path]:
    """The files a glob names (``reviews/*.xlsx``), in name order."""
    import glob

    return [Path(p) for p in sorted(glob.glob(pattern)) if Path(p).is_file()]  # noqa: PTH207


@dataclass(frozen=True)
class Problem:
    """Something in a workbook that could not be read: where, and why."""

    file: str
    sheet: str
    row: int
    message: str

    def as_text(self) -> str:
        where = ", ".join(
            part
            for part in (
                self.file,
                f"sheet {self.sheet!r}" if self.sheet else "",
                f"row {self.row}" if self.row else "",
            )
            if part
        )
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Reviewer:
    name: str
    organization: str
    country: str
    file: str
    #: The participant the reviewer is, when the name or id matched one.
    participant: str = ""
    #: Whether the reviewer may be named in a public output.
    publish: bool = True

    def describe(self) -> str:
        details = ", ".join(p for p in (self.organization, self.country) if p)
        return f"{self.name} ({details})" if details else self.name

    def to_data(self) -> dict[str, Any]:
        """As ``chmdocs review`` and ``chmdocs answers`` write a person in JSON."""
        found = {
            "name": self.name,
            "organization": self.organization,
            "country": self.country,
            "file": self.file,
        }
        return {**found, "participant": self.participant} if self.participant else found


@dataclass
class ItemReview:
    kind: str
    id: str
    title: str = ""
    opinions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPINIONS, 0))
    comments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Consolidation:
    reviewers: list[Reviewer] = field(default_factory=list)
    items: list[ItemReview] = field(default_factory=list)
    #: Rows written without an id: general comments and new proposals, each
    #: with its reviewer, the sheet's kind ("general", "action"…) and its texts.
    proposals: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The project's language, for the text output.
    language: str = "en"

    def to_data(self) -> dict[str, Any]:
        """The JSON of ``chmdocs review --format json`` (SPEC.md)."""
        return {
            "reviewers": [r.to_data() for r in self.reviewers],
            "items": [
                {
                    "kind": i.kind,
                    "id": i.id,
                    "title": i.title,
                    "opinions": dict(i.opinions),
                    "comments": list(i.comments),
                }
                for i in self.items
            ],
            "proposals": list(self.proposals),
        }

    def public(self, workshop: Workshop, withheld: str) -> Consolidation:
        """This consolidation as a public document may show it: a reviewer who is
        an unpublished participant is named nowhere — not as reviewer, not by
        organization or country, not inside anyone's comment or proposal —
        and shows as ``withheld``; their opinions still count."""
        hidden = [r for r in self.reviewers if not r.publish]
        names = [p.name for p in workshop.participants if not p.publish]
        names += [r.name for r in hidden]
        hidden_names = {r.name for r in hidden}

        def anonymous(reviewer: Reviewer) -> Reviewer:
            if reviewer.publish:
                return reviewer
            return dataclasses.replace(reviewer, name=withheld, organization="", country="")

        def comment(found: dict[str, Any]) -> dict[str, Any]:
            found = dict(found)
            if found["reviewer"] in hidden_names:
                found.update(reviewer=withheld, organization="", country="")
            for key in ("comment", "proposal", "response"):
                if key in found:
                    found[key] = redact(found[key], names)
            return found

        def proposal(found: dict[str, Any]) -> dict[str, Any]:
            found = comment({"comment": "", "proposal": "", **found})
            found["text"] = redact(found.get("text", ""), names)
            return found

        return dataclasses.replace(
            self,
            reviewers=[anonymous(r) for r in self.reviewers],
            items=[
                dataclasses.replace(i, comments=[comment(c) for c in i.comments])
                for i in self.items
            ],
            proposals=[proposal(p) for p in self.proposals],
        )


#: Apostrophes people type in names, and the one they are compared as.
APOSTROPHES = dict.fromkeys("\u2019\u2018\u02bc`\u00b4", "'")

#: What stands in the place of a name that may not be published.
REDACTED = "[…]"


def _fold_chars(text: str) -> str:
    """``text`` with accents and case folded, one character for one, so that a
    match in the folded text is at the same place in the text."""
    folded = []
    for char in text:
        char = APOSTROPHES.get(char, char)
        base = unicodedata.normalize("NFKD", char)[:1] or char
        lower = base.lower()
        folded.append(lower if len(lower) == 1 else base)
    return "".join(folded)


def redact(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` replaced by "[…]", written in either order
    of its words, in any case, with or without accents or a title."""
    from chmdocs.core.model import without_title

    if not text:
        return text
    for name in names:
        words = without_title(name).split()
        if len(words) < 2:
            continue
        folded = [_fold_chars(w) for w in words]
        title = r"(?:(?:m|mme|mlle|mr|mrs|ms|dr|prof|pr)\.?\s+)?"
        forms = [folded, [*folded[-1:], *folded[:-1]]]
        for form in forms:
            pattern = re.compile(r"\b" + title + r"[\s-]+".join(re.escape(w) for w in form) + r"\b")
            while True:
                match = pattern.search(_fold_chars(text))
                if match is None:
                    break
                text = text[: match.start()] + REDACTED + text[match.end() :]
    return text


def _sheet_kinds() -> dict[str, str]:
    """Every name a kind's sheet goes by, folded, in every language."""
    return {name: kind for kind, message in SHEETS.items() for name in in_every_language(message)}


def _column_names() -> dict[str, str]:
    names = {fold(ID_HEADING): "id", "identifiant": "id", "id.": "id"}
    for key, message in FILLED.items():
        names.update(dict.fromkeys(in_every_language(message), key))
    names.update({"proposal": "proposal", "proposed wording": "proposal", "avis": "opinion"})
    return names


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def consolidate(
    paths: Iterable[str | Path],
    workshop: Workshop | None = None,
    sections: Sequence[Section] = (),
) -> Consolidation:
    """Every filled workbook of ``paths`` read and counted per item, and every
    row written without an id kept as a new proposal.

    With ``workshop`` (the project's model) and the final document's
    ``sections``, each id is checked, each reviewer matched to the
    participants, and each item listed in the model's order with its title;
    without it, as found.
    """
    language = workshop.language if workshop is not None else "en"
    context = Context.of(workshop, sections)
    # Each workbook read apart: a reviewer who returned two counts once, by
    # the workbook read last (the files come in name order: "avis-v2" after "avis").
    by_reviewer: dict[str, tuple[Consolidation, dict[tuple[str, str], ItemReview]]] = {}
    problems: list[Problem] = []
    for number, path in enumerate(paths):
        one = Consolidation(language=language)
        found_one: dict[tuple[str, str], ItemReview] = {}
        read_workbook(Path(path), workshop, context, one, found_one)
        problems += one.problems
        if not one.reviewers:
            continue
        reviewer = one.reviewers[0]
        key = reviewer.participant or fold(" ".join(name_words(reviewer.name))) or f"#{number}"
        if key in by_reviewer:
            earlier = by_reviewer[key][0].reviewers[0].file
            problems.append(
                Problem(
                    str(path),
                    "",
                    0,
                    f"{reviewer.name or 'the reviewer'} also returned {earlier}: "
                    "only this workbook is counted",
                )
            )
            del by_reviewer[key]
        by_reviewer[key] = (one, found_one)
    result = Consolidation(language=language, problems=problems)
    found: dict[tuple[str, str], ItemReview] = {}
    for one, found_one in by_reviewer.values():
        result.reviewers += one.reviewers
        result.proposals += one.proposals
        for item_key, item in found_one.items():
            merged = found.setdefault(item_key, ItemReview(item.kind, item.id, item.title))
            for opinion, count in item.opinions.items():
                merged.opinions[opinion] += count
            merged.comments += item.comments
    order = {key: n for n, key in enumerate(context.titles)}
    result.items = sorted(found.values(), key=lambda i: order.get((i.kind, i.id), len(order)))
    return result


def read_workbook(
    path: Path,
    workshop: Workshop | None,
    context: Context,
    result: Consolidation,
    found: dict[tuple[str, str], ItemReview],
) -> None:
    name = str(path)

    def problem(sheet: str, row: int, message: str) -> None:
        result.problems.append(Problem(name, sheet, row, message))

    with filled_workbook(path, problem) as book:
        if book is not None:
            _read_book(book, name, workshop, context, result, found, problem)


def _read_book(
    book: Any,
    name: str,
    workshop: Workshop | None,
    context: Context,
    result: Consolidation,
    found: dict[tuple[str, str], ItemReview],
    problem: Callable[[str, int, str], None],
) -> None:
    reviewer = _reviewer(book, name)
    item_sheets = [s for s in book.worksheets if _heading_row(s) is not None]
    general = [s for s in book.worksheets if _is_general(s)]
    if reviewer is None and not item_sheets and not general:
        problem("", 0, "not a chmdocs review workbook (no Reviewer sheet, no Opinion column)")
        return
    if reviewer is None:
        problem("", 0, "no Reviewer sheet: the opinions are counted without a name")
        reviewer = Reviewer("", "", "", name)
    elif not reviewer.name:
        problem(_reviewer_title(book), 1, "the reviewer's name is empty")
    reviewer = identified(reviewer, workshop)
    result.reviewers.append(reviewer)
    context = dataclasses.replace(context, language=language_of(book))
    for sheet in item_sheets:
        _read_sheet(sheet, reviewer, context, found, result.proposals, problem)
    for sheet in general:
        _read_general(sheet, reviewer, result.proposals)


def identified(reviewer: Reviewer, workshop: Workshop | None) -> Reviewer:
    """``reviewer`` matched to the participant they are (by id, or by name in
    any spelling): the participant's own organization and country fill what
    the reviewer left blank, and their publication choice follows them."""
    found = None
    if workshop is not None:
        found = workshop.participant(reviewer.participant) if reviewer.participant else None
        found = found or workshop.participant_named(reviewer.name)
    if found is None:
        return reviewer
    return dataclasses.replace(
        reviewer,
        organization=reviewer.organization or found.organization,
        country=reviewer.country or found.country,
        participant=found.id,
        publish=found.publish,
    )


def _reviewer_title(book: Any) -> str:
    sheet = _reviewer_sheet(book)
    return str(sheet.title) if sheet is not None else ""


def _reviewer_sheet(book: Any) -> Any:
    names = in_every_language(REVIEWER_SHEET)
    for sheet in book.worksheets:
        if fold(sheet.title) in names:
            return sheet
    # Renamed: the sheet whose column A starts with Name, Organization, Country.
    labels = [in_every_language(label) for label in REVIEWER_FIELDS]
    for sheet in book.worksheets:
        firsts = [
            fold(row[0]) if row else "" for row in read_rows(sheet, min_row=1, max_row=3, max_col=1)
        ]
        if len(firsts) == 3 and all(f in ok for f, ok in zip(firsts, labels, strict=True)):
            return sheet
    return None


def _reviewer(book: Any, name: str) -> Reviewer | None:
    sheet = _reviewer_sheet(book)
    if sheet is None:
        return None
    labels = [in_every_language(label) for label in (*REVIEWER_FIELDS, PARTICIPANT_FIELD)]
    answers = ["", "", "", ""]
    for row in read_rows(sheet, min_row=1, max_row=10, max_col=3):
        if not row:
            continue
        for index, ok in enumerate(labels):
            if fold(row[0]) in ok and len(row) > 1:
                answers[index] = _text(row[1])
    return Reviewer(answers[0], answers[1], answers[2], name, participant=answers[3])


def _is_general(sheet: Any) -> bool:
    """The sheet of general comments and new proposals (by its name, in any language)."""
    return fold(sheet.title) in in_every_language(GENERAL_SHEET)


def _proposal(reviewer: Reviewer, sheet: str, **texts: str) -> dict[str, Any]:
    return {
        "reviewer": reviewer.name,
        "organization": reviewer.organization,
        "country": reviewer.country,
        "sheet": sheet,
        **texts,
    }


def _read_general(sheet: Any, reviewer: Reviewer, proposals: list[dict[str, Any]]) -> None:
    """Each row written in the general sheet: a comment or a new proposal."""
    names = _column_names()
    names.update(dict.fromkeys(in_every_language(SUBJECT), "subject"))
    columns: dict[str, int] = {}
    rows = read_rows(sheet)
    for index, value in enumerate(next(rows, ()) or ()):
        key = names.get(fold(value))
        if key is not None:
            columns.setdefault(key, index)
    for row in rows:
        cells = {k: _text(row[i]) if row and i < len(row) else "" for k, i in columns.items()}
        if any(cells.values()):
            proposals.append(
                _proposal(
                    reviewer,
                    "general",
                    text=cells.get("subject", ""),
                    comment=cells.get("comment", ""),
                    proposal=cells.get("proposal", ""),
                )
            )


def _heading_row(sheet: Any) -> tuple[int, dict[str, int]] | None:
    """The row holding the headings (among the first five) and the column of
    each heading chmdocs reads, found by name wherever the columns went."""
    names = _column_names()
    for number, row in enumerate(read_rows(sheet, min_row=1, max_row=5), start=1):
        columns: dict[str, int] = {}
        for index, value in enumerate(row or ()):
            key = names.get(fold(value))
            if key is not None:
                columns.setdefault(key, index)
        if "id" in columns and "opinion" in columns:
            return number, columns
    return None


def _read_sheet(
    sheet: Any,
    reviewer: Reviewer,
    context: Context,
    found: dict[tuple[str, str], ItemReview],
    proposals: list[dict[str, Any]],
    problem: Callable[[str, int, str], None],
) -> None:
    heading = _heading_row(sheet)
    assert heading is not None
    first, columns = heading
    sheet_kind = _sheet_kinds().get(fold(sheet.title))
    titles = context.titles
    for number, row in enumerate(read_rows(sheet, min_row=first + 1), start=first + 1):
        cells = {key: _text(row[i]) if row and i < len(row) else "" for key, i in columns.items()}
        ident = cells.get("id", "")
        written = {k: v for k, v in cells.items() if k != "id" and v}
        if not ident:
            # A row the reviewer added: a new proposal, kept with all it says.
            shown = [
                _text(value)
                for index, value in enumerate(row or ())
                if index not in columns.values() and _text(value)
            ]
            if shown or written:
                proposals.append(
                    _proposal(
                        reviewer,
                        sheet_kind or "item",
                        text=" — ".join(shown),
                        opinion=opinion_of(cells.get("opinion", "")) or "",
                        comment=cells.get("comment", ""),
                        proposal=cells.get("proposal", ""),
                    )
                )
            continue
        if not written:
            continue  # a row left as it was sent: nothing to count, whatever its id
        kind = _kind_of(ident, sheet_kind, titles, context.sections_known)
        if kind is None:
            where = "nothing" if context.known else "unknown"
            problem(
                sheet.title,
                number,
                f"id {ident!r} names {where} of the project; the row was left out",
            )
            continue
        opinion_text = cells.get("opinion", "")
        opinion = opinion_of(opinion_text) if opinion_text else None
        if opinion_text and opinion is None:
            # The choices as the reviewer's workbook offers them, in its language.
            offered = [catalog(context.language).gettext(OPINION_LABELS[o]) for o in OPINIONS]
            problem(
                sheet.title,
                number,
                f"opinion {opinion_text!r} is none of "
                f"{', '.join(offered)}; it was kept as a comment",
            )
        item = found.setdefault(
            (kind, ident), ItemReview(kind, ident, titles.get((kind, ident), ""))
        )
        if opinion is not None:
            item.opinions[opinion] += 1
        comment = cells.get("comment", "")
        if opinion_text and opinion is None:
            comment = f"{opinion_text} {comment}".strip()
        proposal = cells.get("proposal", "")
        if comment or proposal:
            item.comments.append(
                {
                    "reviewer": reviewer.name,
                    "organization": reviewer.organization,
                    "country": reviewer.country,
                    "opinion": opinion,
                    "comment": comment,
                    "proposal": proposal,
                }
            )


@dataclass(frozen=True)
class Context:
    """What a workbook is read against: the items the project has, and the
    workbook's language (for what is said of it)."""

    titles: dict[tuple[str, str], str]
    language: str = "en"
    #: Whether the final document's sections are among ``titles``: a model
    #: read from a chmdocs.json has none, and its section rows are kept unchecked.
    sections_known: bool = False

    @property
    def known(self) -> bool:
        return bool(self.titles)

    @classmethod
    def of(cls, workshop: Workshop | None, sections: Sequence[Section] = ()) -> Context:
        return cls(_titles(workshop, sections), sections_known=bool(sections))


def _titles(
    workshop: Workshop | None, sections: Sequence[Section] = ()
) -> dict[tuple[str, str], str]:
    if workshop is None:
        return {}
    objects = (*workshop.objectives, *workshop.actions, *workshop.groups)
    titles = {(o.kind, o.id): o.title for o in objects}
    titles.update({("section", s.id): f"{s.number} {s.title}" for s in sections})
    return titles


def language_of(book: Any) -> str:
    """The language a workbook was made in, from its sheets' names."""
    from chmdocs.core.messages import LOCALE_DIR

    names = {fold(sheet.title) for sheet in book.worksheets}
    for language in sorted(p.name for p in LOCALE_DIR.iterdir() if p.is_dir()):
        if fold(catalog(language).gettext(REVIEWER_SHEET)) in names:
            return language
    return "en"


def _kind_of(
    ident: str,
    sheet_kind: str | None,
    titles: dict[tuple[str, str], str],
    sections_known: bool = True,
) -> str | None:
    if not titles or (sheet_kind == "section" and not sections_known):
        return sheet_kind or "item"
    if sheet_kind is not None and (sheet_kind, ident) in titles:
        return sheet_kind
    # A renamed sheet, or an id moved to another sheet: the model knows its kind.
    return next((kind for kind, known in titles if known == ident), None)


# -- in words -----------------------------------------------------------------


def as_text(result: Consolidation, language: str | None) -> str:
    """The consolidation as a person reads it in a terminal, in ``language``."""
    from chmdocs.core.changes import kind_name

    translate = catalog(language or "en").gettext
    mark = colon(language)
    lines = [
        f"{translate(REVIEWERS)}{mark} "
        + ("; ".join(r.describe() or r.file for r in result.reviewers) or "—")
    ]
    for item in result.items:
        counts = ", ".join(f"{translate(OPINION_LABELS[o])} {item.opinions[o]}" for o in OPINIONS)
        title = f" — {item.title}" if item.title else ""
        lines.append(f"\n{kind_name(item.kind, translate)} {item.id}{title}")
        lines.append(f"  {counts}")
        for comment in item.comments:
            opinion = translate(OPINION_LABELS[comment["opinion"]]) if comment["opinion"] else "—"
            lines.append(f"  - {comment['reviewer'] or '?'} [{opinion}]{mark} {comment['comment']}")
            if comment["proposal"]:
                lines.append(f"    {translate(N_('Proposed text'))}{mark} {comment['proposal']}")
    if result.proposals:
        lines.append(f"\n{translate(NEW_PROPOSALS)}")
        for found in result.proposals:
            said = " — ".join(part for part in (found.get("text"), found.get("comment")) if part)
            lines.append(f"  - {found['reviewer'] or '?'}{mark} {said}")
            if found.get("proposal"):
                lines.append(f"    {translate(N_('Proposed text'))}{mark} {found['proposal']}")
    return "\n".join(lines) + "\n"
