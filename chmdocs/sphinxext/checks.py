"""Checks across the whole workshop, run once every document has been read.

Each problem is a warning at the file and line of the object at fault. They
run on the assembled model, so serial and parallel (``-j``) builds report
the same problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import itertools
import logging
import re
import zoneinfo
from collections.abc import Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging
from sphinx.util.logging import get_node_location

from chmdocs.core import fields
from chmdocs.core.model import (
    PERSON_FIELDS,
    Action,
    Group,
    ModelObject,
    Objective,
    Progress,
    Session,
    Workshop,
    minute_of_day,
    split_affiliation,
)
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, ViewUse, get_domain
from chmdocs.sphinxext.metadata import check_documents


def check_consistency(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every check across the project, run by every build (``env-updated``).

    The checks read the model alone, which changes only when a document is
    read or removed: a build that did neither says again what the last one
    said (kept in the domain's data) instead of checking 2,000 objects anew.
    """
    domain = get_domain(env)
    said_before = domain.data.get(CHECKED)
    if domain.nothing_read and isinstance(said_before, list):
        for warning in said_before:
            warning.say()
        return []
    with SaidWarnings() as said:
        run_checks(env, domain)
    domain.data[CHECKED] = said.warnings
    return []


#: The domain data key of the warnings the checks gave in the last build.
CHECKED = "checked"


@dataclasses.dataclass(frozen=True)
class LoggedWarning:
    """One warning as it was logged: plain data, to say again."""

    logger: str
    message: str
    location: str | tuple[str, int] | None
    kind: str
    subtype: str

    def say(self) -> None:
        name = self.logger.removeprefix("sphinx.")
        sphinx_logging.getLogger(name).warning(
            self.message, location=self.location, type=self.kind, subtype=self.subtype
        )


class SaidWarnings(logging.Handler):
    """The warnings logged inside its block, from any of Sphinx's loggers."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.warnings: list[LoggedWarning] = []

    def __enter__(self) -> SaidWarnings:
        logging.getLogger("sphinx").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("sphinx").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        location = getattr(record, "location", None)
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        elif isinstance(location, tuple):
            location = (str(location[0]), int(location[1] or 0))
        self.warnings.append(
            LoggedWarning(
                record.name,
                record.getMessage(),
                location,
                getattr(record, "type", None) or "",
                getattr(record, "subtype", None) or "",
            )
        )


def note_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: whether this build removes a document."""
    get_domain(env).nothing_read = not removed
    return []


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: whether this build reads a document."""
    domain = get_domain(env)
    domain.nothing_read = domain.nothing_read and not docnames


def run_checks(env: BuildEnvironment, domain: ChmDomain) -> None:
    everything = list(domain.objects())
    workshop = domain.model
    check_workshops(everything, env)
    check_duplicates(everything)
    check_each_document(domain, workshop)
    check_overlaps(workshop)
    check_objectives_served(workshop)
    check_documents(workshop, env)
    check_views(domain, workshop)
    check_references(domain)
    check_logframe(domain, workshop)
    check_records(domain, workshop)
    check_continuations(domain, workshop)


def check_objects(domain: ChmDomain, workshop: Workshop, objects: list[ModelObject]) -> None:
    """The checks that look at one object at a time: what its options name,
    its date and times, its people. Besides the object they read only what
    :func:`object_context` sums up."""
    check_links(domain, objects)
    check_sessions(workshop, [o for o in objects if isinstance(o, Session)])
    check_due_dates(domain, workshop, [o for o in objects if isinstance(o, Action)])
    check_people(domain, workshop, objects)


def object_context(domain: ChmDomain, workshop: Workshop) -> str:
    """A digest of what :func:`check_objects` reads beyond the object: the ids
    an option may name (here and in the imported workshops), the workshop's
    days and time zone, the participants."""
    import hashlib

    lines = []
    for key, model in [("", workshop), *domain.reporting.imports.items()]:
        for objects in (model.objectives, model.sessions, model.groups, model.actions):
            lines += [f"{key}:{o.kind}:{o.id}" for o in objects]
    lines.append(f"{workshop.start} {workshop.end} {workshop.timezone}")
    lines += [f"participant:{p.id}" for p in workshop.participants]
    return hashlib.blake2b("\n".join(lines).encode("utf-8"), digest_size=16).hexdigest()


def check_each_document(domain: ChmDomain, workshop: Workshop) -> None:
    """:func:`check_objects`, document by document. A document not read again
    since its objects were checked, while the rest of the workshop offers
    them the same context, says again what it said then: a change on one
    page of a large project checks that page's objects, not all of them."""
    context = object_context(domain, workshop)
    kept = domain.findings
    for docname, objects in domain.objects_by_document():
        said_before = kept.get(docname)
        if said_before is not None and said_before[0] == context:
            for warning in said_before[1]:
                warning.say()
            continue
        with SaidWarnings() as said:
            check_objects(domain, workshop, objects)
        kept[docname] = (context, said.warnings)


