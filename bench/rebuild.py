"""Rebuilds of a large project: chmdocs against plain Sphinx, one edit at a time.

bench/run.py times one rebuild of each kind per run, right after a full
build. At 1,000 pages a full build takes minutes, so here each tool builds
the project once (or finds it built in ``--keep``), then the same edit is
made to both and they rebuild alternately, ``--runs`` times; the table gives
the medians, the peak memory and the pages each rewrote. After each of
chmdocs' rebuilds the bench checks the views show the edit.

    .venv/bin/python bench/rebuild.py --pages 1000 --keep /tmp/b1k --runs 5
    .venv/bin/python bench/rebuild.py --pages 1000 --keep /tmp/b1k --edit sentence

Edits: ``title`` renames the first session and action of a page (both views
show them), ``sentence`` rewords a sentence of a session's text (no view
shows it), ``none`` rebuilds with nothing changed.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from generate import generate
from run import compile_chmdocs, html, measure, pages_written_since

KINDS = ("chmdocs", "plain")


def retitle(source: Path, page: int, tag: str) -> None:
    """The first session's and action's titles of ``page`` made new, every time."""
    path = source / f"page-{page:04d}.rst"
    text = path.read_text(encoding="utf-8")
    # (A session directive in chmdocs' text, a rubric in the plain twin's.)
    text = re.sub(r"(\.\. [a-z]+:: Séance 0 )[^:\n]*:", rf"\g<1>{tag} :", text, count=1)
    text = re.sub(r"(\.\. [a-z]+:: Action 0 )[^:\n]*:", rf"\g<1>{tag} :", text, count=1)
    path.write_text(text, encoding="utf-8")


def reword(source: Path, page: int, tag: str) -> None:
    """One sentence of the first session's text made new, every time."""
    path = source / f"page-{page:04d}.rst"
    text = path.read_text(encoding="utf-8")
    sentence = r"(présentent leurs résultats )(?:et en discutent ensemble|\([^)\n]*\))\."
    path.write_text(re.sub(sentence, rf"\g<1>({tag}).", text, count=1), encoding="utf-8")


EDITS = {"title": retitle, "sentence": reword, "none": None}


def prepared(folder: Path, pages: int) -> None:
    """The project and its plain twin, each built once (kept when found)."""
    for kind in KINDS:
        source, out = folder / kind, folder / f"out-{kind}"
        if not (source / "conf.py").is_file():
            generate(source, pages, 10, 10, kind)
        if not (out / "html" / "index.html").is_file():
            seconds, memory = measure(html(kind, source, out))
            print(f"{kind}: built once in {seconds:.1f} s, {memory:.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--keep", type=Path, required=True, help="where the projects are kept")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edit", choices=sorted(EDITS), default="title")
    options = parser.parse_args()
    compile_chmdocs()
    prepared(options.keep, options.pages)
    page = options.pages // 3
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    memory: dict[str, list[float]] = {kind: [] for kind in KINDS}
    written: dict[str, list[str]] = {}
    for run in range(options.runs):
        tag = f"bench{time.time_ns() % 10**9}r{run}"
        for kind in KINDS:
            source, out = options.keep / kind, options.keep / f"out-{kind}"
            edit = EDITS[options.edit]
            if edit is not None:
                edit(source, page, tag)
            before = time.time()
            time.sleep(0.05)  # modification times apart from the build before
            took, peak = measure(html(kind, source, out))
            seconds[kind].append(took)
            memory[kind].append(peak)
            written[kind] = pages_written_since(out / "html", before)
            if kind == "chmdocs" and options.edit == "title":
                for view in ("agenda", "final-document"):
                    shown = (out / "html" / f"{view}.html").read_text(encoding="utf-8")
                    assert tag in shown, f"chmdocs: {view} misses the new title"
    chm, plain = (statistics.median(seconds[kind]) for kind in KINDS)
    print(f"\n## {options.pages} pages, edit: {options.edit}, {options.runs} runs, medians\n")
    print("| | chmdocs | plain Sphinx | chmdocs/plain |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| rebuild | {chm:.2f} s | {plain:.2f} s | {chm / plain:.2f}× |")
    mem_chm, mem_plain = (statistics.median(memory[kind]) for kind in KINDS)
    print(f"| peak memory | {mem_chm:.0f} MiB | {mem_plain:.0f} MiB | {mem_chm / mem_plain:.2f}× |")
    for kind in KINDS:
        print(f"\npages rewritten ({kind}): {len(written[kind])}: {', '.join(written[kind])}")


if __name__ == "__main__":
    main()
