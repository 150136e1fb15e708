"""Views stay right on incremental builds; -j 2 gives what a serial build gives."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, html_text, page_body
from sphinx.testing.util import SphinxTestApp

import chmdocs
from chmdocs.sphinxext.domain import get_domain


def rewrite(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write a source anew, dated a second ahead: the kernel dates a file
    with a coarse clock, which under load can put a write made just after a
    build before the time Sphinx noted reading it (then the edit goes unseen)."""
    path.write_text(text, encoding=encoding)
    ahead = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(ahead, ahead))


def rebuild(make_app, app: SphinxTestApp) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    again = make_app("html", srcdir=app.srcdir, builddir=app.outdir.parent, freshenv=False)
    again.build()
    return again


def test_view_pages_show_a_title_changed_in_another_file(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = own_copy(make_app, tmp_path)
    assert "Original title" in html_text(app.outdir / "agenda.html")
    sessions = Path(app.srcdir, "sessions.rst")
    text = sessions.read_text(encoding="utf-8")
    rewrite(
        sessions,
        text.replace("Original title", "Renamed title").replace("Original action", "New action"),
        encoding="utf-8",
    )
    again = rebuild(make_app, app)
    assert "Renamed title" in html_text(again.outdir / "agenda.html")
    assert "New action" in html_text(again.outdir / "actions.html")


def test_a_prose_change_rewrites_no_view_page(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = own_copy(make_app, tmp_path)
    agenda = Path(app.outdir, "agenda.html")
    written = agenda.stat().st_mtime_ns
    notes = Path(app.srcdir, "notes.rst")
    rewrite(notes, notes.read_text(encoding="utf-8") + "\nMore prose.\n", encoding="utf-8")
    rebuild(make_app, app)
    assert agenda.stat().st_mtime_ns == written


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text.replace(
            "   :objectives: obj\n\n.. action::",
            "   :objectives: obj\n\n   Said in the session.\n\n.. action::",
            1,
        ),
        lambda text: "\n\n" + text,  # every object one line lower
        lambda text: text.replace(
            "   :owner: Ana\n   :objectives: obj",
            "   :owner: Ana\n   :objectives: obj\n\n   Why we act.",
            1,
        ),
    ],
    ids=["session-text", "lines-shifted", "action-text"],
)
def test_an_objects_text_or_line_rewrites_no_view_page(make_app, tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """The agenda and action table show no session's or action's text: a
    reworded sentence there, or lines added above, leave them as they were."""
    app = own_copy(make_app, tmp_path)
    views = [Path(app.outdir, "agenda.html"), Path(app.outdir, "actions.html")]
    written = [page.stat().st_mtime_ns for page in views]
    sessions = Path(app.srcdir, "sessions.rst")
    rewrite(sessions, edit(sessions.read_text(encoding="utf-8")), encoding="utf-8")
    again = rebuild(make_app, app)
    assert [page.stat().st_mtime_ns for page in views] == written
    assert get_domain(again.env).model.sessions[0].title == "Original title"


def own_copy(make_app, tmp_path: Path) -> SphinxTestApp:  # type: ignore[no-untyped-def]
    """The incremental root built in a folder of this test's own (the shared
    one is edited by the other tests)."""
    import shutil

    from conftest import TESTS

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-incremental", source)
    app = make_app("html", srcdir=source, builddir=tmp_path / "build")
    app.build()
    return app  # type: ignore[no-any-return]


def test_an_objectives_text_rewrites_the_objective_list(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = own_copy(make_app, tmp_path)
    rewrite(
        Path(app.srcdir, "objectives.rst"),
        "Objectives\n==========\n\n.. objective-list::\n",
        encoding="utf-8",
    )
    index = Path(app.srcdir, "index.rst")
    rewrite(index, index.read_text(encoding="utf-8") + "   objectives\n", encoding="utf-8")
    app = rebuild(make_app, app)
    sessions = Path(app.srcdir, "sessions.rst")
    text = sessions.read_text(encoding="utf-8")
    rewrite(
        sessions,
        text.replace("   :id: obj\n", "   :id: obj\n\n   A reason to keep up.\n", 1),
        encoding="utf-8",
    )
    again = rebuild(make_app, app)
    assert "A reason to keep up." in html_text(again.outdir / "objectives.html")


def test_removing_a_document_removes_its_objects(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = own_copy(make_app, tmp_path)
    rewrite(Path(app.srcdir, "sessions.rst"), "Sessions\n========\n\nGone.\n", encoding="utf-8")
    again = rebuild(make_app, app)
    assert get_domain(again.env).model.sessions == ()
    assert "Original title" not in html_text(again.outdir / "agenda.html")


def body(path: Path) -> str:
    return page_body(path.read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", testroot="parallel", parallel=2)
def test_parallel_build_matches_serial_build(make_app, app: SphinxTestApp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app.build()
    serial = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    assert app.parallel == 2 and serial.parallel == 0
    assert get_domain(app.env).model == get_domain(serial.env).model
    assert len(get_domain(app.env).model.sessions) == 18
    for page in ("agenda.html", "actions.html"):
        assert body(app.outdir / page) == body(serial.outdir / page)
    assert chmdocs_warnings(app) == chmdocs_warnings(serial)
    assert "not safe for parallel" not in app.warning.getvalue()


def test_warnings_at_option_lines_when_read_in_parallel(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Where each option was written survives the merge of the reading processes."""
    import shutil

    from conftest import TESTS

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-parallel", source)
    with (source / "actions.rst").open("a", encoding="utf-8") as actions:
        actions.write(
            "\n.. participant:: Ms Amina Diop\n   :id: p-diop\n\n"
            ".. action:: Share the national reports\n   :id: act-share\n"
            "   :owner: P-DIOP\n   :partners: p-diop, p-diop\n"
        )
    found = []
    for jobs in (2, 0):
        app = make_app("html", srcdir=source, builddir=tmp_path / f"j{jobs}", parallel=jobs)
        app.build()
        found.append(chmdocs_warnings(app))
    assert found[0] == found[1]
    assert any("actions.rst:12:" in w and "P-DIOP" in w for w in found[0])
    assert any("actions.rst:13:" in w and "';'" in w for w in found[0])


def chmdocs_warnings(app: SphinxTestApp) -> list[str]:
    return sorted(line for line in app.warning.getvalue().splitlines() if "[chmdocs." in line)


def test_a_renamed_object_is_renamed_on_the_pages_linking_to_it(tmp_path: Path) -> None:
    """A page with no view, linking by role to a session written elsewhere,
    shows the new title after an incremental build; a page linking to nothing
    is left alone."""
    import chmdocs

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\n')
    (source / "index.rst").write_text(
        "W\n=\n\n.. workshop:: W\n   :id: w\n   :start: 2030-01-01\n\n"
        ".. toctree::\n\n   sessions\n   notes\n   other\n"
    )
    (source / "sessions.rst").write_text(
        "S\n=\n\n.. session:: Opening talk\n   :id: s1\n   :start: 09:00\n   :end: 10:00\n"
    )
    (source / "notes.rst").write_text("N\n=\n\nSee :session:`s1`.\n")
    (source / "other.rst").write_text("O\n=\n\nNothing linked.\n")
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"])
    assert "Opening talk" in (out / "html" / "notes.html").read_text()
    other = (out / "html" / "other.html").stat().st_mtime_ns
    (source / "sessions.rst").write_text(
        (source / "sessions.rst").read_text().replace("Opening talk", "Welcome address")
    )
    chmdocs.build(source, out, ["html"])
    notes = (out / "html" / "notes.html").read_text()
    assert "Welcome address" in notes and "Opening talk" not in notes
    assert (out / "html" / "other.html").stat().st_mtime_ns == other


def test_the_checks_run_again_only_when_a_document_is_read_or_removed(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chmdocs.sphinxext import checks

    app = own_copy(make_app, tmp_path)
    runs: list[int] = []
    real = checks.run_checks
    monkeypatch.setattr(checks, "run_checks", lambda *a: runs.append(1) or real(*a))
    rebuild(make_app, app)
    assert runs == []  # nothing read: the last build's findings (none) said again
    notes = Path(app.srcdir, "notes.rst")
    rewrite(notes, notes.read_text(encoding="utf-8") + "\nMore prose.\n")
    rebuild(make_app, app)
    assert runs == [1]
    notes.unlink()
    rebuild(make_app, app)
    assert runs == [1, 1]


@pytest.mark.parametrize("kept", ["in-process", "on-disk"])
def test_compiled_templates_are_kept_and_an_edited_template_shows(
    tmp_path: Path, kept: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmdocs keeps the theme's compiled templates between builds (Sphinx
    compiles them in every build); a template edited since is compiled again."""
    import io
    import shutil

    import jinja2
    from conftest import TESTS

    import chmdocs
    from chmdocs.sphinxext.html import CompiledTemplates

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "_templates").mkdir()
    layout = source / "_templates" / "layout.html"
    layout.write_text('{% extends "!layout.html" %}{% block footer %}Mark one{% endblock %}')
    conf = source / "conf.py"
    conf.write_text(conf.read_text() + '\ntemplates_path = ["_templates"]\n')
    out = tmp_path / "out"
    monkeypatch.setattr(CompiledTemplates, "in_process", {})
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert "Mark one" in (out / "html" / "index.html").read_text(encoding="utf-8")
    if kept == "on-disk":  # a new process: only the folder beside the doctrees
        assert any(out.rglob("chmdocs-templates/*"))
        monkeypatch.setattr(CompiledTemplates, "in_process", {})

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *a, **k):  # type: ignore[no-untyped-def]
        if name is not None:
            compiled.append(name)
        return original(self, source, name, *a, **k)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    rewrite(source / "index.rst", (source / "index.rst").read_text() + "\nMore.\n")
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert compiled == []
    rewrite(layout, layout.read_text().replace("Mark one", "Mark two"))
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert compiled == ["layout.html"]
    assert "Mark two" in (out / "html" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["cut-short", "garbage", "empty", "folder"])
def test_a_damaged_template_cache_is_compiled_again(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever became of the compiled templates beside the doctrees (a disk
    that filled up mid-write, another program's file), the build goes on."""
    import io
    import shutil

    from conftest import TESTS

    import chmdocs
    from chmdocs.sphinxext.html import CompiledTemplates

    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    out = tmp_path / "out"
    monkeypatch.setattr(CompiledTemplates, "in_process", {})
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    cached = sorted(out.rglob("chmdocs-templates/*"))
    assert cached
    for path in cached:
        if damage == "cut-short":
            path.write_bytes(path.read_bytes()[:40])
        elif damage == "garbage":
            path.write_bytes(b"\x00not a template\xff" * 10)
        elif damage == "empty":
            path.write_bytes(b"")
        else:
            path.unlink()
            path.mkdir()
    monkeypatch.setattr(CompiledTemplates, "in_process", {})
    rewrite(source / "index.rst", (source / "index.rst").read_text() + "\nMore.\n")
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    assert "More." in (out / "html" / "index.html").read_text(encoding="utf-8")


def index_files(app: SphinxTestApp) -> list[Path]:
    return [Path(app.outdir, "searchindex.js"), Path(app.outdir, "objects.inv")]


def test_a_build_that_changed_nothing_keeps_the_search_index_and_inventory(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    app = own_copy(make_app, tmp_path)
    indexes = index_files(app)
    written = [(path.stat().st_mtime_ns, path.read_bytes()) for path in indexes]
    rebuild(make_app, app)
    assert [(path.stat().st_mtime_ns, path.read_bytes()) for path in indexes] == written


@pytest.mark.parametrize(
    "change", ["prose", "removed page", "index deleted", "index cut short", "new page"]
)
def test_a_build_that_changed_a_page_writes_the_search_index_again(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, change: str
) -> None:
    app = own_copy(make_app, tmp_path)
    search_index = index_files(app)[0]
    written = search_index.stat().st_mtime_ns
    notes = Path(app.srcdir, "notes.rst")
    if change == "prose":
        rewrite(notes, notes.read_text(encoding="utf-8") + "\nQuetzalcoatlus.\n")
    elif change == "removed page":
        notes.unlink()
    elif change == "index deleted":
        search_index.unlink()
    elif change == "index cut short":
        search_index.write_bytes(search_index.read_bytes()[:100])
    else:
        rewrite(Path(app.srcdir, "extra.rst"), "Extra\n=====\n\nQuetzalcoatlus.\n")
    rebuild(make_app, app)
    text = search_index.read_text(encoding="utf-8")
    assert search_index.stat().st_mtime_ns != written
    assert ("quetzalcoatlu" in text) == (change in ("prose", "new page"))
    assert ('"notes"' in text) == (change != "removed page")


def test_a_search_index_pruned_after_writing_is_kept_as_pruned(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """A word gone from every page is pruned from the search index once the
    build is done; the next reworded sentence still rewrites its page alone
    (the index is recorded as left, not as first dumped)."""
    app = own_copy(make_app, tmp_path)
    notes = Path(app.srcdir, "notes.rst")
    prose = notes.read_text(encoding="utf-8")
    rewrite(notes, prose + "\nQuetzalcoatlus.\n")
    app = rebuild(make_app, app)
    rewrite(notes, prose + "\nPterodactylus.\n")  # the first word vanishes
    app = rebuild(make_app, app)
    search_index = index_files(app)[0]
    assert "quetzalcoatlu" not in search_index.read_text(encoding="utf-8")
    agenda = Path(app.outdir, "agenda.html")
    written = agenda.stat().st_mtime_ns
    rewrite(notes, prose + "\nPterodactylus, Archaeopteryx.\n")
    rebuild(make_app, app)
    assert agenda.stat().st_mtime_ns == written
    assert "archaeopteryx" in search_index.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "change", ["prose", "title", "inventory deleted", "inventory replaced", "page removed"]
)
def test_the_inventory_is_written_again_when_the_objects_or_the_file_changed(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, change: str
) -> None:
    """objects.inv lists objects, not text: a reworded sentence keeps it."""
    import zlib

    app = own_copy(make_app, tmp_path)
    inventory = index_files(app)[1]
    sessions = Path(app.srcdir, "sessions.rst")
    text = sessions.read_text(encoding="utf-8")
    if change == "prose":
        rewrite(
            sessions,
            text.replace(
                "   :objectives: obj\n\n.. action::",
                "   :objectives: obj\n\n   Said.\n\n.. action::",
            ),
        )
    elif change == "title":
        rewrite(sessions, text.replace("Original title", "Renamed title"))
    elif change == "inventory deleted":
        inventory.unlink()
    elif change == "inventory replaced":
        inventory.write_bytes(b"# Sphinx inventory version 2\n")
    else:
        rewrite(sessions, "Sessions\n========\n\nGone.\n")
    written = inventory.stat().st_mtime_ns if inventory.exists() else 0
    rebuild(make_app, app)
    _header, _, body = inventory.read_bytes().partition(b"zlib.\n")
    listed = zlib.decompress(body).decode("utf-8")
    assert (inventory.stat().st_mtime_ns == written) == (change == "prose")
    assert ("Renamed title" in listed) == (change == "title")
    assert ("s1 chm:session" in listed) == (change != "page removed")


def warnings_of(app: SphinxTestApp) -> str:
    return app.warning.getvalue()  # type: ignore[no-any-return]


@pytest.mark.parametrize("change", ["group removed", "participant removed", "prose"])
def test_an_unread_pages_findings_follow_what_changed_elsewhere(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, change: str
) -> None:
    """Checks of one object at a time are kept per page: a page that is not
    read again (it gave no warning) is checked anew when what it names changed
    on another page."""
    app = own_copy(make_app, tmp_path)
    more = Path(app.srcdir, "more.rst")
    rewrite(
        more,
        "More\n====\n\n.. action:: Later action\n   :id: a2\n   :group: g-shared\n"
        "   :owner: p-zoe\n",
    )
    sessions = Path(app.srcdir, "sessions.rst")
    shared = (
        "\n.. group:: Shared group\n   :id: g-shared\n   :session: s1\n"
        "\n.. participant:: Zoé Martin\n   :id: p-zoe\n"
    )
    rewrite(sessions, sessions.read_text(encoding="utf-8") + shared)
    index = Path(app.srcdir, "index.rst")
    rewrite(index, index.read_text(encoding="utf-8") + "   more\n")
    app = rebuild(make_app, app)
    assert "[chmdocs" not in warnings_of(app), warnings_of(app)
    os.utime(more, ns=(0, 0))  # long read: the next build does not read it again
    text = sessions.read_text(encoding="utf-8")
    if change == "group removed":
        text = text.replace("   :id: g-shared\n", "   :id: g-other\n")
    elif change == "participant removed":
        text = text.replace("   :id: p-zoe\n", "   :id: p-zoe-martin\n")
    else:
        text += "\nMore prose.\n"
    rewrite(sessions, text)
    said = warnings_of(rebuild(make_app, app))
    assert ("more.rst:6: WARNING: action 'a2': :group: names no group 'g-shared'" in said) == (
        change == "group removed"
    ), said
    assert ("more.rst:7: WARNING: action 'a2': :owner: 'p-zoe' looks like" in said) == (
        change == "participant removed"
    ), said


def test_a_change_checks_the_objects_of_the_page_read_alone(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chmdocs.sphinxext import checks

    app = own_copy(make_app, tmp_path)
    checked: list[list[str]] = []
    real = checks.check_objects
    monkeypatch.setattr(
        checks,
        "check_objects",
        lambda domain, workshop, objects: (
            checked.append([o.id for o in objects]) or real(domain, workshop, objects)
        ),
    )
    notes = Path(app.srcdir, "notes.rst")
    rewrite(notes, notes.read_text(encoding="utf-8") + "\n.. objective:: Noted\n   :id: obj-2\n")
    rebuild(make_app, app)
    # A new id: the context changed, every page is checked again.
    assert sorted(map(sorted, checked)) == [["a1", "obj", "s1", "ws"], ["obj-2"]]
    checked.clear()
    rewrite(notes, notes.read_text(encoding="utf-8") + "\nMore prose.\n")
    rebuild(make_app, app)
    assert checked == [["obj-2"]]


def test_a_parallel_reader_that_dies_fails_the_build_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One of ``-j 2``'s processes killed while it reads (the out-of-memory
    killer): a BuildError that says so, nothing published."""
    from sphinx.builders import Builder

    from chmdocs.core.errors import BuildError

    parent = os.getpid()
    read_doc = Builder.read_doc

    def dying(self: Any, docname: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent and docname == "programme":
            os._exit(9)
        return read_doc(self, docname, *args, **kwargs)

    monkeypatch.setattr(Builder, "read_doc", dying)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match=r"a process of this -j 2 build stopped"):
        chmdocs.build(REPO / "source", out, ["html"], jobs=2, warning=io.StringIO())
    assert not (out / "html").exists()


def test_a_file_added_to_or_removed_from_a_views_glob_rewrites_its_page_and_only_then(
    tmp_path: Path,
) -> None:
    """The answers and the review summary read the files a glob names: a
    rebuild that changed nothing rewrites neither page; a questionnaire or
    a review added, renamed or removed, and the page shows it."""
    source = tmp_path / "src"
    shutil.copytree(REPO / "source", source)
    out = tmp_path / "out"

    names = ("synthesis-note", "final-document", "agenda")

    def build() -> tuple[str, dict[str, int]]:
        chmdocs.build(source, out, ["html"], warning=io.StringIO())
        pages = {name: (out / "html" / f"{name}.html").stat().st_mtime_ns for name in names}
        intro = html_text(out / "html" / "synthesis-note.html")
        return intro[intro.index("Répondants") :][:20], pages

    first, dated = build()
    assert first.startswith("Répondants : 6")
    again, unchanged = build()
    assert (again, unchanged) == (first, dated)
    added = source / "reponses" / "reponses-benin-bis.xlsx"
    shutil.copy(source / "reponses" / "reponses-benin.xlsx", added)
    more, pages = build()
    assert more.startswith("Répondants : 7")
    assert pages["synthesis-note"] != dated["synthesis-note"]
    assert pages["agenda"] == dated["agenda"]
    added.rename(added.with_name("reponses-benin-ter.xlsx"))
    renamed, _pages = build()
    assert renamed.startswith("Répondants : 7")
    added.with_name("reponses-benin-ter.xlsx").unlink()
    fewer, _pages = build()
    assert fewer.startswith("Répondants : 6")
    # A review removed: the final document's summary counts one reviewer less.
    summary = html_text(out / "html" / "final-document.html")
    (source / "reviews" / "avis-diallo.xlsx").unlink()
    build()
    assert html_text(out / "html" / "final-document.html") != summary


def test_filled_questionnaires_are_read_once_per_build_while_they_stay_the_same(
    tmp_path: Path,
) -> None:
    """The answers view reads its files in the checks and again to render:
    one reading serves both while the files and the model stay the same;
    each caller gets its own copy."""
    import os
    from types import SimpleNamespace

    from chmdocs.sphinxext.domain import ChmDomain
    from chmdocs.sphinxext.views.answers import answers_in

    source = tmp_path / "src"
    shutil.copytree(REPO / "source", source)
    files = sorted((source / "reponses").glob("*.xlsx"))
    workshop = chmdocs.load(REPO / "source")
    domain = SimpleNamespace(build_memo={})
    domain.read_files_once = ChmDomain.read_files_once.__get__(domain)
    readings: list[int] = []
    import chmdocs.sphinxext.views.answers as answers

    def counting(paths: list[Path], model: Any) -> Any:
        readings.append(len(paths))
        return read_answers(paths, model)

    read_answers, answers.read_answers = answers.read_answers, counting
    try:
        first = answers_in(domain, files, workshop)  # type: ignore[arg-type]
        again = answers_in(domain, files, workshop)  # type: ignore[arg-type]
        assert readings == [len(files)]
        assert first == again and first is not again
        assert first.respondents
        os.utime(files[0], ns=(1, 1))  # changed
        answers_in(domain, files, workshop)  # type: ignore[arg-type]
        answers_in(domain, files[1:], workshop)  # type: ignore[arg-type]
        other = dataclasses.replace(workshop)
        answers_in(domain, files, other)  # type: ignore[arg-type]
        assert readings == [len(files), len(files), len(files) - 1, len(files)]
    finally:
        answers.read_answers = read_answers


def test_a_file_a_view_reads_is_read_once_per_build_while_it_stays_the_same(
    tmp_path: Path,
) -> None:
    """A comment matrix or an earlier model is checked when its page is read
    and read again to render it: one reading serves both until it changes."""
    import os
    from types import SimpleNamespace

    from chmdocs.sphinxext.domain import ChmDomain

    domain = SimpleNamespace(build_memo={})
    readings: list[str] = []

    def read(path: Path) -> str:
        readings.append(path.read_text(encoding="utf-8"))
        return readings[-1]

    path = tmp_path / "matrix.xlsx"
    path.write_text("one", encoding="utf-8")
    assert ChmDomain.read_once(domain, path, read) == "one"  # type: ignore[arg-type]
    assert ChmDomain.read_once(domain, path, read) == "one"  # type: ignore[arg-type]
    assert readings == ["one"]
    path.write_text("two", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert ChmDomain.read_once(domain, path, read) == "two"  # type: ignore[arg-type]
    # A file gone: its reader says so, every time.
    with pytest.raises(FileNotFoundError):
        ChmDomain.read_once(domain, tmp_path / "gone.json", read)  # type: ignore[arg-type]
