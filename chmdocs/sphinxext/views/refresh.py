"""Pages showing other pages' objects are rewritten when any object changed.

Sphinx rewrites a page when its own source changed; a view shows objects
written in other files, and an object shows the titles of the objects it
links to and the names of the participants it names — so chmdocs tells
Sphinx which pages to rewrite. Without it, a participant who stopped being
published would still be named on the pages of the sessions they speak at.
"""

from __future__ import annotations

import dataclasses

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from chmdocs.core.model import ModelObject, Participant
from chmdocs.sphinxext.domain import get_domain


class ViewRefresher:
    """Rewrites pages holding views or links when any object anywhere changed.

    The model is snapshotted before Sphinx purges and re-reads documents
    (``env-get-outdated``) and compared after (``env-updated``); when it
    differs, the pages holding views are returned for rewriting. A one-line
    fix to prose that leaves every object alone rewrites nothing more.
    """

    def __init__(self) -> None:
        self._before: tuple[ModelObject, ...] | None = None

    def snapshot(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        self._before = tuple(get_domain(env).objects())
        return []

    def outdated_views(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        domain = get_domain(env)
        domain.invalidate()  # the toctree, hence the reading order, may have changed
        after = tuple(domain.objects())
        before, self._before = self._before, None
        if before is None:
            return []
        # A changes view may show any field; the other views what shown_in_views keeps.
        every_field = any(use.view == "changes" for use in domain.view_uses())
        # Objects of documents not read again are the very same objects:
        # only those read again are compared, field by field.
        if len(before) == len(after) and all(
            old is new or shown_in_views(old, every_field) == shown_in_views(new, every_field)
            for old, new in zip(before, after, strict=True)
        ):
            return []
        outdated = set(domain.view_docnames)
        # Objects whose title or name changed (or who stopped being
        # published): the pages showing them are rewritten too.
        old_shown, new_shown = shown_elsewhere(before), shown_elsewhere(after)
        changed = {key for key in old_shown.keys() | new_shown.keys()
                   if old_shown.get(key) != new_shown.get(key)}  # fmt: skip
        if changed:
            outdated |= domain.docs_linking_to(changed)
        return sorted(outdated & env.found_docs)


#: The kinds whose text (``description``) a view shows: the objective list
#: its objectives', the progress report each action's last note.
DESCRIBED_IN_VIEWS = frozenset({"objective", "progress", "measure"})


def shown_in_views(obj: ModelObject, every_field: bool) -> ModelObject:
    """What the views can show of ``obj``: not the line it stands on, nor,
    for most kinds, its text. A sentence reworded in a session's text, or a
    line added above it, rewrites its own page and no view page."""
    if every_field or obj.kind in DESCRIBED_IN_VIEWS:
        return dataclasses.replace(obj, lineno=0)
    return dataclasses.replace(obj, lineno=0, description="")


def shown_elsewhere(objects: tuple[ModelObject, ...]) -> dict[tuple[str, str], tuple[object, ...]]:
    """What other pages show of each object: links show its title, people
    fields a participant's name, organization, and whether published."""
    shown: dict[tuple[str, str], tuple[object, ...]] = {}
    for obj in objects:
        extra = (obj.organization, obj.publish) if isinstance(obj, Participant) else ()
        shown.setdefault((obj.kind, obj.id), (obj.title, *extra))
    return shown
