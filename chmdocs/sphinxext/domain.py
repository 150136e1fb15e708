"""The ``chm`` domain: where the objects of a project are stored and found.

Its data is plain and keyed by docname — ``objects`` maps a document to the
model objects written in it, in the order written; ``views`` maps a document
to the views it holds — so that ``clear_doc`` and ``merge_domaindata`` keep
incremental and parallel (``-j``) builds right. No docutils node is kept.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.roles import XRefRole

from chmdocs.core import fields
from chmdocs.core.model import (
    Action,
    Group,
    ModelObject,
    Objective,
    Participant,
    Session,
    Workshop,
    empty_workshop,
    reference_key,
)
from chmdocs.core.reporting import Reporting
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import text as text_node
from chmdocs.sphinxext.markup import withheld

T = TypeVar("T", bound=ModelObject)
R = TypeVar("R")

#: Dated records of a reporting project: in the model, not linkable.
RECORDS = ("progress", "measure")

#: The object kinds a role can link to, in the order ``:any:`` tries them.
LINKABLE_KINDS = (
    "objective", "session", "group", "action", "workshop", "participant", "question",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class ViewUse:
    """A view directive as written: which view, its checked options, where."""

    view: str
    options: tuple[tuple[str, Any], ...]
    docname: str
    lineno: int
    #: Each option's "path:line", for warnings found once all is read.
    where: tuple[tuple[str, str], ...] = ()
    #: The options naming objects, and the kind each names.
    links: tuple[tuple[str, str], ...] = ()

    def location(self, option: str) -> str | tuple[str, int]:
        return dict(self.where).get(option) or (self.docname, self.lineno)


@dataclasses.dataclass(frozen=True)
class Reference:
    """A role naming an object: ``:session:`d1-scbd``` at a line."""

    kind: str
    target: str
    docname: str
    lineno: int


def anchor_of(obj: ModelObject) -> str:
    """The HTML id of an object where it is written: ``session-d1-scbd``."""
    return _anchor(obj.kind, obj.id)


#: What docutils' make_id gives back unchanged: most ids as authors write them.
_PLAIN_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@functools.lru_cache(maxsize=65536)
def _anchor(kind: str, ident: str) -> str:
    candidate = f"{kind}-{ident}"
    # make_id normalizes Unicode and rewrites the string: for an id already
    # in its form (20,000 on a large project, listed in every build) the
    # answer is the id itself.
    return candidate if _PLAIN_ID.fullmatch(candidate) else nodes.make_id(candidate)


class ChmXRefRole(XRefRole):
    """A link role that works both as ``:chm:session:`` and ``:session:``."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # XRefRole takes the domain from the role's name; the unprefixed
        # aliases would otherwise resolve in no domain at all.
        kind = self.name.rpartition(":")[2]
        self.name = f"chm:{kind}"
        result = super().run()
        # Noted so the checks find an unknown id without rendering any page.
        for node in result[0]:
            if isinstance(node, pending_xref):
                use = Reference(kind, node["reftarget"], self.env.docname, self.lineno)
                get_domain(self.env).note_reference(use)
                from chmdocs.sphinxext.imports import depend_on_imports

                depend_on_imports(self.env, node["reftarget"])
        return result


