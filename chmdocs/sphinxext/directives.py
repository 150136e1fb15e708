"""The object directives: workshop, objective, session, group, action and participant.

Each reads and checks its options into a model object and leaves a
:class:`~chmdocs.sphinxext.nodes.chm_object` where it is written, its title, text
options and content as translatable text. The object reaches the domain
once Sphinx has translated the document (:mod:`chmdocs.collect`) and is
rendered at the end (:mod:`chmdocs.objects`). A bad value is a warning at
the option's line and the object is kept with what could be read: nothing
the author wrote vanishes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar, cast

from docutils import nodes
from docutils.parsers.rst.states import Body

from chmdocs.core import fields
from chmdocs.core.escape import plain_text
from chmdocs.core.model import (
    KINDS,
    PERSON_FIELDS,
    PRIORITIES,
    QUESTION_TYPES,
    STATUSES,
    Action,
    Due,
    Group,
    Measure,
    ModelObject,
    Objective,
    Participant,
    Progress,
    Question,
    Session,
    Workshop,
    add_minutes,
    derive_id,
    parse_choices,
    parse_cost,
    parse_country,
    parse_date,
    parse_due,
    parse_duration,
    parse_email,
    parse_id,
    parse_publish,
    parse_time,
    parse_timezone,
    parse_yes_no,
)
from chmdocs.sphinxext.collect import MAX_TITLE, cut_title
from chmdocs.sphinxext.domain import anchor_of
from chmdocs.sphinxext.nodes import chm_object, chm_text
from chmdocs.sphinxext.options import OptionsDirective

V = TypeVar("V")
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+$")

#: Objects nested deeper than this have their content kept as text: no
#: meaningful workshop nests that far, and docutils would run out of stack.
MAX_DEPTH = 8

# The stack of enclosing objects while a directive's content is parsed:
# a group nested in a session belongs to it, an action nested in a group too.
CONTEXT_KEY = "chm:context"


def all_ids(written: str) -> bool:
    """Whether each ";"-separated entry of ``written`` is written as an id
    (``p-diallo``), not a word or acronym that reads as text (``DGCD``)."""
    entries = [e.strip() for e in written.split(";") if e.strip()]

    def looks_like_id(entry: str) -> bool:
        marked = any(c in "-_." or c.isdigit() for c in entry) or entry.islower()
        return bool(ID_PATTERN.match(entry)) and marked

    return bool(entries) and all(looks_like_id(e) for e in entries)


class ObjectDirective(OptionsDirective):
    """What the five object directives share: title, id, content, warnings."""

    kind: ClassVar[str]
    #: The options this directive reads, beyond ``:id:``: those its kind's
    #: fields declare (:mod:`chmdocs.core.fields`).
    known_options: ClassVar[tuple[str, ...]] = ()
    #: Which enclosing object kinds make sense around this one.
    allowed_parents: ClassVar[tuple[str, ...]] = ()
    #: Options whose text is the author's words (translatable), and the model
    #: field each fills; a list field is split at ";" after translation.
    text_options: ClassVar[dict[str, str]] = {}

    has_content = True
    # The title is required, but checked in run(): docutils' own error drops
    # the directive with a message an author cannot act on.
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.__dict__.get("kind") in fields.CLASSES:
            # Everything about the options comes from the fields' declarations.
            cls.known_options = fields.options(cls.kind)
            cls.text_options = fields.translatable(cls.kind)
            cls.synonyms = fields.synonyms(cls.kind)
            cls.flag_options = tuple(
                s.option for s in fields.of_kind(cls.kind) if s.shape == "flag"
            )
        cls.accepted_options = ("id", *cls.known_options)
        super().__init_subclass__(**kwargs)

    def describe(self) -> str:
        return f"{self.kind} {self.title!r}" if getattr(self, "title", "") else self.kind

    def run(self) -> list[nodes.Node]:
        if not self.has_title():
            return []
        title_nodes, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
        # A title is one line, whatever line breaks the argument had.
        self.title = plain_text("".join(node.astext() for node in title_nodes))
        title_source = self.arguments[0]
        overflow = ""
        if len(self.title) > MAX_TITLE:
            overflow = self.title
            self.title = title_source = cut_title(self.title)
            title_nodes = [nodes.Text(self.title)]
            self.warn(
                f"the title has {len(overflow)} characters; documents show its first "
                f"{MAX_TITLE} and the exports keep it whole in the description",
                "too-long",
            )
        self.check_options()
        ident = self.read_id()
        with self.enclosing(ident):
            body = self.content_nodes()
        obj = self.make_object(
            id=ident,
            title=self.title,
            docname=self.env.docname,
            lineno=self.lineno,
            **self.declared_values(),
        )
        if self.rejected:
            obj = dataclasses.replace(obj, rejected=tuple(dict.fromkeys(self.rejected)))
        where = {name: self.option_location(name) for name in self.options}
        node = chm_object(
            object=obj, nested=self.parent() is not None, overflow=overflow, where=where
        )
        withheld = isinstance(obj, Participant) and not obj.publish
        if anchor_of(obj) not in self.state.document.ids and not withheld:
            # A duplicate id gets no anchor of its own; the checks report it.
            node["ids"].append(anchor_of(obj))
            self.state.document.note_explicit_target(node)
        self.set_source_info(node)
        node += self.text_node("title", title_source, title_nodes, None)
        for option, field in self.text_options.items():
            written = self.text_option(option)
            if written:
                text = self.text_node(field, written, [nodes.Text(written)], option)
                if field in PERSON_FIELDS.get(self.kind, ()) and all_ids(written):
                    # Participant ids are no message to translate.
                    text["translatable"] = False
                node += text
        node.extend(body)
        return [node, *messages]

    def has_title(self) -> bool:
        """Whether the directive has its argument; warned of when it has none."""
        if self.arguments or self.title_read_as_option():
            return True
        self.title = ""
        written = self.after_marker()
        where = (
            f"{written!r} after '{self.name}::' is read as an option"
            if written
            else f"nothing is written after '{self.name}::'"
        )
        self.warn(
            f"no title: {where}; this {self.kind} is left out of every document until it has one",
            "missing-title",
        )
        return False

    def after_marker(self) -> str:
        """What the directive's first line holds after ``::``."""
        first = self.block_text.splitlines()[0] if self.block_text else ""
        return first.partition("::")[2].strip()

    def title_read_as_option(self) -> bool:
        """A title that starts like an option (``:value: is required``),
        which docutils read as one: taken back as the title when the name is
        no option of this directive. Returns whether there is a title now."""
        written = self.after_marker()
        marker = re.match(Body.patterns["field_marker"], written)
        if not marker:
            return False
        name = marker.group().rstrip()[1:-1].replace("\\", "").lower()
        if name in self.accepted_options or name in self.synonyms:
            return False  # an option indeed, written on the directive's line
        self.options.pop(name, None)
        self.arguments = [written]
        self.warn(
            f"the title {written!r} starts like an option; it is read as the title "
            f"(write '\\{written}' to say so)",
            "missing-title",
        )
        return True

    def text_node(
        self, field: str, rawsource: str, children: list[nodes.Node], option: str | None
    ) -> chm_text:
        """A translatable text at its own line (an option's, or the directive's)."""
        node = chm_text(rawsource, *children, field=field)
        node.source, _line = self.state_machine.get_source_and_line(self.lineno)
        node.line = self.option_line(option)
        return node

    def content_nodes(self) -> list[nodes.Node]:
        """The content, parsed; past :data:`MAX_DEPTH` nested objects, kept as text."""
        if len(self._stack()) <= MAX_DEPTH:
            return self.parse_content_to_nodes()
        if self.content:
            self.warn(
                f"objects nested more than {MAX_DEPTH} deep; this one's content is "
                "shown as written, not read",
                "nesting",
            )
        text = "\n".join(self.content)
        return [nodes.literal_block(text, text, language="text")] if text else []

    def declared_values(self) -> dict[str, Any]:
        """The fields read by their declared shape alone: text as written, a
        list split at ";", ids, one id, a flag. The rest is the directive's."""
        readers = {
            "text": self.text_option,
            "list": self.list_option,
            "ids": self.ids_option,
            "id": self.id_option,
            "flag": self.flag,
        }
        return {s.name: readers[s.shape](s.option) for s in fields.read_by_shape(self.kind)}

    # -- what each directive defines --------------------------------------

    def make_object(self, **common: Any) -> ModelObject:
        raise NotImplementedError

    # -- shared machinery ---------------------------------------------------

    def _stack(self) -> list[tuple[str, str]]:
        """The (kind, id) of each object whose content is being parsed, outermost first."""
        return cast(list[tuple[str, str]], self.env.temp_data.setdefault(CONTEXT_KEY, []))

    @contextmanager
    def enclosing(self, ident: str) -> Iterator[None]:
        self._stack().append((self.kind, ident))
        try:
            yield
        finally:
            self._stack().pop()

    def parent(self) -> tuple[str, str] | None:
        """The (kind, id) of the object this directive is nested in."""
        stack = self._stack()
        return stack[-1] if stack else None

    def enclosing_of(self, kind: str) -> str | None:
        """The id of the nearest enclosing object of ``kind``."""
        return next((ident for k, ident in reversed(self._stack()) if k == kind), None)

    def check_options(self) -> None:
        self.check_unknown_options()
        parent = self.parent()
        if parent is not None and parent[0] not in self.allowed_parents:
            self.warn(
                f"a {self.kind} cannot be nested in a {parent[0]} "
                f"({parent[1]!r}); write it outside",
                "nesting",
            )

    def read_id(self) -> str:
        written = self.options.get("id")
        if written is not None and written.strip():
            try:
                return parse_id(written)
            except ValueError as error:
                self.reject("id", str(error))
                return derive_id(written)
        if self.config.chmdocs_require_ids:
            self.warn("no :id: given (chmdocs_require_ids is on)", "missing-id")
        return derive_id(self.title)


