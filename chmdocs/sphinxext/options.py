"""Reading a directive's options: one kit for the object and the view directives.

docutils drops a whole directive on an unknown option and reports a bad
value at the directive's first line. chmdocs keeps the directive, reads
every option itself, and reports each problem at the option's own line
(in the file it is written in, an included one included), with one naming
scheme for subtypes: ``unknown-option``, ``missing-option``, ``option`` (a
value not accepted), ``date``, ``time``, ``unknown-id``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from chmdocs.core.escape import plain_text
from chmdocs.core.model import parse_id, parse_list, parse_reference, parse_yes_no
from chmdocs.core.queries import one_of, some_of
from chmdocs.sphinxext.diagnostics import warn

V = TypeVar("V")


class LenientOptions(dict[str, Callable[[str], Any]]):
    """An option spec that lets unknown options through (they are warned of)."""

    @classmethod
    def of(cls, *names: str) -> LenientOptions:
        return cls(dict.fromkeys(names, directives.unchanged))

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged

    def __bool__(self) -> bool:
        # docutils reads no options at all for a falsy spec.
        return True


def unknown_option(name: str, accepted: Sequence[str]) -> str:
    """The message for an option a directive does not have."""
    listed = ", ".join(f":{option}:" for option in sorted(accepted)) or "none"
    return f"unknown option :{name}: (accepted: {listed})"


class OptionsDirective(SphinxDirective):
    """A directive whose options chmdocs reads and checks itself."""

    #: Every option the directive accepts.
    accepted_options: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = LenientOptions.of(*cls.accepted_options)

    @property
    def rejected(self) -> list[str]:
        """Options whose value could not be read (and were warned of)."""
        if not hasattr(self, "_rejected"):
            self._rejected: list[str] = []
        return self._rejected

    def describe(self) -> str:
        """How a warning names this directive: "session 'Opening'"."""
        return self.name

    # -- where ---------------------------------------------------------------

    def option_line(self, name: str | None) -> int:
        """The line of option ``name`` in this directive's file, or the directive's."""
        source_line = self.state_machine.get_source_and_line(self.lineno)[1] or self.lineno
        if name is not None:
            for offset, line in enumerate(self.block_text.splitlines()):
                if line.strip().startswith(f":{name}:"):
                    return source_line + offset
        return source_line

    def option_location(self, name: str | None) -> str:
        """``path:line`` of option ``name`` (of the directive without one)."""
        source = self.state_machine.get_source_and_line(self.lineno)[0]
        return f"{source}:{self.option_line(name)}"

    def warn(self, message: str, subtype: str, option: str | None = None) -> None:
        warn(f"{self.describe()}: {message}", subtype, self.option_location(option))

    def reject(self, option: str, message: str, subtype: str = "option") -> None:
        """Warn that ``option``'s value cannot be read, and remember it."""
        self.rejected.append(option)
        self.warn(message, subtype, option)

    #: Options written with no value on purpose (``:tbc:``, ``:links:``).
    flag_options: tuple[str, ...] = ()
    #: Other spellings accepted for an option (``:organiser:`` for ``:organizer:``).
    synonyms: dict[str, str] = {}

    def check_unknown_options(self) -> None:
        """Unknown options, and options written with no value, each warned of."""
        for written, canonical in self.synonyms.items():
            if written in self.options and canonical not in self.options:
                self.options[canonical] = self.options.pop(written)
        for name in self.options:
            if name not in self.accepted_options:
                self.warn(unknown_option(name, self.accepted_options), "unknown-option", name)
            elif name not in self.flag_options and not (self.options[name] or "").strip():
                self.warn(f":{name}: is written with no value", "missing-option", name)

    # -- what ----------------------------------------------------------------

    def text_option(self, name: str) -> str:
        """The option's text on one line, with no control characters."""
        return plain_text(self.options.get(name) or "")

    def list_option(self, name: str) -> tuple[str, ...]:
        """Several texts separated by ";" (titles and names may hold commas).

        A value that looks separated by commas instead (``KWS, NMK, KEFRI``:
        two commas or more, no ";", short parts) is warned of: one item
        would silently stand for several.
        """
        written = self.text_option(name)
        parts = [part.strip() for part in written.split(",")]
        if ";" not in written and len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts):
            self.warn(
                f":{name}: {written!r} is one item; separate several with ';' ({'; '.join(parts)})",
                "option",
                name,
            )
        return parse_list(written, ";")

    def parsed(
        self, name: str, parser: Callable[[str], V], subtype: str, *, required: bool = False
    ) -> V | None:
        """Option ``name`` read by ``parser``; None (and a warning) when it cannot be."""
        written = self.text_option(name)
        if not written:
            # Written with no value: warned of already (check_unknown_options).
            if required and name not in self.options:
                self.warn(f":{name}: is missing; it is required", "missing-option", name)
            return None
        try:
            return parser(written)
        except (ValueError, OverflowError) as error:
            self.reject(name, f":{name}: {error}", subtype)
            return None

    def choice(self, name: str, choices: Sequence[str], default: str | None) -> str | None:
        """One of ``choices`` (any case), or ``default`` after a warning."""
        written = self.text_option(name)
        if not written:
            return default
        try:
            return one_of(written, choices)
        except ValueError as error:
            self.reject(name, f":{name}: {error}")
            return default

    def choice_list(
        self, name: str, choices: Sequence[str], *, descending: bool = False
    ) -> list[str] | None:
        """Comma-separated choices; ``descending`` accepts a leading "-" (for :sort:)."""
        try:
            return some_of(self.text_option(name), choices, descending=descending)
        except ValueError as error:
            self.reject(name, f":{name}: {error}")
            return None

    def ids_option(self, name: str) -> tuple[str, ...]:
        """Comma-separated ids; each bad one warned of and left out."""
        ids: list[str] = []
        for item in parse_list(self.text_option(name), ","):
            try:
                ids.append(self.id_parser(item))
            except ValueError as error:
                hint = "; separate ids with ','" if ";" in item else ""
                self.reject(name, f":{name}: {error}{hint}")
        return tuple(ids)

    def id_option(self, name: str) -> str | None:
        return self.parsed(name, self.id_parser, "option")

    @property
    def id_parser(self) -> Callable[[str], str]:
        """Ids as a link option takes them: ``KEY:id`` too in a project that
        imports workshops (``chmdocs_imports``)."""
        return parse_reference if self.config.chmdocs_imports else parse_id

    def flag(self, name: str) -> bool:
        """A flag: present (no value, or yes/true/oui/1) or absent."""
        if name not in self.options:
            return False
        written = self.text_option(name).strip()
        if not written:
            return True
        with contextlib.suppress(ValueError):
            return parse_yes_no(written)
        self.reject(name, f":{name}: is a flag; write it with no value (not {written!r})")
        return True
