"""The seed's PDF benchmark compares like with like: its references lay out
the very documents chmdocs laid out (bench/seed_pdf.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from pypdf import PdfReader


def load_seed_benchmark() -> object:
    spec = importlib.util.spec_from_file_location("seed_pdf", REPO / "bench" / "seed_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rst2pdf_s_sphinx_builder_lays_out_what_rst2pdf_alone_does(tmp_path: Path) -> None:
    bench = load_seed_benchmark()
    recorded = tmp_path / "documents"
    recorded.mkdir()
    documents = bench.record(recorded)  # type: ignore[attr-defined]
    assert len(documents) == 4  # the agenda, the synthesis note, the final document, the sheet

    # Each reference in a process of its own, as the benchmark runs them:
    # this one has chmdocs' changes to rst2pdf's layout loaded.
    alone = tmp_path / "alone"
    alone.mkdir()
    script = str(REPO / "bench" / "seed_pdf.py")
    command = [sys.executable, script, "--alone", "styled", str(recorded), str(alone)]
    subprocess.run(command, capture_output=True, check=True)

    project = tmp_path / "project"
    bench.sphinx_project(recorded, project, True)  # type: ignore[attr-defined]
    built = tmp_path / "built"
    command = [sys.executable, "-m", "sphinx", "-b", "pdf", "-q", str(project), str(built)]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "WARNING" not in result.stderr

    for number in range(len(documents)):
        by_sphinx = PdfReader(built / f"{number}.pdf")
        by_rst2pdf = PdfReader(alone / f"{number}.pdf")
        assert len(by_sphinx.pages) == len(by_rst2pdf.pages)
        assert [page.extract_text() for page in by_sphinx.pages] == [
            page.extract_text() for page in by_rst2pdf.pages
        ]
