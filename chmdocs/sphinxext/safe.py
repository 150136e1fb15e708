"""Building sources from untrusted contributors (``chmdocs build --safe``).

A safe build runs with a configuration chmdocs owns: the contributor's
``conf.py`` is never executed (a few plain settings are read from it as
literals, and checked), no ``docutils.conf`` and no message catalog of
theirs is read, no link leaving the source folder is followed, and whatever
can bring in content from elsewhere is refused with a warning that
``suppress_warnings`` cannot hide: raw output, file inclusion, ``csv-table``
from a file or URL, ``:download:``, remote images, images from outside the
source directory, SVG images (they may hold scripts), ``meta`` refreshes, and
links to ``javascript:`` and other unsafe schemes.

Directives are refused by the class that would run, whatever name reached
it: ``.. bild::`` in a German project is docutils' image directive and is
checked as one. chmdocs' own generated markup (the PDF cover) is trusted.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import fnmatch
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.images import Figure, Image
from docutils.parsers.rst.directives.misc import Include, Raw
from docutils.parsers.rst.directives.tables import CSVTable
from docutils.transforms import Transform
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective, SphinxRole

from chmdocs.sphinxext.config import (
    SPHINX_LITERALS,
    Invalid,
    literal_setting_names,
    short_repr,
    text_setting,
)
from chmdocs.sphinxext.diagnostics import warn

#: What a safe build always sets, whatever the contributor wrote.
OWNED_SETTINGS: dict[str, Any] = {
    "extensions": ["chmdocs"],
    "chmdocs_safe": True,
    "templates_path": [],
    "html_static_path": [],
    "html_extra_path": [],
    "locale_dirs": [],  # but see content_catalogs
    "pdf_stylesheets": ["chmdocs"],
    "pdf_style_path": [],
}
#: Folders never read as sources, in a safe build.
EXCLUDED = ["_build", "build", ".venv", ".git"]
#: URL schemes a link may use in a safe build (and links with no scheme).
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})
#: Longest text a safe build takes for a plain setting such as ``project``.
MAX_SETTING = 200
#: Characters a theme might let through into markup, taken out of settings.
_MARKUP = re.compile(r"[<>\"'`\x00-\x1f\x7f]")
#: Set while chmdocs renders its own markup (the cover), which is trusted.
_trusted = contextvars.ContextVar("chmdocs_trusted", default=False)


def literal_settings(conf_py: Path, names: Iterable[str] | None = None) -> dict[str, Any]:
    """The plain settings of a conf.py (``names``, by default those a safe build
    takes), read without running it."""
    try:
        tree = ast.parse(conf_py.read_text(encoding="utf-8"), filename=str(conf_py))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    settings: dict[str, Any] = {}
    names = set(names) if names is not None else set(literal_setting_names())
    for statement in tree.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if isinstance(target, ast.Name) and target.id in names:
            with contextlib.suppress(
                ValueError, TypeError, SyntaxError, MemoryError, RecursionError
            ):
                settings[target.id] = ast.literal_eval(statement.value)
    return settings


def checked_literals(settings: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The contributor's Sphinx settings a safe build may use, and what was
    changed or dropped (each a warning)."""
    kept: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, value in settings.items():
        check = SPHINX_LITERALS.get(name)
        if check is None:  # a chmdocs setting: checked by chmdocs.config
            kept[name] = value
            continue
        try:
            value = check(value)
        except Invalid as expected:
            problems.append((name, f"{name} = {short_repr(value)}: expected {expected}; left out"))
            continue
        if check is text_setting:
            cleaned = _MARKUP.sub("", value)[:MAX_SETTING]
            if cleaned != value:
                problems.append(
                    (
                        name,
                        f"{name} = {short_repr(value)}: markup and control characters "
                        f"taken out, cut at {MAX_SETTING} characters",
                    )
                )
            value = cleaned
        kept[name] = value
    return kept, problems


def linked_paths(source: Path) -> list[str]:
    """Exclude patterns for every symbolic link below ``source`` that a safe
    build must not follow: folder links (they can loop) and file links
    leaving the source folder."""
    patterns: list[str] = []
    root = source.resolve()
    for folder, subfolders, files in os.walk(source, followlinks=False):
        for name in [*subfolders, *files]:
            path = Path(folder, name)
            if not path.is_symlink():
                continue
            leaves = not path.resolve().is_relative_to(root)
            if path.is_dir() or leaves or not path.exists():
                relative = path.relative_to(source).as_posix()
                patterns.append(glob_escape(relative + "*")[:-1])
    return patterns


