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
from chmdocs.core.model import Action, Workshop, parse_date
from chmdocs.core.queries import (
    PARTICIPANT_COLUMNS,
    PARTICIPANT_GROUPINGS,
    agenda_days,
    group_sessions,
    objective_listing,
    participant_listing,
    participant_value,
    select_actions,
)

FORMATS = ("text", "markdown")
Translate = Callable[[str], str]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


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

    wanted = {name: _list(options.get(name)) for name in
              ("objective", "group", "session", "owner", "status", "priority")}  # fmt: skip
    columns = _list(options.get("columns")) or list(DEFAULT_TABLE_COLUMNS)
    unknown = [c for c in columns if c not in TABLE_COLUMNS]
    if unknown:
        raise UsageError(f"columns {', '.join(unknown)}: choose from {', '.join(TABLE_COLUMNS)}")
    people = {p.id: p.name for p in ws.participants if p.publish}
    sort = str(options.get("sort") or "")
    if sort and sort.lstrip("-") not in TABLE_COLUMNS:
        raise UsageError(f"sort {sort!r}: choose from {', '.join(TABLE_COLUMNS)}")
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
        try:
            only = parse_date(str(only)).isoformat()
        except ValueError as error:
            raise UsageError(f"date {options['date']!r}: {error}") from None
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
    grouping = str(options.get("group-by") or "none")
    if grouping not in PARTICIPANT_GROUPINGS:
        raise UsageError(f"group-by {grouping!r}: choose from {', '.join(PARTICIPANT_GROUPINGS)}")
    wanted = _list(options.get("columns"))
    unknown = [c for c in wanted if c not in PARTICIPANT_COLUMNS]
    if unknown:
        raise UsageError(
            f"columns {', '.join(unknown)}: choose from {', '.join(PARTICIPANT_COLUMNS)}"
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
    return RENDERERS[view](workshop.public(), format, translate, **options)


__all__ = ["FORMATS", "RENDERERS", "render"]
