"""Views rendered from Python, as plain text or Markdown, without Sphinx.

For reporting scripts::

    ws = chmdocs.load("build/chmdocs.json")
    print(chmdocs.render(ws, "action-table", priority="high", format="markdown"))

The options are the view directive's (``objective``, ``group``, ``session``,
``owner``, ``status``, ``priority``, ``columns``, ``sort`` for the action
table; ``date`` for the agenda; ``session`` for the group list;
``group_by``/``columns`` for the participant list), given as text (comma-
separated, as in a directive) or as lists. Words are in the workshop's
language, from chmdocs' catalog; only the public part of the model is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chmdocs.core.columns import COLUMNS_BY_NAME, DEFAULT_TABLE_COLUMNS, TABLE_COLUMNS
from chmdocs.core.errors import UsageError
from chmdocs.core.language import colon
from chmdocs.core.messages import N_, catalog
from chmdocs.core.model import PRIORITIES, STATUSES, Action, Workshop, parse_date
from chmdocs.core.queries import (
    ACTION_FILTERS,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_GROUPINGS,
    VIEW_OPTIONS,
    agenda_days,
    group_sessions,
    objective_listing,
    one_of,
    participant_listing,
    participant_value,
    select_actions,
    some_of,
)

FORMATS = ("text", "markdown")
Translate = Callable[[str], str]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


def descending_order(written: str, choices: Sequence[str]) -> list[str]:
    return some_of(written, choices, descending=True)


def _read(view: str, name: str, written: Any, parse: Callable[..., Any], *args: Any) -> Any:
    """An option read as the view's directive reads it: the same words for
    what is wrong, raised instead of warned."""
    text = ", ".join(map(str, written)) if isinstance(written, list | tuple) else str(written)
    try:
        return parse(text, *args)
    except ValueError as error:
        raise UsageError(f"{view}: :{name}: {error}") from None


def table(headings: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """A table as Markdown (pipes) or as aligned plain text."""
    clean = [[" ".join(str(cell).split()) for cell in row] for row in rows]
    if fmt == "markdown":

        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        return "\n".join([line(headings), line(["---"] * len(headings)), *(line(r) for r in clean)])
    widths = [max(len(h), *(len(r[i]) for r in clean)) for i, h in enumerate(headings)]

    def aligned(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([aligned(headings), rule, *(aligned(r) for r in clean)])


def heading(text: str, fmt: str, level: int = 2) -> str:
    if fmt == "markdown":
        return f"{'#' * level} {text}"
    return f"{text}\n{('=' if level <= 2 else '-') * len(text)}"


def action_table(ws: Workshop, fmt: str, translate: Translate, **options: Any) -> str:
    from chmdocs.core.changes import describe

    wanted = {name: _list(options.get(name)) for name in ACTION_FILTERS}
    for name, choices in (("status", STATUSES), ("priority", PRIORITIES)):
        if wanted[name]:
            wanted[name] = _read("action-table", name, wanted[name], some_of, choices)
    columns = list(DEFAULT_TABLE_COLUMNS)
    if options.get("columns"):
        columns = _read("action-table", "columns", options["columns"], some_of, TABLE_COLUMNS)
    people = {p.id: p.name for p in ws.participants if p.publish}
    sort = ""
    if options.get("sort"):
        sort = _read("action-table", "sort", options["sort"], descending_order, TABLE_COLUMNS)[0]
    actions = select_actions(ws, {**wanted, "sort": sort})
    language = ws.language

    def cell(action: Action, name: str) -> str:
        if name == "objectives":
            return ", ".join(str(ws.objective_number(o) or o) for o in action.objectives)
        if name == "owner":
            return people.get(action.owner, action.owner)
        if name == "partners":
            return "; ".join(people.get(p, p) for p in action.partners)
        if name in ("due", "priority", "status"):
            shown = describe(name, COLUMNS_BY_NAME[name].value(action), translate, language)
            return "" if shown == "—" else shown
        return COLUMNS_BY_NAME[name].value(action)

    if not actions:
        return translate(N_("No action matches.")) + "\n"
    headings = [translate(COLUMNS_BY_NAME[c].label) for c in columns]
    return table(headings, [[cell(a, c) for c in columns] for a in actions], fmt) + "\n"


def objective_list(ws: Workshop, fmt: str, translate: Translate, **options: Any) -> str:
    listing = objective_listing(ws, options)
    lines = [f"{ws.objective_number(o.id) or n}. {o.title}" for n, o in enumerate(listing, 1)]
    return ("\n".join(lines) or translate(N_("No objective yet."))) + "\n"


def agenda(ws: Workshop, fmt: str, translate: Translate, **options: Any) -> str:
    from chmdocs.core.changes import describe

    only = options.get("date")
    if only:
        only = _read("agenda", "date", only, lambda written: parse_date(written).isoformat())
    parts = []
    for day, sessions in agenda_days(ws, {"date": only}):
        rows = []
        for session in sessions:
            when = " – ".join(f"{t:%H:%M}" for t in (session.start, session.end) if t)
            speakers = "; ".join(ws.persons(session.speakers, with_organization=True))
            title = f"{speakers}{colon(ws.language)} {session.title}" if speakers else session.title
            groups = "; ".join(
                f"{g.label}{colon(ws.language)} {g.title}" if g.label else g.title
                for g in ws.groups_of(session.id)
            )
            rows.append([when, title + (f" ({groups})" if groups else "")])
        label = (
            describe("date", day.isoformat(), translate, ws.language)
            if day
            else translate(N_("Date not given"))
        )
        parts.append(heading(label, fmt, 3))
        parts.append(table([translate(N_("Time")), translate(N_("Programme"))], rows, fmt))
    if not parts:
        return translate(N_("No session yet.")) + "\n"
    return "\n\n".join(parts) + "\n"


def group_list(ws: Workshop, fmt: str, translate: Translate, **options: Any) -> str:
    rows = [
        [
            group.label, group.title, session.title,
            ws.person(group.facilitator) or "", ws.person(group.rapporteur) or "", group.room,
        ]
        for session, groups in group_sessions(ws, options)
        for group in groups
    ]  # fmt: skip
    labels = (N_("Group"), N_("Theme"), N_("Session"), N_("Facilitator"), N_("Rapporteur"))
    headings = [translate(m) for m in (*labels, N_("Room"))]
    if not rows:
        return translate(N_("No group yet.")) + "\n"
    return table(headings, rows, fmt) + "\n"


def participant_list(ws: Workshop, fmt: str, translate: Translate, **options: Any) -> str:
    from babel import Locale

    from chmdocs.core.language import locale_name

    territories = Locale.parse(locale_name(ws.language)).territories
    grouping = "none"
    if options.get("group-by"):
        grouping = _read(
            "participant-list", "group-by", options["group-by"], one_of, PARTICIPANT_GROUPINGS
        )
    wanted: list[str] = []
    if options.get("columns"):
        wanted = _read(
            "participant-list", "columns", options["columns"], some_of, tuple(PARTICIPANT_COLUMNS)
        )

    def country(code: str) -> str:
        return str(territories.get(code, code))

    columns, grouped, _hidden = participant_listing(
        ws, {"group-by": grouping, "columns": wanted}, country
    )
    headings = [translate(PARTICIPANT_COLUMNS[c]) for c in columns]
    parts = []
    for key, people in grouped:
        rows = [[participant_value(p, c, country) for c in columns] for p in people]
        if grouping != "none":
            parts.append(heading(key or translate(N_("Not given")), fmt, 3))
        parts.append(table(headings, rows, fmt))
    if not parts:
        return translate(N_("No participant yet.")) + "\n"
    return "\n\n".join(parts) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "action-table": action_table,
    "objective-list": objective_list,
    "agenda": agenda,
    "group-list": group_list,
    "participant-list": participant_list,
}


def render(workshop: Workshop, view: str, *, format: str = "text", **options: Any) -> str:
    """``view`` of ``workshop`` as plain text or Markdown (see the module's doc)."""
    if view not in RENDERERS:
        raise UsageError(f"unknown view {view!r}: choose from {', '.join(RENDERERS)}")
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}: choose from {', '.join(FORMATS)}")
    translate = catalog(workshop.language or "en").gettext
    options = {name.replace("_", "-") if name == "group_by" else name: value
               for name, value in options.items()}  # fmt: skip
    unknown = [name for name in options if name not in VIEW_OPTIONS[view]]
    if unknown:
        raise UsageError(
            f"{view}: no option {', '.join(unknown)}; "
            f"it takes {', '.join(VIEW_OPTIONS[view]) or 'none'}"
        )
    return RENDERERS[view](workshop.public(), format, translate, **options)


__all__ = ["FORMATS", "RENDERERS", "render"]
