"""The site's search index and object inventory, kept when a build changed nothing.

Sphinx's HTML builder writes ``searchindex.js`` and ``objects.inv`` at the end
of every build, one that read and wrote no document too, and both list every
object of the project: on 20,000 objects they were a third of a rebuild with
nothing to do. When this build read, removed and wrote no document, the
environment, the configuration and the templates are those the files on disk
were written from (a changed setting or template makes Sphinx read or write
the pages), so the files are what Sphinx would write again: they are kept.

A search index gone from the site (deleted by hand, a half-copied folder) has
every page written again: Sphinx builds the index from the pages it writes,
and with none written it stopped on an empty index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import INVENTORY_FILENAME, StandaloneHTMLBuilder

from chmdocs.sphinxext.domain import get_domain

#: ``ChmDomain.build_memo`` key: the index files this build left as they were.
KEPT = "indexes kept"


def kept(app: Sphinx, filename: str) -> bool:
    """Whether this build left the index ``filename`` as an earlier build wrote it."""
    return filename in get_domain(app.env).build_memo.get(KEPT, ())


def keep_unchanged_indexes(app: Sphinx) -> None:
    """``builder-inited``: an HTML builder skips dumping an index that would not change."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    written: list[str] = []
    get_outdated_docs = builder.get_outdated_docs
    write_documents = builder.write_documents
    dump_search_index = builder.dump_search_index
    dump_inventory = builder.dump_inventory

    def all_if_index_gone() -> Iterator[str]:
        if builder.search and not (Path(builder.outdir) / builder.searchindex_filename).exists():
            yield from app.env.found_docs
        else:
            yield from get_outdated_docs()

    def noting_written(docnames: Set[str]) -> None:
        written.extend(docnames)
        write_documents(docnames)

    def unless_unchanged(dump: Callable[[], None], filename: str) -> Callable[[], None]:
        def dump_if_changed() -> None:
            unchanged = get_domain(app.env).nothing_read and not written
            if unchanged and (Path(builder.outdir) / filename).is_file():
                get_domain(app.env).build_memo.setdefault(KEPT, set()).add(filename)
                return
            dump()

        return dump_if_changed

    # Sphinx offers no event between writing and these dumps: the builder's
    # own methods are wrapped, for this build's builder only.
    builder.get_outdated_docs = all_if_index_gone  # type: ignore[method-assign]
    builder.write_documents = noting_written  # type: ignore[method-assign]
    builder.dump_search_index = unless_unchanged(  # type: ignore[method-assign]
        dump_search_index, builder.searchindex_filename
    )
    builder.dump_inventory = unless_unchanged(  # type: ignore[method-assign]
        dump_inventory, INVENTORY_FILENAME
    )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_unchanged_indexes)