class ChmDomain(Domain):
    """Workshops, objectives, sessions, groups, actions and participants."""

    name = "chm"
    label = "CHM workshop"
    object_types = {
        "workshop": ObjType(_("workshop"), "workshop"),
        "objective": ObjType(_("objective"), "objective"),
        "session": ObjType(_("session"), "session"),
        "group": ObjType(_("group"), "group"),
        "action": ObjType(_("action"), "action"),
        "participant": ObjType(_("participant"), "participant"),
        "question": ObjType(_("question"), "question"),
    }
    roles = {kind: ChmXRefRole(innernodeclass=nodes.inline) for kind in LINKABLE_KINDS}
    initial_data = {
        "objects": {},  # docname -> [ModelObject, ...] in document order
        "views": {},  # docname -> [ViewUse, ...]: each view directive and its options
        "references": {},  # docname -> [Reference, ...]: each role naming an object
        # docname -> {(kind, id): '{"option": line or "path:line", ...}'}: where
        # each option of an object was written, as JSON
        "locations": {},
        # docname -> [(group id, text), ...]: paragraphs reporting a group's results
        "results": {},
        # docname -> (context, [LoggedWarning, ...]): what the checks of one
        # object at a time found in it (chmdocs.sphinxext.checks), and given what
        "findings": {},
        # docname -> [Fingerprint, ...]: one per object, in the order of "objects"
        "fingerprints": {},
        # docname -> [(glob, [file, ...]), ...]: the files each glob a view
        # reads matched (see files_added_or_removed)
        "globs": {},
    }
    data_version = 10  # 10: the globs views read, and what they matched

    # The assembled model and its id index, rebuilt after any change.
    _cache: tuple[Workshop, dict[tuple[str, str], ModelObject]] | None = None
    #: What get_objects lists, worked out once: the search index and the
    #: inventory both ask, and on 20,000 objects each listing cost 0.1 s.
    _listed: list[tuple[str, str, str, str, str, int]] | None = None
    #: Each object's fingerprint by the object's id(), worked out once.
    _fingerprints_by_id: dict[int, tuple[ModelObject, Fingerprint]] | None = None
    #: Page-to-page addresses worked out in this build (see _relative_uri).
    _uris: dict[tuple[str, str, str], str | None]
    #: Whether this build has read and removed no document so far (the
    #: model is the last build's): set by chmdocs.sphinxext.checks.
    nothing_read: bool = False

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self._uris = {}
        #: What a view worked out from the sources in this build, for the
        #: next time it is asked (never pickled: one build's).
        self.build_memo: dict[Any, Any] = {}

    # -- storing ---------------------------------------------------------

    @property
    def _objects(self) -> dict[str, list[ModelObject]]:
        return cast(dict[str, list[ModelObject]], self.data["objects"])

    @property
    def _views(self) -> dict[str, list[ViewUse]]:
        return cast(dict[str, list[ViewUse]], self.data["views"])

    @property
    def _references(self) -> dict[str, list[Reference]]:
        return cast(dict[str, list[Reference]], self.data["references"])

    def note_object(self, obj: ModelObject, where: dict[str, str] | None = None) -> None:
        """Store ``obj``; ``where`` gives the "path:line" of each option written."""
        self._objects.setdefault(obj.docname, []).append(obj)
        self._fingerprints.setdefault(obj.docname, []).append(fingerprint_of(obj))
        per_document = self._locations.setdefault(obj.docname, {})
        own_file = f"{self.env.doc2path(obj.docname)}:"
        kept: dict[str, int | str] = {}
        for option, location in (where or {}).items():
            # A line of the document's own file as a number (most of them), of
            # an included file as "path:line".
            path, _colon, line = location.rpartition(":")
            own_line = f"{path}:" == own_file and line.isdigit()
            kept[option] = int(line) if own_line else location
        key = (obj.kind, obj.id)
        if key in per_document:  # the same id twice: the first one's lines first
            kept = {**kept, **json.loads(per_document[key])}
        # One string per object: a large project's environment, pickled on
        # every rebuild, holds 20,000 objects of seven options or so.
        per_document[key] = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        self.invalidate()

    @property
    def _fingerprints(self) -> dict[str, list[Fingerprint]]:
        return cast(dict[str, list[Fingerprint]], self.data["fingerprints"])

    def fingerprint(self, obj: ModelObject) -> Fingerprint:
        """What ``obj`` holds and names, as worked out when its page was read."""
        known = self._fingerprint_index().get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        return fingerprint_of(obj)  # an object made since (a group with its results)

    def _fingerprint_index(self) -> dict[int, tuple[ModelObject, Fingerprint]]:
        if self._fingerprints_by_id is None:
            self._fingerprints_by_id = {
                id(obj): (obj, fingerprint)
                for docname, objects in self._objects.items()
                for obj, fingerprint in zip(
                    objects, self._fingerprints.get(docname, ()), strict=False
                )
            }
        return self._fingerprints_by_id

    @property
    def _locations(self) -> dict[str, dict[tuple[str, str], str]]:
        return cast(dict[str, dict[tuple[str, str], str]], self.data["locations"])

    def option_location(self, obj: ModelObject, option: str) -> str | tuple[str, int]:
        """Where ``obj``'s ``option`` was written, or the object itself."""
        kept = self._locations.get(obj.docname, {}).get((obj.kind, obj.id))
        found = json.loads(kept).get(option) if kept else None
        if isinstance(found, int):
            return (obj.docname, found)
        return found or (obj.docname, obj.lineno)

    def note_view(self, use: ViewUse) -> None:
        self._views.setdefault(use.docname, []).append(use)

    def note_glob(self, docname: str, pattern: str, files: Iterable[Path]) -> None:
        """A view of ``docname`` reads the files ``pattern`` matches, ``files`` now."""
        globs = cast(dict[str, list[tuple[str, list[str]]]], self.data["globs"])
        globs.setdefault(docname, []).append((pattern, [str(path) for path in files]))

    def globs(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Each document's globs and the files they matched when it was read."""
        return cast(dict[str, list[tuple[str, list[str]]]], self.data["globs"])

    def note_reference(self, reference: Reference) -> None:
        self._references.setdefault(reference.docname, []).append(reference)

    def note_result(self, docname: str, group: str, text: str) -> None:
        """A paragraph of ``docname`` reporting the results of ``group``."""
        results = cast(dict[str, list[tuple[str, str]]], self.data["results"])
        results.setdefault(docname, []).append((group, text))
        self.invalidate()

    def _results(self) -> dict[str, str]:
        """Each group's reported results, in reading order."""
        results = cast(dict[str, list[tuple[str, str]]], self.data["results"])
        found: dict[str, list[str]] = {}
        for docname in self._reading_order():
            for group, text in results.get(docname, ()):
                found.setdefault(group, []).append(text)
        return {group: "\n\n".join(texts) for group, texts in found.items()}

    def clear_doc(self, docname: str) -> None:
        for per_document in self.data.values():
            if isinstance(per_document, dict):  # data also holds "version"
                per_document.pop(docname, None)
        self.invalidate()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in self.initial_data:
                if docname in otherdata[key]:
                    theirs = otherdata[key][docname]
                    # A copy of the same shape: lists, the option locations'
                    # dict, the findings' (context, warnings) pair.
                    if isinstance(theirs, dict):
                        self.data[key][docname] = dict(theirs)
                    elif isinstance(theirs, tuple):
                        self.data[key][docname] = (theirs[0], list(theirs[1]))
                    else:
                        self.data[key][docname] = list(theirs)
        self.invalidate()

    def read_once(self, path: Path, read: Callable[[Path], R]) -> R:
        """``read(path)``, once per build while the file stays the same: a
        page's view checks its file when the page is read and reads it
        again to render it, for each document and builder of the build."""
        stamp = file_stamp(path)
        if stamp[1] < 0:
            return read(path)  # (its error, told by the reader)
        key = ("file read", read, stamp)
        if key not in self.build_memo:
            self.build_memo[key] = read(path)
        result: R = self.build_memo[key]
        return result

    def read_files_once(
        self,
        kind: str,
        files: Sequence[Path],
        workshop: Workshop,
        read: Callable[[], R],
        *context: Hashable,
    ) -> R:
        """``read()`` of ``files`` against ``workshop`` (review workbooks,
        filled questionnaires), once per build while the files and the model
        stay the same: a view reads them in the checks and again for each
        rendering. A copy each time, the kept one staying as read."""
        key = (kind, tuple(map(file_stamp, files)), id(workshop), context)
        if key not in self.build_memo:
            # The model kept with the result: its id names no other while kept.
            self.build_memo[key] = (workshop, read())
        result: R = copy.deepcopy(self.build_memo[key][1])
        return result

    def invalidate(self) -> None:
        self._cache = None
        self._listed = None
        self._fingerprints_by_id = None

    # -- reading ---------------------------------------------------------

    @property
    def view_docnames(self) -> set[str]:
        return set(self._views)

    def views_of(self, docname: str) -> list[ViewUse]:
        """The views written in one document."""
        return list(self._views.get(docname, ()))

    def view_uses(self) -> Iterator[ViewUse]:
        for docname in sorted(self._views):
            yield from self._views[docname]

    def references(self) -> Iterator[Reference]:
        for docname in sorted(self._references):
            yield from self._references[docname]

    @property
    def findings(self) -> dict[str, tuple[str, list[Any]]]:
        """What :func:`chmdocs.sphinxext.checks.check_each_document` found, by document."""
        return cast(dict[str, tuple[str, list[Any]]], self.data["findings"])

    def objects_by_document(self) -> Iterator[tuple[str, list[ModelObject]]]:
        """Each document holding objects, and its objects, in reading order."""
        for docname in self._reading_order():
            if self._objects.get(docname):
                yield docname, self._objects[docname]

    def objects(self) -> Iterator[ModelObject]:
        """Every object, in reading order: documents as the toctree lists them."""
        for docname in self._reading_order():
            yield from self._objects.get(docname, ())

    @property
    def model(self) -> Workshop:
        """The whole project as one :class:`chmdocs.Workshop`."""
        return self._assembled()[0]

    def get(self, kind: str, ident: str) -> ModelObject | None:
        """The first object of ``kind`` with id ``ident``."""
        return self._assembled()[1].get((kind, ident))

    def ids(self, kind: str) -> list[str]:
        """The ids of every object of ``kind``."""
        return [ident for k, ident in self._assembled()[1] if k == kind]

    def get_typed(self, cls: type[T], ident: str | None) -> T | None:
        if ident is None:
            return None
        found = self.get(str(cls.kind), ident)
        return found if isinstance(found, cls) else None

    def objective(self, ident: str | None) -> Objective | None:
        return self.get_typed(Objective, ident)

    def session(self, ident: str | None) -> Session | None:
        return self.get_typed(Session, ident)

    def group(self, ident: str | None) -> Group | None:
        return self.get_typed(Group, ident)

    def action(self, ident: str | None) -> Action | None:
        return self.get_typed(Action, ident)

    def participant(self, ident: str | None) -> Participant | None:
        return self.get_typed(Participant, ident)

    def docs_linking_to(self, targets: set[tuple[str, str]]) -> set[str]:
        """Documents showing something of the objects ``targets`` ((kind, id)):
        through a role, or an object linking to them or naming them."""
        found = {
            docname
            for docname, uses in self._references.items()
            if any((use.kind, use.target.strip()) in targets for use in uses)
        }
        for docname, fingerprints in self._fingerprints.items():
            if any(targets.intersection(links) for _digest, links in fingerprints):
                found.add(docname)
        return found

    @property
    def docs_with_participants(self) -> set[str]:
        """Documents that define participants (their sources hold personal data)."""
        return {
            docname
            for docname, objects in self._objects.items()
            if any(isinstance(o, Participant) for o in objects)
        }

    def _assembled(self) -> tuple[Workshop, dict[tuple[str, str], ModelObject]]:
        if self._cache is None:
            reported = self._results()
            everything = [
                dataclasses.replace(o, results=reported[o.id])
                if isinstance(o, Group) and o.id in reported
                else o
                for o in self.objects()
            ]
            index: dict[tuple[str, str], ModelObject] = {}
            for obj in everything:
                index.setdefault((obj.kind, obj.id), obj)
            workshops = [o for o in everything if isinstance(o, Workshop)]
            head = workshops[0] if workshops else empty_workshop()
            config = self.env.config
            model = dataclasses.replace(
                head.with_objects(everything),
                language=config.language or "en",
                url=str(config.html_baseurl or ""),
                currency=config.chmdocs_currency,
                exchange_rates=tuple(sorted(config.chmdocs_exchange_rates.items())),
            )
            self._cache = (model, index)
        return self._cache

    def _reading_order(self) -> list[str]:
        """Documents depth-first from the root's toctree, then the rest by name."""
        includes = self.env.toctree_includes
        order: list[str] = []
        seen: set[str] = set()
        stack = [self.env.config.root_doc]
        while stack:
            docname = stack.pop()
            if docname in seen:
                continue
            seen.add(docname)
            order.append(docname)
            stack.extend(reversed(includes.get(docname, [])))
        order.extend(sorted(set(self._objects) - seen))
        return order

    # -- links -----------------------------------------------------------

    # Sphinx annotates the resolvers as returning references; chmdocs may also
    # return the unlinked text where a builder has no URI for the target.
    def resolve_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        key, ident = reference_key(target)
        if key:
            return self._imported_ref(typ, key, ident, node, contnode)
        obj = self.get(typ, target.strip())
        if obj is None:
            return None
        return self._resolved(builder, fromdocname, obj, bool(node.get("refexplicit")), contnode)

    def link(
        self, builder: Builder, fromdocname: str, obj: ModelObject, label: str | None = None
    ) -> Element:
        """A link to ``obj`` as resolving its cross-reference would give it,
        made at once: a view holds the objects it links (thousands on a large
        programme), and a pending reference for each, found and resolved
        again, cost more than the link itself."""
        shown = label if label is not None else obj.title
        return self._resolved(builder, fromdocname, obj, True, text_node(shown))

    def _resolved(
        self,
        builder: Builder,
        fromdocname: str,
        obj: ModelObject,
        explicit: bool,
        contnode: Element,
    ) -> Element:
        """A link to a known object: its title, or ``contnode`` when ``explicit``."""
        if not is_public(obj):
            return withheld()
        if not self.writes(builder, obj.docname):
            # Written in an internal document: no page to link to.
            return shown_text(obj, explicit, contnode)
        return self._refnode(builder, fromdocname, obj, explicit, contnode)

    def _imported_ref(
        self, kind: str, key: str, ident: str, node: pending_xref, contnode: Element
    ) -> Element | None:
        """An object of an imported workshop: linked on that workshop's own site
        when its model says where it is published, else its title."""
        workshop = self.reporting.imports.get(key)
        obj = workshop.get(ident, kind) if workshop is not None else None
        if workshop is None or obj is None or not is_public(obj):
            return None
        shown = shown_text(obj, bool(node.get("refexplicit")), contnode)
        if not workshop.url:
            return shown
        uri = f"{workshop.url.rstrip('/')}/{obj.docname}.html#{anchor_of(obj)}"
        return nodes.reference("", "", shown, refuri=uri, internal=False, reftitle=obj.title)

    @property
    def reporting(self) -> Reporting:
        """The project's model with the workshops it imports."""
        from chmdocs.sphinxext.imports import imported

        return Reporting(self.model, imported(self.env))

    def resolve_any_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        results: list[tuple[str, Element]] = []
        for kind in LINKABLE_KINDS:
            obj = self.get(kind, target.strip())
            if obj is not None and is_public(obj) and self.writes(builder, obj.docname):
                explicit = bool(node.get("refexplicit"))
                refnode = self._refnode(builder, fromdocname, obj, explicit, contnode)
                results.append((f"chm:{kind}", refnode))
        return results

    def _refnode(
        self,
        builder: Builder,
        fromdocname: str,
        obj: ModelObject,
        explicit: bool,
        contnode: Element,
    ) -> Element:
        if not explicit:
            # The link shows the object's title, not the id the author typed.
            contnode = contnode.copy()  # its attributes; the text is replaced
            contnode += nodes.Text(obj.title)
        # What Sphinx's make_refnode makes, with each page-to-page address
        # worked out once: a view links a thousand objects on a few pages.
        reference = nodes.reference("", "", internal=True)
        if obj.title:
            reference["reftitle"] = obj.title
        if fromdocname == obj.docname:
            reference["refid"] = anchor_of(obj)
        else:
            uri = self._relative_uri(builder, fromdocname, obj.docname)
            if uri is None:
                # The target is in no output this builder writes (a page left
                # out of a PDF): show the title, unlinked, rather than the bare id.
                return contnode
            reference["refuri"] = f"{uri}#{anchor_of(obj)}"
        reference += contnode
        return reference

    def _relative_uri(self, builder: Builder, fromdocname: str, todocname: str) -> str | None:
        """The builder's address of ``todocname`` from ``fromdocname``, or None
        when it writes no such page; kept for the rest of the build."""
        key = (builder.name, fromdocname, todocname)
        if key not in self._uris:
            try:
                self._uris[key] = builder.get_relative_uri(fromdocname, todocname)
            except NoUri:
                self._uris[key] = None
        return self._uris[key]

    def writes(self, builder: Builder, docname: str) -> bool:
        """Whether ``builder`` writes ``docname`` (a public one writes no internal
        document)."""
        from chmdocs.sphinxext.metadata import READS_INTERNAL, is_internal

        return builder.name in READS_INTERNAL or not is_internal(self.env, docname)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # What objects.inv and the search index list: nobody unpublished,
        # nothing written in an internal document.
        from chmdocs.sphinxext.metadata import is_internal

        if self._listed is None:
            self._listed = [
                (obj.id, obj.title, obj.kind, obj.docname, anchor_of(obj), 1)
                for obj in self.objects()
                # Dated records of an action or an indicator: nothing to link to.
                if obj.kind not in RECORDS
                and is_public(obj)
                and not is_internal(self.env, obj.docname)
            ]
        yield from self._listed


def shown_text(obj: ModelObject, explicit: bool, contnode: Element) -> Element:
    """What a link shows unlinked: the label written, or the object's title."""
    shown = contnode.deepcopy()
    if not explicit:
        shown.clear()
        shown += nodes.Text(obj.title)
    return shown


def file_stamp(path: Path) -> tuple[str, int, int]:
    """``path`` with its size and date: a file read once per build is read
    again when they change ((path, -1, -1) for a file that cannot be read)."""
    try:
        found = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), found.st_size, found.st_mtime_ns)


