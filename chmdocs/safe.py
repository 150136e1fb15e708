"""Building sources from untrusted contributors (``chmdocs build --safe``).

A safe build runs with a configuration chmdocs owns: the contributor's
``conf.py`` is never executed (a few plain settings are read from it as
literals), no ``docutils.conf`` is read, and whatever can bring in content
from elsewhere is refused with a warning: raw output, file inclusion,
``csv-table`` from a file or URL, ``:download:``, and images that are remote
or outside the source directory.
"""

from __future__ import annotations

import ast
import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.directives.images import Figure, Image
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective, SphinxRole

from chmdocs.config import literal_setting_names
from chmdocs.diagnostics import warn

#: What a safe build always sets, whatever the contributor wrote.
OWNED_SETTINGS: dict[str, Any] = {
    "extensions": ["chmdocs"],
    "chmdocs_safe": True,
    "templates_path": [],
    "html_static_path": [],
    "html_extra_path": [],
    "pdf_stylesheets": ["chmdocs"],
    "pdf_style_path": [],
    "exclude_patterns": ["_build", "build", ".venv"],
}


def literal_settings(conf_py: Path) -> dict[str, Any]:
    """The plain settings of a conf.py, read without running it."""
    try:
        tree = ast.parse(conf_py.read_text(encoding="utf-8"), filename=str(conf_py))
    except (OSError, SyntaxError, ValueError):
        return {}
    settings: dict[str, Any] = {}
    for statement in tree.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if isinstance(target, ast.Name) and target.id in literal_setting_names():
            with contextlib.suppress(ValueError, TypeError, SyntaxError, MemoryError):
                settings[target.id] = ast.literal_eval(statement.value)
    return settings


def safe_overrides(source: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """The settings of a safe build: the contributor's literals, then the
    command line's, then what a safe build always sets."""
    return {**literal_settings(source / "conf.py"), **overrides, **OWNED_SETTINGS}


@contextlib.contextmanager
def no_docutils_config() -> Iterator[None]:
    """docutils reads no configuration file (``./docutils.conf`` included)."""
    previous = os.environ.get("DOCUTILSCONFIG")
    os.environ["DOCUTILSCONFIG"] = ""
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DOCUTILSCONFIG", None)
        else:
            os.environ["DOCUTILSCONFIG"] = previous


def refuse(what: str, location: Any) -> None:
    warn(f"{what} is refused in a --safe build", "safe", location)


class RefusedDirective(SphinxDirective):
    """Stands in for a directive a safe build does not run; keeps nothing out silently."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None  # any option: the directive is refused whatever they are

    def run(self) -> list[nodes.Node]:
        refuse(f"the {self.name} directive", self.get_location())
        return []


class SafeCSVTable(CSVTable):
    def run(self) -> list[nodes.table | nodes.system_message]:
        if "file" in self.options or "url" in self.options:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            refuse("a csv-table read from a file or URL", f"{source}:{line}")
            return []
        return list(super().run())


def outside_or_remote(directive: Image) -> str | None:
    """Why an image may not be shown in a safe build, or None when it may."""
    uri = directive.arguments[0]
    if "://" in uri or uri.startswith(("data:", "//")):
        return f"the remote image {uri!r}"
    env = directive.state.document.settings.env
    _relative, absolute = env.relfn2path(uri, env.docname)
    srcdir = Path(env.srcdir).resolve()
    if not Path(absolute).resolve().is_relative_to(srcdir):
        return f"the image {uri!r} from outside the source directory"
    return None


class SafeImage(Image):
    """An image, unless it is remote or outside the sources (figures too)."""

    def run(self) -> list[nodes.Node]:
        reason = outside_or_remote(self)
        if reason:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            refuse(reason, f"{source}:{line}")
            return []
        return list(super().run())


class SafeFigure(SafeImage, Figure):
    pass


class RefusedDownload(SphinxRole):
    """``:download:`` in a safe build: the text stays, no file is copied."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        refuse("the :download: role", self.get_location())
        return [nodes.literal(self.rawtext, self.text)], []


REFUSED = ("raw", "include", "literalinclude")


def apply(app: Sphinx, config: Config) -> None:
    """In a safe build, replace what could bring content in from elsewhere."""
    if not config.chmdocs_safe:
        return
    for name in REFUSED:
        app.add_directive(name, RefusedDirective, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    app.add_directive("image", SafeImage, override=True)
    app.add_directive("figure", SafeFigure, override=True)
    app.add_role("download", RefusedDownload(), override=True)


def lock_settings(app: Sphinx) -> None:
    """docutils' own switches too, should anything reach it anyway."""
    if app.config.chmdocs_safe:
        app.env.settings["raw_enabled"] = False
        app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> None:
    app.connect("config-inited", apply)
    app.connect("builder-inited", lock_settings)
