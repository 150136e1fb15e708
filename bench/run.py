"""chmdocs against plain Sphinx on the same text: the benchmark.

For each size it generates a project and its plain twin (bench/generate.py),
then times whole processes, chmdocs and plain Sphinx alternating, and prints
the medians and the ratios to plain Sphinx:

- full HTML build (fresh output), and its peak memory;
- full PDF build (chmdocs: the agenda and the final document's action table);
- JSON export (``chmdocs build -f json``, fresh);
- incremental rebuild after one page changes (the bench checks that the new
  session and action titles appear on the agenda and action-table pages);
- rebuild with nothing changed;
- incremental rebuild after one sentence of a session's text changes (the
  bench checks the sentence is on its page, and lists the pages each tool
  rewrote, by their modification times);
- full HTML build with ``-j 2``.

With ``--needs``, sphinx-needs reads the same objects as needs (the two
views as needtables) and takes part in every HTML measure: give the
``sphinx-build`` of an environment where sphinx-needs is installed, or none
when it is installed beside chmdocs.

    .venv/bin/python bench/run.py                       # 10 and 100 pages, 3 runs
    .venv/bin/python bench/run.py --pages 1000 --runs 1 --no-pdf
    python -m venv /tmp/needs && /tmp/needs/bin/pip install sphinx==9.0.4 sphinx-needs==9.1.0
    .venv/bin/python bench/run.py --pages 100 --no-pdf --needs /tmp/needs/bin/sphinx-build
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

BIN = Path(sys.executable).parent
CHMDOCS = str(BIN / "chmdocs")
SPHINX = str(BIN / "sphinx-build")


def measure(arguments: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(arguments)}\n{errors}")
    return elapsed, usage.ru_maxrss / 1024


def chmdocs_build(source: Path, out: Path, fmt: str, *extra: str) -> list[str]:
    return [CHMDOCS, "build", str(source), "-o", str(out), "-f", fmt, "-q", *extra]


def sphinx_build(
    source: Path, out: Path, builder: str, *extra: str, program: str = SPHINX
) -> list[str]:
    doctrees = str(out / ".doctrees")
    return [program, "-q", "-b", builder, "-d", doctrees, str(source), str(out / builder), *extra]


#: The sphinx-build with sphinx-needs, when the bench compares with it.
NEEDS_SPHINX: str | None = None


def html(kind: str, source: Path, out: Path, *extra: str) -> list[str]:
    if kind == "chmdocs":
        return chmdocs_build(source, out, "html", *extra)
    if kind == "needs":
        assert NEEDS_SPHINX is not None
        return sphinx_build(source, out, "html", *extra, program=NEEDS_SPHINX)
    return sphinx_build(source, out, "html", *extra)


def touch_page(source: Path, page: int, tag: str) -> None:
    """Rename the first session and action of one page, as an author would."""
    path = source / f"page-{page:04d}.rst"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"Séance 0 de la page {page} :", f"Séance 0 {tag} :", 1)
    text = text.replace(f"Action 0 de la page {page} :", f"Action 0 {tag} :", 1)
    path.write_text(text, encoding="utf-8")


def change_sentence(source: Path, page: int, tag: str) -> None:
    """Reword one sentence of a session's text, as an author would: no title changes."""
    path = source / f"page-{page:04d}.rst"
    text = path.read_text(encoding="utf-8")
    sentence = "présentent leurs résultats et en discutent ensemble."
    path.write_text(text.replace(sentence, f"présentent leurs résultats ({tag}).", 1), "utf-8")


def pages_written_since(folder: Path, moment: float) -> list[str]:
    """The HTML pages of ``folder`` written after ``moment``."""
    return sorted(p.name for p in folder.glob("*.html") if p.stat().st_mtime > moment)


Row = dict[str, list[float]]


