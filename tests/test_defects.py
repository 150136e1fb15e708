"""Bad input: every defect in tests/defects/ is reported at its file and line.

Each folder is a project with one defect and an ``expected`` file naming
where and what: ``index.rst:23 chmdocs.overlap``. No input may make a
traceback; the build goes on without -W and fails with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS

import chmdocs
from chmdocs.app.cli import main

DEFECTS = sorted(p for p in (TESTS / "defects").iterdir() if p.is_dir())


def expectation(project: Path) -> tuple[str, int, str]:
    where, subtype = (project / "expected").read_text().split()
    path, line = where.split(":")
    return path, int(line), subtype


def test_the_corpus_is_large_enough() -> None:
    assert len(DEFECTS) >= 30


@pytest.mark.parametrize("project", DEFECTS, ids=[p.name for p in DEFECTS])
def test_defect_is_reported_at_its_line(project: Path, tmp_path: Path) -> None:
    source = tmp_path / project.name
    shutil.copytree(project, source)
    path, line, subtype = expectation(source)
    findings = [f for f in chmdocs.api.check(source) if f.is_problem]
    reported = {(Path(f.path).name, f.line, f.type) for f in findings}
    assert (path, line, subtype) in reported, [f.as_text() for f in findings]
    # Only the defect itself is reported, once: each project has one.
    assert [f.type for f in findings] == [subtype], [f.as_text() for f in findings]


@pytest.mark.parametrize("project", DEFECTS, ids=[p.name for p in DEFECTS])
def test_build_goes_on_and_fails_only_under_w(project: Path, tmp_path: Path) -> None:
    source = tmp_path / project.name
    shutil.copytree(project, source)
    path, line, subtype = expectation(source)
    runner = CliRunner()
    lenient = runner.invoke(
        main, ["build", str(source), "-o", str(tmp_path / "a"), "-f", "html", "-q"]
    )
    assert lenient.exit_code == 0, lenient.output
    assert (tmp_path / "a" / "html" / "index.html").exists()
    strict = runner.invoke(
        main, ["build", str(source), "-o", str(tmp_path / "b"), "-f", "html", "-q", "-W"]
    )
    assert strict.exit_code == 1
    assert f"{path}:{line}: WARNING: " in strict.output
    assert f"[{subtype}]" in strict.output
    assert "Traceback" not in lenient.output + strict.output


def test_a_misspelt_id_gets_a_suggestion(tmp_path: Path) -> None:
    source = tmp_path / "p"
    shutil.copytree(TESTS / "defects" / "objective-link-misspelt", source)
    [finding] = [f for f in chmdocs.api.check(source) if f.is_problem]
    assert "names no objective 'ojb' (did you mean 'obj'?)" in finding.message
