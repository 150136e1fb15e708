"""What each view renders, as a doctree: a change shows in review.

Each view of the ``views`` test root is compared with its golden file in
``tests/snapshots/views/`` (the resolved doctree's ``pformat()``, with
generated ids normalized). After a deliberate change, regenerate them with
``CHMDOCS_UPDATE_SNAPSHOTS=1 make test`` and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import TESTS
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

from chmdocs.sphinxext.domain import get_domain
from chmdocs.sphinxext.views import rowcache

SNAPSHOTS = TESTS / "snapshots" / "views"
EXPECTED = sorted(p.stem for p in SNAPSHOTS.glob("*.txt"))


def rendered_views(app: SphinxTestApp) -> dict[str, str]:
    """Each view of index.rst, named by its rubric (or its kind), as text."""
    # Rendered, not put back: the shared root's build folder may hold the
    # rows another test's build kept (tests/test_row_cache.py tests those).
    get_domain(app.env).build_memo.pop(rowcache.MEMO_CACHE, None)
    Path(app.doctreedir, rowcache.CACHE_FILE).unlink(missing_ok=True)
    doctree = app.env.get_and_resolve_doctree("index", app.builder, tags=app.tags)
    found: dict[str, str] = {}
    rubric = ""
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.rubric):
            rubric = node.astext()
        classes = node.get("classes", [])
        view = next((c for c in classes if c.startswith("chm-view-")), None)
        if view is None or (node.parent is not None and view in node.parent.get("classes", [])):
            continue
        name = rubric if view == "chm-view-action-table" else view.removeprefix("chm-view-")
        found.setdefault(name, "")
        found[name] += normalize(node.pformat())
        rubric = ""
    return found


def normalize(text: str) -> str:
    """The doctree with what varies between machines left out: absolute paths."""
    return re.sub(r'(source|refuri)="[^"]*"', r'\1="…"', text)


@pytest.mark.sphinx("html", testroot="views")
def test_every_view_renders_as_its_snapshot(app: SphinxTestApp) -> None:
    app.build()
    views = rendered_views(app)
    assert len(views) >= 12, sorted(views)
    if os.environ.get("CHMDOCS_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SNAPSHOTS.glob("*.txt"):
            old.unlink()
        for name, text in views.items():
            (SNAPSHOTS / f"{name}.txt").write_text(text, encoding="utf-8")
    assert sorted(views) == EXPECTED
    for name, text in views.items():
        expected = Path(SNAPSHOTS / f"{name}.txt").read_text(encoding="utf-8")
        assert text == expected, f"{name}: the view renders differently from its snapshot"
