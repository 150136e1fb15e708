"""What changed between two versions of a workshop's model.

Both sides are compared as ``chmdocs.json`` holds them (the public model:
no e-mail, phone or unpublished participant), object by object, matched by
kind and id. ``docname`` and ``lineno`` never count: moving an action to
another file is no change. Used by ``chmdocs diff`` and the ``changes``
view. No Sphinx import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chmdocs.core.fields import labels
from chmdocs.core.language import NBSP, colon, due_words, long_date, quoted
from chmdocs.core.messages import (
    KIND_MESSAGES,
    N_,
    PRIORITY_MESSAGES,
    STATUS_MESSAGES,
)
from chmdocs.core.model import Workshop, parse_date, parse_due

#: The kinds compared, in the order they are listed.
KINDS = (
    "workshop", "objective", "session", "group", "action", "participant", "progress", "measure",
    "question",
)  # fmt: skip
#: chmdocs.json's collection of each kind.
COLLECTIONS = {
    "objective": "objectives",
    "session": "sessions",
    "group": "groups",
    "action": "actions",
    "participant": "participants",
    "progress": "progress",
    "measure": "measures",
    "question": "questions",
}
#: Fields that are where an object is written, not what it says.
IGNORED_FIELDS = frozenset({"docname", "lineno"})

#: Each kind's name, as a message.
KIND_NAMES = {
    "workshop": N_("Workshop"),
    "objective": N_("Objective"),
    "session": N_("Session"),
    "group": N_("Group"),
    "action": N_("Action"),
    "participant": N_("Participant"),
    "section": N_("Section"),
    "progress": N_("Progress"),
    "measure": N_("Measure"),
    "question": N_("Question"),
}

#: Each field's label, as a message; a field not listed shows its own name.
#: Each field's label by its chmdocs.json name, from the fields' declarations.
FIELD_LABELS = labels()


CHANGED = N_("Changed")
NO_CHANGE = N_("No change.")


@dataclass(frozen=True)
class Item:
    """An object added or removed."""

    kind: str
    id: str
    title: str


@dataclass(frozen=True)
class Change:
    """An object whose fields differ: each field as (old, new), as in chmdocs.json."""

    kind: str
    id: str
    title: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    changed: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def only(self, kinds: Iterable[str]) -> Comparison:
        """The changes to objects of ``kinds`` alone."""
        wanted = set(kinds)
        return Comparison(
            tuple(i for i in self.added if i.kind in wanted),
            tuple(i for i in self.removed if i.kind in wanted),
            tuple(c for c in self.changed if c.kind in wanted),
        )

    def to_data(self) -> dict[str, Any]:
        """The JSON of ``chmdocs diff --format json`` (SPEC.md)."""

        def item(i: Item) -> dict[str, Any]:
            return {"kind": i.kind, "id": i.id, "title": i.title}

        return {
            "added": [item(i) for i in self.added],
            "removed": [item(i) for i in self.removed],
            "changed": [
                {
                    "kind": c.kind,
                    "id": c.id,
                    "title": c.title,
                    "fields": {name: [old, new] for name, (old, new) in c.fields.items()},
                }
                for c in self.changed
            ],
        }


def objects_of(workshop: Workshop) -> dict[tuple[str, str], dict[str, Any]]:
    """Each object as chmdocs.json writes it, by (kind, id); the first of a
    duplicated id (the checks warn of the others)."""
    from chmdocs.core.exports.jsonfile import to_data

    data = to_data(workshop)
    # The workshop is one object whatever its id: a new id is a changed field.
    found: dict[tuple[str, str], dict[str, Any]] = {("workshop", ""): data["workshop"]}
    for kind, collection in COLLECTIONS.items():
        for obj in data.get(collection, []):
            found.setdefault((kind, obj["id"]), obj)
    return found


def duplicate_ids(workshop: Workshop) -> list[tuple[str, str]]:
    """(kind, id) of each id two objects of one kind share: a comparison sees
    the first of them only (a build warns of the others, and writes them)."""
    from chmdocs.core.exports.jsonfile import to_data

    data = to_data(workshop)
    found: list[tuple[str, str]] = []
    for kind, collection in COLLECTIONS.items():
        seen: set[str] = set()
        for obj in data.get(collection, []):
            if obj["id"] in seen and (kind, obj["id"]) not in found:
                found.append((kind, obj["id"]))
            seen.add(obj["id"])
    return found


def compare(old: Workshop, new: Workshop) -> Comparison:
    """What changed from ``old`` to ``new``, in the order of :data:`KINDS`,
    then as the objects stand in ``new`` (in ``old`` for removed ones).

    A participant who is not published in ``new`` is left out of ``old`` too:
    the comparison never names them, not even as removed."""
    hidden = {p.id for p in new.participants if not p.publish}
    if hidden:
        old = dataclasses.replace(
            old,
            participants=tuple(
                dataclasses.replace(p, publish=False) if p.id in hidden else p
                for p in old.participants
            ),
        )
    before, after = objects_of(old), objects_of(new)
    order = {kind: n for n, kind in enumerate(KINDS)}

    def sort_key(key: tuple[str, str], index: list[tuple[str, str]]) -> tuple[int, int]:
        return (order[key[0]], index.index(key))

    new_keys, old_keys = list(after), list(before)
    added = [k for k in new_keys if k not in before]
    removed = [k for k in old_keys if k not in after]
    changed = []
    for key in new_keys:  # in the order of new_keys, sorted by kind below
        if key in before:
            fields = differing_fields(before[key], after[key])
            if fields:
                ident = str(after[key].get("id", key[1]))
                changed.append(Change(key[0], ident, str(after[key].get("title", "")), fields))
    return Comparison(
        tuple(
            Item(k[0], k[1], str(after[k].get("title", "")))
            for k in sorted(added, key=lambda k: sort_key(k, new_keys))
        ),
        tuple(
            Item(k[0], k[1], str(before[k].get("title", "")))
            for k in sorted(removed, key=lambda k: sort_key(k, old_keys))
        ),
        # A stable sort: by kind, and within a kind as the objects stand.
        tuple(sorted(changed, key=lambda c: order[c.kind])),
    )


def differing_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    fields: dict[str, tuple[Any, Any]] = {}
    for name in dict.fromkeys([*old, *new]):
        if name in IGNORED_FIELDS:
            continue
        before, after = old.get(name), new.get(name)
        if _empty(before) and _empty(after):
            continue
        if before != after:
            fields[name] = (before, after)
    return fields


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


# -- in words ---------------------------------------------------------------


#: Fields that may name participants by id (as chmdocs.json names them).
PERSON_FIELDS = frozenset({"speaker", "chair", "facilitator", "rapporteur", "owner", "partners"})


def people_of(*workshops: Workshop) -> dict[str, str]:
    """Published participants' names by id, to show people by name; nobody
    who is unpublished in any of them (a participant who asked not to be
    published since the earlier version is named by neither)."""
    hidden = {p.id for w in workshops for p in w.participants if not p.publish}
    return {
        p.id: p.name for w in workshops for p in w.participants if p.publish and p.id not in hidden
    }


def describe(
    name: str,
    value: Any,
    translate: Callable[[str], str],
    language: str | None,
    people: Mapping[str, str] | None = None,
) -> str:
    """A field's value as a reader reads it: dates in words, kinds and
    statuses by their labels, participants by name, lists joined with ";",
    nothing as "—"."""
    if _empty(value):
        return "—"
    if isinstance(value, list):
        return "; ".join(describe(name, v, translate, language, people) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{key} {item}" for key, item in value.items())
    if name in PERSON_FIELDS and people and str(value) in people:
        return people[str(value)]
    if isinstance(value, bool):
        return translate("yes") if value else translate("no")
    text = str(value)
    labels = {"kind": KIND_MESSAGES, "status": STATUS_MESSAGES, "priority": PRIORITY_MESSAGES}
    if name in labels:
        return translate(labels[name].get(text, text))
    try:
        if name in ("date", "start", "end") and len(text) == 10:
            return long_date(parse_date(text), language)
        if name == "due":
            return due_words(parse_due(text), language)
    except ValueError:
        pass
    return text


def field_label(name: str, translate: Callable[[str], str]) -> str:
    return translate(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def kind_name(kind: str, translate: Callable[[str], str]) -> str:
    return translate(KIND_NAMES.get(kind, kind))


def as_text(
    comparison: Comparison,
    translate: Callable[[str], str],
    language: str | None,
    people: Mapping[str, str] | None = None,
) -> str:
    """The comparison as a person reads it in a terminal, in ``language``."""
    # In a terminal, words are separated by plain spaces (a search finds
    # "31 décembre"); only the colon keeps the language's spacing.
    sep = colon(language)

    def plain(text: str) -> str:
        return text.replace(NBSP, " ")

    lines: list[str] = []

    def heading(item: Item | Change) -> str:
        title = f" {plain(quoted(item.title, language))}" if item.title else ""
        return f"{kind_name(item.kind, translate)} {item.id}{title}"

    for mark, label, items in (
        ("+", N_("Added"), comparison.added),
        ("-", N_("Removed"), comparison.removed),
    ):
        if items:
            lines.append(f"{translate(label)}{sep}")
            lines += [f"  {mark} {heading(i)}" for i in items]
    if comparison.changed:
        lines.append(f"{translate(CHANGED)}{sep}")
        for change in comparison.changed:
            lines.append(f"  ~ {heading(change)}")
            for name, (old, new) in change.fields.items():
                before = plain(describe(name, old, translate, language, people))
                after = plain(describe(name, new, translate, language, people))
                lines.append(f"      {field_label(name, translate)}{sep} {before} → {after}")
    if not lines:
        lines.append(translate(NO_CHANGE))
    return "\n".join(lines) + "\n"
