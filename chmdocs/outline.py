"""A document's outline as Sphinx read it: its sections, numbered, for the
review workbook's sheet of sections (a reviewer comments on "2.3
Conclusions de l'atelier")."""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment

from chmdocs.review import Section


def document_sections(env: BuildEnvironment, docname: str) -> list[Section]:
    """The sections of ``docname`` below its title, in order, numbered "1",
    "1.2"…, each with its anchor as id; none when the document does not exist."""
    toc = env.tocs.get(docname)
    if toc is None:
        return []
    found: list[Section] = []

    def walk(items: nodes.Element, prefix: str) -> None:
        number = 0
        for item in items.children:
            if not isinstance(item, nodes.list_item):
                continue
            number += 1
            label = f"{prefix}{number}"
            reference = next(iter(item.findall(nodes.reference)), None)
            if reference is not None:
                anchor = str(reference.get("anchorname", "")).lstrip("#")
                found.append(Section(anchor, label, reference.astext()))
            for sublist in item.children:
                if isinstance(sublist, nodes.bullet_list):
                    walk(sublist, f"{label}.")

    # The first level holds the document's title; its sections are below it.
    for title in toc.children:
        for sublist in title.children if isinstance(title, nodes.Element) else ():
            if isinstance(sublist, nodes.bullet_list):
                walk(sublist, "")
    return found
