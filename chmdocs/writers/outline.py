"""A document's outline: its sections as Sphinx read them, numbered, for the
review workbook's sheet of sections (a reviewer comments on "2.3
Conclusions de l'atelier"); and the sections a contents page lists, for the
PDF and the Word documents alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes

from chmdocs.core.review import Section

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def sections_in(node: nodes.Element) -> list[nodes.section]:
    """The sections directly inside ``node`` that a link can reach."""
    return [child for child in node.children if isinstance(child, nodes.section) and child["ids"]]


def contents_entries(main: nodes.Element, depth: int = 2) -> Iterator[tuple[int, nodes.section]]:
    """(level, section) of each section a contents page lists: those of the
    document's main section, ``depth`` levels down, in order."""

    def walk(node: nodes.Element, level: int) -> Iterator[tuple[int, nodes.section]]:
        for section in sections_in(node):
            yield level, section
            if level < depth:
                yield from walk(section, level + 1)

    yield from walk(main, 1)


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
