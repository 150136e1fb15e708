"""Small builders of docutils nodes shared by the directives and the views.

Everything is made of standard docutils nodes carrying ``chm-*`` classes, so
the HTML theme styles them with CSS and rst2pdf with its style sheet; no
builder needs a visitor of ours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.config import Config

from chmdocs.core.model import Session, Workshop
from chmdocs.sphinxext import i18n
from chmdocs.sphinxext.i18n import _


def text(value: str, classes: Sequence[str] = ()) -> nodes.inline:
    node = nodes.inline(value, classes=list(classes))
    adopt(node, [nodes.Text(value)])
    return node


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    node = nodes.paragraph(classes=list(classes))
    adopt(node, [nodes.Text(child) if isinstance(child, str) else child for child in children])
    return node


def adopt(parent: nodes.Element, children: Iterable[nodes.Node]) -> nodes.Element:
    """``children`` appended to ``parent``, a node in no document yet (a
    view being rendered): what docutils' ``append`` does there, which is to
    set each child's parent, without its search for the document, which
    raises and catches an AttributeError per child (a seventh of rendering a
    view of 10,000 rows)."""
    # (Asking ``parent.document`` of a node with no parent is what raises.)
    if parent.parent is not None or getattr(parent, "_document", None) is not None:
        parent.extend(list(children))
        return parent
    for child in children:
        child.parent = parent
        parent.children.append(child)
    return parent


def xref(kind: str, ident: str, fromdoc: str, label: str | None = None) -> pending_xref:
    """A link to an object, resolved by the domain (its title unless ``label``)."""
    shown = label if label is not None else ident
    return pending_xref(
        "",
        # No class: rst2pdf would set the link in that class's style, losing
        # the paragraph's own (a break's italic grey, say).
        nodes.inline(shown, shown),
        refdomain="chm",
        reftype=kind,
        reftarget=ident,
        refexplicit=label is not None,
        refdoc=fromdoc,
        refwarn=True,
    )


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def meta_line(
    rows: Iterable[tuple[str, Sequence[nodes.Node]]], language: str | None
) -> nodes.paragraph | None:
    """One line of "Name : value · Name : value" for the rows that have a value."""
    line = para(classes=["chm-meta"])
    for name, value in rows:
        if not value:
            continue
        if line.children:
            line += nodes.Text(" \u00b7 ")
        line += text(f"{name}{i18n.colon(language)}", ["chm-meta-name"])
        line += nodes.Text(" ")
        line.extend(value)
    return line if line.children else None


def tbc_mark() -> nodes.inline:
    """The "to be confirmed" mark of a tentative session."""
    label = "(" + str(_("to be confirmed")) + ")"
    return text(label, ["chm-tbc"])


def session_times(session: Session, config: Config) -> str:
    return i18n.time_range(session.start, session.end, config.chmdocs_time_format, config.language)


def session_when(session: Session, config: Config, day: dt.date | None = None) -> str:
    """'Mercredi 2 mai 2007, 09.00 – 09.30': ``day`` defaults to the session's
    own date; without one, the times alone."""
    times = session_times(session, config)
    day = day or session.date
    if day is None:
        return times
    return f"{i18n.day_heading(day, config.language)}, {times}"


def withheld() -> nodes.inline:
    """What stands for a participant whose name is not published."""
    label = str(_("(name not published)"))
    return nodes.inline(label, label, classes=["chm-withheld"])


def person(
    workshop: Workshop, entry: str, fromdoc: str, *, with_organization: bool = False
) -> list[nodes.Node]:
    """A speaker, owner…: a participant id becomes their name, linked (and
    their organization where there is room); other text stays as written."""
    participant = workshop.participant(entry)
    if participant is None:
        return [nodes.Text(entry)]
    if not participant.publish:
        return [withheld()]
    shown: list[nodes.Node] = [xref("participant", participant.id, fromdoc, participant.name)]
    if with_organization and participant.organization:
        shown.append(nodes.Text(f" ({participant.organization})"))
    return shown


def persons(
    workshop: Workshop,
    entries: Iterable[str],
    fromdoc: str,
    *,
    with_organization: bool = False,
) -> list[nodes.Node]:
    """Several people, separated by ";" (names and organizations hold commas)."""
    result: list[nodes.Node] = []
    for entry in entries:
        if result:
            result.append(nodes.Text("; "))
        result += person(workshop, entry, fromdoc, with_organization=with_organization)
    return result
