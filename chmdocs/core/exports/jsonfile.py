"""The model as JSON (``chmdocs.json``) and back.

Every object carries ``id``, ``title``, ``docname``, ``lineno`` and its
fields, named as the directive's options: dates ISO 8601, times ``HH:MM``,
a link to one object its id, a link to several a list of ids. The shape is
fixed by ``chmdocs.schema.json`` beside this module; ``FORMAT_VERSION``
changes when it does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json
import typing
from pathlib import Path
from typing import Any

from chmdocs.core.fields import json_names
from chmdocs.core.model import (
    Action,
    Cost,
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
    parse_date,
    parse_due,
    parse_timezone,
)

FORMAT_VERSION = "1.5"
SCHEMA_PATH = Path(__file__).with_name("chmdocs.schema.json")

# Model attribute -> JSON key, where the directive's option is named otherwise.
#: Fields named otherwise in chmdocs.json, as declared ("session_kind" is "kind").
_RENAMED = json_names()
_COLLECTIONS = (
    "objectives", "sessions", "groups", "actions", "participants", "progress", "measures",
    "questions",
)  # fmt: skip
_CLASSES: dict[str, type[ModelObject]] = {
    "objectives": Objective,
    "sessions": Session,
    "groups": Group,
    "actions": Action,
    "participants": Participant,
    "progress": Progress,
    "measures": Measure,
    "questions": Question,
}
#: Personal data: never in a chmdocs.json, which is public.
_PRIVATE_FIELDS: dict[type[ModelObject], tuple[str, ...]] = {
    Participant: ("email", "phone", "publish")
}


def schema() -> dict[str, Any]:
    """The JSON Schema every ``chmdocs.json`` validates against."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def to_data(workshop: Workshop) -> dict[str, Any]:
    """The JSON document of ``workshop``, as plain Python data: its public
    part (published participants, without e-mail or phone)."""
    workshop = workshop.public()
    return {
        "chmdocs": FORMAT_VERSION,
        "workshop": _object_data(workshop),
        **{name: [_object_data(o) for o in getattr(workshop, name)] for name in _COLLECTIONS},
    }


def dumps(workshop: Workshop) -> str:
    """``chmdocs.json``: stable key order, UTF-8 text, one trailing newline."""
    return json.dumps(to_data(workshop), ensure_ascii=False, indent=2) + "\n"


def from_data(data: Any) -> Workshop:
    """The workshop a ``chmdocs.json`` document describes.

    The document is checked against the schema first; a ValueError lists
    each problem with its JSON path (``$.sessions[3].start: …``).
    """
    problems = schema_problems(data)
    if problems:
        raise ValueError("not a valid chmdocs.json:\n" + "\n".join(problems))
    head: Workshop = _object_from_data(Workshop, data["workshop"], "$.workshop")
    objects: list[ModelObject] = []
    for name in _COLLECTIONS:
        objects += [
            _object_from_data(_CLASSES[name], item, f"$.{name}[{index}]")
            # A chmdocs.json from before participants has none.
            for index, item in enumerate(data.get(name, ()))
        ]
    return head.with_objects(objects)


#: At most this many problems are listed: a hostile file may have millions.
MAX_PROBLEMS = 20


def schema_problems(data: Any) -> list[str]:
    """Where ``data`` breaks the schema: "$.path: what", the first few."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    problems = []
    for error in validator.iter_errors(data):
        message = " ".join(error.message.split())
        if len(message) > 160:
            message = message[:159] + "…"
        problems.append(f"{error.json_path}: {message}")
        if len(problems) >= MAX_PROBLEMS:
            problems.append("(and possibly more)")
            break
    return problems


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's members; a key written twice is refused (which one would count?)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key!r} is written twice in one object")
        found[key] = value
    return found


def loads(text: str) -> Workshop:
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors save
    try:
        data = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicate_keys)
    except RecursionError:
        raise ValueError("not a valid chmdocs.json: nested too deep") from None
    except ValueError as error:
        raise ValueError(f"not a valid chmdocs.json: {error}") from None
    return from_data(data)


def load(path: str | Path) -> Workshop:
    """The model in a ``chmdocs.json`` file, checked against the schema."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text ({error.reason})") from None
    try:
        return loads(text)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None


def _fields(cls: type[ModelObject]) -> list[dataclasses.Field[Any]]:
    """The fields written for ``cls``; a workshop's collections go at the top level."""
    fields = dataclasses.fields(cls)
    private = _PRIVATE_FIELDS.get(cls, ())
    return [
        f
        for f in fields
        if (cls is not Workshop or f.name not in _COLLECTIONS) and f.name not in private
    ]


#: Fields held as (key, value) pairs in the model, as an object in JSON.
_MAPPINGS = ("exchange_rates",)


def _object_data(obj: ModelObject) -> dict[str, Any]:
    return {
        _RENAMED.get(f.name, f.name): (
            {key: str(item) for key, item in getattr(obj, f.name)}
            if f.name in _MAPPINGS
            else _to_json(getattr(obj, f.name))
        )
        for f in _fields(type(obj))
    }


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date | Due | Cost):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


_HINTS = {cls: typing.get_type_hints(cls) for cls in (Workshop, *_CLASSES.values())}


def _object_from_data(cls: type[ModelObject], data: dict[str, Any], path: str) -> Any:
    hints = _HINTS[cls]
    values: dict[str, Any] = {}
    for f in _fields(cls):
        key = _RENAMED.get(f.name, f.name)
        if key in data:
            try:
                if f.name in _MAPPINGS:
                    values[f.name] = tuple(
                        sorted((k, decimal.Decimal(v)) for k, v in data[key].items())
                    )
                    continue
                values[f.name] = _from_json(hints[f.name], data[key])
            except ValueError as error:
                raise ValueError(f"not a valid chmdocs.json:\n{path}.{key}: {error}") from None
    if cls is Workshop:
        try:
            parse_timezone(values.get("timezone", "UTC"))
        except ValueError as error:
            raise ValueError(f"not a valid chmdocs.json:\n{path}.timezone: {error}") from None
    return cls(**values)


def _from_json(hint: Any, value: Any) -> Any:
    """``value`` read back as the type the model declares for it."""
    if value is None:
        return None
    kinds = set(typing.get_args(hint)) or {hint}
    if dt.time in kinds:
        return dt.time.fromisoformat(value)
    if dt.date in kinds:
        return parse_date(value)
    if Due in kinds:
        return parse_due(value)
    if Cost in kinds:  # "12000.50 EUR", as the schema checked
        amount, currency = value.split()
        return Cost(decimal.Decimal(amount), currency)
    if typing.get_origin(hint) is tuple:
        return tuple(value)
    return value
