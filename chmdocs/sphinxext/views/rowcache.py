"""The rows of a view's table on the site, kept as the HTML they were written as.

A view of 10,000 rows is most of the cost of a rebuild that renamed one of
them: every row was made into docutils nodes, walked by the typography pass
and translated to HTML again. Here each row the site writes is kept, by
page, as its HTML (and its words, for the search index), under a digest of
everything its rendering reads:

- the row's object, the objects it names and the objects naming it (the
  fields declared as naming objects, :func:`~chmdocs.sphinxext.domain.links_of`);
- the view's context: the view and its options, its place on the page, the
  page, the builder and its addresses, the language, chmdocs' settings and
  version, the objects every row may read (the workshop, its objectives,
  groups and participants), which pages are internal, the imported models.

A row found under its digest is put back as its HTML; any other is rendered
as before, and its HTML kept by the translator for the next build. A row
whose link another extension resolved (``missing-reference``) is rendered
every time. The anchors a row carries are given again only where
the page would give them the same; otherwise the row is rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from chmdocs.core.exports import write_atomic
from chmdocs.sphinxext.domain import ChmDomain, links_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from chmdocs.core.model import ModelObject

#: Beside the doctrees. The format's version is in the name: another
#: chmdocs finds no file rather than one it cannot read.
CACHE_FILE = "chmdocs-rows-1.pickle"
#: The only builder whose rows are kept (its translator is HTML5's).
CACHED_BUILDER = "html"
#: ``ChmDomain.build_memo`` keys.
MEMO_CACHE = "row cache"
MEMO_CONTEXT = "row context digest"
MEMO_NAMED_BY = "objects naming each object"
MEMO_OBJECTS = "object digests"
#: The workshop's lists of objects (its own fields are the rest).
WORKSHOP_PARTS = frozenset(
    (
        "objectives",
        "sessions",
        "groups",
        "actions",
        "participants",
        "progress",
        "measures",
        "questions",
    )
)


class chm_cached_row(nodes.Element):  # noqa: N801 (docutils naming)
    """A table row put back as the HTML it was written as. Its children are
    the row's words, for the search index; the translator writes ``html``."""


@dataclass(frozen=True)
class KeptRow:
    html: str
    #: Whether its ``<tr>`` was an odd row (the parity class is fixed on use).
    odd: bool
    #: The texts of its Text nodes, in order, as the search index reads them.
    words: tuple[str, ...]
    #: Each anchor it carries: (what was asked for, what the page gave).
    anchors: tuple[tuple[str, str], ...]