def safe_overrides(
    source: Path, overrides: dict[str, Any], catalogs: Path | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The settings of a safe build: the contributor's literals (checked),
    then the command line's, then what a safe build always sets; and the
    problems found in the contributor's settings. ``catalogs`` is where the
    contributor's content catalogs are copied to (none are read without it)."""
    written = literal_settings(source / "conf.py")
    literals, problems = checked_literals(written)
    owned = {**OWNED_SETTINGS, "exclude_patterns": [*EXCLUDED, *linked_paths(source)]}
    if catalogs is not None:
        owned["locale_dirs"] = content_catalogs(source, written, catalogs)
    return {**literals, **overrides, **owned}, problems


#: Catalogs of Sphinx's and chmdocs' own words: never taken from a contributor
#: (a theme would show them unescaped).
OWN_CATALOGS = frozenset({"sphinx", "chmdocs"})


def content_catalogs(source: Path, settings: dict[str, Any], folder: Path) -> list[str]:
    """The contributor's content catalogs (``.po``), copied into ``folder``: the
    author's translated texts, read as any author text is. Catalogs of
    Sphinx's or chmdocs' own words, compiled ``.mo`` files and anything
    reached through a link leaving the sources are left out. Returns the
    ``locale_dirs`` to build with."""
    written = settings.get("locale_dirs", ["locales"])
    dirs = [d for d in written if isinstance(d, str)] if isinstance(written, list) else []
    root = source.resolve()
    if folder.exists():
        shutil.rmtree(folder)
    for directory in dirs:
        base = (source / directory).resolve()
        if not base.is_relative_to(root) or not base.is_dir():
            continue
        for po in base.glob("*/LC_MESSAGES/**/*.po"):
            inside = po.resolve().is_relative_to(root) and not po.is_symlink()
            if inside and po.stem not in OWN_CATALOGS and po.is_file():
                target = folder / po.relative_to(base)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(po, target)
    return [str(folder)] if folder.exists() else []


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


@contextlib.contextmanager
def trusted_markup() -> Iterator[None]:
    """chmdocs' own generated reStructuredText (a cover) runs unrefused."""
    token = _trusted.set(True)
    try:
        yield
    finally:
        _trusted.reset(token)


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


def image_problem(directive: Image) -> str | None:
    """Why an image may not be shown in a safe build, or None when it may.

    The path is taken exactly as docutils will take it (``directives.uri``
    drops the white space inside), then resolved as Sphinx will, links
    followed.
    """
    uri = directives.uri(directive.arguments[0])
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", uri):
        return f"the remote image {uri!r}"
    env = directive.state.document.settings.env
    _relative, absolute = env.relfn2path(uri, env.docname)
    if not Path(absolute).resolve().is_relative_to(Path(env.srcdir).resolve()):
        return f"the image {uri!r} from outside the source directory"
    candidates = [Path(absolute)]
    if uri.endswith(".*"):  # Sphinx picks among image.png, image.svg…
        candidates = list(Path(absolute).parent.glob(glob_escape(Path(absolute).name)))
    if any(path.suffix.lower() in (".svg", ".svgz") for path in candidates):
        return f"the image {uri!r} (SVG images may hold scripts; use PNG or JPEG)"
    return None


def glob_escape(name: str) -> str:
    """``name`` as a glob pattern matching itself, its final ``*`` kept."""
    return re.sub(r"([*?\[\]])", r"[\1]", name[:-1]) + "*"


class SafeImage(Image):
    """An image, unless it is remote, outside the sources or SVG (figures too)."""

    def run(self) -> list[nodes.Node]:
        reason = image_problem(self)
        if reason:
            source, line = self.state_machine.get_source_and_line(self.lineno)
            refuse(reason, f"{source}:{line}")
            return []
        return list(super().run())


class SafeFigure(SafeImage, Figure):
    pass


def _safe_meta(original: type) -> type:
    class SafeMeta(original):  # type: ignore[misc]
        """``meta``, without ``http-equiv`` fields (a refresh sends readers away)."""

        def run(self) -> list[nodes.Node]:
            # docutils puts the meta nodes at the document's top itself: look
            # at what the fields became, whatever their spelling (escapes, case).
            result: list[nodes.Node] = super().run()
            document = self.state.document
            refresh = [
                meta
                for meta in document.findall(nodes.meta)
                if any("http-equiv" in str(name).lower() for name in meta.attributes)
            ]
            if refresh:
                for meta in refresh:
                    meta.parent.remove(meta)
                source, line = self.state_machine.get_source_and_line(self.lineno)
                refuse("a meta http-equiv field", f"{source}:{line}")
            return result

    return SafeMeta


class RefusedDownload(SphinxRole):
    """``:download:`` in a safe build: the text stays, no file is copied."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        refuse("the :download: role", self.get_location())
        return [nodes.literal(self.rawtext, self.text)], []


def safe_counterpart(cls: type) -> type:
    """The class a safe build runs instead of directive class ``cls``."""
    if cls in (RefusedDirective, SafeCSVTable, SafeImage, SafeFigure):
        return cls
    from sphinx.directives.code import LiteralInclude

    if issubclass(cls, Raw | Include | LiteralInclude):
        return RefusedDirective
    if issubclass(cls, CSVTable):
        return SafeCSVTable
    if issubclass(cls, Figure):
        return SafeFigure
    if issubclass(cls, Image):
        return SafeImage
    if cls.__name__ == "Meta" and not getattr(cls, "_chmdocs_safe", False):
        safe_meta = _safe_meta(cls)
        safe_meta._chmdocs_safe = True  # type: ignore[attr-defined]
        return safe_meta
    return cls


@contextlib.contextmanager
def refusing() -> Iterator[None]:
    """Every directive looked up, under any name or language, is checked by
    the class that would run (docutils' own lookup, wrapped for the build)."""
    original: Callable[..., tuple[Any, list[Any]]] = directives.directive

    def checked(name: str, language: Any, document: Any) -> tuple[Any, list[Any]]:
        cls, messages = original(name, language, document)
        if cls is None or _trusted.get():
            return cls, messages
        return safe_counterpart(cls), messages

    directives.directive = checked  # type: ignore[assignment]
    try:
        yield
    finally:
        directives.directive = original


def unsafe_scheme(uri: str) -> str | None:
    """The scheme of ``uri`` when a safe build does not allow it."""
    # Browsers ignore white space and control characters inside a scheme.
    compact = re.sub(r"[\x00-\x20]", "", uri)
    found = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", compact)
    if found and found.group(1).lower() not in SAFE_SCHEMES:
        return found.group(1).lower()
    return None


class NeutralizeLinks(Transform):
    """Links and toctree entries to unsafe schemes lose their target (text kept)."""

    default_priority = 100  # before Sphinx records toctrees

    def apply(self, **kwargs: Any) -> None:
        env = self.document.settings.env
        if not env.config.chmdocs_safe:
            return
        for reference in list(self.document.findall(nodes.reference)):
            scheme = unsafe_scheme(reference.get("refuri", ""))
            if scheme:
                refuse(f"a link to a {scheme}: address", reference)
                reference.replace_self(nodes.inline(reference.rawsource, "", *reference.children))
        for target in self.document.findall(nodes.target):
            scheme = unsafe_scheme(target.get("refuri", ""))
            if scheme:
                refuse(f"a link target to a {scheme}: address", target)
                del target["refuri"]
        for toctree in self.document.findall(addnodes.toctree):
            kept = []
            for title, ref in toctree["entries"]:
                scheme = unsafe_scheme(ref or "")
                if scheme:
                    refuse(f"a toctree entry to a {scheme}: address", toctree)
                else:
                    kept.append((title, ref))
            toctree["entries"] = kept


def apply(app: Sphinx, config: Config) -> None:
    """In a safe build, replace what could bring content in from elsewhere."""
    if not config.chmdocs_safe:
        return
    app.add_role("download", RefusedDownload(), override=True)
    app.add_transform(NeutralizeLinks)
    # The refusals are the contributor's to read, not to silence.
    config.suppress_warnings = [
        entry
        for entry in config.suppress_warnings
        if not fnmatch.fnmatch("chmdocs.safe", entry) and entry not in ("chmdocs", "chmdocs.*")
    ]


def lock_settings(app: Sphinx) -> None:
    """docutils' own switches too, should anything reach it anyway."""
    if app.config.chmdocs_safe:
        app.env.settings["raw_enabled"] = False
        app.env.settings["file_insertion_enabled"] = False


def setup(app: Sphinx) -> None:
    app.connect("config-inited", apply)
    app.connect("builder-inited", lock_settings)