def at(obj: ModelObject) -> tuple[str, int]:
    return (obj.docname, obj.lineno)


def check_workshops(everything: list[ModelObject], env: BuildEnvironment) -> None:
    workshops = [o for o in everything if isinstance(o, Workshop)]
    # A reporting project follows imported workshops; it need not hold one.
    if not workshops and everything and not env.config.chmdocs_imports:
        warn(
            "no workshop directive in the project: write one (.. workshop:: with at least :start:)",
            "workshop",
            (env.config.root_doc, 1),
        )
    for extra in workshops[1:]:
        first = workshops[0]
        warn(
            f"a second workshop {extra.title!r}: a project holds exactly one "
            f"(the first is in {first.docname}, line {first.lineno})",
            "workshop",
            at(extra),
        )


def check_duplicates(everything: Iterable[ModelObject]) -> None:
    """Two objects of one kind with ids equal but for case: their HTML anchors
    (lower case) would be one, and links would reach the first."""
    first_seen: dict[tuple[str, str], ModelObject] = {}
    for obj in everything:
        key = (obj.kind, obj.id.casefold())
        first = first_seen.setdefault(key, obj)
        if first is not obj:
            same = "" if first.id == obj.id else f" (as {first.id!r}, but for case)"
            warn(
                f"duplicate {obj.kind} id {obj.id!r}: already used{same} in "
                f"{first.docname}, line {first.lineno}",
                "duplicate-id",
                at(obj),
            )


def check_links(domain: ChmDomain, everything: Iterable[ModelObject]) -> None:
    reporting = domain.reporting

    def expect(obj: ModelObject, option: str, kind: str, ident: str | None) -> None:
        if ident is not None and reporting.find(kind, ident) is None:
            warn(
                f"{obj.kind} {obj.id!r}: :{option}: names no {kind} {ident!r}"
                + did_you_mean(ident, domain.ids(kind)),
                "unknown-id",
                domain.option_location(obj, option),
            )

    for obj in everything:
        for objective in getattr(obj, "objectives", ()):
            expect(obj, "objectives", "objective", objective)
        if isinstance(obj, Session):
            expect(obj, "continues", "session", obj.continues)
        elif isinstance(obj, Group):
            if obj.session is None:
                warn(
                    f"group {obj.id!r} is in no session: nest it in a session "
                    "or name one with :session:",
                    "orphan-group",
                    at(obj),
                )
            expect(obj, "session", "session", obj.session)
            expect(obj, "continues", "group", obj.continues)
        elif isinstance(obj, Action):
            expect(obj, "group", "group", obj.group)
            expect(obj, "session", "session", obj.session)


def check_sessions(workshop: Workshop, sessions: Iterable[Session]) -> None:
    if workshop.start is None:
        return
    days = workshop.days
    for session in sessions:
        if session.date is None:
            if len(days) > 1 and "date" not in session.rejected:
                warn(
                    f"session {session.id!r}: :date: is required, "
                    f"the workshop lasts {len(days)} days",
                    "missing-option",
                    at(session),
                )
        elif session.date not in days:
            warn(
                f"session {session.id!r}: its date {session.date} is outside the "
                f"workshop ({days[0]} to {days[-1]})",
                "outside-dates",
                at(session),
            )
        day = workshop.session_date(session)
        if day is not None:
            check_local_times(session, day, workshop.timezone)