#: An object's digest (of everything it holds) and the (kind, id) of each
#: object it names (:func:`links_of`), sorted; taken once, when its page is
#: read: a rebuild compares 20,000 of them. (A plain tuple: the environment
#: is pickled on every rebuild.)
Fingerprint = tuple[bytes, tuple[tuple[str, str], ...]]


def fingerprint_of(obj: ModelObject) -> Fingerprint:
    held = hashlib.blake2b(repr(obj).encode("utf-8"), digest_size=16).digest()
    return (held, tuple(sorted(links_of(obj))))


def links_of(obj: ModelObject) -> set[tuple[str, str]]:
    """The (kind, id) of every object ``obj`` shows something of: each field
    declared as naming objects (a participant named in free text too)."""
    found: set[tuple[str, str]] = set()
    for field, kind in fields.links(type(obj)):
        value = getattr(obj, field, None)
        for ident in value if isinstance(value, tuple) else (value,):
            if isinstance(ident, str) and ident.strip():
                found.add((kind, ident.strip()))
    return found


def is_public(obj: ModelObject) -> bool:
    """Whether ``obj`` may appear in a public output (a participant may not)."""
    return not isinstance(obj, Participant) or obj.publish


def get_domain(env: BuildEnvironment) -> ChmDomain:
    return cast(ChmDomain, env.get_domain("chm"))
