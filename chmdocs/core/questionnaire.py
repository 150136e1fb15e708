"""The preparation round: the questionnaire the countries fill — offline in a
workbook, or on a phone through an XLSForm (ODK Collect, KoboToolbox) — and
their answers read back. No Sphinx import.

:func:`write_workbook` makes ``questionnaire.xlsx``: a respondent sheet, then
one row per question with its id locked and an answer cell validated by the
question's type. :func:`write_xlsform` makes the same questionnaire as an
XLSForm (``survey``, ``choices``, ``settings``). :func:`read_answers` reads
filled workbooks and ODK/Kobo exports (CSV or XLSX, one row per submission,
columns named by question id, with or without a group prefix
``section/q-sites``, choice codes or labels); what cannot be read is a
:class:`~chmdocs.core.review.Problem` naming file, sheet and row, never an exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chmdocs.core.escape import spreadsheet_cell
from chmdocs.core.exports.sheets import (
    filled_workbook,
    print_setup,
    read_rows,
    row_height,
    safe_sheet_name,
    saved,
)
from chmdocs.core.language import colon, locale_name, unit_forms, with_unit, written_languages
from chmdocs.core.messages import N_, catalog
from chmdocs.core.model import SCALE, Question, Workshop, choice_label
from chmdocs.core.review import REVIEWER_FIELDS, Problem, Reviewer, fold, in_every_language

RESPONDENT_SHEET = N_("Respondent")
RESPONDENTS = N_("Respondents")
QUESTIONS_SHEET = N_("Questions")
ANSWER = N_("Answer")
HELP = N_("Help")
SECTION = N_("Section")
QUESTION = N_("Question")
PARTICIPANT = N_("Participant")
KEYWORD = "chmdocs-questionnaire"
SEVERAL = N_("Several answers, separated by ;")
A_NUMBER = N_("A number")
A_DATE = N_("A date")
#: The XLSForm names of the respondent's own questions.
RESPONDENT_NAMES = {
    "respondent_name": "name",
    "respondent_organization": "organization",
    "respondent_country": "country",
    "respondent_participant": "participant",
}
#: ODK and Kobo columns that are no answer.
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "instanceid",
    "instancename",
    "uuid",
    "id",
    "index",
    "submission_time",
    "validation_status",
    "status",
    "submitted_by",
    "version",
    "tags",
    "notes",
    "parent_index",
    "parent_table_name",
    "submission__id",
    "submission__uuid",
    "__version__",
    "formhub",
    "meta",
    "key",
    "submissiondate",
    "reviewstate",
}
#: At most so many rows and columns are read from one file.
MAX_ROWS = 10_000
MAX_COLUMNS = 1_000


# -- the workbook -------------------------------------------------------------------


def write_workbook(workshop: Workshop) -> bytes:
    """``questionnaire.xlsx`` for ``workshop``, in its language."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    language = workshop.language or "en"
    translate = catalog(language).gettext
    book = Workbook()
    wrap = Alignment(wrap_text=True, vertical="top")
    to_fill = PatternFill("solid", fgColor="FFF4D6")
    heading_font, heading_fill = (
        Font(bold=True, color="FFFFFF"),
        PatternFill("solid", fgColor="1F4E5F"),
    )
    front = book.active
    assert front is not None
    front.title = safe_sheet_name(translate(RESPONDENT_SHEET))
    for row, label in enumerate((*REVIEWER_FIELDS, PARTICIPANT), start=1):
        front.cell(row, 1, translate(label)).font = Font(bold=True)
        answer = front.cell(row, 2)
        answer.protection, answer.fill = Protection(locked=False), to_fill
    front.cell(6, 1, spreadsheet_cell(workshop.title)).font = Font(bold=True, size=12)
    front.column_dimensions["A"].width = 22
    front.column_dimensions["B"].width = 60
    front.protection.sheet = True
    print_setup(front, landscape=False)

    sheet = book.create_sheet(safe_sheet_name(translate(QUESTIONS_SHEET)))
    headings = [
        ("Id", 16),
        (translate(SECTION), 22),
        (translate(QUESTION), 44),
        (translate(HELP), 40),
        (translate(ANSWER), 36),
    ]
    for column, (label, width) in enumerate(headings, start=1):
        cell = sheet.cell(1, column, label)
        cell.font, cell.fill, cell.alignment = heading_font, heading_fill, wrap
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, question in enumerate(workshop.questions, start=2):
        texts = [
            question.id,
            question.section,
            question_text(question, language),
            hint_text(question, language),
        ]
        for column, value in enumerate(texts, start=1):
            sheet.cell(number, column, spreadsheet_cell(value)).alignment = wrap
        answer = sheet.cell(number, len(headings))
        answer.protection, answer.fill, answer.alignment = Protection(locked=False), to_fill, wrap
        if question.question_type == "date":
            answer.number_format = "yyyy-mm-dd"
        rule = validation(question, translate)
        if rule is not None:
            check = DataValidation(allow_blank=True, showErrorMessage=True, **rule)
            check.add(answer.coordinate)
            sheet.add_data_validation(check)
        sheet.row_dimensions[number].height = max(row_height(texts, headings), 36)
    sheet.freeze_panes = "B2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = sheet.protection.formatColumns = False
    print_setup(sheet, landscape=True)
    return saved(book, KEYWORD, workshop.start)


