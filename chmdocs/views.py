"""Views: directives that render the whole model (agenda, tables, lists).

A view directive only leaves a :class:`chm_view` placeholder holding its
options. :class:`ViewRenderer`, a post-transform, replaces it once every
document has been read, so a view sees objects written anywhere.
:class:`ViewRefresher` makes Sphinx rewrite pages holding views whenever an
object changed anywhere, which Sphinx would not do by itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from chmdocs import i18n
from chmdocs.diagnostics import warn
from chmdocs.directives import LenientOptions, unknown_option
from chmdocs.domain import ChmDomain, ViewUse, get_domain
from chmdocs.i18n import _
from chmdocs.model import (
    PRIORITIES,
    STATUSES,
    Action,
    ModelObject,
    Objective,
    Session,
    Workshop,
    parse_date,
    parse_list,
)
from chmdocs.render import (
    due_text,
    joined,
    para,
    session_times,
    session_when,
    speakers_text,
    tbc_mark,
    text,
    xref,
)


class chm_view(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a view goes; replaced by its rendering after all documents are read."""


# -- the directives: read and check options, leave a placeholder ----------

ACTION_COLUMNS = (
    "id", "title", "objectives", "group", "owner", "partners", "due", "priority", "status",
)  # fmt: skip
DEFAULT_ACTION_COLUMNS = ("title", "objectives", "owner", "due", "priority", "status")
ACTION_FILTERS = ("objective", "group", "session", "owner", "status", "priority")


class ViewDirective(SphinxDirective):
    view: ClassVar[str]
    known_options: ClassVar[tuple[str, ...]] = ()
    option_spec = LenientOptions()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = LenientOptions.of(*cls.known_options)

    def run(self) -> list[nodes.Node]:
        options: dict[str, Any] = {}
        for name, value in self.options.items():
            if name not in self.known_options:
                self.warn(unknown_option(name, self.known_options))
                continue
            checked = self.check(name, (value or "").strip())
            if checked is not None:
                options[name] = checked
        node = chm_view(view=self.view, options=options)
        self.set_source_info(node)
        frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items())
        use = ViewUse(self.view, frozen, self.env.docname, self.lineno)
        get_domain(self.env).note_view(use)
        return [node]

    def check(self, name: str, value: str) -> Any:
        """The option's value as the renderer wants it, or None after a warning."""
        return value

    def warn(self, message: str) -> None:
        warn(f"{self.name}: {message}", "view", self.get_location())

    def checked_choices(
        self, name: str, value: str, choices: Sequence[str], *, descending: bool = False
    ) -> list[str] | None:
        """Comma-separated choices; ``descending`` accepts a leading "-" (for :sort:)."""
        items = list(parse_list(value, ","))
        wrong = [i for i in items if (i[1:] if descending and i[:1] == "-" else i) not in choices]
        if wrong or not items:
            self.warn(
                f":{name}: {', '.join(wrong) or 'nothing'} is not one of {', '.join(choices)}"
            )
            return None
        return items


class AgendaDirective(ViewDirective):
    view = "agenda"
    known_options = ("date",)

    def check(self, name: str, value: str) -> Any:
        try:
            return parse_date(value).isoformat()
        except ValueError as error:
            self.warn(f":date: {error}")
            return None


class ObjectiveListDirective(ViewDirective):
    view = "objective-list"
    known_options = ("links",)

    def check(self, name: str, value: str) -> Any:
        return True


class ActionTableDirective(ViewDirective):
    view = "action-table"
    known_options = (*ACTION_FILTERS, "columns", "sort")

    def check(self, name: str, value: str) -> Any:
        if name == "columns":
            return self.checked_choices(name, value, ACTION_COLUMNS)
        if name == "sort":
            columns = self.checked_choices(name, value, ACTION_COLUMNS, descending=True)
            return columns[0] if columns else None
        if name == "status":
            return self.checked_choices(name, value, STATUSES)
        if name == "priority":
            return self.checked_choices(name, value, PRIORITIES)
        values = list(parse_list(value, ","))
        if not values:
            self.warn(f":{name}: is empty")
            return None
        return values


class GroupListDirective(ViewDirective):
    view = "group-list"
    known_options = ("session",)