def run_size(
    pages: int, sessions: int, runs: int, with_pdf: bool
) -> tuple[dict[str, Row], dict[str, str]]:
    kinds = ["chmdocs", "plain", *(["needs"] if NEEDS_SPHINX else [])]
    rows: dict[str, Row] = {kind: {} for kind in kinds}
    notes: dict[str, str] = {}

    def record(row: Row, name: str, value: float) -> None:
        row.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory(prefix="chmdocs-bench-") as scratch:
        root = Path(scratch)
        for run in range(runs):
            # Fresh sources each run: the incremental step edits one page.
            for kind in kinds:
                generate(root / kind, pages, sessions, sessions, kind)
            for kind in kinds:  # alternating, in the same run
                source = root / kind
                out = root / f"out-{kind}-{run}"
                shutil.rmtree(out, ignore_errors=True)
                row = rows[kind]
                seconds, memory = measure(html(kind, source, out))
                record(row, "full HTML build", seconds)
                record(row, "peak memory, full HTML (MiB)", memory)
                tag = f"renommée {run}"
                touch_page(source, pages // 2, tag)
                record(row, "incremental, one page changed", measure(html(kind, source, out))[0])
                if kind != "plain":
                    stale = [
                        page
                        for page in ("agenda", "final-document")
                        if tag not in (out / "html" / f"{page}.html").read_text(encoding="utf-8")
                    ]
                    # chmdocs' views must be right; another tool's are reported as found.
                    assert kind != "chmdocs" or not stale, f"chmdocs: {stale} missed the change"
                    notes[f"views right after the incremental build ({kind})"] = (
                        f"no: {', '.join(stale)} still show the old titles" if stale else "yes"
                    )
                record(row, "no-change rebuild", measure(html(kind, source, out))[0])
                before = time.time()
                time.sleep(0.05)  # modification times apart from the build before
                change_sentence(source, pages // 3, f"reformulée {run}")
                record(
                    row, "incremental, one sentence changed", measure(html(kind, source, out))[0]
                )
                written = pages_written_since(out / "html", before)
                notes[f"pages rewritten after a sentence changed ({kind})"] = (
                    f"{len(written)}: {', '.join(written[:6])}{' …' if len(written) > 6 else ''}"
                )
                page_text = (out / "html" / f"page-{pages // 3:04d}.html").read_text("utf-8")
                assert f"reformulée {run}" in page_text, "the changed sentence is not on its page"
                parallel = root / f"out-{kind}-{run}-j2"
                record(
                    row,
                    "full HTML build, -j 2",
                    measure(html(kind, source, parallel, "-j", "2"))[0],
                )
                if kind == "chmdocs":
                    record(
                        row,
                        "JSON export",
                        measure(chmdocs_build(source, root / f"json-{run}", "json"))[0],
                    )
                if with_pdf and kind != "needs":
                    pdf_out = root / f"pdf-{kind}-{run}"
                    command = (
                        chmdocs_build(source, pdf_out, "pdf")
                        if kind == "chmdocs"
                        else sphinx_build(source, pdf_out, "pdf")
                    )
                    record(row, "full PDF build", measure(command)[0])
                    key = "PDF pages, chmdocs (agenda, final document)"
                    if kind == "plain":
                        key = "PDF pages, plain rst2pdf (the whole text once)"
                    notes[key] = pdf_pages(pdf_out / "pdf")
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(parallel, ignore_errors=True)
    return rows, notes


def pdf_pages(folder: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    counts = [f"{p.stem} {len(PdfReader(p).pages)}" for p in sorted(folder.glob("*.pdf"))]
    return ", ".join(counts)


def report(
    pages: int, sessions: int, runs: int, rows: dict[str, Row], notes: dict[str, str]
) -> None:
    objects = pages * sessions * 2
    print(
        f"\n## {pages} pages × ({sessions} sessions + {sessions} actions) = {objects} objects,"
        f" {runs} run(s), {os.cpu_count()} cores, medians\n"
    )
    chm, plain, needs = rows["chmdocs"], rows["plain"], rows.get("needs")
    head = "| measure | chmdocs | plain Sphinx |"
    rule = "| --- | ---: | ---: |"
    if needs is not None:
        head += " sphinx-needs |"
        rule += " ---: |"
    head += " chmdocs/plain |"
    rule += " ---: |"
    if needs is not None:
        head += " chmdocs/needs |"
        rule += " ---: |"
    print(head)
    print(rule)
    full = statistics.median(chm["full HTML build"])
    for name, values in chm.items():
        unit = "" if "MiB" in name else " s"
        mine = statistics.median(values)
        cells = [f"{mine:.2f}{unit}"]
        others = [plain] if needs is None else [plain, needs]
        bases = [statistics.median(o[name]) if name in o else None for o in others]
        cells += [f"{b:.2f}{unit}" if b else "—" for b in bases]
        ratios = [f"{mine / b:.2f}×" if b else "—" for b in bases]
        if name.startswith(("incremental", "no-change", "JSON")):
            ratios[0] += f" ({mine / full:.2f}× full)"
        print(f"| {name} | {' | '.join(cells + ratios)} |")
    for name, value in notes.items():
        print(f"\n{name}: {value}")


def compile_chmdocs() -> None:
    """chmdocs' modules compiled to bytecode, as pip leaves an installed package
    (and Sphinx in the virtual environment): an editable install under
    PYTHONDONTWRITEBYTECODE would compile them again in every process."""
    import chmdocs

    package = Path(chmdocs.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="chmdocs against plain Sphinx on the same text")
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--sessions", type=int, default=10, help="sessions and actions per page")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF builds")
    parser.add_argument(
        "--needs",
        nargs="?",
        const=SPHINX,
        metavar="SPHINX_BUILD",
        help="compare with sphinx-needs too (the sphinx-build of an environment holding it)",
    )
    args = parser.parse_args()
    global NEEDS_SPHINX
    if args.needs:
        check = [str(Path(args.needs).parent / "python"), "-c", "import sphinx_needs"]
        if subprocess.run(check, capture_output=True).returncode != 0:
            raise SystemExit(
                f"--needs: no sphinx-needs beside {args.needs} (pip install sphinx-needs)"
            )
        NEEDS_SPHINX = args.needs
    compile_chmdocs()
    totals: dict[int, float] = {}
    for pages in args.pages:
        rows, notes = run_size(pages, args.sessions, args.runs, not args.no_pdf)
        report(pages, args.sessions, args.runs, rows, notes)
        totals[pages] = statistics.median(rows["chmdocs"]["full HTML build"])
    sizes = sorted(totals)
    for small, large in itertools.pairwise(sizes):
        growth = totals[large] / totals[small]
        print(
            f"\nfull HTML build, {large} pages / {small} pages: {growth:.1f}× the time "
            f"for {large / small:.0f}× the objects"
        )


if __name__ == "__main__":
    main()