class WorkshopDirective(ObjectDirective):
    kind = "workshop"

    def make_object(self, **common: Any) -> Workshop:
        start = self.parsed("start", parse_date, "date", required=True)
        end = self.parsed("end", parse_date, "date") or start
        if start is not None and end is not None and end < start:
            self.warn(f"it ends ({end}) before it starts ({start})", "end-before-start", "end")
        timezone = self.parsed("timezone", parse_timezone, "option") or "UTC"
        return Workshop(start=start, end=end, timezone=timezone, **common)


#: The logical framework's options, on objectives and actions.
LOGFRAME_LISTS = ("indicators", "verification", "assumptions")


class ObjectiveDirective(ObjectDirective):
    kind = "objective"

    def make_object(self, **common: Any) -> Objective:
        return Objective(**common)


class SessionDirective(ObjectDirective):
    kind = "session"

    def make_object(self, **common: Any) -> Session:
        start = self.parsed("start", parse_time, "time", required=True)
        end = self.parsed("end", parse_time, "time")
        duration = self.parsed("duration", parse_duration, "time")
        if "end" in self.options and "duration" in self.options:
            self.warn("give :end: or :duration:, not both; :end: is used", "option", "duration")
        elif "end" not in self.options and "duration" not in self.options:
            self.warn(":end: or :duration: is required", "missing-option")
        if end is None and start is not None and duration is not None:
            end = add_minutes(start, duration)
            if end is None:
                self.warn(f":duration: {duration} minutes runs past midnight", "time", "duration")
        if start is not None and end is not None and end <= start:
            self.warn(
                f"it ends at {end:%H:%M}, not after it starts at {start:%H:%M}",
                "end-before-start",
                "end",
            )
        return Session(
            date=self.parsed("date", parse_date, "date"),
            start=start,
            end=end,
            duration=duration,
            session_kind=self.choice("kind", KINDS, "other") or "other",
            **common,
        )