def question_text(question: Question, language: str, *, mark_required: bool = True) -> str:
    """The question as asked, with its unit and whether it must be answered
    (an XLSForm says that itself)."""
    unit = f" ({unit_forms(question.unit)[1]})" if question.unit else ""
    required = " *" if question.required and mark_required else ""
    return f"{question.title}{unit}{required}"


def hint_text(question: Question, language: str) -> str:
    translate = catalog(language).gettext
    parts = [question.description]
    if question.question_type == "multiple":
        choices = "; ".join(label for _code, label in question.options)
        parts.append(f"{translate(SEVERAL)}{colon(language)} {choices}")
    return "\n".join(p for p in parts if p)


def validation(question: Question, translate: Any) -> dict[str, Any] | None:
    """The answer cell's check in a spreadsheet program, by type."""
    kind = question.question_type
    if kind in ("choice", "scale"):
        labels = [label.replace(",", " ").replace('"', "'") for _c, label in question.options]
        return {"type": "list", "formula1": '"' + ",".join(labels) + '"'}
    if kind == "number":
        return {
            "type": "decimal",
            "operator": "greaterThanOrEqual",
            "formula1": "-1e15",
            "error": translate(A_NUMBER),
        }
    if kind == "date":
        return {
            "type": "date",
            "operator": "greaterThan",
            "formula1": "1",
            "error": translate(A_DATE),
        }
    return None


# -- the XLSForm ----------------------------------------------------------------------