class TraceabilityDirective(ViewDirective):
    view = "traceability"


VIEW_DIRECTIVES: dict[str, type[ViewDirective]] = {
    cls.view: cls
    for cls in (
        AgendaDirective,
        ObjectiveListDirective,
        ActionTableDirective,
        GroupListDirective,
        TraceabilityDirective,
    )
}


# -- rendering ------------------------------------------------------------


@dataclass
class ViewContext:
    """What a renderer needs: the model, the settings, where it is going."""

    domain: ChmDomain
    workshop: Workshop
    config: Config
    docname: str
    placeholder: chm_view

    @property
    def language(self) -> str | None:
        language: str | None = self.config.language
        return language

    def link(self, obj: ModelObject, label: str | None = None) -> nodes.Node:
        return xref(obj.kind, obj.id, self.docname, label)

    @cached_property
    def _objective_numbers(self) -> dict[str, int]:
        numbers: dict[str, int] = {}
        for number, objective in enumerate(self.workshop.objectives, start=1):
            numbers.setdefault(objective.id, number)
        return numbers

    def objective_number(self, objective: Objective) -> int:
        """An objective's number: its place in document order, as the lists show it."""
        return self._objective_numbers[objective.id]

    def objective_links(self, ids: Iterable[str]) -> list[nodes.Node]:
        """Objectives as their numbers, each linked once, in order: "1, 4"."""
        found = {o.id: o for o in filter(None, map(self.domain.objective, ids))}
        numbered = sorted(found.values(), key=self.objective_number)
        return joined(self.link(o, str(self.objective_number(o))) for o in numbered)

    def section_or_rubric(self, title: str, ident: str) -> nodes.Element:
        """A heading for a part of the view: a section where one may stand."""
        if isinstance(self.placeholder.parent, nodes.section | nodes.document):
            section = nodes.section(ids=[self.unique_id(ident)])
            section += nodes.title(title, title)
            return section
        return nodes.container("", nodes.rubric(title, title), ids=[self.unique_id(ident)])

    def unique_id(self, ident: str) -> str:
        document = self.placeholder.document
        candidate, number = nodes.make_id(ident), 1
        while document is not None and candidate in document.ids:
            number += 1
            candidate = nodes.make_id(f"{ident}-{number}")
        if document is not None:
            document.ids[candidate] = self.placeholder
        return candidate


def table(
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Sequence[Sequence[nodes.Node]]],
    classes: Sequence[str],
) -> nodes.table:
    """A table with a heading row (repeated on each PDF page) and ``rows``."""
    node = nodes.table(classes=["chm-table", *classes])
    group = nodes.tgroup(cols=len(columns))
    node += group
    for _label, width in columns:
        group += nodes.colspec(colwidth=width)
    head_row = nodes.row()
    for label, _width in columns:
        head_row += nodes.entry("", para(label))
    group += nodes.thead("", head_row)
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry.extend(cell)
            row += entry
        body += row
    group += body
    return node


