"""What the command line prints: one log, no colours off a terminal, the
reader's folders only; formats written either way; a new project's theme."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TESTS


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chmdocs.app.cli", *args], cwd=cwd, capture_output=True, text=True,
        env=env, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "guessed_terminal",
    [{}, {"CI": "true"}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}],
    ids=["plain", "ci", "force-color"],
)
def test_one_log_without_colours_or_staging_paths(
    tmp_path: Path, guessed_terminal: dict[str, str]
) -> None:
    """Off a terminal the log is plain, even where Sphinx would guess one (CI)."""
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    with (source / "conf.py").open("a") as conf:
        conf.write('chmdocs_documents = ["index"]\n')
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FORCE_COLOR", "NO_COLOR")}
    env.update(guessed_terminal)
    result = run("build", str(source), "-o", "out", "-f", "html,pdf", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "\x1b[" not in output and "\r" not in output  # not a terminal: plain lines
    assert "staging" not in output and ".chmdocs" not in output
    assert output.count("Running Sphinx") == 1  # one log for html and pdf
    assert "chmdocs: writing pdf" in output and "out/html" in output
    assert (tmp_path / "out" / "html" / "index.html").is_file()
    assert list((tmp_path / "out" / "pdf").glob("*.pdf"))


def test_colours_when_asked_and_never_with_no_color(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    asked = run("build", str(source), "-o", "out", "-f", "html", "--color", cwd=tmp_path)
    assert "\x1b[" in asked.stdout + asked.stderr
    env = {**os.environ, "NO_COLOR": "1"}
    plain = run("build", str(source), "-o", "out", "-f", "html", cwd=tmp_path, env=env)
    assert "\x1b[" not in plain.stdout + plain.stderr


def test_a_format_list_with_a_wrong_name_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "-f", "html,word", cwd=tmp_path)
    assert result.returncode == 2 and "'word'" in result.stderr


def test_a_project_naming_no_theme_gets_chmdocs_theme(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    assert run("build", str(source), "-o", "out", "-f", "html", cwd=tmp_path).returncode == 0
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'class="chm-banner"' in page and "alabaster" not in page
    (source / "conf.py").write_text(
        'extensions = ["chmdocs"]\nlanguage = "en"\nhtml_theme = "alabaster"\n'
    )
    assert run("build", str(source), "-o", "out", "-f", "html", cwd=tmp_path).returncode == 0
    assert "alabaster" in (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")


def test_catalogs_name_the_project(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    assert run("gettext", str(source), "-o", "pot", cwd=tmp_path).returncode == 0
    header = next((tmp_path / "pot").glob("*.pot")).read_text(encoding="utf-8")
    assert "Project name not set" not in header


def test_catalogs_leave_no_personal_data_beside_them(tmp_path: Path) -> None:
    """The catalogs go to translators: the doctrees (e-mail, phone) never go there."""
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-participants", source)
    assert run("gettext", str(source), "-o", "pot", cwd=tmp_path).returncode == 0
    written = [p for p in (tmp_path / "pot").rglob("*") if p.is_file()]
    assert written and all(p.suffix == ".pot" for p in written), written
    for path in written:
        assert "@example.org" not in path.read_text(encoding="utf-8"), path


def test_one_site_in_two_languages(tmp_path: Path) -> None:
    import re

    from conftest import REPO

    result = run("build", str(REPO / "source"), "-o", "out", "-l", "fr", "-l", "en", "-f", "html",
                 "-q", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out" / "html"
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="fr/index.html"' in root and 'href="en/index.html"' in root
    assert "Français" in root and "English" in root
    # Each language's link names the workshop as that language's site does.
    assert '<li lang="fr"><a href="fr/index.html"' in root
    assert "Atelier de réflexion sur le partenariat CHM 2008-2012 — Bruxelles" in root
    assert "Reflection workshop on the CHM partnership 2008-2012 — Brussels" in root
    for language, other in (("fr", "en"), ("en", "fr")):
        for page in (site / language).glob("*.html"):
            text = page.read_text(encoding="utf-8")
            if page.name in ("search.html", "genindex.html"):
                continue
            link = f'<link rel="alternate" hreflang="{other}" href="../{other}/{page.name}" />'
            assert link in text, page
            assert (site / other / page.name).is_file()
            assert re.search(rf'<a href="../{other}/{page.name}" hreflang="{other}"', text)
    assert "Programme" in (site / "en" / "agenda.html").read_text(encoding="utf-8")


def test_the_program_ends_quickly_with_every_output_whole(tmp_path: Path) -> None:
    """The ``chmdocs`` program skips the collector's passes at exit; what it
    wrote and printed is whole all the same, and it is the program installed."""
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "chmdocs"]
    assert script.value == "chmdocs.app.cli:run"
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    result = run("build", str(source), "-o", "out", "-f", "html,json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "build succeeded" in result.stdout + result.stderr
    import json

    assert json.loads((tmp_path / "out" / "chmdocs.json").read_text(encoding="utf-8"))
    assert (
        (tmp_path / "out" / "html" / "index.html")
        .read_text(encoding="utf-8")
        .rstrip()
        .endswith("</html>")
    )
    failed = run("build", str(tmp_path / "missing"), "-o", "out", cwd=tmp_path)
    assert failed.returncode != 0 and "chmdocs:" in failed.stderr
