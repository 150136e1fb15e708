"""chmdocs' own docutils nodes, as they stand in a document between reading
and writing.

A directive leaves a :class:`chm_object` holding the model object it read,
whose texts stand in :class:`chm_text` children: ordinary translatable text
for Sphinx, so the gettext builder extracts them (each at the file and line
where it is written) and the ``Locale`` transform translates them. The model
is collected from the translated texts (:mod:`chmdocs.collect`) and the
object rendered at the end of the build (:mod:`chmdocs.objects`).
"""

from __future__ import annotations

from docutils import nodes


class chm_object(nodes.container):  # noqa: N801 (docutils naming)
    """An object where it is written: ``object`` (the model object), ``nested``
    (whether it is written inside another object), ``overflow`` (a title too
    long for the documents, kept for the exports)."""


class chm_text(nodes.paragraph):  # noqa: N801 (docutils naming)
    """One text of an object (``field``: the model field it fills), as written
    or as translated. Smart quotes are left to the rendering, so the model
    keeps the characters the author typed."""

    def __init__(self, rawsource: str = "", *children: nodes.Node, **attributes: object) -> None:
        super().__init__(rawsource, "", *children, **attributes)
        self["support_smartquotes"] = False
