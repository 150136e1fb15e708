"""The site keeps the HTML of its views' rows between builds (SPEC.md: an
incremental build costs what changed). Whatever changed, and however, a
rebuild publishes what a build from nothing publishes: the same pages and
the same search index."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from chmdocs.app.cli import main
from chmdocs.core.publish import WORKDIR
from chmdocs.sphinxext.views.rowcache import CACHE_FILE, PARTS_FOLDER


def build(source: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), "-q", "-f", "html"])
    assert result.exit_code == 0, result.output


def site(out: Path) -> dict[str, bytes]:
    """What a reader gets: every page and the search index (sources left out)."""
    html = out / "html"
    return {
        str(p.relative_to(html)): p.read_bytes()
        for p in sorted(html.rglob("*"))
        if p.is_file() and "_sources" not in p.parts and p.name != ".buildinfo"
    }


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit of {path.name} changed nothing"
    path.write_text(changed, encoding="utf-8")
    # Dated ahead: a coarse file clock could date it before the last read.
    ahead = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(ahead, ahead))


def after_session(ident: str, lines: str) -> Callable[[str], str]:
    """Lines added to the options of session ``ident``."""
    return lambda text: text.replace(f"   :id: {ident}\n", f"   :id: {ident}\n{lines}", 1)


#: Each a different way a row's inputs change: its own title, its place
#: (the rows after it change parity), an object it names, the objects every
#: row may read, a person's publication, an anchor taken by the author, a
#: second view of the same rows on the page, the settings.
STEPS: dict[str, tuple[str, Callable[[str], str]]] = {
    "session renamed": (
        "programme.rst",
        lambda t: t.replace(".. session:: Pause café", ".. session:: Pause café « longue »", 1),
    ),
    "session inserted (parity shifts)": (
        "programme.rst",
        lambda t: t.replace(
            ".. session:: Pause café",
            ".. session:: Annonce\n   :id: d1-annonce\n   :date: 2007-05-02\n"
            "   :start: 10.55\n   :end: 11.00\n\n.. session:: Pause café",
            1,
        ),
    ),
    "session moved to the other day": (
        "programme.rst",
        lambda t: re.sub(
            r"(:id: d1-accueil\n   :date: )2007-05-02", r"\g<1>2007-05-03", t, count=1
        ),
    ),
    "objective renamed": (
        "synthesis-note.rst",
        lambda t: t.replace(".. objective:: Évaluation de sept", ".. objective:: Bilan de sept", 1),
    ),
    "owner becomes a participant": (
        "final-document.rst",
        lambda t: t.replace("   :owner: CHM belge", "   :owner: p-dupuis", 1),
    ),
    "participant renamed": (
        "participants.rst",
        lambda t: t.replace(".. participant:: Mme Anne Dupuis", ".. participant:: Mme Anne Dupont"),
    ),
    "speaker no longer published": (
        "participants.rst",
        lambda t: t.replace(
            "   :id: p-vanderlinden\n", "   :id: p-vanderlinden\n   :publish: no\n"
        ),
    ),
    "an anchor of a row taken by the author": (
        "agenda.rst",
        lambda t: t.replace(".. agenda::", ".. _agenda-d1-accueil:\n\nAvant.\n\n.. agenda::", 1),
    ),
    "a second agenda on the page": (
        "agenda.rst",
        lambda t: t + "\nLe premier jour encore :\n\n.. agenda::\n   :date: 2007-05-02\n",
    ),
    "time format changed": (
        "conf.py",
        lambda t: t.replace('chmdocs_time_format = "HH.mm"', 'chmdocs_time_format = "HH:mm"'),
    ),
}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "source"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    out = tmp_path / "out"
    build(source, out)
    assert (out / WORKDIR / "doctrees" / CACHE_FILE).is_file()
    return source, out


@pytest.mark.parametrize(
    "steps",
    [list(STEPS)[:5], list(STEPS)[5:]],
    ids=["rows-and-objects", "people-anchors-settings"],
)
def test_a_rebuild_publishes_what_a_build_from_nothing_does(
    project: tuple[Path, Path], steps: list[str]
) -> None:
    source, out = project
    for step in steps:
        name, change = STEPS[step]
        edit(source / name, change)
        build(source, out)
        fresh = out.parent / f"fresh-{len(step)}"
        build(source, fresh)
        incremental, expected = site(out), site(fresh)
        differing = sorted(k for k in expected if incremental.get(k) != expected[k])
        assert not differing and incremental.keys() == expected.keys(), (step, differing)
        shutil.rmtree(fresh)


def test_the_rows_kept_serve_a_rebuild_and_a_damaged_file_is_not_used(
    project: tuple[Path, Path],
) -> None:
    source, out = project
    kept = out / WORKDIR / "doctrees" / CACHE_FILE
    # A session renamed: the agenda is written again, its other rows as kept.
    edit(source / STEPS["session renamed"][0], STEPS["session renamed"][1])
    build(source, out)
    assert "Pause café « longue »" in (out / "html" / "agenda.html").read_text("utf-8").replace(
        "\u202f", " "
    )
    expected = site(out)
    # Empty, not a pickle, cut short, a pickle of another shape.
    other_shape = pickle.dumps({"agenda": ["row"], "final-document": {"key": 3}})
    for damage in (b"", b"not a pickle", kept.read_bytes()[:100], other_shape):
        kept.write_bytes(damage)
        edit(source / "programme.rst", lambda t: t.replace("« longue »", "« courte »", 1))
        build(source, out)
        edit(source / "programme.rst", lambda t: t.replace("« courte »", "« longue »", 1))
        build(source, out)
        assert site(out) == expected


def test_a_row_whose_inputs_did_not_change_is_written_as_kept(project: tuple[Path, Path]) -> None:
    source, out = project
    kept = out / WORKDIR / "doctrees" / CACHE_FILE
    stored = pickle.loads(kept.read_bytes())
    rows = stored["agenda"]
    key, row = next((k, r) for k, r in rows.items() if "d1-accueil" in r.html)
    rows[key] = row._replace(
        html=row.html.replace("Accueil", "KEPT-ROW-MARK"), words=(*row.words, "Zyzzyvakept")
    )
    kept.write_bytes(pickle.dumps(stored))
    edit(source / STEPS["session renamed"][0], STEPS["session renamed"][1])
    build(source, out)
    # (Had the row been rendered again, the mark would be gone: the kept HTML was used.)
    assert "KEPT-ROW-MARK" in (out / "html" / "agenda.html").read_text("utf-8")
    # And its words, each given once to the search index, are found there.
    index = (out / "html" / "searchindex.js").read_text("utf-8")
    documents = json.loads(re.search(r'"docnames":(\[[^\]]*\])', index).group(1))  # type: ignore[union-attr]
    terms = json.loads(re.search(r'"terms":(\{[^}]*\})', index).group(1))  # type: ignore[union-attr]
    assert documents[terms["zyzzyvakept"]] == "agenda"


def test_rows_kept_after_a_parallel_build_are_those_of_their_objects(tmp_path: Path) -> None:
    """Read with ``-j 2``, each page's objects and their fingerprints come
    back from another process: a rebuild after two edits still publishes
    what a serial build from nothing does."""
    source = tmp_path / "source"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    out = tmp_path / "out"

    def build_with(jobs: str, into: Path) -> None:
        arguments = ["build", str(source), "-o", str(into), "-q", "-f", "html", "-j", jobs]
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 0, result.output

    build_with("1", tmp_path / "serial")
    build_with("2", out)

    def pages_with_rows(into: Path) -> dict[str, int]:
        stored = pickle.loads((into / WORKDIR / "doctrees" / CACHE_FILE).read_bytes())
        return {page: len(rows) for page, rows in stored.items() if rows}

    # The rows of the pages Sphinx's parallel writers wrote are kept too.
    assert pages_with_rows(out) == pages_with_rows(tmp_path / "serial")
    assert not (out / WORKDIR / "doctrees" / PARTS_FOLDER).exists()
    # (Renamed: what the pages read in the other process show, no edit of theirs.)
    for step in ("participant renamed", "objective renamed"):
        name, change = STEPS[step]
        edit(source / name, change)
        build_with("2", out)
    build_with("1", tmp_path / "fresh")
    assert site(out) == site(tmp_path / "fresh")


def test_rows_handed_over_by_parallel_writers_are_taken_in_only_when_whole(tmp_path: Path) -> None:
    """A writer's file cut short, of another shape, or of a page this build
    did not render is left out; the folder goes once read."""
    from chmdocs.sphinxext.views.rowcache import KeptRow, RowCache

    cache = RowCache(tmp_path / CACHE_FILE)
    cache.rendering("agenda")
    row = KeptRow('<tr class="row-odd"><td>x</td></tr>', True, ("x",), ())
    cache.parts.mkdir()
    whole = pickle.dumps({"agenda": {b"k": row}, "elsewhere": {b"k": row}})
    (cache.parts / "a.pickle").write_bytes(whole)
    (cache.parts / "b.pickle").write_bytes(whole[: len(whole) // 2])
    (cache.parts / "c.pickle").write_bytes(pickle.dumps({"agenda": ["not", "rows"]}))
    (cache.parts / "d.pickle").write_bytes(pickle.dumps({"agenda": {b"j": ("a", "tuple")}}))
    cache.save({"agenda", "elsewhere"})
    assert pickle.loads((tmp_path / CACHE_FILE).read_bytes()) == {"agenda": {b"k": row}}
    assert not cache.parts.exists()


def test_kept_rows_give_the_search_index_the_words_of_a_build_from_nothing_in_japanese(
    tmp_path: Path,
) -> None:
    """Sphinx's Japanese splitter cuts a text by what surrounds it: the kept
    rows give it each text apart, as the rendered rows do, and the search
    index of a rebuild is the one a build from nothing writes."""
    source, out = tmp_path / "source", tmp_path / "out"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    edit(source / "conf.py", lambda t: t + '\nlanguage = "ja"\n')
    build(source, out)
    pause = ".. session:: Pause café"
    edit(source / "programme.rst", lambda t: t.replace(pause, f"{pause} 長い休憩", 1))
    build(source, out)
    build(source, tmp_path / "fresh")
    incremental, expected = site(out), site(tmp_path / "fresh")
    differing = sorted(
        k for k in expected.keys() | incremental.keys() if incremental.get(k) != expected.get(k)
    )
    assert not differing, " ".join(differing)


def test_a_session_written_twice_shows_the_first_ones_title_after_each_rebuild(
    project: tuple[Path, Path],
) -> None:
    """A second session of the same id (warned of) links to the first and
    shows its title: its kept row goes when the first one changes."""
    source, out = project
    written = re.search(
        r"\.\. session:: Pause café\n(   :[^\n]*\n)+",
        (source / "programme.rst").read_text(encoding="utf-8"),
    )
    assert written is not None
    again = written.group(0).replace("Pause café", "Pause café en double")
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("participants.rst", lambda t: f"{t}\n\n{again}"),
        ("participants.rst", lambda t: t.replace("Pause café en double", "Pause café doublon")),
        (
            "programme.rst",
            lambda t: t.replace(
                ".. session:: Pause café\n", ".. session:: Pause café originale\n", 1
            ),
        ),
        (
            "participants.rst",
            lambda t: re.sub(r"\n\n\.\. session:: Pause café doublon\n(   :[^\n]*\n)+", "\n", t),
        ),
    ]
    for number, (name, change) in enumerate(steps):
        edit(source / name, change)
        build(source, out)
        fresh = out.parent / f"fresh-{number}"
        build(source, fresh)
        incremental, expected = site(out), site(fresh)
        differing = sorted(
            k for k in expected.keys() | incremental.keys() if incremental.get(k) != expected.get(k)
        )
        assert not differing, (number, differing)