@dataclass
class RowCache:
    """The kept rows of every page, read from and written to :data:`CACHE_FILE`."""

    path: Path
    stored: dict[str, dict[str, KeptRow]] = field(default_factory=dict)
    #: The rows of the pages rendered in this build, as they now stand.
    used: dict[str, dict[str, KeptRow]] = field(default_factory=lambda: defaultdict(dict))

    @classmethod
    def load(cls, doctreedir: str | Path) -> RowCache:
        path = Path(doctreedir) / CACHE_FILE
        cache = cls(path)
        try:
            with path.open("rb") as stream:
                stored = pickle.load(stream)
        except Exception:
            return cache
        # Only what this chmdocs wrote: any other shape is dropped, not trusted.
        if isinstance(stored, dict):
            cache.stored = {
                doc: {k: r for k, r in rows.items() if isinstance(r, KeptRow)}
                for doc, rows in stored.items()
                if isinstance(rows, dict)
            }
        return cache

    def rendering(self, docname: str) -> None:
        """``docname`` is rendered in this build: its rows are those it uses now."""
        self.used.setdefault(docname, {})

    def find(self, docname: str, key: str) -> KeptRow | None:
        return self.stored.get(docname, {}).get(key)

    def keep(self, docname: str, key: str, row: KeptRow) -> None:
        self.used[docname][key] = row

    def save(self, docnames: set[str]) -> None:
        """The rows of the pages rendered in this build replace theirs; the
        pages no longer in the project (``docnames``) go."""
        if not self.used:
            return
        stored = {doc: rows for doc, rows in self.stored.items() if doc in docnames}
        stored.update(self.used)
        try:
            write_atomic(self.path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.path.unlink(missing_ok=True)  # not kept: the next build renders every row


def row_cache(domain: ChmDomain) -> RowCache:
    memo = domain.build_memo
    if MEMO_CACHE not in memo:
        memo[MEMO_CACHE] = RowCache.load(domain.env.doctreedir)
    cache: RowCache = memo[MEMO_CACHE]
    return cache


def save_row_cache(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the rows of this build kept for the next."""
    if exception is not None:
        return
    from chmdocs.sphinxext.domain import get_domain

    cache = get_domain(app.env).build_memo.get(MEMO_CACHE)
    if isinstance(cache, RowCache):
        cache.save(set(app.env.all_docs))


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=20).hexdigest()


def context_digest(domain: ChmDomain) -> str:
    """What any row of any view may read besides its own objects, once per build."""
    memo = domain.build_memo
    if MEMO_CONTEXT not in memo:
        from chmdocs import __version__
        from chmdocs.sphinxext.imports import import_paths
        from chmdocs.sphinxext.metadata import is_internal

        env = domain.env
        config = env.config
        read = ("language", "html_file_suffix", "html_link_suffix", "today_fmt")
        settings = sorted(
            (value.name, repr(value.value))
            for value in config
            if value.name.startswith("chmdocs_") or value.name in read
        )
        builder = env._app.builder
        many = ("session", "action", "workshop")
        shared = [repr(o) for o in domain.objects() if o.kind not in many]
        model = domain.model
        emptied: dict[str, Any] = dict.fromkeys(WORKSHOP_PARTS, ())
        workshop = dataclasses.replace(model, **emptied)
        internal = sorted(doc for doc in env.all_docs if is_internal(env, doc))
        imports = []
        for key, path in sorted(import_paths(env).items()):
            try:
                imports.append((key, str(path), path.stat().st_mtime_ns))
            except OSError:
                imports.append((key, str(path), -1))
        memo[MEMO_CONTEXT] = digest(
            __version__,
            settings,
            builder.name,
            builder.get_target_uri("a/b"),
            repr(workshop),
            shared,
            internal,
            imports,
        )
    context: str = memo[MEMO_CONTEXT]
    return context


def named_by(domain: ChmDomain) -> dict[tuple[str, str], list[ModelObject]]:
    """For each (kind, id): the objects naming it, once per build."""
    memo = domain.build_memo
    if MEMO_NAMED_BY not in memo:
        found: dict[tuple[str, str], list[ModelObject]] = defaultdict(list)
        for obj in domain.objects():
            for target in links_of(obj):
                found[target].append(obj)
        memo[MEMO_NAMED_BY] = found
    index: dict[tuple[str, str], list[ModelObject]] = memo[MEMO_NAMED_BY]
    return index


def object_digest(domain: ChmDomain, obj: ModelObject | None) -> str:
    """A digest of everything ``obj`` holds, once per build (objects are frozen)."""
    memo: dict[int, tuple[ModelObject | None, str]] = domain.build_memo.setdefault(MEMO_OBJECTS, {})
    found = memo.get(id(obj))
    if found is None or found[0] is not obj:
        found = (obj, digest(obj))
        memo[id(obj)] = found
    return found[1]


def row_key(domain: ChmDomain, view_digest: str, subject: ModelObject) -> str:
    """The digest a row showing ``subject`` is kept under."""
    # A name no object has is shown as written (a person not among the participants).
    named = [
        object_digest(domain, domain.get(kind, ident)) for kind, ident in sorted(links_of(subject))
    ]
    naming = sorted(
        object_digest(domain, o) for o in named_by(domain).get((subject.kind, subject.id), ())
    )
    registered = "registered" if domain.get(subject.kind, subject.id) is subject else "duplicate"
    # (Digests joined: the cost of a row's key is most of what keeping it saves.)
    parts = [view_digest, object_digest(domain, subject), registered, *named, "by", *naming]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


#: A table row's cells, each a list of nodes.
Cells = Sequence[Sequence[nodes.Node]]


@dataclass
class MarkedRow:
    """A row's cells, with what its ``<tr>`` must carry to be kept once written."""

    cells: Cells
    mark: tuple[str, str, tuple[tuple[str, str], ...]]


#: A row of a view's table: its cells, the same to be kept, or one kept earlier.
Row = Cells | MarkedRow | chm_cached_row


# The translator's side.

#: A row to keep once written: (page, key, anchors), an attribute of the
#: row node's object (not of the element: doctrees and their dumps do not show it).
ROW_ATTRIBUTE = "chm_kept_row"


def never_keep(node: nodes.Node) -> None:
    """The row holding ``node`` is not kept: it shows what the model does not say."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.row):
        parent = parent.parent
    if parent is not None:
        parent.__dict__.pop(ROW_ATTRIBUTE, None)


def words_of(row: nodes.Element) -> tuple[str, ...]:
    return tuple(str(text) for text in row.findall(nodes.Text))


def visit_row(translator: Any, node: nodes.row) -> None:
    """Sphinx's visit (or the project's translator's), noting where a row to keep starts."""
    type(translator).visit_row(translator, node)
    if ROW_ATTRIBUTE in node.__dict__:
        node.chm_body_start = len(translator.body) - 1  # type: ignore[attr-defined]
        # Read now, after every pass over the page: what the search index reads.
        node.chm_words = words_of(node)  # type: ignore[attr-defined]


def depart_row(translator: Any, node: nodes.row) -> None:
    type(translator).depart_row(translator, node)
    mark = node.__dict__.get(ROW_ATTRIBUTE)
    if mark is None:
        return
    docname, key, anchors = mark
    html = "".join(translator.body[node.chm_body_start :])  # type: ignore[attr-defined]
    odd = "row-odd" in node["classes"]
    cache = row_cache(_domain_of(translator))
    cache.keep(docname, key, KeptRow(html, odd, node.chm_words, anchors))  # type: ignore[attr-defined]


def visit_cached_row(translator: Any, node: chm_cached_row) -> None:
    row: KeptRow = node["row"]
    translator._table_row_indices[-1] += 1
    odd = translator._table_row_indices[-1] % 2 == 1
    html = row.html
    if odd != row.odd:
        first, rest = html.split(">", 1)
        swapped = {"row-odd": "row-even", "row-even": "row-odd"}
        for old, new in swapped.items():
            if old in first:
                first = first.replace(old, new, 1)
                break
        html = f"{first}>{rest}"
    translator.body.append(html)
    raise nodes.SkipNode


def _domain_of(translator: Any) -> ChmDomain:
    from chmdocs.sphinxext.domain import get_domain

    return get_domain(translator.builder.env)


def put_back(row: KeptRow) -> chm_cached_row:
    """A kept row, as the page's doctree holds it."""
    node = chm_cached_row(row=row)
    # One text: the search index splits it into the same words.
    node += nodes.Text("\n".join(row.words))
    return node
