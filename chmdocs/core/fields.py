"""The fields of each kind of object, read from their one declaration.

Every field of the model says once what it is (:func:`chmdocs.core.model.declared`):
its label, the option that writes it, its shape, the objects it names, whether
it names people or is translated, whether the object's line of fields and the
action table show it. Everything below derives from those declarations, so a
new option is one line in the model (and the JSON schema that a test holds to
it): the directives read it, chmdocs.json writes it, diff labels it, the link
checks follow it, the documents show it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from chmdocs.core.model import (
    Action,
    Group,
    Measure,
    ModelObject,
    Objective,
    Participant,
    Progress,
    Question,
    Session,
    Workshop,
)

#: Each kind of object written with a directive, and its class.
CLASSES: dict[str, type[ModelObject]] = {
    cls.kind: cls
    for cls in (
        Workshop,
        Objective,
        Session,
        Group,
        Action,
        Participant,
        Progress,
        Measure,
        Question,
    )
}


@dataclass(frozen=True)
class FieldSpec:
    """A field's declaration, as the other layers read it."""

    name: str
    label: str
    #: The directive option that writes it; "" when none does.
    option: str
    synonyms: tuple[str, ...]
    #: Its name in chmdocs.json.
    json: str
    shape: str
    #: The kind of the objects it names ("" when it names none).
    links: str
    person: bool
    translatable: bool
    shown: bool
    column: bool


_SPECS: dict[str, tuple[FieldSpec, ...]] = {}


def specs(cls: type[ModelObject]) -> tuple[FieldSpec, ...]:
    """The declared fields of ``cls``, in their order."""
    key = f"{cls.__module__}.{cls.__qualname__}"
    if key not in _SPECS:
        _SPECS[key] = _read_specs(cls)
    return _SPECS[key]


def _read_specs(cls: type[ModelObject]) -> tuple[FieldSpec, ...]:
    found = []
    for field in dataclasses.fields(cls):
        meta = field.metadata
        if "label" not in meta:
            continue  # bookkeeping (docname, lineno) and the workshop's collections
        option = meta.get("option", "")
        found.append(
            FieldSpec(
                name=field.name,
                label=meta["label"],
                option=field.name if option == "" else (option or ""),
                synonyms=meta.get("synonyms", ()),
                json=meta.get("json") or field.name,
                shape=meta.get("shape", "custom"),
                links=meta.get("links", ""),
                person=meta.get("person", False),
                translatable=meta.get("translatable", False),
                shown=meta.get("shown", False),
                column=meta.get("column", False),
            )
        )
    return tuple(found)


def of_kind(kind: str) -> tuple[FieldSpec, ...]:
    return specs(CLASSES[kind])


def all_specs() -> Iterator[FieldSpec]:
    for cls in CLASSES.values():
        yield from specs(cls)


@cache
def labels() -> dict[str, str]:
    """Each field's label (a message) by its chmdocs.json name, for diff and
    the changes view."""
    found: dict[str, str] = {}
    for spec in all_specs():
        found.setdefault(spec.json, spec.label)
    return found


@cache
def json_names() -> dict[str, str]:
    """The fields whose chmdocs.json name is not their model name."""
    return {s.name: s.json for s in all_specs() if s.json != s.name}


@cache
def person_fields() -> dict[str, tuple[str, ...]]:
    """Per kind, the fields that name people (participant ids or names)."""
    found = {kind: tuple(s.name for s in of_kind(kind) if s.person) for kind in CLASSES}
    return {kind: names for kind, names in found.items() if names}


def links(cls: type[ModelObject]) -> tuple[tuple[str, str], ...]:
    """(field, kind named) of each field of ``cls`` naming other objects."""
    found = _LINKS.get(cls)
    if found is None:
        # Asked of every object of a large project: worked out once per class
        # (not @cache: mypy reads a dataclass type as unhashable).
        found = _LINKS[cls] = tuple((s.name, s.links) for s in specs(cls) if s.links)
    return found


_LINKS: dict[type[ModelObject], tuple[tuple[str, str], ...]] = {}


@cache
def option_of(kind: str, name: str) -> str:
    """The option that writes field ``name`` of ``kind`` (the field's name
    when none does)."""
    return next((s.option for s in of_kind(kind) if s.name == name and s.option), name)


def options(kind: str) -> tuple[str, ...]:
    """The options a kind's directive reads, beyond ``:id:``."""
    return tuple(s.option for s in of_kind(kind) if s.option)


def synonyms(kind: str) -> dict[str, str]:
    """Other spellings of a kind's options ("organisation")."""
    return {other: s.option for s in of_kind(kind) for other in s.synonyms}


def translatable(kind: str) -> dict[str, str]:
    """The options whose text is the author's words, and the field each fills."""
    return {s.option: s.name for s in of_kind(kind) if s.translatable and s.option}


def read_by_shape(kind: str) -> tuple[FieldSpec, ...]:
    """The fields of ``kind`` a directive reads by their shape alone."""
    return tuple(s for s in of_kind(kind) if s.option and s.shape != "custom")


def shown(kind: str) -> tuple[FieldSpec, ...]:
    """The plain-text fields the object's line of fields shows as written."""
    return tuple(s for s in of_kind(kind) if s.shown)


def columns(kind: str) -> tuple[FieldSpec, ...]:
    """The plain-text fields the action table and actions.csv add as columns."""
    return tuple(s for s in of_kind(kind) if s.column)