def local_time_exists(day: dt.date, time: dt.time, zone: str) -> bool:
    """False for a time the clocks skip (02:30 when summer time starts)."""
    local = dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone))
    back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def check_local_times(session: Session, day: dt.date, zone: str) -> None:
    for time in (session.start, session.end):
        if time is not None and not local_time_exists(day, time, zone):
            warn(
                f"session {session.id!r}: {time:%H:%M} on {day} does not exist in "
                f"{zone} (the clocks change that night); choose another time",
                "time",
                at(session),
            )


def timed_sessions_by_day(workshop: Workshop) -> list[list[Session]]:
    """For each day, its sessions that have both times, in order."""
    by_day: dict[dt.date | None, list[Session]] = {}
    for session in workshop.sessions:
        if session.start is not None and session.end is not None:
            by_day.setdefault(workshop.session_date(session), []).append(session)
    return [sorted(day, key=lambda s: (s.start, s.end)) for day in by_day.values()]


def check_overlaps(workshop: Workshop) -> None:
    for sessions in timed_sessions_by_day(workshop):
        latest: Session | None = None  # the session ending last so far
        for session in sessions:
            assert session.start is not None and session.end is not None
            if latest is not None and latest.end is not None and session.start < latest.end:
                warn(
                    f"session {session.id!r} ({session.start:%H:%M}–{session.end:%H:%M}) "
                    f"overlaps {latest.id!r} ({latest.start:%H:%M}–{latest.end:%H:%M}); "
                    "parallel work belongs in groups of one session",
                    "overlap",
                    at(session),
                )
            if latest is None or (latest.end is not None and session.end > latest.end):
                latest = session


def check_objectives_served(workshop: Workshop) -> None:
    served: set[str] = set().union(
        *(s.objectives for s in workshop.sessions),
        *(g.objectives for g in workshop.groups),
        *(a.objectives for a in workshop.actions),
        *(q.objectives for q in workshop.questions),
    )
    for objective in workshop.objectives:
        if objective.id not in served:
            warn(
                f"objective {objective.id!r} is served by no session, group or action "
                "(list it in their :objectives:)",
                "unserved-objective",
                at(objective),
            )


def check_due_dates(domain: ChmDomain, workshop: Workshop, actions: Iterable[Action]) -> None:
    """An action due before the workshop even starts, or starting after it is
    due, is a typing slip."""
    for action in actions:
        if action.due and action.start and action.start > action.due.last_day:
            warn(
                f"action {action.id!r} starts ({action.start}) after it is due ({action.due})",
                "date",
                domain.option_location(action, "start"),
            )
        if (
            workshop.start is not None
            and action.due is not None
            and action.due.last_day < workshop.start
        ):
            warn(
                f"action {action.id!r} is due ({action.due}) before the workshop starts "
                f"({workshop.start})",
                "date",
                domain.option_location(action, "due"),
            )


def check_logframe(domain: ChmDomain, workshop: Workshop) -> None:
    """Costs the budget cannot add up into one figure; with a logframe view,
    every objective and action needs indicators."""
    check_currencies(domain, workshop)


def check_currencies(domain: ChmDomain, workshop: Workshop) -> None:
    """Costs the totals cannot add up into one figure, named at the first
    action costed in the currency: never a silent mixed total."""
    from chmdocs.core.logframe import logframe

    if not any(a.cost for a in workshop.actions):
        return  # no cost: no budget to add up
    frame = logframe(workshop)
    reporting = frame.budget.currency

    def first_costed_in(currency: str) -> tuple[str, int] | str:
        action = next(a for a in workshop.actions if a.cost and a.cost.currency == currency)
        return domain.option_location(action, "cost")

    if not frame.missing_rates:
        return
    if not reporting:
        currencies = ", ".join(frame.currencies)
        warn(
            f"costs in several currencies ({currencies}) cannot be added up: set "
            "chmdocs_currency (the reporting currency) and chmdocs_exchange_rates in "
            "conf.py; until then each currency is totalled apart",
            "currency",
            first_costed_in(frame.currencies[1]),
        )
        return
    for currency in frame.missing_rates:
        warn(
            f"no exchange rate for {currency}: add it to chmdocs_exchange_rates (units of "
            f"{currency} for one {reporting}); until then its costs are totalled apart",
            "currency",
            first_costed_in(currency),
        )


