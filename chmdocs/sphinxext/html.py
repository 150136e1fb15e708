"""What the HTML output adds: chmdocs' style sheet and the draft mark."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.metadata import UNSET_PROJECT, document_status, document_version, short_title

STATIC_DIR = Path(__file__).parents[1] / "static"
#: chmdocs' own theme (``html_theme = "chmdocs"``, what ``chmdocs init`` sets).
THEME_DIR = Path(__file__).parents[1] / "themes" / "chmdocs"


class DraftMark(SphinxPostTransform):
    """A visible "DRAFT" ("PROJET") mark at the top of a draft document, and
    the status and version of a versioned one."""

    builders = ("html", "dirhtml", "singlehtml")
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        status = document_status(self.env, self.env.docname)
        version = document_version(self.env, self.env.docname)
        if status == "draft":
            label = str(_("DRAFT"))
            mark = nodes.container(classes=["chm-draft-mark"])
            mark += nodes.paragraph(label, label)
            self.document.insert(0, mark)
        if version:
            # Which version a reader has in front of them: "Version finale 2".
            line = i18n.status_line(status if status != "draft" else "", version)
            self.document.insert(0, nodes.paragraph(line, line, classes=["chm-status-line"]))


def page_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A project whose conf.py names no ``project`` is named by its workshop,
    as translated: the site's title follows the build's language."""
    # Words of chmdocs' own theme, from chmdocs' catalog.
    context["chm_skip_label"] = str(_("Skip to content"))
    if app.config.project != UNSET_PROJECT:
        return
    workshop = get_domain(app.env).model
    name = short_title(app.config, workshop) or workshop.title
    context["project"] = name
    # Sphinx's default html_title holds the unset project name, in any language.
    if UNSET_PROJECT in str(context.get("docstitle") or ""):
        context["docstitle"] = name


class CompiledTemplates(jinja2.BytecodeCache):
    """The HTML theme's templates, compiled once and kept: in the process
    (a test run or a script making many builds) and beside the doctrees (the
    next ``chmdocs build``). Sphinx compiles every template again in every
    build, about 60 ms for chmdocs' theme, a tenth of a no-change rebuild of
    a small project. Jinja checks the template's text against what it
    compiled, so an edited template is compiled again."""

    in_process: ClassVar[dict[str, bytes]] = {}

    def __init__(self, folder: Path, environment: jinja2.Environment) -> None:
        self.folder = folder
        # The same text compiles differently in another kind of environment.
        kind = f"{type(environment).__qualname__}{sorted(environment.extensions)}"
        self.flavour = hashlib.sha1(kind.encode()).hexdigest()[:12]

    def _name(self, bucket: jinja2.bccache.Bucket) -> str:
        return f"{bucket.key}-{self.flavour}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._name(bucket)
        data = self.in_process.get(name)
        if data is None:
            try:
                data = (self.folder / name).read_bytes()
            except OSError:
                return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a file cut short or not ours: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._name(bucket)
        data = bucket.bytecode_to_string()
        self.in_process[name] = data
        try:  # a cache: a folder that cannot be written costs the next build time, no more
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, staged = tempfile.mkstemp(dir=self.folder, prefix=".")
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            Path(staged).replace(self.folder / name)
        except OSError:
            pass


def keep_compiled_templates(app: Sphinx) -> None:
    """``builder-inited``: an HTML builder's templates use CompiledTemplates."""
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if isinstance(environment, jinja2.Environment):
        folder = Path(app.doctreedir) / "chmdocs-templates"
        environment.bytecode_cache = CompiledTemplates(folder, environment)


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]


def default_theme(app: Sphinx, config: Config) -> None:
    """A project whose conf.py names no ``html_theme`` gets chmdocs' own (its
    pages pass axe-core's WCAG 2.1 A and AA rules), not Sphinx's alabaster."""
    written = getattr(config, "_raw_config", {})
    overrides = getattr(config, "_overrides", {})
    if "html_theme" not in written and "html_theme" not in overrides:
        config.html_theme = "chmdocs"


def name_catalogs(app: Sphinx, env: Any) -> None:
    """``env-updated``: the catalogs translators get (``.pot``) name the project
    and its version: the workshop and its year when conf.py says neither."""
    if app.builder.name != "gettext":
        return
    workshop = get_domain(env).model
    if app.config.project == UNSET_PROJECT and workshop.title:
        app.config.project = workshop.title
    if not app.config.version and workshop.start is not None:
        app.config.version = str(workshop.start.year)


def setup(app: Sphinx) -> None:
    app.add_html_theme("chmdocs", str(THEME_DIR))
    app.connect("config-inited", add_static_path)
    app.connect("config-inited", default_theme)
    app.connect("env-updated", name_catalogs)
    app.add_css_file("chmdocs.css")
    app.add_post_transform(DraftMark)
    app.connect("html-page-context", page_titles)
    app.connect("builder-inited", keep_compiled_templates)
