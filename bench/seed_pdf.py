"""The seed's PDFs: ``chmdocs build source -f pdf`` against rst2pdf alone on
the same documents.

"The same documents without chmdocs" are taken from chmdocs itself: one
build records each document exactly as it hands it to rst2pdf (read,
checked, views rendered, links resolved; its charts left as their titles
and its page template as a plain page); the reference run is then a
process that loads those documents and lays each out with rst2pdf's
``RstToPdf`` and rst2pdf's own default style, nothing of chmdocs imported.
The ratio is what chmdocs costs on top of rst2pdf's layout of the same
content: reading the sources, the checks, the views, its style sheets,
fonts and hyphenation, and publishing.

Whole processes, alternating, fresh output each time; then twice more into
the same output, with nothing changed and with a session renamed (what an
author's next ``make pdf`` costs: chmdocs lays out again only the PDFs that
changed); chmdocs with ``-j 2`` too (rst2pdf has no parallel mode); medians.
Run: .venv/bin/python bench/seed_pdf.py [RUNS]
"""

from __future__ import annotations

import json
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHMDOCS = str(Path(sys.executable).with_name("chmdocs"))


def record(folder: Path) -> list[str]:
    """Build the seed's PDFs once, keeping each document rst2pdf is given."""
    import io

    from docutils import frontend
    from docutils.parsers.rst import Parser
    from rst2pdf import createpdf

    import chmdocs

    kept: list[str] = []
    lay_out = createpdf.RstToPdf.createPdf
    set_up = createpdf.RstToPdf.__init__

    def noting(self: Any, *args: Any, **kwargs: Any) -> None:
        # The settings chmdocs gives rst2pdf (its style sheets, fonts, page
        # template…), for the reference run that uses them.
        self.chmdocs_settings = {
            key: value
            for key, value in kwargs.items()
            if isinstance(value, str | int | float | bool | list | type(None))
        }
        set_up(self, *args, **kwargs)

    def keeping(self: Any, *args: Any, doctree: Any = None, **kwargs: Any) -> Any:
        # A copy as it comes, before rst2pdf marks it up while laying it out.
        kept_tree = doctree.deepcopy()
        # docutils' own settings: Sphinx's hold its environment and configuration.
        kept_tree.settings = frontend.get_default_settings(Parser)
        kept_tree.settings.language_code = doctree.settings.language_code
        kept_tree.reporter = kept_tree.transformer = None
        for node in kept_tree.findall():
            node.document = kept_tree  # not the build's document, copied along
        without_chmdocs(kept_tree)
        name = f"{len(kept)}.doctree"
        (folder / name).write_bytes(pickle.dumps(kept_tree, pickle.HIGHEST_PROTOCOL))
        settings = json.dumps(self.chmdocs_settings, default=str)
        (folder / name).with_suffix(".json").write_text(settings, encoding="utf-8")
        kept.append(name)
        return lay_out(self, *args, doctree=doctree, **kwargs)

    createpdf.RstToPdf.createPdf = keeping  # type: ignore[method-assign]
    createpdf.RstToPdf.__init__ = noting  # type: ignore[method-assign]
    try:
        chmdocs.build(REPO / "source", folder / "out", ["pdf"], warning=io.StringIO())
    finally:
        createpdf.RstToPdf.createPdf = lay_out  # type: ignore[method-assign]
        createpdf.RstToPdf.__init__ = set_up  # type: ignore[method-assign]
    return kept


