"""Untrusted sources: author text is escaped; --safe refuses what brings content in."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import TESTS, html_text

import chmdocs
from chmdocs.core.errors import BuildError


@pytest.fixture
def contribution(tmp_path: Path) -> Path:
    for name in ("test-untrusted", "test-untrusted-outside"):
        shutil.copytree(TESTS / "roots" / name, tmp_path / name)
    return tmp_path / "test-untrusted"


def test_safe_build_runs_no_contributor_code_and_refuses_every_inclusion(
    contribution: Path, tmp_path: Path
) -> None:
    warnings = io.StringIO()
    chmdocs.build(contribution, tmp_path / "out", ["html"], safe=True, warning=warnings)
    assert not (contribution / "conf-py-ran").exists()
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    for leaked in ("SECRET", "<script>alert", "onerror=alert(1)>", "tracker.png", "<b>Evil"):
        assert leaked not in page
    assert not list((tmp_path / "out" / "html").rglob("secret*"))
    refused = warnings.getvalue()
    for line, what in (
        (8, "the raw directive"),
        (12, "the include directive"),
        (14, "the literalinclude directive"),
        (16, "a csv-table read from a file or URL"),
        (19, "the remote image"),
        (21, "the image '../test-untrusted-outside/secret.png' from outside"),
        (23, "the :download: role"),
    ):
        assert f"index.rst:{line}: WARNING: {what}" in refused
    assert refused.count("[chmdocs.safe]") == 7
    # The contributor's plain settings still apply: a French document.
    assert "Mardi 1 janvier 2030" in html_text(tmp_path / "out" / "html" / "index.html")


def test_safe_build_of_pdf_and_exports(contribution: Path, tmp_path: Path) -> None:
    (contribution / "agenda.rst").write_text("Agenda\n======\n\n.. agenda::\n")
    index = contribution / "index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   agenda\n")
    chmdocs.build(contribution, tmp_path / "out", ["pdf", "json"], safe=True, warning=io.StringIO())
    assert (tmp_path / "out" / "pdf" / "agenda.pdf").stat().st_size > 0
    assert not (contribution / "conf-py-ran").exists()


def test_author_text_is_escaped_in_every_build(contribution: Path, tmp_path: Path) -> None:
    (contribution / "conf.py").write_text('extensions = ["chmdocs"]\nlanguage = "en"\n')
    (contribution / "docutils.conf").unlink()
    # Keep the workshop and the session; drop the inclusions a trusted build would run.
    index = contribution / "index.rst"
    head, rest = index.read_text().split(".. raw::")
    index.write_text(head + rest[rest.index(".. session::") :])
    chmdocs.build(contribution, tmp_path / "out", ["html"], warning=io.StringIO())
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;i&gt;Someone&lt;/i&gt;" in page


def test_a_safe_build_needs_no_conf_py(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.rst").write_text("Title\n=====\n\n.. workshop:: W\n   :start: 2030-01-01\n")
    chmdocs.build(source, tmp_path / "out", ["html"], safe=True, warning=io.StringIO())
    with pytest.raises(BuildError):
        chmdocs.build(source, tmp_path / "out2", ["html"], warning=io.StringIO())