def check_records(domain: ChmDomain, workshop: Workshop) -> None:
    """Progress entries and measures: what they name exists (here or in an
    import), a date not before its workshop, an indicator the objective has,
    and no two entries of one action on one date that disagree."""
    reporting = domain.reporting
    seen: dict[tuple[str, object], Progress] = {}
    for entry in workshop.progress:
        action = reporting.find("action", entry.action)
        known = [ref for ref, _a, _w in reporting.actions()]
        if action is None:
            warn(
                f"progress of {entry.action!r}: no such action" + did_you_mean(entry.action, known),
                "unknown-id",
                at(entry),
            )
            continue
        source = reporting.workshop_of(entry.action)
        if source is not None and source.start and entry.date and entry.date < source.start:
            warn(
                f"progress of {entry.action!r} dated {entry.date}, before its workshop "
                f"({source.start})",
                "date",
                domain.option_location(entry, "date"),
            )
        earlier = seen.setdefault((entry.action.strip(), entry.date), entry)
        if earlier is not entry and (earlier.status, earlier.percent) != (
            entry.status,
            entry.percent,
        ):
            warn(
                f"two progress entries of {entry.action!r} on {entry.date} disagree "
                f"(also in {earlier.docname}, line {earlier.lineno})",
                "option",
                at(entry),
            )
    for measure in workshop.measures:
        objective = reporting.find("objective", measure.objective)
        if not isinstance(objective, Objective):
            known = [ref for ref, _o, _w in reporting.objectives()]
            warn(
                f"measure of {measure.objective!r}: no such objective"
                + did_you_mean(measure.objective, known),
                "unknown-id",
                at(measure),
            )
        elif measure.indicator and measure.indicator > len(objective.indicators):
            count = len(objective.indicators)
            warn(
                f":indicator: {measure.indicator}: objective {measure.objective!r} has "
                f"{count} indicator{'s' if count != 1 else ''}",
                "option",
                domain.option_location(measure, "indicator"),
            )


def check_continuations(domain: ChmDomain, workshop: Workshop) -> None:
    """A session or group that continues itself, or a loop of them (b17 → b18
    → b17); an action whose group belongs to another session than its own."""
    for kind, objects in (("session", workshop.sessions), ("group", workshop.groups)):
        following = {o.id: o.continues for o in objects if o.continues}
        for obj in objects:
            seen, current = [obj.id], obj.continues
            while current is not None and current not in seen:
                seen.append(current)
                current = following.get(current)
            if current is not None and current == obj.id:
                loop = " → ".join([*seen, obj.id])
                warn(
                    f"{kind} {obj.id!r} continues itself ({loop}): :continues: names an "
                    "earlier one",
                    "option",
                    domain.option_location(obj, "continues"),
                )
    for action in workshop.actions:
        group = workshop.group(action.group) if action.group else None
        if (
            group is not None
            and group.session
            and action.session
            and (group.session != action.session)
        ):
            warn(
                f"action {action.id!r}: its group {group.id!r} works in session "
                f"{group.session!r}, not in {action.session!r} (:session:)",
                "option",
                domain.option_location(action, "session"),
            )


def check_references(domain: ChmDomain) -> None:
    """Roles naming no object: ``:session:`s-nowhere```."""
    reporting = domain.reporting
    for ref in domain.references():
        if reporting.find(ref.kind, ref.target.strip()) is None:
            warn(
                f":{ref.kind}:`{ref.target}` names no {ref.kind} (no such id)",
                "unknown-id",
                (ref.docname, ref.lineno),
            )


def check_views(domain: ChmDomain, workshop: Workshop) -> None:
    """Ids a view filters on that name nothing; then what each view checks
    itself across the workshop (:meth:`ViewDirective.check_uses`)."""
    for use in domain.view_uses():
        options = dict(use.options)
        for option, kind in use.links:
            written = options.get(option)
            for ident in (written,) if isinstance(written, str) else written or ():
                if domain.get(kind, ident) is None:
                    warn(
                        f"{use.view}: :{option}: names no {kind} {ident!r}"
                        + did_you_mean(ident, domain.ids(kind)),
                        "unknown-id",
                        use.location(option),
                    )
    # Then what each view checks itself, with every use of it.
    from chmdocs.sphinxext.views import VIEW_DIRECTIVES

    by_view: dict[str, list[ViewUse]] = {}
    for use in domain.view_uses():
        by_view.setdefault(use.view, []).append(use)
    for name, uses in by_view.items():
        if name in VIEW_DIRECTIVES:
            VIEW_DIRECTIVES[name].check_uses(domain, workshop, uses)


