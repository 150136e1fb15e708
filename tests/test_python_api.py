"""The Python API reporting scripts use (SPEC.md, "Python API"): lookups by
id, objective numbers, priority order, overdue actions, and views rendered
as plain text or Markdown without Sphinx."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import chmdocs
from chmdocs.core.errors import UsageError

DRAFT = REPO / "source" / "versions" / "draft" / "chmdocs.json"


@pytest.fixture(scope="module")
def ws() -> chmdocs.Workshop:
    return chmdocs.load(DRAFT)


def test_lookups_by_id(ws: chmdocs.Workshop) -> None:
    objective = ws.objective("obj-reseaux")
    assert objective is not None and objective.title.startswith("Identification des difficultés")
    assert ws.get("act-formations") == ws.action("act-formations")
    assert ws.get("facteurs-g1") == ws.group("facteurs-g1")
    assert ws.get("d1-accueil") == ws.session("d1-accueil")
    assert ws.get("chm-2007") is ws
    assert ws.get("nothing") is None and ws.objective("act-formations") is None
    assert ws.participant("p-diallo") is not None


def test_objective_numbers_are_those_the_documents_print(ws: chmdocs.Workshop) -> None:
    assert [ws.objective_number(o) for o in ws.objectives] == [1, 2, 3, 4, 5]
    assert ws.objective_number("obj-partenariat") == 5
    assert ws.objective_number("nothing") is None


def test_priority_order_and_overdue_actions(ws: chmdocs.Workshop) -> None:
    ranks = [a.priority_rank for a in ws.actions_by_priority]
    assert ranks == sorted(ranks) and ranks[0] == 0
    action = ws.action("act-formations")  # due 2008-12, proposed
    assert action is not None
    assert not action.is_overdue(dt.date(2008, 12, 31))
    assert action.is_overdue(dt.date(2009, 1, 1))
    done = ws.action("act-outil")  # status agreed, due 2008-06
    assert done is not None and done.is_overdue(dt.date(2009, 1, 1))
    assert [a.id for a in ws.overdue(dt.date(2007, 6, 1))] == []


def test_render_action_table_as_markdown(ws: chmdocs.Workshop) -> None:
    text = chmdocs.render(ws, "action-table", priority="high", format="markdown")
    lines = text.splitlines()
    assert lines[0] == "| Action | Objectifs | Responsable | Échéance | Priorité | Statut |"
    assert lines[1] == "| --- | --- | --- | --- | --- | --- |"
    assert len(lines) == 2 + len([a for a in ws.actions if a.priority == "high"])
    assert "| Organiser des formations régionales à la gestion de contenu du CHM | 4, 5 |" in text
    assert "décembre 2008 | haute | proposée |" in text


def test_render_other_views_as_text(ws: chmdocs.Workshop) -> None:
    agenda = chmdocs.render(ws, "agenda", date="2007-05-02")
    assert "09:00 – 09:30  Accueil des participants" in agenda
    participants = chmdocs.render(ws, "participant-list", columns="name, country")
    assert "Mme Aminata Diallo" in participants and "Sénégal" in participants
    assert "Benali" not in participants  # not published
    objectives = chmdocs.render(ws, "objective-list", format="markdown")
    assert objectives.startswith("1. Évaluation")
    groups = chmdocs.render(ws, "group-list", session="d2-facteurs")
    assert "Mme Anne Dupuis" in groups and "vision-g1" not in groups
    with pytest.raises(UsageError):
        chmdocs.render(ws, "no-such-view")
    with pytest.raises(UsageError):
        chmdocs.render(ws, "action-table", columns="title, colour")


def test_rendering_needs_no_sphinx() -> None:
    code = (
        "import sys, chmdocs\n"
        f"ws = chmdocs.load({str(DRAFT)!r})\n"
        "chmdocs.render(ws, 'action-table', format='markdown')\n"
        "print(sorted(m for m in ('sphinx', 'docutils') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_render_is_the_function_even_after_the_documents_were_built(tmp_path) -> None:  # type: ignore[no-untyped-def]
    chmdocs.build(REPO / "source", tmp_path, ["json"])  # imports every module
    assert callable(chmdocs.render)


def test_a_build_leaves_the_callers_garbage_collector_as_it_was(tmp_path: Path) -> None:
    """The build runs Python's collector less often (docutils trees are large
    and cyclic), and gives the calling program its own thresholds back."""
    import gc
    import shutil

    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-minimal", source)
    before = gc.get_threshold()
    gc.set_threshold(1234, 7, 3)
    try:
        chmdocs.build(source, tmp_path / "out", ["html"])
        assert gc.get_threshold() == (1234, 7, 3)
        # Nothing left frozen: the last environment can be collected again.
        assert gc.get_freeze_count() == 0
    finally:
        gc.set_threshold(*before)


def test_builds_in_one_process_link_static_files_by_their_own_checksums(tmp_path: Path) -> None:
    """Two builds of a site in one process, the second in another language:
    the pages name each static file by the checksum of the file published
    beside them (``?v=…``), not by the one the first build saw."""
    import io
    import re
    import shutil
    import zlib

    source = tmp_path / "source"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    conf = source / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nlanguage = "en"\n', encoding="utf-8")
    chmdocs.build(source, out, ["html"], warning=io.StringIO())
    page = (out / "html" / "agenda.html").read_text(encoding="utf-8")
    linked = dict(re.findall(r"_static/([\w.]+\.js)\?v=([0-9a-f]+)", page))
    assert "documentation_options.js" in linked
    for name, checksum in linked.items():
        content = (out / "html" / "_static" / name).read_bytes().replace(b"\r", b"")
        assert checksum == f"{zlib.crc32(content):08x}", name
