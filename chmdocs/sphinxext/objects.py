"""Each object rendered where it is written: its heading, one line of fields,
and its content.

:class:`ObjectRenderer`, a post-transform, replaces every
:class:`~chmdocs.sphinxext.nodes.chm_object` by its rendering, from the model object
collected after translation. The gettext builder skips it, so a catalog
holds the author's texts and never chmdocs' generated lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from chmdocs.core import fields
from chmdocs.core.language import due_words
from chmdocs.core.model import (
    Action,
    Group,
    Measure,
    ModelObject,
    Participant,
    Progress,
    Question,
    Session,
    Workshop,
)
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.i18n import _
from chmdocs.sphinxext.markup import (
    joined,
    meta_line,
    para,
    persons,
    session_when,
    tbc_mark,
    text,
    xref,
)
from chmdocs.sphinxext.nodes import chm_object, chm_text

Fields = list[tuple[str, list[nodes.Node]]]


@dataclass
class Place:
    """Where an object is rendered: settings, document, nested or not."""

    config: Config
    docname: str
    nested: bool
    workshop: Workshop

    def xrefs(self, kind: str, ids: tuple[str, ...]) -> list[nodes.Node]:
        # ";" between titles, which may hold commas themselves.
        return joined((xref(kind, ident, self.docname) for ident in ids), "; ")

    def one_xref(self, kind: str, ident: str | None) -> list[nodes.Node]:
        return [] if ident is None else [xref(kind, ident, self.docname)]

    def people(self, entries: tuple[str, ...] | str) -> list[nodes.Node]:
        listed = (entries,) if isinstance(entries, str) else entries
        return persons(self.workshop, [e for e in listed if e], self.docname)

    def declared(self, obj: ModelObject) -> Fields:
        """The fields declared as shown (``shown=True``), in their order, as
        written (a country by its name)."""
        shown: Fields = []
        for spec in fields.shown(obj.kind):
            value = str(getattr(obj, spec.name) or "")
            if spec.name == "country":
                value = i18n.country_name(value, self.config.language)
            shown.append((_(spec.label), _plain(value)))
        return shown


def _plain(value: str) -> list[nodes.Node]:
    return [nodes.Text(value)] if value else []


def heading(obj: ModelObject, title: list[nodes.Node], place: Place) -> nodes.paragraph:
    strong = nodes.strong("", "", *title)
    if isinstance(obj, Session):
        line = para(
            text(session_when(obj, place.config), ["chm-when"]),
            nodes.Text(" "),
            strong,
            classes=["chm-heading", f"chm-kind-{obj.session_kind}"],
        )
        if obj.tbc:
            line += [nodes.Text(" "), tbc_mark()]
        return line
    if isinstance(obj, Progress | Measure):
        # A record: what it is of, linked (an imported object to its own site).
        kind, target = ("action", obj.action) if isinstance(obj, Progress) else (
            "objective", obj.objective)  # fmt: skip
        return para(nodes.strong("", "", xref(kind, target, place.docname)),
                    classes=["chm-heading"])  # fmt: skip
    line = para(classes=["chm-heading"])
    if isinstance(obj, Group) and obj.label:
        line += text(f"{obj.label}{i18n.colon(place.config.language)} ", ["chm-label"])
    line += strong
    return line


def workshop_fields(obj: Workshop, place: Place) -> Fields:
    dates = i18n.workshop_dates(obj.start, obj.end, place.config.language)
    return [
        (_("Dates"), _plain(dates)),
        (_("Place"), _plain(obj.place)),
        (_("Organiser"), _plain(obj.organizer)),
        (_("Contact"), _plain(obj.contact)),
    ]


def session_fields(obj: Session, place: Place) -> Fields:
    return [
        (i18n.ngettext("Speaker", "Speakers", len(obj.speakers)), place.people(obj.speakers)),
        (i18n.ngettext("Chair", "Chairs", len(obj.chair)), place.people(obj.chair)),
        (_("Kind"), _plain(i18n.kind_label(obj.session_kind))),
        *place.declared(obj),
        (_("Objectives"), place.xrefs("objective", obj.objectives)),
        (_("Continues"), place.one_xref("session", obj.continues)),
    ]


def group_fields(obj: Group, place: Place) -> Fields:
    return [
        (_("Session"), [] if place.nested else place.one_xref("session", obj.session)),
        (_("Facilitator"), place.people(obj.facilitator)),
        (_("Rapporteur"), place.people(obj.rapporteur)),
        *place.declared(obj),
        (_("Objectives"), place.xrefs("objective", obj.objectives)),
        (_("Continues"), place.one_xref("group", obj.continues)),
    ]


def action_fields(obj: Action, place: Place) -> Fields:
    language = place.config.language
    show_session = not place.nested and not obj.group
    return [
        (_("Owner"), place.people(obj.owner)),
        (_("Partners"), place.people(obj.partners)),
        (_("Due"), _plain(due_words(obj.due, language) if obj.due else "")),
        (_("Priority"), _plain(i18n.priority_label(obj.priority) if obj.priority else "")),
        (_("Status"), _plain(i18n.status_label(obj.status))),
        (_("Objectives"), place.xrefs("objective", obj.objectives)),
        (_("Group"), [] if place.nested else place.one_xref("group", obj.group)),
        (_("Session"), place.one_xref("session", obj.session) if show_session else []),
        *place.declared(obj),
    ]


def participant_fields(obj: Participant, place: Place) -> Fields:
    return place.declared(obj)


def progress_fields(obj: Progress, place: Place) -> Fields:
    language = place.config.language
    return [
        (_("Date"), _plain(i18n.long_date(obj.date, language) if obj.date else "")),
        (_("Status"), _plain(i18n.status_label(obj.status) if obj.status else "")),
        (_("Done"), _plain(i18n.percent(obj.percent, language) if obj.percent is not None else "")),
    ]


def measure_fields(obj: Measure, place: Place) -> Fields:
    language = place.config.language
    return [
        (_("Date"), _plain(i18n.long_date(obj.date, language) if obj.date else "")),
        (_("Indicator"), _plain(str(obj.indicator) if obj.indicator else "")),
        *place.declared(obj),
    ]


def question_fields(obj: Question, place: Place) -> Fields:
    labels = "; ".join(label for _code, label in obj.options) if obj.codes else ""
    return [
        (_("Answer"), _plain(i18n.question_type_label(obj.question_type))),
        (_("Choices"), _plain(labels)),
        *place.declared(obj),
        (_("Required"), _plain(str(_("yes")) if obj.required else "")),
        (_("Objectives"), place.xrefs("objective", obj.objectives)),
    ]


FIELDS: dict[str, Callable[[Any, Place], Fields]] = {
    "question": question_fields,
    "progress": progress_fields,
    "measure": measure_fields,
    "workshop": workshop_fields,
    "participant": participant_fields,
    "session": session_fields,
    "group": group_fields,
    "action": action_fields,
}


def render(node: chm_object, config: Config, docname: str, workshop: Workshop) -> nodes.container:
    obj: ModelObject = node["object"]
    place = Place(config, docname, bool(node.get("nested")), workshop)
    rendered = nodes.container(classes=["chm-object", f"chm-{obj.kind}"], ids=node["ids"])
    rendered.source, rendered.line = node.source, node.line
    titles = [c for c in node.children if isinstance(c, chm_text) and c["field"] == "title"]
    title: list[nodes.Node] = list(titles[0].children) if titles else [nodes.Text(obj.title)]
    if isinstance(obj, Participant):
        title = [nodes.Text(obj.title)]  # their title as this language writes it
    rendered += heading(obj, title, place)
    fields = FIELDS.get(obj.kind)
    rows = ((str(name), value) for name, value in (fields(obj, place) if fields else []))
    meta = meta_line(rows, config.language)
    if meta is not None:
        rendered += meta
    # The content moves over as it is (nested objects are rendered in turn).
    rendered.extend(child for child in list(node.children) if not isinstance(child, chm_text))
    return rendered


class ObjectRenderer(SphinxPostTransform):
    """Replaces every object node by its rendering (not for the gettext builder)."""

    default_priority = 4  # before the views (5) and the link resolver (10)

    def is_supported(self) -> bool:
        return self.env._builder_cls.name != "gettext"

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        workshop = domain.model
        # A page listing the participants shows each once, in the list: an
        # entry with nothing more to say only leaves the anchor links lead to.
        from chmdocs.sphinxext.views import page_holds

        listed = page_holds(domain, self.env.docname, "lists_participants")
        for node in list(self.document.findall(chm_object)):
            obj = node["object"]
            if isinstance(obj, Participant) and not obj.publish:
                # Not published: nothing of them on the page, not even an anchor.
                node.parent.remove(node)
                continue
            if isinstance(obj, Participant) and listed and not obj.description:
                node.replace_self(nodes.target("", "", ids=node["ids"]))
                continue
            node.replace_self(render(node, self.config, self.env.docname, workshop))