#: An entry written like a participant id (``p-diallo``): the convention the
#: spec's examples follow. Other one-word entries count when close to an id.
_LOOKS_LIKE_PARTICIPANT = re.compile(r"^p-[A-Za-z0-9_.-]+$", re.IGNORECASE)
_ONE_WORD_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


def check_people(domain: ChmDomain, workshop: Workshop, objects: Iterable[ModelObject]) -> None:
    """A speaker, owner… written like a participant id that names nobody:
    most likely a typo, which would otherwise print as the bare id."""
    known = [p.id for p in workshop.participants]
    by_folded = {p.id.casefold(): p.id for p in workshop.participants}
    for obj in objects:
        for field in PERSON_FIELDS.get(obj.kind, ()):
            value = getattr(obj, field)
            option = fields.option_of(obj.kind, field)
            for entry in value if isinstance(value, tuple) else (value,):
                entry = entry.strip()
                if not entry or workshop.participant(entry) is not None:
                    continue
                parts = [part.strip() for part in entry.split(",")]
                if len(parts) > 1 and any(looks_like_id(p, by_folded) for p in parts):
                    warn(
                        f"{obj.kind} {obj.id!r}: :{option}: {entry!r} names several people "
                        "with a comma; people are separated by ';' (p-a; p-b)",
                        "option",
                        domain.option_location(obj, option),
                    )
                    continue
                name, _organization = split_affiliation(entry)
                if not looks_like_id(name, by_folded) and not _ONE_WORD_ID.match(name):
                    continue  # a name as written ("Point focal national"): no typo to find
                exact = by_folded.get(name.casefold())
                close = f" (did you mean {exact!r}?)" if exact else did_you_mean(name, known)
                if looks_like_id(name, by_folded) or close:
                    warn(
                        f"{obj.kind} {obj.id!r}: :{option}: {entry!r} looks like a participant "
                        f"id but names no participant{close}; it is shown as written",
                        "unknown-id",
                        domain.option_location(obj, option),
                    )


def looks_like_id(text: str, by_folded: dict[str, str]) -> bool:
    """``p-…`` in any case, or a participant's id in other capitals."""
    return bool(_LOOKS_LIKE_PARTICIPANT.match(text)) or text.casefold() in by_folded


def did_you_mean(written: str, known: Iterable[str]) -> str:
    """' (did you mean 'obj-status'?)' when an id close to ``written`` exists."""
    close = difflib.get_close_matches(written, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# -- findings that are not problems: shown by `chmdocs check` only ------------


@dataclasses.dataclass(frozen=True)
class Note:
    """Something worth an organiser's attention that does not fail a build."""

    docname: str
    lineno: int
    severity: str  # "info" or "reminder"
    message: str
    subtype: str


def gaps(workshop: Workshop, limit_minutes: int) -> list[Note]:
    """Idle time between sessions of one day longer than ``limit_minutes``."""
    found = []
    for sessions in timed_sessions_by_day(workshop):
        for before, after in itertools.pairwise(sessions):
            assert before.end is not None and after.start is not None
            idle = minute_of_day(after.start) - minute_of_day(before.end)
            if idle > limit_minutes:
                found.append(
                    Note(
                        after.docname,
                        after.lineno,
                        "info",
                        f"{idle} minutes with no session between {before.id!r} "
                        f"(ends {before.end:%H:%M}) and {after.id!r} "
                        f"(starts {after.start:%H:%M})",
                        "gap",
                    )
                )
    return found


def reminders(workshop: Workshop) -> list[Note]:
    """Sessions still to be confirmed."""
    return [
        Note(
            s.docname,
            s.lineno,
            "reminder",
            f"session {s.id!r} is still to be confirmed"
            + (f" ({'; '.join(s.speakers)})" if s.speakers else ""),
            "tbc",
        )
        for s in workshop.sessions
        if s.tbc
    ]