class GroupDirective(ObjectDirective):
    kind = "group"
    allowed_parents = ("session",)

    def make_object(self, **common: Any) -> Group:
        session = self.id_option("session")
        enclosing = self.enclosing_of("session")
        if enclosing is not None:
            if session is not None and session != enclosing:
                self.warn(
                    f":session: {session!r} differs from the session it is nested in "
                    f"({enclosing!r}); the enclosing session is used",
                    "option",
                    "session",
                )
            session = enclosing
        return Group(session=session, **common)


class ActionDirective(ObjectDirective):
    kind = "action"
    allowed_parents = ("group", "session")

    def make_object(self, **common: Any) -> Action:
        group = self.id_option("group")
        session = self.id_option("session")
        parent = self.parent()
        if parent is not None and parent[0] == "group":
            group = parent[1]
        elif parent is not None and parent[0] == "session":
            session = parent[1]
        due: Due | None = self.parsed("due", parse_due, "date")
        return Action(
            due=due,
            priority=self.choice("priority", PRIORITIES, None),
            status=self.choice("status", STATUSES, "proposed") or "proposed",
            group=group,
            session=session,
            start=self.parsed("start", parse_date, "date"),
            cost=self.parsed("cost", parse_cost, "option"),
            **common,
        )


class ParticipantDirective(ObjectDirective):
    """Someone taking part. The name is never translated; e-mail and phone
    are kept for the organiser's own list and reach no public output."""

    kind = "participant"

    def run(self) -> list[nodes.Node]:
        result = super().run()
        node = result[0] if result else None
        if isinstance(node, chm_object):
            participant: Participant = node["object"]
            for text in node.findall(nodes.TextElement):
                # The name is no message to translate; nothing of an unpublished
                # participant may reach a catalog either.
                if not participant.publish or (
                    isinstance(text, chm_text) and text["field"] == "title"
                ):
                    text["translatable"] = False
        return result

    def make_object(self, **common: Any) -> Participant:
        country = self.text_option("country")
        if country and self.parsed("country", parse_country, "option") is not None:
            country = parse_country(country)
        email = self.text_option("email")
        if email:
            self.parsed("email", parse_email, "option")
        phone = self.text_option("phone")
        if phone and sum(c.isdigit() for c in phone) < 4:
            self.reject("phone", f":phone: {phone!r} has too few digits to be a phone number")
        publish = self.parsed("publish", parse_publish, "option")
        return Participant(
            country=country,
            email=email.removeprefix("mailto:"),
            phone=phone,
            # Unreadable: not published, the safe side for personal data.
            publish=publish if publish is not None else "publish" not in self.options,
            **common,
        )