def xlsform_name(ident: str) -> str:
    """A question id as an XLSForm name (an XML name: no leading digit)."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", ident)
    return name if re.match(r"^[A-Za-z_]", name) else f"q_{name}"


def language_column(language: str) -> str:
    """ "French (fr)": how an XLSForm names a language."""
    from babel import Locale

    try:
        name = Locale.parse(locale_name(language)).get_language_name("en")
    except (ValueError, LookupError):
        name = language
    return f"{name} ({language.split('_')[0]})"


def write_xlsform(models: Mapping[str, Workshop], default: str) -> bytes:
    """The questionnaire as an XLSForm, labelled in each language of ``models``
    (the project's model read in that language), ``default`` first: a group for
    the respondent, a group per section, a choice list per question."""
    from openpyxl import Workbook

    languages = [default, *(lang for lang in models if lang != default)]
    base = models[default]
    by_language = {lang: {q.id: q for q in models[lang].questions} for lang in languages}

    def version(lang: str, question: Question) -> Question:
        return by_language[lang].get(question.id) or question

    def each(text: Any) -> list[str]:
        """A text in every language: ``text(lang)``."""
        return [str(text(lang)) for lang in languages]

    blank = ["" for _lang in languages]
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    columns = [language_column(lang) for lang in languages]
    survey.append(
        [
            "type",
            "name",
            *(f"label::{c}" for c in columns),
            *(f"hint::{c}" for c in columns),
            "required",
            "appearance",
        ]
    )
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{c}" for c in columns)])

    def row(
        kind: str,
        name: str,
        label: list[str],
        hint: list[str],
        required: str = "",
        appearance: str = "",
    ) -> None:
        survey.append([kind, name, *label, *hint, required, appearance])

    row(
        "begin_group",
        "respondent",
        each(lambda lang: catalog(lang).gettext(RESPONDENT_SHEET)),
        blank,
        appearance="field-list",
    )
    for name, message in zip(list(RESPONDENT_NAMES)[:3], REVIEWER_FIELDS, strict=True):
        label = each(lambda lang, m=message: catalog(lang).gettext(m))
        row("text", name, label, blank, "yes" if name == "respondent_name" else "")
    row("end_group", "", blank, blank)
    section = None
    for index, question in enumerate(base.questions, start=1):
        if question.section != section:
            if section:
                row("end_group", "", blank, blank)
            section = question.section
            if section:
                label = each(lambda lang, q=question: version(lang, q).section)
                row("begin_group", f"section_{index}", label, blank)
        name = xlsform_name(question.id)
        kind = question.question_type
        xls_type = {
            "text": "text",
            "number": "decimal",
            "date": "date",
            "choice": f"select_one list_{name}",
            "multiple": f"select_multiple list_{name}",
            "scale": f"select_one list_{name}",
        }[kind]
        row(
            xls_type,
            name,
            each(
                lambda lang, q=question: question_text(version(lang, q), lang, mark_required=False)
            ),
            each(lambda lang, q=question: version(lang, q).description),
            "yes" if question.required else "",
            "likert" if kind == "scale" else "",
        )
        for position, (code, _label) in enumerate(question.options):

            def translated(lang: str, q: Question = question, p: int = position) -> str:
                options = version(lang, q).options
                return options[p][1] if p < len(options) else q.options[p][1]

            code_name = code if kind == "scale" else xlsform_name(code)
            choices.append([f"list_{name}", code_name, *each(translated)])
    if section:
        row("end_group", "", blank, blank)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language", "version"])
    form_id = re.sub(r"[^A-Za-z0-9_]", "_", base.id or "questionnaire")
    settings.append(
        [
            base.title or "Questionnaire",
            f"{form_id}_preparation",
            language_column(default),
            str(base.start or "1"),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading the answers ----------------------------------------------------------------


#: Who answered: a name, organization and country as typed (or a
#: participant's), the file, the participant they are when they matched one.
Respondent = Reviewer


@dataclass
class Answers:
    respondents: list[Respondent] = field(default_factory=list)
    #: question id -> [(respondent index, value)], in the questionnaire's order.
    answers: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def to_data(self) -> dict[str, Any]:
        """The JSON of ``chmdocs answers --format json`` (SPEC.md)."""
        return {
            "respondents": [r.to_data() for r in self.respondents],
            "questions": [
                {"id": ident, "answers": [{"respondent": i, "value": _json(v)} for i, v in found]}
                for ident, found in self.answers.items()
            ],
        }


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def read_answers(paths: Iterable[str | Path], workshop: Workshop) -> Answers:
    """Every file of ``paths`` read against the questionnaire of ``workshop``."""
    result = Answers(answers={q.id: [] for q in workshop.questions})
    questions = {q.id: q for q in workshop.questions}
    by_name = {xlsform_name(q.id): q for q in workshop.questions}
    # Kobo's "export with labels" heads each column with the question's label.
    labels: dict[str, list[Question]] = {}
    for question in workshop.questions:
        labels.setdefault(label_key(question.title), []).append(question)
    by_name.update({key: found[0] for key, found in labels.items() if len(found) == 1})
    for path in paths:
        path = Path(path)
        try:
            if path.suffix.lower() == ".csv":
                rows = _csv_rows(path)
                _read_table(path, "", rows, workshop, questions, by_name, result)
            else:
                _read_workbook(path, workshop, questions, by_name, result)
        except (OSError, ValueError, UnicodeError) as error:
            reason = " ".join(str(error).split())[:160] or type(error).__name__
            result.problems.append(Problem(str(path), "", 0, f"cannot be read ({reason})"))
    return result


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()[: 50 * 1024 * 1024]
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [
        row
        for _n, row in zip(
            range(MAX_ROWS + 1), csv.reader(io.StringIO(text), dialect), strict=False
        )
    ]


def _read_workbook(
    path: Path,
    workshop: Workshop,
    questions: Mapping[str, Question],
    by_name: Mapping[str, Question],
    result: Answers,
) -> None:
    def problem(sheet: str, row: int, message: str) -> None:
        result.problems.append(Problem(str(path), sheet, row, message))

    with filled_workbook(path, problem) as book:
        if book is None:
            return
        sheets = {fold(s.title): s for s in book.worksheets}
        ours = next((sheets[n] for n in in_every_language(QUESTIONS_SHEET) if n in sheets), None)
        if ours is not None:
            _read_ours(path, book, ours, workshop, questions, result)
            return
        sheet = book.worksheets[0]
        rows = [
            [_cell(v) for v in row[:MAX_COLUMNS]]
            # One row past the limit, which _read_table reports.
            for row in read_rows(sheet, limit=MAX_ROWS + 1)
        ]
        _read_table(path, sheet.title, rows, workshop, questions, by_name, result)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _read_ours(
    path: Path,
    book: Any,
    sheet: Any,
    workshop: Workshop,
    questions: Mapping[str, Question],
    result: Answers,
) -> None:
    """A filled questionnaire workbook: the respondent sheet, then the answers."""
    names = {
        fold(n): key
        for key, message in zip(
            ("name", "organization", "country", "participant"),
            (*REVIEWER_FIELDS, PARTICIPANT),
            strict=True,
        )
        for n in in_every_language(message)
    }
    found = {"name": "", "organization": "", "country": "", "participant": ""}
    front = next(
        (s for s in book.worksheets if fold(s.title) in in_every_language(RESPONDENT_SHEET)), None
    )
    if front is not None:
        for row in read_rows(front, min_row=1, max_row=10, max_col=2):
            key = names.get(fold(row[0] if row else ""))
            if key and len(row) > 1 and row[1] is not None:
                found[key] = str(row[1]).strip()
    index = _respondent(path, found, workshop, result)
    rows = read_rows(sheet, limit=MAX_ROWS)
    heads = [fold(v) for v in next(rows, ())]
    answer_names = in_every_language(ANSWER)
    column = next((i for i, h in enumerate(heads) if h in answer_names), None)
    if "id" not in heads or column is None:
        result.problems.append(Problem(str(path), sheet.title, 1, "no Id or Answer column"))
        return
    id_column = heads.index("id")
    for number, row in enumerate(rows, start=2):
        ident = str(row[id_column] or "").strip() if id_column < len(row) else ""
        value = row[column] if column < len(row) else None
        if value is None or str(value).strip() == "":
            continue
        question = questions.get(ident)
        if question is None:
            result.problems.append(
                Problem(
                    str(path),
                    sheet.title,
                    number,
                    f"id {ident!r} names no question; the answer was left out",
                )
            )
            continue
        _store(path, sheet.title, number, question, value, index, result)


def _respondent(path: Path, found: Mapping[str, str], workshop: Workshop, result: Answers) -> int:
    """The respondent of a submission, matched to the participants (by id, or
    name in any spelling); their index among the respondents."""
    participant = (
        workshop.participant(found.get("participant", "")) if found.get("participant") else None
    )
    participant = participant or workshop.participant_named(found.get("name", ""))
    country = found.get("country", "")
    if participant is not None:
        country = participant.country or country
    respondent = Respondent(
        found.get("name", "") or (participant.name if participant else ""),
        found.get("organization", "") or (participant.organization if participant else ""),
        _country_code(country),
        str(path),
        participant.id if participant else "",
        participant.publish if participant else True,
    )
    result.respondents.append(respondent)
    return len(result.respondents) - 1


def _country_code(written: str) -> str:
    """A country as an ISO code where it can be read ("Bénin", "BJ", "Benin")."""
    from babel import Locale

    value = written.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    folded = fold(value)
    for language in written_languages():
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and fold(name) == folded:
                return str(code)
    return value


def _read_table(
    path: Path,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    workshop: Workshop,
    questions: Mapping[str, Question],
    by_name: Mapping[str, Question],
    result: Answers,
) -> None:
    """An ODK or Kobo export: a row per submission, a column per question."""
    if not rows:
        result.problems.append(Problem(str(path), sheet, 0, "empty: no heading row"))
        return
    heads = [str(h).strip() for h in rows[0][:MAX_COLUMNS]]
    columns: dict[int, Question] = {}
    who: dict[int, str] = {}
    unknown: list[str] = []
    twice: list[str] = []  # a second column for a question already read
    for index, head in enumerate(heads):
        name = head.rsplit("/", 1)[-1].strip()
        question = (
            questions.get(name)
            or by_name.get(name)
            or by_name.get(label_key(head))
            or by_name.get(label_key(name))
        )
        if question is not None and question in columns.values():
            twice.append(head)
        elif question is not None:
            columns[index] = question
        elif name in RESPONDENT_NAMES:
            who[index] = RESPONDENT_NAMES[name]
        elif fold(name) in ("name", "nom", "organization", "organisation", "country", "pays"):
            who[index] = {"nom": "name", "organisation": "organization", "pays": "country"}.get(
                fold(name), fold(name)
            )
        elif name and not _is_metadata(head) and "/" not in name.rstrip("/"):
            unknown.append(name)
    if not columns:
        result.problems.append(
            Problem(
                str(path),
                sheet,
                1,
                "no column names a question of the questionnaire: not an export of it",
            )
        )
        return
    if unknown:
        result.problems.append(
            Problem(
                str(path),
                sheet,
                1,
                f"columns {', '.join(map(repr, unknown[:5]))} name no question; they were left out",
            )
        )
    if twice:
        result.problems.append(
            Problem(
                str(path),
                sheet,
                1,
                f"columns {', '.join(map(repr, twice[:5]))} answer a question an earlier "
                "column answers; only the first was read",
            )
        )
    for number, row in enumerate(rows[1:], start=2):
        if number > MAX_ROWS:
            result.problems.append(
                Problem(
                    str(path), sheet, number, f"more than {MAX_ROWS} rows: the rest was not read"
                )
            )
            break
        if not any(str(v).strip() for v in row):
            continue
        found = {key: str(row[i]).strip() for i, key in who.items() if i < len(row)}
        index = _respondent(path, found, workshop, result)
        for column, question in columns.items():
            if column < len(row) and str(row[column]).strip():
                _store(path, sheet, number, question, row[column], index, result)


def label_key(text: str) -> str:
    """A question's label as a column heading is compared: accents, case,
    spacing and a trailing required mark or colon ignored."""
    return "label:" + " ".join(fold(text).rstrip("*: ?").split())


def _is_metadata(head: str) -> bool:
    name = head.strip().lower()
    bare = name.strip("_").rsplit("/", 1)[-1]
    return name.startswith("_") or name.startswith(("meta/", "formhub/")) or bare in METADATA


def _store(
    path: Path, sheet: str, row: int, question: Question, value: Any, index: int, result: Answers
) -> None:
    try:
        read = answer_value(question, value)
    except ValueError as error:
        result.problems.append(
            Problem(str(path), sheet, row, f"{question.id}: {error}; kept as written")
        )
        read = str(value).strip()
    result.answers.setdefault(question.id, []).append((index, read))


_NUMBER = re.compile(r"^[+-]?[0-9][0-9 \u00a0\u202f'.,]*$")


def answer_value(question: Question, value: Any) -> Any:
    """An answer as its question takes it: a choice's code, codes for several,
    a number, a date, a mark 1–5, or text. A ValueError says what is wrong."""
    kind = question.question_type
    if kind == "number":
        return _number(value, question.unit)
    if kind == "date":
        return _date(value)
    if kind == "scale":
        number = _number(value, "")
        if number not in SCALE:
            raise ValueError(f"{value!r} is no mark from 1 to 5")
        return int(number)
    if kind in ("choice", "multiple"):
        text = str(value).strip()
        parts = [text] if kind == "choice" else _several(text, question)
        codes = [_choice(question, part) for part in parts]
        return codes[0] if kind == "choice" else codes
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _number(value: Any, unit: str) -> decimal.Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is no number")
    if isinstance(value, int | float | decimal.Decimal):
        return decimal.Decimal(str(value))
    text = str(value).strip()
    for form in sorted(set(unit_forms(unit)), key=len, reverse=True):
        if form and text.casefold().endswith(form.casefold()):
            text = text[: -len(form)].strip()
            break
    if not _NUMBER.match(text):
        raise ValueError(f"{value!r} is no number")
    digits = re.sub(r"[ \u00a0\u202f']", "", text)
    if "," in digits and "." not in digits:
        digits = (
            digits.replace(",", ".")
            if len(digits.rsplit(",", 1)[1]) != 3
            else digits.replace(",", "")
        )
    digits = digits.replace(",", "")
    try:
        return decimal.Decimal(digits)
    except decimal.InvalidOperation:
        raise ValueError(f"{value!r} is no number") from None


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text[:19], pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is no date (write it 2007-04-20 or 20/04/2007)")


def _several(text: str, question: Question) -> list[str]:
    """The choices of a multiple answer: ODK's codes separated by spaces, or
    labels separated by ";" or ","."""
    codes = {c for c, _label in question.options} | {
        xlsform_name(c) for c, _label in question.options
    }
    by_folded = {fold(code): code for code in codes}
    spaced = text.split()
    if spaced and all(fold(part) in by_folded for part in spaced):
        return [by_folded[fold(part)] for part in spaced]
    return [p.strip() for p in re.split(r"[;,]", text) if p.strip()]


def _choice(question: Question, written: str) -> str:
    folded = fold(written)
    for code, label in question.options:
        if folded in (fold(code), fold(label), fold(xlsform_name(code))):
            return code
    for entries in (question.choices, question.source_choices):
        for code, entry in zip(question.codes, entries, strict=False):
            if folded == fold(choice_label(entry)):
                return code
    labels = ", ".join(label for _c, label in question.options)
    raise ValueError(f"{written!r} is none of {labels}")


# -- what the answers say ----------------------------------------------------------------


def counts(question: Question, found: Sequence[tuple[int, Any]]) -> list[tuple[str, str, int]]:
    """(code, label, how many chose it) of each choice, in the question's
    order; then each answer kept as written (none of the choices, warned of
    when read), its text as its code and label, so no answer goes uncounted."""
    tally: dict[str, int] = {code: 0 for code, _label in question.options}
    written: dict[str, int] = {}
    for _index, value in found:
        for code in value if isinstance(value, list) else [str(value)]:
            if code in tally:
                tally[code] += 1
            else:
                written[code] = written.get(code, 0) + 1
    chosen = [(code, label, tally[code]) for code, label in question.options]
    return chosen + [(text, text, count) for text, count in written.items()]


def number_summary(
    found: Sequence[tuple[int, Any]],
) -> tuple[decimal.Decimal, decimal.Decimal, int] | None:
    """Total, median and count of the numeric answers."""
    numbers = [v for _i, v in found if isinstance(v, decimal.Decimal)]
    if not numbers:
        return None
    return (
        sum(numbers, decimal.Decimal(0)),
        decimal.Decimal(str(statistics.median(numbers))),
        len(numbers),
    )


def as_text(result: Answers, workshop: Workshop) -> str:
    """The answers as a person reads them in a terminal, in the workshop's language."""
    translate = catalog(workshop.language or "en").gettext
    mark = colon(workshop.language)
    lines = [f"{translate(RESPONDENTS)}{mark} {len(result.respondents)}"]
    for question in workshop.questions:
        found = result.answers.get(question.id, [])
        lines.append(f"\n{question.id} — {question.title}")
        for index, value in found:
            who = result.respondents[index]
            shown = "; ".join(map(str, value)) if isinstance(value, list) else _json(value)
            if isinstance(value, decimal.Decimal):
                shown = with_unit(str(shown), value, question.unit, workshop.language)
            lines.append(f"  - {who.name or '?'} ({who.country}){mark} {shown}")
    return "\n".join(lines) + "\n"
