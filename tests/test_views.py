"""The views: each option, each filter, the whole project seen from one page."""

from __future__ import annotations

import re

import pytest
from conftest import html_text, visible_text
from sphinx.testing.util import SphinxTestApp


def table_after(page: str, rubric: str) -> str:
    """The text of the first table following the rubric named ``rubric``."""
    start = page.index(f">{rubric}<")
    table = re.search(r"(?s)<table.*?</table>", page[start:])
    assert table is not None
    return visible_text(table.group(0))


def ids_in(table_text: str) -> list[str]:
    return re.findall(r"\ba-(?:zebra|alpha|middle)\b", table_text)


@pytest.fixture
def page(app: SphinxTestApp) -> str:
    app.build()
    return (app.outdir / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="views")
@pytest.mark.parametrize(
    ("rubric", "expected"),
    [
        ("by-owner", ["a-middle", "a-zebra"]),  # owner matches whatever the case
        ("by-status", ["a-alpha", "a-middle"]),
        ("by-group", ["a-zebra"]),
        ("by-session", ["a-zebra", "a-alpha"]),  # through their groups' session
        ("by-objective", ["a-alpha"]),
        ("by-priority", ["a-alpha", "a-middle"]),
        ("sorted-by-due", ["a-alpha", "a-middle", "a-zebra"]),
        ("sorted-by-priority-descending", ["a-alpha", "a-middle", "a-zebra"]),
    ],
)
def test_action_table_filters_and_sorts(page: str, rubric: str, expected: list[str]) -> None:
    assert ids_in(table_after(page, rubric)) == expected


@pytest.mark.sphinx("html", testroot="views")
def test_action_table_columns(page: str) -> None:
    text = table_after(page, "sorted-by-due")
    assert text.startswith("Id Due Partners Group Objectives Action Priority")
    assert "a-alpha 1 Sept 2030 Group 2 1, 2 Alpha action high" in text  # British English
    assert "a-zebra 2031 Group 1 2 Zebra action low" in text


@pytest.mark.sphinx("html", testroot="views")
def test_group_list_shows_groups_by_session(app: SphinxTestApp, page: str) -> None:
    text = html_text(app.outdir / "index.html")
    assert "Group Theme Facilitator Group 1 Tools Chloé Group 2 Themes Dmitri" in text
    assert "Rapporteur" not in text  # nobody was given one: no empty column


@pytest.mark.sphinx("html", testroot="views", freshenv=True)
def test_traceability_marks_objectives_nobody_serves(app: SphinxTestApp, page: str) -> None:
    text = html_text(app.outdir / "index.html")
    assert "3. Nobody serves this (not served)" in text
    assert "1. Served by a session Day one talk Alpha action" in text
    assert 'class="chm-col-objective chm-unserved"' in page
    assert "objective 'obj-lonely' is served by no session" in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="views")
def test_objective_list_with_links(app: SphinxTestApp, page: str) -> None:
    text = html_text(app.outdir / "index.html")
    assert "2. Served by actions Actions: Zebra action; Alpha action; Middle action" in text


@pytest.mark.sphinx("html", testroot="views")
def test_agenda_of_one_day(app: SphinxTestApp, page: str) -> None:
    assert 'id="day-2030-05-03"' in page and "Friday 3 May 2030" in visible_text(page)
    assert 'id="day-2030-05-02"' not in page
