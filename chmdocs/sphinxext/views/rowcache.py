"""The rows of a view's table on the site, kept as the HTML they were written as.

A view of 10,000 rows is most of the cost of a rebuild that renamed one of
them: every row was made into docutils nodes, walked by the typography pass
and translated to HTML again. Here each row the site writes is kept, by
page, as its HTML (and its words, for the search index), under a digest of
everything its rendering reads:

- the row's object, the objects it names and the objects naming it (the
  fields declared as naming objects, :func:`~chmdocs.sphinxext.domain.links_of`),
  by the fingerprints the domain took of them when their pages were read;
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

import contextlib
import dataclasses
import hashlib
import os
import pickle
import shutil
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from docutils import nodes

from chmdocs.core.changes import COLLECTIONS
from chmdocs.core.exports import write_atomic
from chmdocs.sphinxext.domain import ChmDomain, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from chmdocs.core.model import ModelObject

#: Beside the doctrees. The format's version is in the name: another
#: chmdocs finds no file rather than one it cannot read.
CACHE_FILE = "chmdocs-rows-3.pickle"
#: Beside it: the rows of each page a parallel writer (``-j``) wrote, one
#: file per page, taken in by the build once its writers are done.
PARTS_FOLDER = "chmdocs-rows-3.parts"
#: The only builder whose rows are kept (its translator is HTML5's).
CACHED_BUILDER = "html"
#: ``ChmDomain.build_memo`` keys.
MEMO_CACHE = "row cache"
MEMO_CONTEXT = "row context digest"
MEMO_NAMED_BY = "objects naming each object"
#: The objects a row's key names one by one: any other kind is in the
#: digest of what every row may read (the workshop's own fields too).
PER_ROW_KINDS = frozenset(("session", "action", "workshop"))


class chm_cached_rows(nodes.Element):  # noqa: N801 (docutils naming)
    """Table rows put back, one after another, as the HTML they were written
    as. Its children are their words, for the search index (see
    :func:`give_words`); the translator writes their ``html``. (One node for
    a run of rows: a view of 10,000 rows is then a few nodes to walk, not
    40,000.)"""


class KeptRow(NamedTuple):
    """A row as written. (A tuple: 20,000 of them are read and written
    again on every rebuild.)"""

    html: str
    #: Whether its ``<tr>`` was an odd row (the parity class is fixed on use).
    odd: bool
    #: The texts of its Text nodes, in order, as the search index reads them
    #: (each split apart: a Japanese splitter cuts two texts joined otherwise).
    words: tuple[str, ...]
    #: Each anchor it carries: (what was asked for, what the page gave).
    anchors: tuple[tuple[str, str], ...]


@dataclass
class RowCache:
    """The kept rows of every page, read from and written to :data:`CACHE_FILE`."""

    path: Path
    stored: dict[str, dict[bytes, KeptRow]] = field(default_factory=dict)
    #: The rows of the pages rendered in this build, as they now stand.
    used: dict[str, dict[bytes, KeptRow]] = field(default_factory=lambda: defaultdict(dict))
    #: The build's own process: with ``-j``, Sphinx's writers are forks of it
    #: (each with a copy of this cache), whose rows are handed over in files.
    builder_process: int = field(default_factory=os.getpid)

    @property
    def parts(self) -> Path:
        return self.path.with_name(PARTS_FOLDER)

    @classmethod
    def load(cls, doctreedir: str | Path) -> RowCache:
        path = Path(doctreedir) / CACHE_FILE
        cache = cls(path)
        # Left by a build that broke off: not this build's rows.
        shutil.rmtree(cache.parts, ignore_errors=True)
        try:
            with path.open("rb") as stream:
                stored = pickle.load(stream)
        except Exception:
            return cache
        cache.stored = kept_rows(stored)
        return cache

    def rendering(self, docname: str) -> None:
        """``docname`` is rendered in this build: its rows are those it uses now."""
        self.used.setdefault(docname, {})

    def find(self, docname: str, key: bytes) -> KeptRow | None:
        return self.stored.get(docname, {}).get(key)

    def keep(self, docname: str, key: bytes, row: KeptRow) -> None:
        self.used[docname][key] = row

    def hand_over(self, docname: str) -> None:
        """In a parallel writer, the rows it kept of ``docname``, written for
        the build's own process to take in."""
        rows = self.used.get(docname)
        if os.getpid() == self.builder_process or not rows:
            return
        name = hashlib.blake2b(docname.encode("utf-8"), digest_size=16).hexdigest()
        with contextlib.suppress(OSError):  # not handed over: rendered again next time
            self.parts.mkdir(exist_ok=True)
            part = pickle.dumps({docname: rows}, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(self.parts / f"{name}.pickle", part)

    def take_in_parts(self) -> None:
        """The rows the parallel writers handed over, of the pages rendered here."""
        for part in sorted(self.parts.glob("*.pickle")) if self.parts.is_dir() else ():
            try:
                handed = kept_rows(pickle.loads(part.read_bytes()))
            except Exception:
                continue
            for docname, rows in handed.items():
                if docname in self.used:
                    self.used[docname].update(rows)
        shutil.rmtree(self.parts, ignore_errors=True)

    def save(self, docnames: set[str]) -> None:
        """The rows of the pages rendered in this build replace theirs; the
        pages no longer in the project (``docnames``) go."""
        self.take_in_parts()
        if not self.used:
            return
        stored = {doc: rows for doc, rows in self.stored.items() if doc in docnames}
        stored.update(self.used)
        try:
            write_atomic(self.path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            self.path.unlink(missing_ok=True)  # not kept: the next build renders every row


def kept_rows(stored: object) -> dict[str, dict[bytes, KeptRow]]:
    """Only what this chmdocs wrote: any other shape is dropped, not trusted."""
    if not isinstance(stored, dict):
        return {}
    return {
        doc: {k: r for k, r in rows.items() if isinstance(r, KeptRow)}
        for doc, rows in stored.items()
        if isinstance(rows, dict)
    }


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
    cache = get_domain(app.env).build_memo.get(MEMO_CACHE)
    if isinstance(cache, RowCache):
        cache.save(set(app.env.all_docs))


def hand_over_rows(
    app: Sphinx, pagename: str, _template: str, _context: dict[str, Any], _doctree: Any
) -> None:
    """``html-page-context``, once the page is translated: in a parallel
    writer, the rows it kept of the page are handed over."""
    cache = get_domain(app.env).build_memo.get(MEMO_CACHE)
    if isinstance(cache, RowCache):
        cache.hand_over(pagename)


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
        model = domain.model
        # (The groups as the model has them: with the results reported of each.)
        shared = [
            repr(getattr(model, part))
            for kind, part in COLLECTIONS.items()
            if kind not in PER_ROW_KINDS
        ]
        emptied: dict[str, Any] = dict.fromkeys(COLLECTIONS.values(), ())
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


def named_by(domain: ChmDomain) -> dict[tuple[str, str], list[bytes]]:
    """For each (kind, id): the digests of the objects naming it, once per build."""
    memo = domain.build_memo
    if MEMO_NAMED_BY not in memo:
        found: dict[tuple[str, str], list[bytes]] = defaultdict(list)
        for obj in domain.objects():
            held, links = domain.fingerprint(obj)
            for target in links:
                found[target].append(held)
        for digests in found.values():
            digests.sort()
        memo[MEMO_NAMED_BY] = found
    index: dict[tuple[str, str], list[bytes]] = memo[MEMO_NAMED_BY]
    return index


#: What stands for a name no object has (shown as written).
NOBODY = b"-"


def row_key(domain: ChmDomain, view_digest: str, subject: ModelObject) -> bytes:
    """The digest a row showing ``subject`` is kept under."""
    held, links = domain.fingerprint(subject)
    named = []
    for kind, ident in links:
        # The objects every row may read are in the view's digest already.
        if kind in PER_ROW_KINDS:
            target = domain.get(kind, ident)
            named.append(NOBODY if target is None else domain.fingerprint(target)[0])
    naming = named_by(domain).get((subject.kind, subject.id), ())
    # A second object of the same id links to the first, and shows its title.
    first = domain.get(subject.kind, subject.id)
    registered = (
        b"r"
        if first is subject
        else b"d" + (b"" if first is None else domain.fingerprint(first)[0])
    )
    # (Digests joined: the cost of a row's key is most of what keeping it saves.)
    parts = [view_digest.encode(), held, registered, *named, b"by", *naming]
    return hashlib.blake2b(b"\n".join(parts), digest_size=20).digest()


#: A table row's cells, each a list of nodes.
Cells = Sequence[Sequence[nodes.Node]]


@dataclass
class MarkedRow:
    """A row's cells, with what its ``<tr>`` must carry to be kept once written."""

    cells: Cells
    mark: tuple[str, bytes, tuple[tuple[str, str], ...]]


#: A row of a view's table: its cells, the same to be kept, or one kept earlier.
Row = Cells | MarkedRow | KeptRow


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
    cache = row_cache(get_domain(translator.builder.env))
    cache.keep(docname, key, KeptRow(html, odd, node.chm_words, anchors))  # type: ignore[attr-defined]


def visit_cached_rows(translator: Any, node: chm_cached_rows) -> None:
    indices = translator._table_row_indices
    for row in node["rows"]:
        indices[-1] += 1
        odd = indices[-1] % 2 == 1
        translator.body.append(row.html if odd == row.odd else parity_swapped(row.html))
    raise nodes.SkipNode


def parity_swapped(html: str) -> str:
    """A kept row's ``<tr>`` with its odd/even class the other way."""
    first, rest = html.split(">", 1)
    swapped = {"row-odd": "row-even", "row-even": "row-odd"}
    for old, new in swapped.items():
        if old in first:
            first = first.replace(old, new, 1)
            break
    return f"{first}>{rest}"


def put_back(rows: Sequence[KeptRow]) -> chm_cached_rows:
    """Kept rows, one after another, as the page's doctree holds them (their
    words are given by :func:`give_words` once the builder is known)."""
    return chm_cached_rows(rows=tuple(rows))


def give_words(root: nodes.Element, builder: Any) -> None:
    """The kept rows under ``root`` give the search index the words their
    texts gave it when they were written.

    Each word once where the builder's search language allows it: the index
    records which pages hold a word, not how often, and 10,000 rows of an
    agenda are 160,000 words and 1,000 different ones, each otherwise split
    and stemmed in every build writing the page. That is where the words,
    split from each text apart, one per line, split into themselves again
    (Sphinx's own splitter, by word characters). Elsewhere (a Japanese
    splitter reads the words around), each text as it was."""
    indexer = getattr(builder, "indexer", None)
    split = getattr(getattr(indexer, "lang", None), "split", None)
    for run in root.findall(chm_cached_rows):
        texts = [text for row in run["rows"] for text in row.words]
        if split is not None:
            words = list(dict.fromkeys(w for text in texts for w in split(text)))
            once = "\n".join(words)
            if split(once) == words:
                run[:] = [nodes.Text(once)]
                continue
        run[:] = [nodes.Text(text) for text in texts]
