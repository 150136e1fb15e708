"""The personal data rule, where Sphinx would otherwise publish it.

Participants' e-mail and phone, and everything about a participant who is
not published, reach no public output. The model and the renderers keep
them out of the pages and exports (:meth:`chmdocs.Workshop.public`,
:func:`chmdocs.sphinxext.markup.person`); this module closes what Sphinx itself
publishes:

- the ``_sources/`` copy of a page that defines participants (it holds the
  ``:email:`` lines as written), or names an unpublished one, is not made;
- a document marked ``:audience: internal`` (the attendance sheet, a list of
  participants kept apart) is read by every builder — its objects belong to
  the model — and written by the PDF builder alone, to
  ``OUTDIR/private/pdf/``; the HTML builders write no page, source copy,
  search terms or toctree entry of it, and nothing links into it.
"""

from __future__ import annotations

import contextlib
import glob
import logging
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import new_document

from chmdocs.core.model import PERSON_FIELDS
from chmdocs.sphinxext import indexes
from chmdocs.sphinxext.diagnostics import warn
from chmdocs.sphinxext.domain import ChmDomain, get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.metadata import READS_INTERNAL, is_internal


def internal_docnames(env: BuildEnvironment) -> set[str]:
    """The documents whose file-wide fields say ``:audience: internal``, as
    Sphinx read them (after a BOM, comments, an included header…)."""
    return {docname for docname in env.found_docs if is_internal(env, docname)}


def left_out_of(env: BuildEnvironment, docname: str) -> set[str]:
    """The documents a file made from ``docname`` leaves out of its toctrees:
    a public document never carries an internal one inside it."""
    return set() if is_internal(env, docname) else internal_docnames(env)


@contextlib.contextmanager
def without_documents(env: BuildEnvironment, docnames: set[str]) -> Iterator[None]:
    """While assembling one file (rst2pdf inlines every toctree entry itself),
    the documents ``docnames`` read as empty."""
    if not docnames:
        yield
        return
    read = env.get_doctree

    def get_doctree(docname: str) -> nodes.document:
        if docname in docnames:
            return new_document(docname)
        return read(docname)

    env.get_doctree = get_doctree  # type: ignore[method-assign]
    try:
        yield
    finally:
        del env.get_doctree


class InternalInToctree(logging.Filter):
    """A toctree naming an internal document is right: the public outputs
    simply have no entry for it. Sphinx's warning that the entry leads
    nowhere is not shown for it."""

    def __init__(self, docnames: set[str]) -> None:
        super().__init__()
        self.docnames = docnames

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "type", "") != "toc":
            return True
        return not any(f"'{name}'" in record.getMessage() for name in self.docnames)


