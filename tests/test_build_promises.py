"""What every build promises (SPEC.md): it reports every problem the sources
have now, a failed build changes nothing under OUTDIR, an interrupted one
leaves no half-written file, and two builds never write one OUTDIR at once."""

from __future__ import annotations

import fcntl
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS

import chmdocs
from chmdocs.app.cli import main
from chmdocs.core.publish import UNFINISHED, WORKDIR, pdf_problem


def published(out: Path) -> dict[str, bytes]:
    """Every file a reader of OUTDIR finds (chmdocs' working area left out)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.relative_to(out).as_posix().startswith(f"{WORKDIR}/")
    }


def build(source: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(out), "-q", *args])
    return result.exit_code, result.output


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "more.rst").write_text("More\n====\n\nProse.\n", encoding="utf-8")
    index = source / "index.rst"
    index.write_text(index.read_text() + "\n.. toctree::\n\n   more\n", encoding="utf-8")
    return source


#: Ways of breaking a project: (file, text to add), each a different class of
#: problem: a check across the workshop, docutils markup, an included file,
#: a bad option value.
BREAKAGES = {
    "overlap": (
        "more.rst",
        "\n.. session:: Clash\n   :id: clash\n   :start: 09:10\n   :end: 09:20\n",
    ),
    "markup": ("more.rst", "\nA :nosuchrole:`x` here.\n"),
    "included": ("more.rst", "\n.. include:: part.txt\n"),
    "option": ("more.rst", "\n.. objective:: Bad\n   :id: bad id\n"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_w_fails_every_time_until_the_problem_is_fixed(minimal: Path, breakage: str) -> None:
    out = minimal.parent / "out"
    assert build(minimal, out, "-W", "-f", "html")[0] == 0
    (minimal / "part.txt").write_text("Included :badrole:`x`.\n", encoding="utf-8")
    name, text = BREAKAGES[breakage]
    page = minimal / name
    good = page.read_text(encoding="utf-8")
    page.write_text(good + text, encoding="utf-8")
    first = build(minimal, out, "-W", "-f", "html")
    second = build(minimal, out, "-W", "-f", "html")
    assert first[0] == 1 and second[0] == 1, (first, second)
    assert "WARNING" in second[1] or "ERROR" in second[1]
    # A lenient build publishes despite the warning; -W after it still fails.
    assert build(minimal, out, "-f", "html")[0] == 0
    assert build(minimal, out, "-W", "-f", "html")[0] == 1
    page.write_text(good, encoding="utf-8")
    assert build(minimal, out, "-W", "-f", "html") == (0, "")


def test_a_failed_build_changes_nothing_under_outdir(seed_outdir: tuple[Path, Path]) -> None:
    source, out = seed_outdir
    before = published(out)
    programme = source / "programme.rst"
    programme.write_text(
        programme.read_text(encoding="utf-8").replace(":end: 09.30", ":end: 10.30", 1),
        encoding="utf-8",
    )
    assert build(source, out, "-W", "-f", "all")[0] == 1
    assert published(out) == before


def test_a_full_disk_fails_the_build_and_keeps_the_good_files(
    seed_outdir: tuple[Path, Path],
) -> None:
    source, out = seed_outdir
    before = published(out)
    command = (
        f"trap '' XFSZ; ulimit -f 120; exec {sys.executable} -m chmdocs.app.cli build "
        f"{source} -o {out} -f all -q"
    )
    run = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "File too large" in run.stderr  # the disk, not anything else, stopped it
    assert "Traceback" not in run.stderr
    assert published(out) == before
    # Room again: the next build is whole.
    assert build(source, out, "-f", "pdf")[0] == 0
    for pdf in (out / "pdf").glob("*.pdf"):
        assert pdf_problem(pdf) is None


def test_a_build_while_another_holds_outdir_is_refused(minimal: Path) -> None:
    out = minimal.parent / "out"
    assert build(minimal, out, "-f", "html")[0] == 0
    before = published(out)
    with (out / WORKDIR / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        code, output = build(minimal, out, "-f", "html")
    assert code == 1 and "another build is writing" in output
    assert published(out) == before


def test_two_builds_at_once_never_publish_a_broken_file(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO / "source", source)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "chmdocs.app.cli", "build", str(source), "-o", str(out)]
    runs = [
        subprocess.Popen([*command, "-f", "pdf", "-q"], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(run.wait(timeout=300), run.stderr.read() if run.stderr else "") for run in runs]
    assert any(code == 0 for code, _err in results), results
    for code, err in results:
        assert code == 0 or "another build is writing" in err, results
    for pdf in (out / "pdf").glob("*.pdf"):
        assert pdf_problem(pdf) is None


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_leaves_no_half_written_file(
    seed_outdir: tuple[Path, Path], signum: int
) -> None:
    source, out = seed_outdir
    before = published(out)
    for page in source.glob("*.rst"):
        page.write_text(page.read_text(encoding="utf-8") + "\nAdded.\n", encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "chmdocs.app.cli", "build", str(source), "-o", str(out), "-q"],
        stderr=subprocess.PIPE,
        text=True,
    )
    marker = out / WORKDIR / "unfinished"
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)
    run.send_signal(signum)
    code = run.wait(timeout=120)
    assert code != 0
    stray = [
        p for p in published(out) if Path(p).name.startswith(".") and Path(p).name != ".buildinfo"
    ]
    assert not stray
    assert published(out) == before
    # The next build starts afresh and is whole.
    assert build(source, out, "-f", "html", "-f", "pdf")[0] == 0
    assert "Added." in (out / "html" / "agenda.html").read_text(encoding="utf-8")
    for pdf in (out / "pdf").glob("*.pdf"):
        assert pdf_problem(pdf) is None


def test_rst2pdf_problems_are_warnings_at_their_line(minimal: Path) -> None:
    (minimal / "conf.py").write_text(
        'extensions = ["chmdocs"]\nlanguage = "en"\nchmdocs_documents = ["index"]\n'
        'pdf_stylesheets = ["chmdocs", "nosuchstyle"]\n',
        encoding="utf-8",
    )
    index = minimal / "index.rst"
    lines = index.read_text(encoding="utf-8").count("\n")
    index.write_text(index.read_text() + "\n.. math::\n\n   E = mc^2\n", encoding="utf-8")
    warnings = io.StringIO()
    chmdocs.build(minimal, minimal.parent / "out", ["pdf"], warning=warnings)
    text = warnings.getvalue()
    if "matplotlib" in text:
        assert f"index.rst:{lines + 2}: WARNING:" in text
    assert "conf.py:4: WARNING: rst2pdf: Can't find stylesheet nosuchstyle" in text
    with pytest.raises(chmdocs.BuildError):
        chmdocs.build(
            minimal, minimal.parent / "out", ["pdf"], warning=io.StringIO(), warning_is_error=True
        )


def test_pdf_problem_tells_a_whole_pdf_from_a_cut_one(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(TESTS / "roots" / "test-long-day", source)
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    whole = next((tmp_path / "out" / "pdf").glob("*.pdf")).read_bytes()
    path = tmp_path / "x.pdf"
    for cut in (len(whole) // 2, len(whole) - 30, 10, 0):
        path.write_bytes(whole[:cut])
        assert pdf_problem(path) is not None, cut
    path.write_bytes(whole)
    assert pdf_problem(path) is None
    assert path.stat().st_size == len(whole)


def test_a_build_after_one_that_broke_off_reuses_none_of_its_half_written_files(
    seed_outdir: tuple[Path, Path],
) -> None:
    source, out = seed_outdir
    assert build(source, out, "-f", "html", "-f", "pdf")[0] == 0
    # What a build killed while writing leaves: its marker, and any file of
    # the working area (doctrees, environment, style sheets, images, staged
    # pages) cut short.
    root = out / WORKDIR
    (root / UNFINISHED).touch()
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name != "lock":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    code, output = build(source, out, "-f", "html", "-f", "pdf")
    assert code == 0, output
    for page in (out / "html").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page
    pdfs = sorted((out / "pdf").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert pdf_problem(pdf) is None, pdf
