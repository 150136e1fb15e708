"""What every view shares: the placeholder node, the directive, the context a
renderer gets, table building, and the post-transform that renders them.

A view directive only leaves a :class:`chm_view` placeholder holding its
checked options. :class:`ViewRenderer`, a post-transform, replaces it once
every document has been read, so a view sees objects written anywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.core.language import colon
from chmdocs.core.model import Action, ModelObject, Objective, Session, Workshop, parse_date
from chmdocs.sphinxext.domain import ChmDomain, ViewUse, get_domain
from chmdocs.sphinxext.markup import adopt, joined, xref
from chmdocs.sphinxext.options import OptionsDirective
from chmdocs.sphinxext.views import rowcache

#: The builders that print on pages, where a table row cannot run over one:
#: views cut what would make a row taller than a page into rows of their own.
PRINTED_BUILDERS = ("pdf", "docx")


class chm_view(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where a view goes; replaced by its rendering after all documents are read."""


def inside_sources(srcdir: str | Path, path: Path) -> bool:
    """Whether ``path`` (a file, or a glob's folder) lies within the sources,
    links followed."""
    root = Path(srcdir).resolve()
    probe = path if not any(c in path.name for c in "*?[") else path.parent
    return probe.resolve().is_relative_to(root)


def files_added_or_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: the pages whose views read files a glob names,
    when the glob now matches other files (one added, removed or renamed).

    A folder noted as a dependency would do as much with Sphinx 7, which
    compared its date; Sphinx 8 reads a page with a folder among its
    dependencies again on every build."""
    read_anyway = added | changed | removed
    return sorted(
        docname
        for docname, globs in get_domain(env).globs().items()
        if docname not in read_anyway
        and any(
            [str(path) for path in files_within(env.srcdir, pattern)] != files
            for pattern, files in globs
        )
    )


def files_within(srcdir: str | Path, pattern: str) -> list[Path]:
    """The files a glob names, in name order, those within the sources (links followed)."""
    import glob

    found = sorted(Path(p) for p in glob.glob(pattern) if Path(p).is_file())  # noqa: PTH207
    return [path for path in found if inside_sources(srcdir, path)]


class ViewDirective(OptionsDirective):
    """A view: checks its options, notes itself in the domain, leaves a placeholder.

    Subclasses name the ``view``, list their ``accepted_options``, turn each
    written option into the value the renderer wants (:meth:`check`) and
    render the model (:meth:`render`).
    """

    view: ClassVar[str]
    #: The options naming objects, and the kind of object each names: the
    #: ids are checked once every document has been read.
    link_options: ClassVar[dict[str, str]] = {}
    #: Whether it lists every participant (beside it, each participant's
    #: entry only leaves the anchor links lead to).
    lists_participants: ClassVar[bool] = False
    #: Whether its page offers the programme for a calendar (agenda.ics).
    offers_calendar: ClassVar[bool] = False

    def run(self) -> list[nodes.Node]:
        self.check_unknown_options()
        options: dict[str, Any] = {}
        for name in self.options:
            if name in self.accepted_options:
                checked = self.check(name)
                if checked is not None:
                    options[name] = checked
        where = tuple((name, self.option_location(name)) for name in self.options)
        node = chm_view(view=self.view, options=options, where=dict(where))
        self.set_source_info(node)
        frozen = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in options.items())
        links = tuple(self.link_options.items())
        use = ViewUse(self.view, frozen, self.env.docname, self.lineno, where, links)
        get_domain(self.env).note_view(use)
        return [node]

    @classmethod
    def check_uses(cls, domain: ChmDomain, workshop: Workshop, uses: list[ViewUse]) -> None:
        """What this view checks across the workshop once every document is
        read (``uses``: where it is written); warnings at each use's option."""

    def check(self, name: str) -> Any:
        """Option ``name`` as the renderer wants it, or None after a warning."""
        return self.text_option(name)

    def source_path(self, name: str, written: str) -> Path | None:
        """A file or glob an option names, resolved as Sphinx resolves an
        image's path (relative to the document, or to the sources with a
        leading "/"); None, after a warning, when it leads outside the sources
        (through "..", an absolute path or a link): a view reads the project's
        files, nothing else on the machine."""
        path = Path(self.env.relfn2path(written, self.env.docname)[1])
        if not inside_sources(self.env.srcdir, path):
            self.reject(name, f":{name}: {written!r} is outside the project's sources")
            return None
        return path

    def source_files(self, name: str, written: str) -> tuple[Path, list[Path]] | None:
        """The files a glob option names (``reponses/*``), within the sources;
        the page is read again when one changes, or one is added or removed.
        None, after a warning, when it leads outside or matches nothing."""
        pattern = self.source_path(name, written)
        if pattern is None:
            return None
        files = files_within(self.env.srcdir, str(pattern))
        # Read again when one of the files changes (Sphinx compares their
        # dates), or when the glob matches others (files_added_or_removed).
        for path in files:
            self.env.note_dependency(str(path))
        get_domain(self.env).note_glob(self.env.docname, str(pattern), files)
        if not files:
            self.reject(name, f":{name}: {written!r} matches no file")
            return None
        return pattern, files

    def day_option(self, name: str) -> str | None:
        """A day option (``:date:``) as an ISO date, or None after a warning."""
        day = self.parsed(name, parse_date, "date")
        return day.isoformat() if day is not None else None

    @classmethod
    def render(cls, view: ViewContext, options: dict[str, Any]) -> list[nodes.Node]:
        raise NotImplementedError