def internal_are_orphans(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: an internal document needs no place in a toctree."""
    for docname in internal_docnames(env):
        env.metadata[docname]["orphan"] = True


def leave_out_internal(app: Sphinx, builder: Builder) -> None:
    """``write-started``: a builder that publishes writes no internal document
    — no page, no ``_sources/`` copy, no search terms, no toctree entry — and
    removes what an earlier build wrote of one that has become internal.
    (The environment was saved before this: what is changed here lasts for
    this build's writing only.)"""
    if builder.name in READS_INTERNAL:
        return
    env = app.env
    internal = internal_docnames(env)
    if not internal:
        return
    for docname in internal:
        env.tocs.pop(docname, None)
        remove_output(builder, docname)
    for parent, children in env.toctree_includes.items():
        env.toctree_includes[parent] = [c for c in children if c not in internal]
    write_documents = builder.write_documents

    def write_public(docnames: Set[str]) -> None:
        write_documents({d for d in docnames if d not in internal})

    builder.write_documents = write_public  # type: ignore[method-assign]
    quiet = InternalInToctree(internal)
    for handler in logging.getLogger("sphinx").handlers:
        # First, before Sphinx's own filters count the warning.
        handler.filters.insert(0, quiet)


def forget_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: a document deleted since the last build leaves the
    site with its page and its source copy (the published tree is what a fresh
    build would publish)."""
    for docname in removed:
        remove_output(app.builder, docname)
    return []


def remove_output(builder: Builder, docname: str) -> None:
    """What an earlier build of ``builder`` wrote for ``docname``: its page and
    its ``_sources/`` copy."""
    sources = Path(builder.outdir) / "_sources"
    stale = list(sources.glob(f"{glob.escape(docname)}.*")) if sources.is_dir() else []
    if isinstance(builder, StandaloneHTMLBuilder):
        stale.append(Path(builder.get_outfilename(docname)))
    for path in stale:
        if path.is_file():
            path.unlink()


def docs_with_personal_data(domain: ChmDomain) -> set[str]:
    """Documents whose source holds personal data: those defining participants
    (e-mail, phone), and those naming an unpublished participant by id."""
    workshop = domain.model
    hidden = {p.id for p in workshop.participants if not p.publish}
    found = set(domain.docs_with_participants)
    for obj in domain.objects():
        for field in PERSON_FIELDS.get(obj.kind, ()):
            value = getattr(obj, field)
            entries = value if isinstance(value, tuple) else (value,)
            if hidden & {e.strip() for e in entries}:
                found.add(obj.docname)
    found |= {r.docname for r in domain.references() if r.target.strip() in hidden}
    return found


class _PersonalDocs:
    """The documents with personal data, found once per build, when first asked
    after writing starts (a build that writes no document never asks)."""

    app: Sphinx | None = None
    _found: tuple[set[str], set[Path]] | None = None

    @classmethod
    def start(cls, app: Sphinx, builder: object) -> None:
        """``write-started``: what the last build found is forgotten."""
        cls.app, cls._found = app, None

    @classmethod
    def _find(cls) -> tuple[set[str], set[Path]]:
        if cls._found is None:
            if cls.app is None:
                return set(), set()
            env = cls.app.env
            docnames = docs_with_personal_data(get_domain(env))
            cls._found = docnames, {Path(env.doc2path(d)).resolve() for d in docnames}
        return cls._found

    @classmethod
    def docnames(cls) -> set[str]:
        return cls._find()[0]

    @classmethod
    def sources(cls) -> set[Path]:
        """Their source files, absolute."""
        return cls._find()[1]


def no_source_copy(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: a page whose source holds personal data gets no
    "Show source" copy (``_sources/``)."""
    if pagename in app.env.found_docs and pagename in _PersonalDocs.docnames():
        context["sourcename"] = ""
        context["show_source"] = False


def forget_vanished_terms(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the search index holds no word no page holds any more.

    Sphinx keeps the index between builds and prunes the pages a word is on,
    but not the word: a participant no longer published would stay in
    ``searchindex.js`` ("zorglub": []) though every page is clean."""
    from sphinx.search import js_index

    builder = app.builder
    if exception is not None or not isinstance(builder, StandaloneHTMLBuilder):
        return
    if indexes.kept(app, builder.searchindex_filename):  # as the last build left it
        return
    path = Path(builder.outdir) / builder.searchindex_filename
    try:
        index = js_index.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    changed = False
    for key in ("terms", "titleterms"):
        terms = index.get(key)
        if isinstance(terms, dict):
            kept = {term: pages for term, pages in terms.items() if pages not in ([], {})}
            changed = changed or len(kept) != len(terms)
            index[key] = kept
    if changed:
        path.write_text(js_index.dumps(index), encoding="utf-8")


def no_personal_downloads(app: Sphinx, builder: Builder) -> None:
    """``write-started``: a source file holding personal data is never copied
    into the site as a download (the reference says so, see WithheldCopies)."""
    if not app.env.dlfiles:
        return
    personal = _PersonalDocs.sources()
    for name in list(app.env.dlfiles):
        if Path(app.srcdir, name).resolve() in personal:
            del app.env.dlfiles[name]


class WithheldCopies(SphinxPostTransform):
    """A download of, or a literal include of, a source file holding personal
    data (e-mail, phone, unpublished participants) shows in no public
    document: the link becomes its text, the copied text a note, each with a
    warning at its line. Internal documents keep them."""

    default_priority = 500

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if is_internal(self.env, docname):
            return
        personal = _PersonalDocs.sources()
        if not personal:
            return
        for reference in list(self.document.findall(addnodes.download_reference)):
            _rel, full = self.env.relfn2path(str(reference.get("reftarget", "")), docname)
            if Path(full).resolve() in personal:
                self.withheld(reference, Path(full).name)
                reference.replace_self(nodes.inline("", reference.astext()))
        for block in list(self.document.findall(nodes.literal_block)):
            source = str(block.get("source") or "")
            if source and self.resolved(source, docname) & personal:
                self.withheld(block, Path(source).name)
                note = str(_("(The text of this file is not shown: it holds personal data.)"))
                block.replace_self(nodes.paragraph("", note, classes=["chm-withheld"]))

    def resolved(self, source: str, docname: str) -> set[Path]:
        """Where a literal block's source may be: docutils names it absolute,
        or relative to the working directory or the document."""
        path = Path(source)
        if path.is_absolute():
            return {path.resolve()}
        folder = Path(self.env.doc2path(docname)).parent
        return {(Path.cwd() / path).resolve(), (folder / path).resolve()}

    def withheld(self, node: nodes.Element, name: str) -> None:
        warn(
            f"{name} holds personal data (e-mail, phone, unpublished participants): "
            "it is not copied into a public document",
            "privacy",
            node,
        )


def setup(app: Sphinx) -> None:
    app.add_post_transform(WithheldCopies)
    app.connect("write-started", no_personal_downloads, priority=600)
    app.connect("build-finished", forget_vanished_terms)
    app.connect("env-updated", internal_are_orphans)
    app.connect("env-get-outdated", forget_removed)
    app.connect("write-started", leave_out_internal, priority=100)
    app.connect("write-started", _PersonalDocs.start, priority=400)
    app.connect("html-page-context", no_source_copy)
