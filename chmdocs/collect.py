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
from sphinx.transforms import SphinxTransform

from chmdocs.domain import get_domain
from chmdocs.escape import plain_text
from chmdocs.model import ModelObject, parse_list
from chmdocs.nodes import chm_object, chm_text

#: Titles longer than this are cut in the documents (a table cell cannot hold
#: a page of text), and kept whole in the exports.
MAX_TITLE = 300


def cut_title(title: str) -> str:
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def texts_of(node: chm_object) -> dict[str, Any]:
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


class CollectObjects(SphinxTransform):
    """Each object of the document, with its texts as translated, into the domain."""

    default_priority = 30  # after Locale (20); before substitutions and smart quotes

    def apply(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        for node in self.document.findall(chm_object):
            obj = dataclasses.replace(
                node["object"], **texts_of(node), description=description_of(node)
            )
            node["object"] = obj
            domain.note_object(obj, node.get("where"))