@dataclass
class ViewContext:
    """What a renderer needs: the model, the settings, where it is going."""

    domain: ChmDomain
    workshop: Workshop
    config: Config
    docname: str
    placeholder: chm_view
    #: The builder the view is rendered for, which its links are made for.
    sphinx_builder: Builder
    #: Its place among the views of its page (0 for the first).
    position: int = 0
    #: Each anchor the rendering made: (what was asked for, what the page gave).
    anchors_made: list[tuple[str, str]] = field(default_factory=list)

    @property
    def builder(self) -> str:
        """The builder's name ("html", "pdf"…)."""
        name: str = self.sphinx_builder.name
        return name

    @property
    def language(self) -> str | None:
        language: str | None = self.config.language
        return language

    def link(self, obj: ModelObject, label: str | None = None) -> nodes.Node:
        """A link to ``obj`` (its title, unless ``label``), made at once for an
        object of this project; pending resolution for any other."""
        if self.domain.get(obj.kind, obj.id) is obj:
            return self.domain.link(self.sphinx_builder, self.docname, obj, label)
        return xref(obj.kind, obj.id, self.docname, label)

    def link_id(self, kind: str, ident: str, label: str | None = None) -> nodes.Node:
        return xref(kind, ident, self.docname, label)

    @property
    def colon(self) -> str:
        return colon(self.language)

    def location(self, option: str | None = None) -> str | tuple[str, int]:
        """Where the view, or one of its options, is written: for warnings."""
        where: dict[str, str] = self.placeholder.get("where", {})
        if option is not None and option in where:
            return where[option]
        return (self.docname, self.placeholder.line or 0)

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
        """An anchor for ``ident`` no other element of the page has."""
        candidate = self._free_id(ident)
        document = self.placeholder.document
        if document is not None:
            document.ids[candidate] = self.placeholder
        self.anchors_made.append((ident, candidate))
        return candidate

    def _free_id(self, ident: str) -> str:
        document = self.placeholder.document
        candidate, number = make_id(ident), 1
        while document is not None and candidate in document.ids:
            number += 1
            candidate = make_id(f"{ident}-{number}")
        return candidate

    def _anchors_as_before(self, anchors: tuple[tuple[str, str], ...]) -> bool:
        """Whether the page gives each anchor of a kept row what it gave it
        then; if so they are taken, as rendering the row would take them."""
        if any(self._free_id(ident) != given for ident, given in anchors):
            return False
        if len({given for _ident, given in anchors}) != len(anchors):
            return False
        # (Each free and none the same: taking one leaves the others free.)
        document = self.placeholder.document
        for ident, given in anchors:
            if document is not None:
                document.ids[given] = self.placeholder
            self.anchors_made.append((ident, given))
        return True

    @cached_property
    def _row_digest(self) -> str | None:
        """What every row of this view is kept under besides its own
        objects; None where rows are not kept (a builder other than the site's)."""
        if self.builder != rowcache.CACHED_BUILDER:
            return None
        rowcache.row_cache(self.domain).rendering(self.docname)
        options = sorted(self.placeholder["options"].items())
        context = rowcache.context_digest(self.domain)
        return rowcache.digest(
            context, self.placeholder["view"], options, self.docname, self.position
        )

    def rows_showing(
        self, subject: ModelObject, build: Callable[[], Sequence[rowcache.Cells]]
    ) -> list[rowcache.Row]:
        """The table rows showing ``subject``, as ``build()`` makes them or, on
        the site, as an earlier build wrote them when nothing they show has
        changed and the page gives its anchors as it did then."""
        if self._row_digest is None:
            return [*build()]
        key = rowcache.row_key(self.domain, self._row_digest, subject)
        cache = rowcache.row_cache(self.domain)
        found = cache.find(self.docname, key)
        if found is not None and self._anchors_as_before(found.anchors):
            cache.keep(self.docname, key, found)
            return [found]
        made_before = len(self.anchors_made)
        rows = [*build()]
        if len(rows) != 1:
            return [*rows]  # (a subject cut into several rows, in print only)
        anchors = tuple(self.anchors_made[made_before:])
        return [rowcache.MarkedRow(rows[0], (self.docname, key, anchors))]


