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

A second reference is rst2pdf as a Sphinx project uses it, its own Sphinx
builder (``sphinx-build -b pdf``), on the same recorded documents: what
plain Sphinx is to the HTML benchmark (bench/run.py). Each document is a
source file Sphinx reads through a parser that unpickles it, so the run
pays Sphinx's start, its reading machinery and rst2pdf's builder, and not
the parsing of reStructuredText (the recorded documents have none left).

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


#: The Sphinx reference's conf.py: rst2pdf's builder, and a parser that
#: reads a recorded document back (a pickled doctree, base64 text).
REFERENCE_CONF = """
import base64, json, pickle
from pathlib import Path

from docutils.parsers import Parser

extensions = ["rst2pdf.pdfbuilder"]
language = "fr"
root_doc = "0"
suppress_warnings = ["toc.not_included"]  # each document is a PDF of its own
pdf_documents = json.loads(Path(__file__).with_name("documents.json").read_text("utf-8"))
# What the recorded documents already hold, or what chmdocs does not add.
pdf_use_toc = pdf_use_index = pdf_use_modindex = pdf_use_coverpage = False


class RecordedDocument(Parser):
    supported = ("recorded",)

    def parse(self, inputstring, document):
        recorded = pickle.loads(base64.b64decode(inputstring))
        document.extend(recorded.children)
        for ident, node in recorded.ids.items():
            document.ids.setdefault(ident, node)
        document.nameids.update(recorded.nameids)


def setup(app):
    app.add_source_suffix(".doctree", "recorded")
    app.add_source_parser(RecordedDocument)
"""

#: RstToPdf's arguments, as the ``pdf_*`` settings of rst2pdf's builder.
BUILDER_SETTINGS = {
    "stylesheets": "pdf_stylesheets",
    "language": "pdf_language",
    "breaklevel": "pdf_break_level",
    "breakside": "pdf_breakside",
    "font_path": "pdf_font_path",
    "style_path": "pdf_style_path",
    "fit_mode": "pdf_fit_mode",
    "inline_footnotes": "pdf_inline_footnotes",
    "splittables": "pdf_splittables",
    "repeat_table_rows": "pdf_repeat_table_rows",
    "def_dpi": "pdf_default_dpi",
    "real_footnotes": "pdf_real_footnotes",
    "numbered_links": "pdf_use_numbered_links",
    "background_fit_mode": "pdf_fit_background_mode",
    "baseurl": "pdf_baseurl",
    "section_header_depth": "section_header_depth",
    "toc_depth": "pdf_toc_depth",
    "smarty": "pdf_smartquotes",
}


def sphinx_project(folder: Path, project: Path, styled: bool) -> None:
    """A Sphinx project of the recorded documents for rst2pdf's builder, each
    its own PDF with the settings chmdocs gave rst2pdf (``styled``) or
    rst2pdf's defaults."""
    import base64

    project.mkdir()
    documents = []
    for number, path in enumerate(sorted(folder.glob("*.doctree"))):
        text = base64.b64encode(path.read_bytes()).decode("ascii")
        (project / f"{number}.doctree").write_text(text, encoding="ascii")
        settings = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        options = {"pdf_language": settings.get("language", "fr")}
        if styled:
            for argument, value in settings.items():
                if argument in BUILDER_SETTINGS:
                    if isinstance(value, list):  # rst2pdf appends its folders while laying out
                        value = list(dict.fromkeys(value))
                    options[BUILDER_SETTINGS[argument]] = value
        documents.append([str(number), str(number), f"Document {number}", "", options])
    (project / "documents.json").write_text(json.dumps(documents), encoding="utf-8")
    (project / "conf.py").write_text(REFERENCE_CONF, encoding="utf-8")


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=True, capture_output=True)
    return time.perf_counter() - start


def pages(folder: Path) -> int:
    import logging

    from pypdf import PdfReader

    # rst2pdf's builder lays a document whose footer counts pages out twice
    # and writes both layouts into the one file (its second pass appends):
    # pypdf warns, and reads the last.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    published = [pdf for pdf in folder.rglob("*.pdf") if ".chmdocs" not in pdf.parts]
    return sum(len(PdfReader(pdf).pages) for pdf in published)


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="chmdocs-seed-pdf-") as scratch:
        recorded = Path(scratch) / "documents"
        recorded.mkdir()
        documents = record(recorded)
        projects = {kind: Path(scratch) / f"project-{kind}" for kind in ("styled", "plain")}
        for kind, project in projects.items():
            sphinx_project(recorded, project, kind == "styled")
        labels = {
            "chmdocs": "chmdocs build source -f pdf",
            "chmdocs -j 2": "the same, -j 2",
            "chmdocs again": "the same again, nothing changed",
            "chmdocs renamed": "the same again, a session renamed",
            "styled": "rst2pdf alone, chmdocs' style sheets",
            "plain": "rst2pdf alone, its default style",
            "sphinx styled": "sphinx-build -b pdf, chmdocs' style sheets",
            "sphinx plain": "sphinx-build -b pdf, its default style",
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
                elif kind.startswith("sphinx"):
                    project = projects[kind.split()[1]]
                    command = [sys.executable, "-m", "sphinx", "-b", "pdf", "-q"]
                    command += [str(project), str(out)]
                else:
                    command = [sys.executable, __file__, "--alone", kind, str(recorded), str(out)]
                times[kind].append(timed(command))
        medians = {kind: statistics.median(values) for kind, values in times.items()}
        print(f"runs: {runs}, documents: {len(documents)}")
        for kind, label in labels.items():
            print(f"{label:<44} median {medians[kind]:.2f} s  ({pages(folders[kind])} pages)")
        for ours in ("chmdocs", "chmdocs -j 2", "chmdocs again", "chmdocs renamed"):
            for kind in ("styled", "plain", "sphinx styled", "sphinx plain"):
                ratio = medians[ours] / medians[kind]
                print(f"{labels[ours]} / {labels[kind]}: {ratio:.2f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--alone"]:
        lay_out_alone(Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[2] == "styled")
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
