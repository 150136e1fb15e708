"""The model is collected from the doctree once Sphinx has translated it.

Sphinx's ``Locale`` transform (priority 20) replaces each translatable text
of a document by its translation. :class:`CollectObjects` runs after it
(and before substitutions and smart quotes), reads every object's texts,
and notes the objects in the domain: the views, the PDFs and every export
then show the translated texts; ids, read from options, never change.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms import SphinxTransform

from chmdocs.core.escape import plain_text
from chmdocs.core.language import titled_name
from chmdocs.core.model import ModelObject, Participant, Question, parse_list
from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.nodes import chm_object, chm_text

#: Titles longer than this are cut in the documents (a table cell cannot hold
#: a page of text), and kept whole in the exports.
MAX_TITLE = 300


def cut_title(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def texts_of(node: chm_object, language: str | None = None) -> dict[str, Any]:
    """The model fields the node's texts fill, as they now read."""
    obj: ModelObject = node["object"]
    values: dict[str, Any] = {}
    for child in node.children:
        if isinstance(child, chm_text):
            field, value = child["field"], plain_text(child.astext())
            current = getattr(obj, field)
            values[field] = parse_list(value, ";") if isinstance(current, tuple) else value
    if "title" in values:
        values["title"] = cut_title(values["title"])
    if isinstance(obj, Participant):
        # One name written, its title as the build's language writes it.
        values["title"] = titled_name(values.get("title", obj.title), language)
    if isinstance(obj, Question):
        # The heading it stands under, as this build reads it (translated).
        section = node.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        titles = list(section.findall(nodes.title)) if section is not None else []
        values["section"] = plain_text(titles[0].astext()) if titles else ""
        if not obj.codes:
            values.pop("choices", None)  # choices on a question that takes none
    return values


def description_of(node: chm_object) -> str:
    """The object's content as text: what is not its own texts or a nested object."""
    parts = [node.get("overflow", "")]
    parts += [
        child.astext()
        for child in node.children
        if not isinstance(child, chm_text | chm_object) and isinstance(child, nodes.Node)
    ]
    return "\n\n".join(part for part in parts if part)


#: What may stand between a group's link and its results: "— ", ": ".
_RESULT_LEAD = " \t\u2014\u2013-:"


def reported_group(paragraph: nodes.paragraph) -> tuple[str, str] | None:
    """(group id, text) of a paragraph that opens with a link to a group,
    ":group:`vision-g1` — En 2012, …"; None for any other paragraph."""
    children = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())]
    first = children[0] if children else None
    if not (
        isinstance(first, pending_xref)
        and first.get("refdomain") == "chm"
        and first.get("reftype") == "group"
    ):
        return None
    text = "".join(c.astext() for c in paragraph.children[paragraph.index(first) + 1 :])
    text = plain_text(text).lstrip(_RESULT_LEAD)
    return (str(first["reftarget"]).strip(), text) if text else None


class CollectObjects(SphinxTransform):
    """Each object of the document, with its texts as translated, into the domain."""

    default_priority = 30  # after Locale (20); before substitutions and smart quotes

    def apply(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        for node in self.document.findall(chm_object):
            obj = dataclasses.replace(
                node["object"],
                **texts_of(node, self.config.language),
                description=description_of(node),
            )
            node["object"] = obj
            domain.note_object(obj, node.get("where"))
        for paragraph in self.document.findall(nodes.paragraph):
            found = reported_group(paragraph)
            if found is not None:
                domain.note_result(self.env.docname, *found)