@lru_cache(maxsize=1 << 16)
def make_id(ident: str) -> str:
    """docutils' anchor for ``ident``, worked out once: a kept row's anchors
    are asked for again on every build that writes its page."""
    return nodes.make_id(ident)


def table(
    columns: Sequence[tuple[str, int]],
    rows: Iterable[rowcache.Row],
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
        head_row += nodes.entry("", nodes.paragraph(label, label))
    group += nodes.thead("", head_row)
    body = nodes.tbody()
    made: list[nodes.Element] = []
    kept: list[rowcache.KeptRow] = []
    for cells in rows:
        if isinstance(cells, rowcache.KeptRow):
            kept.append(cells)
            continue
        if kept:
            made.append(rowcache.put_back(kept))
            kept = []
        marked = cells if isinstance(cells, rowcache.MarkedRow) else None
        shown = marked.cells if marked is not None else cast(rowcache.Cells, cells)
        row = adopt(nodes.row(), [adopt(nodes.entry(), cell) for cell in shown])
        if marked is not None:
            setattr(row, rowcache.ROW_ATTRIBUTE, marked.mark)
        made.append(row)
    if kept:
        made.append(rowcache.put_back(kept))
    adopt(body, made)
    group += body
    return node


def serving_sessions(workshop: Workshop, objective: Objective) -> list[Session]:
    """Sessions that serve ``objective`` themselves or through one of their groups."""
    through_groups = {
        g.session for g in workshop.groups if objective.id in g.objectives and g.session
    }
    return [s for s in workshop.sessions if objective.id in s.objectives or s.id in through_groups]


def serving_actions(workshop: Workshop, objective: Objective) -> list[Action]:
    return [a for a in workshop.actions if objective.id in a.objectives]


class ViewRenderer(SphinxPostTransform):
    """Replaces every view placeholder by its rendering, and resolves the
    links the rendering made.

    It runs after Sphinx's passes over the whole page (links resolved at 10,
    code blocks' languages at 400, downloads withheld at 500), none of which
    has anything to do in a view: a view of a thousand rows is not walked by
    each of them, only by its own link resolution. The typography passes
    (800) and the PDF's (690 and later) still see it.
    """

    default_priority = 600
    #: view name -> its directive, which renders it (filled by views.setup).
    directives: ClassVar[dict[str, type[ViewDirective]]] = {}

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(chm_view))
        if not placeholders:
            return
        domain = get_domain(self.env)
        for position, placeholder in enumerate(placeholders):
            view = ViewContext(
                domain,
                domain.model,
                self.config,
                self.env.docname,
                placeholder,
                self.env._app.builder,
                position,
            )
            directive = self.directives[placeholder["view"]]
            rendered = directive.render(view, placeholder["options"])
            for node in rendered:
                if isinstance(node, nodes.Element):
                    self.resolve_links(domain, node)
                    if view.builder == rowcache.CACHED_BUILDER:
                        rowcache.give_words(node, view.sphinx_builder)
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

    def resolve_links(self, domain: ChmDomain, root: nodes.Element) -> None:
        """The links of a rendered view, resolved as Sphinx's resolver would
        (the domain, then ``missing-reference``), within the view alone."""
        docname = self.env.docname
        # Sphinx's own resolver reaches the builder the same way.
        builder = self.env._app.builder
        for link in list(root.findall(pending_xref)):
            content = link.children[0] if link.children else None
            shown = (
                content if isinstance(content, nodes.Element) else nodes.inline("", link.astext())
            )
            resolved: nodes.Node | None = None
            with contextlib.suppress(NoUri):
                if link.get("refdomain") == "chm":
                    resolved = domain.resolve_xref(
                        self.env,
                        link.get("refdoc", docname),
                        builder,
                        link["reftype"],
                        link["reftarget"],
                        link,
                        shown,
                    )
                if resolved is None:
                    rowcache.never_keep(link)
                    resolved = self.env.events.emit_firstresult(
                        "missing-reference", self.env, link, shown, allowed_exceptions=(NoUri,)
                    )
            link.replace_self(resolved if resolved is not None else shown)


def visit_placeholder(translator: Any, node: chm_view) -> None:
    # Only reached by a builder that skips post-transforms: show nothing.
    raise nodes.SkipNode