class QuestionDirective(ObjectDirective):
    """A question of the preparation round's questionnaire; the content is its help."""

    kind = "question"

    def make_object(self, **common: Any) -> Question:
        question_type = self.choice("type", QUESTION_TYPES, "text") or "text"
        codes: tuple[str, ...] = ()
        entries: tuple[str, ...] = ()
        written = self.text_option("choices")
        offers_choices = question_type in ("choice", "multiple")
        if written and not offers_choices:
            self.warn(
                f":choices: has no meaning for a {question_type} question (only for choice "
                "and multiple); they are left out",
                "option",
                "choices",
            )
        elif written:
            try:
                codes, entries = parse_choices(written)
            except ValueError as error:
                self.reject("choices", f":choices: {error}")
        elif offers_choices and "choices" not in self.options:
            self.warn(
                f"a {question_type} question needs :choices: (separated by ';', each "
                "'code = label' or a label)",
                "missing-option",
            )
        required = (
            self.parsed("required", parse_yes_no, "option") if "required" in self.options else False
        )
        return Question(
            question_type=question_type,
            choices=entries,
            codes=codes,
            source_choices=entries,
            required=bool(required),
            **common,
        )


REFERENCE = re.compile(r"^(?:[A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]+$")


def parse_percent(text: str) -> int:
    """A share done, 0 to 100: ``40`` or ``40 %``."""
    value = text.strip().removesuffix("%").strip()
    if not (value.isascii() and value.isdigit()) or not 0 <= int(value) <= 100:
        raise ValueError(f"invalid percent {text!r}: give a whole number from 0 to 100")
    return int(value)