def render_agenda(view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
    workshop = view.workshop
    by_day: dict[dt.date | None, list[Session]] = {}
    for session in workshop.sessions:
        by_day.setdefault(workshop.session_date(session), []).append(session)
    wanted = options.get("date")
    if wanted is not None:
        only = dt.date.fromisoformat(wanted)
        by_day = {only: by_day.get(only, [])}
    days = sorted(by_day, key=lambda d: (d is None, d or dt.date.min))
    result: list[nodes.Node] = []
    for day in days:
        if result:
            # In print each day starts a page (ignored by every other builder).
            result.append(nodes.raw("", "PageBreak", format="pdf"))
        title = i18n.day_heading(day, view.language) if day else str(_("Date not given"))
        part = view.section_or_rubric(title, f"day-{day.isoformat() if day else 'unknown'}")
        sessions = sorted(by_day[day], key=lambda s: (s.start or dt.time.min, s.end or dt.time.min))
        rows = [agenda_row(view, session) for session in sessions]
        part += table([(str(_("Time")), 21), (str(_("Programme")), 79)], rows, ["chm-agenda"])
        part += working_time(sessions, view.language)
        result.append(part)
    if not result:
        result.append(para(str(_("No session yet.")), classes=["chm-empty"]))
    return result


def working_time(sessions: Iterable[Session], language: str | None) -> nodes.paragraph:
    """The day's working time: every session but breaks and meals."""
    minutes = sum(s.minutes for s in sessions if s.is_working_time and s.minutes > 0)
    hours, rest = divmod(minutes, 60)
    label = str(_("Working time"))
    return para(
        f"{label}{i18n.colon(language)} {hours}{i18n.NBSP}h{i18n.NBSP}{rest:02d}",
        classes=["chm-total"],
    )


def agenda_row(view: ViewContext, session: Session) -> list[list[nodes.Node]]:
    pause = not session.is_working_time
    classes = ["chm-session-line", "chm-pause" if pause else "chm-work"]
    if session.tbc:
        classes.append("chm-tentative")
    line = para(classes=classes)
    if session.speakers:
        line += nodes.strong("", speakers_text(session))
        if session.tbc:
            line += [nodes.Text(" "), tbc_mark()]
        line += nodes.Text(f"{i18n.colon(view.language)} ")
        line += view.link(session)
    else:
        line += view.link(session)
        if session.tbc:
            line += [nodes.Text(" "), tbc_mark()]
    if session.room:
        line += [nodes.Text(" "), text(f"({session.room})", ["chm-room"])]
    cell: list[nodes.Node] = [line]
    # The parallel groups: one indented line each in print, side by side on screen.
    groups = view.workshop.groups_of(session.id)
    if groups:
        parallel = nodes.container(classes=["chm-parallel"])
        for group in groups:
            entry = para(classes=["chm-group-line"])
            if group.label:
                entry += nodes.strong("", f"{group.label}{i18n.colon(view.language)}")
                entry += nodes.Text(" ")
            entry += view.link(group)
            parallel += entry
        cell.append(parallel)
    time_classes = ["chm-time", "chm-pause" if pause else "chm-work"]
    times = para(session_times(session, view.config), classes=time_classes)
    times["ids"].append(view.unique_id(f"agenda-{session.id}"))  # a row one can link to
    if TIME_OPTIONS & set(session.rejected) or session.start is None:
        # Its times could not be read: the row stays, flagged for the reader.
        mark = "(" + str(_("time to check")) + ")"
        times += [nodes.Text(" "), text(mark, ["chm-invalid"])]
    return [[times], cell]


TIME_OPTIONS = frozenset({"date", "start", "end", "duration"})


def render_objective_list(view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
    workshop = view.workshop
    # Numbered paragraphs rather than a list: the number is the one the
    # action table and the traceability view show for the objective.
    listing = nodes.container(classes=["chm-objective-list"])
    for objective in workshop.objectives:
        item = listing
        item += para(
            f"{view.objective_number(objective)}. ",
            view.link(objective),
            classes=["chm-objective-heading"],
        )
        for paragraph in filter(None, objective.description.split("\n\n")):
            item += para(paragraph, classes=["chm-description"])
        if options.get("links"):
            sessions = serving_sessions(workshop, objective)
            actions = serving_actions(workshop, objective)
            if sessions:
                item += para(
                    str(_("Sessions")) + f"{i18n.colon(view.language)} ",
                    *joined(view.link(s) for s in sessions),
                    classes=["chm-links"],
                )
            if actions:
                item += para(
                    str(_("Actions")) + f"{i18n.colon(view.language)} ",
                    *joined(view.link(a) for a in actions),
                    classes=["chm-links"],
                )
    if not listing.children:
        return [para(str(_("No objective yet.")), classes=["chm-empty"])]
    return [listing]


def serving_sessions(workshop: Workshop, objective: Objective) -> list[Session]:
    """Sessions that serve ``objective`` themselves or through one of their groups."""
    through_groups = {
        g.session for g in workshop.groups if objective.id in g.objectives and g.session
    }
    return [s for s in workshop.sessions if objective.id in s.objectives or s.id in through_groups]


def serving_actions(workshop: Workshop, objective: Objective) -> list[Action]:
    return [a for a in workshop.actions if objective.id in a.objectives]


_PRIORITY_ORDER = {p: n for n, p in enumerate(PRIORITIES)}
_STATUS_ORDER = {s: n for n, s in enumerate(STATUSES)}


def action_sort_key(column: str) -> Callable[[Action], Any]:
    def key(action: Action) -> Any:
        if column == "due":
            return (action.due is None, action.due.last_day if action.due else dt.date.min)
        if column == "priority":
            return _PRIORITY_ORDER.get(action.priority or "", len(PRIORITIES))
        if column == "status":
            return _STATUS_ORDER.get(action.status, len(STATUSES))
        value = getattr(action, column)
        if isinstance(value, tuple):
            value = value[0] if value else ""
        return (value or "").casefold()

    return key


def action_matches(view: ViewContext, action: Action, options: dict[str, Any]) -> bool:
    group = view.domain.group(action.group)
    values: dict[str, set[str]] = {
        "objective": set(action.objectives),
        "group": {action.group} if action.group else set(),
        "session": {s for s in (action.session, group.session if group else None) if s},
        "owner": {action.owner.casefold()},
        "status": {action.status},
        "priority": {action.priority} if action.priority else set(),
    }
    for name in ACTION_FILTERS:
        wanted = options.get(name)
        if wanted is None:
            continue
        if name == "owner":
            wanted = [w.casefold() for w in wanted]
        if not values[name] & set(wanted):
            return False
    return True


_COLUMN_WIDTHS = {
    "id": 12, "title": 28, "objectives": 13, "group": 14, "owner": 16,
    "partners": 18, "due": 16, "priority": 12, "status": 15,
}  # fmt: skip


def action_column_labels() -> dict[str, str]:
    return {
        "id": str(_("Id")),
        "title": str(_("Action")),
        "objectives": str(_("Objectives")),
        "group": str(_("Group")),
        "owner": str(_("Owner")),
        "partners": str(_("Partners")),
        "due": str(_("Due")),
        "priority": str(_("Priority")),
        "status": str(_("Status")),
    }


def action_cell(view: ViewContext, action: Action, column: str) -> list[nodes.Node]:
    def cell(*children: nodes.Node | str) -> list[nodes.Node]:
        return [para(*children, classes=[f"chm-col-{column}"])]

    if column == "id":
        return cell(action.id)
    if column == "title":
        return cell(view.link(action))
    if column == "objectives":
        return cell(*view.objective_links(action.objectives))
    if column == "group":
        group = view.domain.group(action.group)
        if group is None:
            return cell("")
        return cell(view.link(group, group.label or group.title))
    if column == "owner":
        return cell(action.owner)
    if column == "partners":
        return cell("; ".join(action.partners))
    if column == "due":
        return cell(due_text(action.due, view.language, short=True) if action.due else "")
    if column == "priority":
        return cell(i18n.priority_label(action.priority) if action.priority else "")
    return cell(i18n.status_label(action.status))


def render_action_table(view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
    actions = [a for a in view.workshop.actions if action_matches(view, a, options)]
    sort = options.get("sort")
    if sort:
        actions.sort(key=action_sort_key(sort.lstrip("-")), reverse=sort.startswith("-"))
    if not actions:
        return [para(str(_("No action matches.")), classes=["chm-empty"])]
    columns = options.get("columns") or list(DEFAULT_ACTION_COLUMNS)
    labels = action_column_labels()
    rows = [[action_cell(view, a, c) for c in columns] for a in actions]
    return [table([(labels[c], _COLUMN_WIDTHS[c]) for c in columns], rows, ["chm-actions"])]


def render_group_list(view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
    workshop = view.workshop
    wanted = options.get("session")
    result: list[nodes.Node] = []
    for session in sorted(
        workshop.sessions,
        key=lambda s: (workshop.session_date(s) or dt.date.min, s.start or dt.time.min),
    ):
        if wanted and session.id != wanted:
            continue
        groups = workshop.groups_of(session.id)
        if not groups:
            continue
        when = session_when(session, view.config, workshop.session_date(session))
        heading = para(
            text(when, ["chm-when"]),
            nodes.Text(" "),
            nodes.strong("", "", view.link(session)),
            classes=["chm-heading", "chm-group-session"],
        )
        columns = [("label", 14), ("title", 46), ("facilitator", 20), ("rapporteur", 20)]
        labels = {
            "label": str(_("Group")),
            "title": str(_("Theme")),
            "facilitator": str(_("Facilitator")),
            "rapporteur": str(_("Rapporteur")),
        }
        # Columns nobody filled in are left out rather than printed empty.
        columns = [
            (c, w)
            for c, w in columns
            if c in ("label", "title") or any(getattr(g, c) for g in groups)
        ]
        rows = [
            [
                [para(view.link(g) if c == "title" else getattr(g, c), classes=[f"chm-col-{c}"])]
                for c, _w in columns
            ]
            for g in groups
        ]
        result.append(heading)
        result.append(table([(labels[c], w) for c, w in columns], rows, ["chm-groups-table"]))
    if not result:
        return [para(str(_("No group yet.")), classes=["chm-empty"])]
    return result


def render_traceability(view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
    workshop = view.workshop
    rows = []
    for objective in workshop.objectives:
        sessions = serving_sessions(workshop, objective)
        actions = serving_actions(workshop, objective)
        heading = para(
            f"{view.objective_number(objective)}. ",
            view.link(objective),
            classes=["chm-col-objective"],
        )
        if not sessions and not actions:
            heading["classes"].append("chm-unserved")
            mark = "(" + str(_("not served")) + ")"
            heading += [nodes.Text(" "), text(mark, ["chm-unserved-mark"])]
        rows.append(
            [
                [heading],
                [para(view.link(s), classes=["chm-col-sessions"]) for s in sessions],
                [para(view.link(a), classes=["chm-col-actions"]) for a in actions],
            ]
        )
    if not rows:
        return [para(str(_("No objective yet.")), classes=["chm-empty"])]
    columns = [(str(_("Objective")), 34), (str(_("Sessions")), 33), (str(_("Actions")), 33)]
    return [table(columns, rows, ["chm-traceability"])]


RENDERERS: dict[str, Callable[[ViewContext, dict[str, Any]], list[nodes.Node]]] = {
    "agenda": render_agenda,
    "objective-list": render_objective_list,
    "action-table": render_action_table,
    "group-list": render_group_list,
    "traceability": render_traceability,
}


class ViewRenderer(SphinxPostTransform):
    """Replaces every view placeholder by its rendering, before links resolve."""

    default_priority = 5  # before ReferencesResolver (10): views make pending_xrefs

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(chm_view))
        if not placeholders:
            return
        domain = get_domain(self.env)
        for placeholder in placeholders:
            view = ViewContext(domain, domain.model, self.config, self.env.docname, placeholder)
            rendered = RENDERERS[placeholder["view"]](view, placeholder["options"])
            container = nodes.container(classes=["chm-view", f"chm-view-{placeholder['view']}"])
            container.source, container.line = placeholder.source, placeholder.line
            # Sections cannot live in a container: splice them in directly.
            if any(isinstance(n, nodes.section) for n in rendered):
                for node in rendered:
                    if isinstance(node, nodes.Element):
                        node["classes"] += container["classes"]
                placeholder.replace_self(rendered)
            else:
                container.extend(rendered)
                placeholder.replace_self(container)


class ViewRefresher:
    """Rewrites pages holding views when any object anywhere changed.

    The model is snapshotted before Sphinx purges and re-reads documents
    (``env-get-outdated``) and compared after (``env-updated``); when it
    differs, the pages holding views are returned for rewriting. A one-line
    fix to prose that leaves every object alone rewrites nothing more.
    """

    def __init__(self) -> None:
        self._before: tuple[ModelObject, ...] | None = None

    def snapshot(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        self._before = tuple(get_domain(env).objects())
        return []

    def outdated_views(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        domain = get_domain(env)
        domain.invalidate()  # the toctree, hence the reading order, may have changed
        after = tuple(domain.objects())
        before, self._before = self._before, None
        if before is None or before == after:
            return []
        return sorted(domain.view_docnames & env.found_docs)


def visit_placeholder(translator: Any, node: chm_view) -> None:
    # Only reached by a builder that skips post-transforms: show nothing.
    raise nodes.SkipNode
