"""The site's search index and object inventory, kept when a build changed nothing.

Sphinx's HTML builder writes ``searchindex.js`` and ``objects.inv`` at the end
of every build, one that read and wrote no document too, and both list every
object of the project: on 20,000 objects they were a third of a rebuild with
nothing to do. When this build read, removed and wrote no document, the
environment, the configuration and the templates are those the files on disk
were written from (a changed setting or template makes Sphinx read or write
the pages), so the files are what Sphinx would write again: they are kept.

The inventory lists the objects alone, not the pages' text: a build that
changed a sentence keeps it too, when the objects, the project's name and
version and the builder's addresses are those it was written from (a digest
of them is kept beside the doctrees with the file's size and date).

A search index gone from the site (deleted by hand, replaced, half copied) has
every page written again: Sphinx builds the index from the pages it writes,
and with none written it stopped on an empty index.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder

from chmdocs.sphinxext.domain import get_domain

#: ``ChmDomain.build_memo`` key: the index files this build left as they were.
KEPT = "indexes kept"


def kept(app: Sphinx, filename: str) -> bool:
    """Whether this build left the index ``filename`` as an earlier build wrote it."""
    return filename in get_domain(app.env).build_memo.get(KEPT, ())


#: Beside the doctrees: each index file as this machinery last wrote it (its
#: size and date), and for the inventory the digest it was written from.
STATE_FILE = "chmdocs-indexes.json"


def inventory_digest(app: Sphinx, builder: StandaloneHTMLBuilder) -> str:
    """A digest of everything ``objects.inv`` is written from."""
    digest = hashlib.blake2b(digest_size=16)
    config = app.config
    where = (config.project, config.version, builder.name, builder.get_target_uri("a/b"))
    digest.update(repr(where).encode("utf-8"))
    for domain in app.env.domains.sorted():
        digest.update(f"\n{domain.name}\n".encode())
        digest.update(repr(sorted(domain.get_objects())).encode("utf-8"))
    return digest.hexdigest()


class WrittenIndexes:
    """What the last build wrote of the index files, read from and written to
    :data:`STATE_FILE`: a file changed since (replaced, cut short, deleted)
    is never taken for the one written."""

    def __init__(self, app: Sphinx, builder: StandaloneHTMLBuilder) -> None:
        self.app, self.builder = app, builder
        self.file = Path(app.doctreedir) / STATE_FILE
        try:
            state = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        self.state: dict[str, Any] = state if isinstance(state, dict) else {}
        self.written: dict[str, dict[str, str]] = {}

    def path(self, filename: str) -> Path:
        return Path(self.builder.outdir) / filename

    @staticmethod
    def _stamp(path: Path) -> list[int] | None:
        try:
            found = path.stat()
        except OSError:
            return None
        return [found.st_size, found.st_mtime_ns]

    def as_left(self, filename: str) -> dict[str, Any] | None:
        """What was recorded of ``filename`` when written, if it is still that file."""
        path = self.path(filename)
        recorded = self.state.get(str(path))
        stamp = self._stamp(path)
        if stamp is None or not isinstance(recorded, dict) or recorded.get("stamp") != stamp:
            return None
        return recorded

    def note_written(self, filename: str, **facts: str) -> None:
        """``filename`` was written in this build; recorded when the build ends."""
        self.written[filename] = facts

    def record(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``, once the other handlers are done with the files
        (the privacy pass rewrites the search index): each file as left."""
        if exception is not None or not self.written:
            return
        for filename, facts in self.written.items():
            path = self.path(filename)
            self.state[str(path)] = {"stamp": self._stamp(path), **facts}
        try:
            temporary = self.file.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.state), encoding="utf-8")
            temporary.replace(self.file)
        except OSError:
            pass  # not remembered: the next build writes the file again


def keep_unchanged_indexes(app: Sphinx) -> None:
    """``builder-inited``: an HTML builder skips dumping an index that would not change."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    indexes = WrittenIndexes(app, builder)
    written: list[str] = []
    get_outdated_docs = builder.get_outdated_docs
    write_documents = builder.write_documents
    dump_search_index = builder.dump_search_index
    dump_inventory = builder.dump_inventory

    def all_if_index_gone() -> Iterator[str]:
        if builder.search and indexes.as_left(builder.searchindex_filename) is None:
            yield from app.env.found_docs
        else:
            yield from get_outdated_docs()

    def noting_written(docnames: Set[str]) -> None:
        written.extend(docnames)
        write_documents(docnames)

    def keep(filename: str) -> None:
        get_domain(app.env).build_memo.setdefault(KEPT, set()).add(filename)

    def search_index_if_changed() -> None:
        filename = builder.searchindex_filename
        unchanged = get_domain(app.env).nothing_read and not written
        if unchanged and indexes.as_left(filename) is not None:
            return keep(filename)
        dump_search_index()
        indexes.note_written(filename)

    def inventory_if_changed() -> None:
        recorded = indexes.as_left(INVENTORY_FILENAME)
        if recorded is not None and get_domain(app.env).nothing_read and not written:
            return keep(INVENTORY_FILENAME)
        digest = inventory_digest(app, builder)
        if recorded is not None and recorded.get("digest") == digest:
            return keep(INVENTORY_FILENAME)
        dump_inventory()
        indexes.note_written(INVENTORY_FILENAME, digest=digest)

    # Sphinx offers no event between writing and these dumps: the builder's
    # own methods are wrapped, for this build's builder only.
    builder.get_outdated_docs = all_if_index_gone  # type: ignore[method-assign]
    builder.write_documents = noting_written  # type: ignore[method-assign]
    builder.dump_search_index = search_index_if_changed  # type: ignore[method-assign]
    builder.dump_inventory = inventory_if_changed  # type: ignore[method-assign]
    app.connect("build-finished", indexes.record, priority=900)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_unchanged_indexes)