class RecordDirective(ObjectDirective):
    """What progress and measure share: the argument names what is recorded
    (an id, ``KEY:id`` for an imported object), never a title to translate;
    ``:date:`` is required; the id is made from both."""

    def run(self) -> list[nodes.Node]:
        if not self.has_title():
            return []
        written = " ".join(self.arguments[0].split())
        if not REFERENCE.match(written):
            self.warn(f"{written!r} is no id: name the {self.names} as KEY:id or id", "unknown-id")
        from chmdocs.sphinxext.imports import depend_on_imports

        depend_on_imports(self.env, written)
        made = "-".join(str(self.options.get(o) or "").strip() for o in self.id_options)
        made = f"{written}-{made}".strip("-")
        self.options.setdefault("id", re.sub(r"[^A-Za-z0-9_.-]+", "-", made).strip("-"))
        result = super().run()
        recorded = result[0] if result and isinstance(result[0], chm_object) else None
        for node in recorded.findall(chm_text) if recorded is not None else ():
            if node["field"] == "title":
                node["translatable"] = False  # an id, not words
        return result

    names = "object"
    #: The options that, with the argument, make the record's id.
    id_options: tuple[str, ...] = ("date",)

    def record_date(self) -> Any:
        return self.parsed("date", parse_date, "date", required=True)


class ProgressDirective(RecordDirective):
    """Where an action stood at a date: status, share done, and a note."""

    kind = "progress"
    names = "action"

    def make_object(self, **common: Any) -> Progress:
        status = self.choice("status", STATUSES, None) or ""
        return Progress(
            action=common["title"],
            date=self.record_date(),
            status=status,
            percent=self.parsed("percent", parse_percent, "option"),
            **common,
        )


class MeasureDirective(RecordDirective):
    """An indicator's value at a date."""

    kind = "measure"
    names = "objective"
    id_options = ("indicator", "date")

    def make_object(self, **common: Any) -> Measure:
        if not self.text_option("value") and "value" not in self.options:
            self.warn(":value: is required", "missing-option")
        return Measure(
            objective=common["title"],
            indicator=self.indicator(common["title"]),
            date=self.record_date(),
            **common,
        )

    def indicator(self, reference: str) -> int:
        """:indicator: as a position: written so ("2"), or an imported objective's
        indicator by its text. 0 (and a warning) when it cannot be read."""
        written = self.text_option("indicator")
        if not written:
            self.warn(
                ":indicator: is required (its position, 1 first, or its text)", "missing-option"
            )
            return 0
        if written.isascii() and written.isdigit() and int(written) > 0:
            return int(written)  # checked against the objective once all is read
        from chmdocs.core.model import reference_key
        from chmdocs.core.reporting import indicator_position
        from chmdocs.sphinxext.imports import models_of

        key, ident = reference_key(reference)
        position = None
        for model in models_of(self.env, key) if key else []:
            found = model.objective(ident)
            position = indicator_position(found, written) if found is not None else None
            if position is not None:
                break
        if position is None:
            self.reject(
                "indicator",
                f":indicator: {written!r}: give the indicator's position in the objective's "
                ":indicators: (1 first), or its text as the objective writes it",
            )
            return 0
        return position


OBJECT_DIRECTIVES: dict[str, type[ObjectDirective]] = {
    cls.kind: cls
    for cls in (
        WorkshopDirective,
        ObjectiveDirective,
        SessionDirective,
        GroupDirective,
        ActionDirective,
        ParticipantDirective,
        ProgressDirective,
        MeasureDirective,
        QuestionDirective,
    )
}
