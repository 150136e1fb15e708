"""The five object directives and four roles, prefixed and unprefixed."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import html_text
from sphinx.testing.util import SphinxTestApp

from chmdocs.core.model import Due
from chmdocs.sphinxext.domain import get_domain


@pytest.mark.sphinx("html", testroot="minimal")
def test_objects_are_read_with_every_option(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    model = get_domain(app.env).model
    assert (model.id, model.title, model.location) == ("ws", "Test workshop", "Ghent")
    assert model.start == model.end == dt.date(2030, 3, 4)
    assert [o.id for o in model.objectives] == ["obj-news", "obj-plan"]
    assert [s.id for s in model.sessions] == ["s-open", "s-groups", "coffee"]

    opening = model.sessions[0]
    assert opening.start == dt.time(9, 0) and opening.end == dt.time(9, 45)
    assert opening.duration == 45
    assert opening.speakers == ("Ana", "Bo") and opening.tbc
    assert opening.session_kind == "presentation"
    assert opening.objectives == ("obj-news",)

    data, people = model.groups
    assert (data.session, data.label) == ("s-groups", "Group A")
    assert people.session == "s-groups"
    (action,) = model.actions
    assert action.group == "g-data" and action.due == Due(2030, 6)
    assert action.priority == "high" and action.status == "proposed"
    assert model.sessions[2].is_working_time is False


@pytest.mark.sphinx("html", testroot="minimal")
def test_roles_link_and_show_titles(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    text = html_text(app.outdir / "index.html")
    assert "Links: Share the news, Opening talk, Data, the data action." in text
    for anchor in ("objective-obj-news", "session-s-open", "group-g-data", "action-a-data"):
        assert f'href="#{anchor}"' in page
        assert f'id="{anchor}"' in page


@pytest.mark.sphinx("html", testroot="minimal")
def test_agenda_view_on_a_one_day_workshop(app: SphinxTestApp) -> None:
    app.build()
    text = html_text(app.outdir / "index.html")
    assert "Monday 4 March 2030" in text
    assert "09:00 – 09:45 Ana; Bo (to be confirmed): Opening talk" in text
    assert "10:00 – 11:30 Working groups Group A: Data Group B: People" in text


@pytest.mark.sphinx("html", testroot="minimal")
def test_objects_go_to_the_inventory(app: SphinxTestApp) -> None:
    app.build()
    objects = {(name, kind) for name, _d, kind, *_rest in get_domain(app.env).get_objects()}
    assert ("s-open", "session") in objects and ("a-data", "action") in objects
    assert (app.outdir / "objects.inv").exists()