def without_chmdocs(doctree: Any) -> None:
    """What only chmdocs can lay out, made plain: a chart (drawn by chmdocs
    with ReportLab's graphics) becomes its title; a page break to chmdocs'
    page template, a plain page break."""
    from docutils import nodes

    def chmdocs_own(node: Any) -> bool:
        return not type(node).__module__.startswith(("docutils", "sphinx"))

    for node in list(doctree.findall(nodes.Element)):
        if chmdocs_own(node):
            title = str(node.get("title") or "")
            node.replace_self(nodes.paragraph(title, title))
        elif isinstance(node, nodes.raw) and node.astext().startswith("PageBreak "):
            node.replace_self(nodes.raw("PageBreak", "PageBreak", format="pdf"))
    # The ids as the tree holds them now (they named nodes of the pages
    # before Sphinx put the document together, and views' placeholders).
    doctree.ids = {ident: node for node in doctree.findall(nodes.Element) for ident in node["ids"]}


def lay_out_alone(folder: Path, out: Path, styled: bool) -> None:
    """The reference run: rst2pdf alone on the recorded documents, with
    rst2pdf's default style, or (``styled``) the style sheets, fonts and
    settings chmdocs gave it, read from their files by rst2pdf itself."""
    from rst2pdf.createpdf import RstToPdf

    for number, path in enumerate(sorted(folder.glob("*.doctree"))):
        doctree = pickle.loads(path.read_bytes())
        settings = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if not styled:
            settings = {"sphinx": True, "language": settings.get("language", "fr")}
        RstToPdf(**settings).createPdf(doctree=doctree, output=str(out / f"{number}.pdf"))


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=True, capture_output=True)
    return time.perf_counter() - start


def pages(folder: Path) -> int:
    from pypdf import PdfReader

    published = [pdf for pdf in folder.rglob("*.pdf") if ".chmdocs" not in pdf.parts]
    return sum(len(PdfReader(pdf).pages) for pdf in published)


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="chmdocs-seed-pdf-") as scratch:
        recorded = Path(scratch) / "documents"
        recorded.mkdir()
        documents = record(recorded)
        labels = {
            "chmdocs": "chmdocs build source -f pdf",
            "chmdocs -j 2": "the same, -j 2",
            "chmdocs again": "the same again, nothing changed",
            "chmdocs renamed": "the same again, a session renamed",
            "styled": "rst2pdf alone, chmdocs' style sheets",
            "plain": "rst2pdf alone, its default style",
        }
        times: dict[str, list[float]] = {kind: [] for kind in labels}
        folders: dict[str, Path] = {}
        for run in range(runs):
            # The seed's sources, copied (a run renames a session in them).
            sources = Path(scratch) / f"sources-{run}"
            for folder in ("source", "templates"):
                shutil.copytree(REPO / folder, sources / folder)
            build = [CHMDOCS, "build", str(sources / "source"), "-f", "pdf", "-q"]
            for kind in times:
                if kind == "chmdocs renamed":
                    programme = sources / "source" / "programme.rst"
                    text = programme.read_text(encoding="utf-8")
                    renamed = text.replace("Accueil des participants", "Accueil et café")
                    programme.write_text(renamed, encoding="utf-8")
                if kind in ("chmdocs again", "chmdocs renamed"):  # where the first one wrote
                    folders[kind] = out = folders["chmdocs"]
                else:
                    folders[kind] = out = Path(scratch) / f"{kind.replace(' ', '')}-{run}"
                    out.mkdir()
                if kind.startswith("chmdocs"):
                    command = [*build, "-o", str(out), *(["-j", "2"] if "-j" in kind else [])]
                else:
                    command = [sys.executable, __file__, "--alone", kind, str(recorded), str(out)]
                times[kind].append(timed(command))
        medians = {kind: statistics.median(values) for kind, values in times.items()}
        print(f"runs: {runs}, documents: {len(documents)}")
        for kind, label in labels.items():
            print(f"{label:<40} median {medians[kind]:.2f} s  ({pages(folders[kind])} pages)")
        for ours in ("chmdocs", "chmdocs -j 2", "chmdocs again", "chmdocs renamed"):
            for kind in ("styled", "plain"):
                ratio = medians[ours] / medians[kind]
                print(f"{labels[ours]} / {labels[kind]}: {ratio:.2f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--alone"]:
        lay_out_alone(Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[2] == "styled")
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
