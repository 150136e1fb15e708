"""One query per view: a view in the documents and the same view from Python
(``chmdocs.render``) show the same rows in the same order, with every filter.

Each case is a page of the seed holding one view; its HTML and the text
``chmdocs.render`` gives for the same options must list the same objects in
the same order (objects found by their titles, typography aside).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, page_body, visible_text

import chmdocs

#: (view, options as the directive writes them, the objects whose order counts)
CASES: list[tuple[str, dict[str, str], str]] = [
    ("agenda", {}, "sessions"),
    ("agenda", {"date": "2007-05-03"}, "sessions"),
    ("agenda", {"date": "2007-05-09"}, "sessions"),  # a day with nothing
    ("group-list", {}, "groups"),
    ("group-list", {"session": "d2-facteurs"}, "groups"),
    ("participant-list", {}, "participants"),
    ("participant-list", {"group-by": "country"}, "participants"),
    ("participant-list", {"group-by": "organization", "columns": "name, role"}, "participants"),
    ("objective-list", {}, "objectives"),
    ("action-table", {}, "actions"),
    ("action-table", {"sort": "-priority"}, "actions"),
    ("action-table", {"sort": "due"}, "actions"),
    ("action-table", {"owner": "CHM belge", "sort": "-due"}, "actions"),
    ("action-table", {"status": "proposed, agreed"}, "actions"),
    ("action-table", {"objective": "obj-besoins", "priority": "high"}, "actions"),
    ("action-table", {"group": "actions-g1"}, "actions"),
    ("action-table", {"session": "d2-conclusion", "sort": "title"}, "actions"),
]


def plain(text: str) -> str:
    """Text as compared: typographic apostrophes and spaces made plain (French
    spacing before ? ! ; : taken out)."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    text = re.sub(r"[\s\u00a0\u202f]+([?!;:])", r"\1", text)
    return " ".join(re.sub(r"[\u00a0\u202f]", " ", text).split())


def in_order(text: str, titles: list[str]) -> list[str]:
    """The titles found in ``text``, in the order they first appear; a title
    inside a longer one found is not counted again."""
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for title in sorted(set(titles), key=len, reverse=True):
        for match in re.finditer(re.escape(title), text):
            if not any(match.start() in r for r in taken):
                found.append((match.start(), title))
                taken.append(range(match.start(), match.end()))
    return [title for _position, title in sorted(found)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, chmdocs.Workshop]:
    source = tmp_path_factory.mktemp("views") / "source"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", source.parent / "templates")
    for number, (view, options, _kind) in enumerate(CASES):
        lines = [":orphan:", "", f"Case {number}", "=" * 12, "", f".. {view}::"]
        lines += [f"   :{name}: {value}" for name, value in options.items()]
        (source / f"case-{number}.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = source.parent / "out"
    chmdocs.build(source, out, ["html"])
    return out, chmdocs.load(source)


def titles_of(workshop: chmdocs.Workshop, kind: str) -> list[str]:
    if kind == "participants":
        return [plain(p.name) for p in workshop.participants if p.publish]
    objects: Any = getattr(workshop, kind)
    return [plain(o.title) for o in objects]


@pytest.mark.parametrize("number", range(len(CASES)))
def test_the_document_and_render_show_the_same_rows(
    built: tuple[Path, chmdocs.Workshop], number: int
) -> None:
    out, workshop = built
    view, options, kind = CASES[number]
    titles = titles_of(workshop, kind)
    page = plain(visible_text(page_body((out / "html" / f"case-{number}.html").read_text())))
    arguments = {name.replace("-", "_"): value for name, value in options.items()}
    text = plain(chmdocs.render(workshop, view, format="markdown", **arguments))
    in_page, in_text = in_order(page, titles), in_order(text, titles)
    assert in_page == in_text, (view, options)
    if view == "agenda" and options.get("date") == "2007-05-09":
        assert not in_page
    elif kind != "objectives":
        assert in_page, (view, options)  # each case shows something


def test_a_session_without_its_day_is_in_the_agenda_both_ways() -> None:
    """A two-day workshop's session with no :date: is listed last, under no
    date, in the documents and in ``chmdocs.render`` alike."""
    import datetime as dt

    from chmdocs.core.model import Session, Workshop
    from chmdocs.core.queries import agenda_days

    workshop = Workshop(
        id="ws",
        title="W",
        start=dt.date(2030, 5, 2),
        end=dt.date(2030, 5, 3),
        sessions=(
            Session(id="later", title="Later", date=dt.date(2030, 5, 3), start=dt.time(9)),
            Session(id="somewhen", title="Somewhen"),
            Session(id="first", title="First", date=dt.date(2030, 5, 2), start=dt.time(9)),
        ),
    )
    days = agenda_days(workshop, {})
    assert [(day, [s.id for s in sessions]) for day, sessions in days] == [
        (dt.date(2030, 5, 2), ["first"]),
        (dt.date(2030, 5, 3), ["later"]),
        (None, ["somewhen"]),
    ]
    text = chmdocs.render(workshop, "agenda")
    assert in_order(text, ["First", "Later", "Somewhen"]) == ["First", "Later", "Somewhen"]
    assert "Date not given" in text


@pytest.mark.parametrize(
    ("view", "options", "words"),
    [
        ("action-table", {"columns": "title, colour"}, ":columns: colour is not one of"),
        ("action-table", {"sort": "-size"}, ":sort: -size is not one of"),
        ("action-table", {"status": "finished"}, ":status: finished is not one of"),
        ("participant-list", {"group_by": "town"}, ":group-by: 'town' is not one of"),
        ("agenda", {"date": "2 May"}, ":date:"),
        ("agenda", {"colour": "red"}, "no option colour; it takes date"),
    ],
)  # fmt: skip
def test_render_refuses_what_the_directive_warns_of_in_the_same_words(
    tmp_path: Path, view: str, options: dict[str, str], words: str
) -> None:
    """One reading of a view's options: chmdocs.render raises what the
    directive warns of at the option's line, with the same words."""
    from chmdocs.core.errors import UsageError

    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-views", source)
    written = {name.replace("_", "-"): value for name, value in options.items()}
    page = [".. rubric:: case", "", f".. {view}::", *(f"   :{k}: {v}" for k, v in written.items())]
    with (source / "index.rst").open("a", encoding="utf-8") as index:
        index.write("\n" + "\n".join(page) + "\n")
    with pytest.raises(UsageError) as raised:
        chmdocs.render(chmdocs.load(source), view, **options)
    assert words in str(raised.value)
    warned = " ".join(f.message for f in chmdocs.api.check(source))
    assert words.replace("no option colour; it takes date", "colour") in warned
