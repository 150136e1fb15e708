"""The chmdocs command: what it writes and its exit status."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import TESTS

from chmdocs.app.cli import main


def project(tmp_path: Path, root: str) -> Path:
    target = tmp_path / root
    shutil.copytree(TESTS / "roots" / f"test-{root}", target)
    return target


def test_build_writes_html_and_pdf(tmp_path: Path) -> None:
    source = project(tmp_path, "incremental")
    (source / "conf.py").write_text(
        'extensions = ["chmdocs"]\nlanguage = "en"\nchmdocs_documents = ["agenda"]\n'
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert (out / "html" / "index.html").exists()
    assert (out / "pdf" / "agenda.pdf").stat().st_size > 0


def test_warnings_fail_the_build_with_dash_w(tmp_path: Path) -> None:
    source = project(tmp_path, "views")  # has an objective nobody serves
    out = tmp_path / "out"
    runner = CliRunner()
    plain = runner.invoke(main, ["build", str(source), "-o", str(out / "a"), "-f", "html", "-q"])
    assert plain.exit_code == 0
    strict = runner.invoke(
        main, ["build", str(source), "-o", str(out / "b"), "-f", "html", "-W", "-q"]
    )
    assert strict.exit_code == 1
    assert "index.rst:" in strict.output and "[chmdocs.unserved-objective]" in strict.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 2


def test_a_failed_build_exits_1_without_a_traceback(tmp_path: Path) -> None:
    source = project(tmp_path, "pdf-failure")
    result = CliRunner().invoke(
        main, ["build", str(source), "-o", str(tmp_path / "o"), "-f", "pdf", "-q"]
    )
    assert result.exit_code == 1
    assert "rst2pdf failed to write agenda.pdf" in result.output
    assert "Traceback" not in result.output


def test_parallel_build(tmp_path: Path) -> None:
    source = project(tmp_path, "parallel")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(source), "-o", str(out), "-f", "html", "-j", "2", "-W", "-q"]
    )
    assert result.exit_code == 0, result.output
