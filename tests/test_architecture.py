"""The package's shape: the model stands alone, no module imports its way back
to itself, and the command line reports failures without tracebacks."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from chmdocs.app.cli import main

PACKAGE = REPO / "chmdocs"
HEAVY = ("sphinx", "docutils", "reportlab", "PIL", "icalendar", "jinja2", "babel", "rst2pdf")


def imported_modules(code: str) -> set[str]:
    """Top-level names of every module a fresh interpreter loads to run ``code``."""
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in run.stdout.split()}


@pytest.mark.parametrize(
    "code",
    [
        "import chmdocs.model",
        "import chmdocs",
        "import chmdocs; chmdocs.__version__",
        "import chmdocs.core.exports.jsonfile",
        "import chmdocs.core.columns",
        "import chmdocs.core.model",
    ],
)
def test_the_model_and_the_json_load_no_heavy_package(code: str) -> None:
    assert not set(HEAVY) & imported_modules(code)


def test_loading_a_chmdocs_json_loads_no_heavy_package(tmp_path: Path) -> None:
    from chmdocs.core.exports import jsonfile
    from chmdocs.core.model import Workshop

    path = tmp_path / "chmdocs.json"
    path.write_text(jsonfile.dumps(Workshop(id="ws", title="W")), encoding="utf-8")
    loaded = imported_modules(f"import chmdocs; print(chmdocs.load({str(path)!r}).title)")
    assert not set(HEAVY) & loaded


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def import_nodes(path: Path) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of ``path`` (inside functions too), leaving out
    those made for type checking only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only
    ]


def imports_of(path: Path) -> set[str]:
    """chmdocs modules ``path`` imports."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        else:
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {name for name in found if name in MODULES}


def test_no_import_cycle_among_chmdocs_modules() -> None:
    graph = {name: imports_of(path) - {name} for name, path in MODULES.items()}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycles.append([*trail[trail.index(name) :], name])
            return
        for target in sorted(graph[name]):
            if target not in done:
                visit(target, [*trail, name])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        visit(name, [])
    assert not cycles, [" -> ".join(c) for c in cycles]
    # The model stands alone but for its labels (messages: gettext markers only).
    assert graph["chmdocs.core.model"] <= {"chmdocs.core.messages"}


# -- the layers are the folders ---------------------------------------------------

#: What each layer may not import: other packages, and chmdocs' layers above it.
LAYERS = {
    "chmdocs.core": (
        {"sphinx", "docutils", "reportlab", "rst2pdf", "docx", "click", "jinja2"},
        ("chmdocs.sphinxext", "chmdocs.app", "chmdocs.writers"),
    ),
    "chmdocs.writers": ({"sphinx", "click"}, ("chmdocs.sphinxext", "chmdocs.app")),
    "chmdocs.sphinxext": ({"click"}, ("chmdocs.app",)),
}


def external_imports(path: Path) -> set[str]:
    """Top-level names of the packages ``path`` imports."""
    found: set[str] = set()
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_nothing_above_it(layer: str) -> None:
    packages, above = LAYERS[layer]
    broken = []
    for name, path in MODULES.items():
        if name != layer and not name.startswith(f"{layer}."):
            continue
        broken += [f"{name} imports {p}" for p in sorted(external_imports(path) & packages)]
        broken += [
            f"{name} imports {target}"
            for target in sorted(imports_of(path))
            if target.startswith(above)
        ]
    assert not broken, broken


def test_every_module_lives_in_a_layer() -> None:
    """Beside the layers' folders, only the package's public doors."""
    loose = {
        name
        for name in MODULES
        if name.count(".") == 1 and not name.startswith(tuple(LAYERS)) and name != "chmdocs.app"
    }
    assert loose == {"chmdocs._version", "chmdocs.model"}, loose


def test_the_core_runs_without_sphinx() -> None:
    core = sorted(name for name in MODULES if name.startswith("chmdocs.core"))
    loaded = imported_modules("\n".join(f"import {name}" for name in core))
    assert not {"sphinx", "docutils", "reportlab", "rst2pdf"} & loaded


def test_a_missing_project_is_a_usage_error(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        ["build", str(tmp_path / "missing")],
        ["check", str(tmp_path / "missing")],
        ["export", "json", str(tmp_path / "missing")],
        ["build", str(tmp_path)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_an_internal_error_shows_its_traceback_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chmdocs.app import api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(api, "build", broken)
    runner = CliRunner()
    quiet = runner.invoke(main, ["build", str(tmp_path)])
    assert quiet.exit_code == 1
    assert "something inside broke" in quiet.output and "Traceback" not in quiet.output
    assert "--traceback" in quiet.output
    loud = runner.invoke(main, ["build", str(tmp_path), "--traceback"])
    assert loud.exit_code == 1 and "Traceback" in loud.output
    monkeypatch.setenv("CHMDOCS_DEBUG", "1")
    debug = runner.invoke(main, ["build", str(tmp_path)])
    assert debug.exit_code == 1 and "Traceback" in debug.output


@pytest.mark.parametrize("output", ["text", "json"])
def test_check_into_a_closed_pipe_ends_quietly(output: str) -> None:
    """`chmdocs check | head`: the reader has gone; no "Broken pipe", no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "chmdocs.app.cli",
                "check",
                str(REPO / "source"),
                "--format",
                output,
            ],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write_end)
    assert run.returncode == 1
    assert run.stderr == ""


@pytest.mark.parametrize(
    "code",
    [
        "import chmdocs.writers.word",
        "import chmdocs.writers.redline",
        "import chmdocs.writers.outline",
    ],
)
def test_the_word_writer_and_redline_load_no_sphinx(code: str) -> None:
    """They take a docutils tree or two .docx files: usable without Sphinx."""
    assert "sphinx" not in imported_modules(code)


def test_every_file_the_package_reads_is_installed_with_it() -> None:
    """A wheel carries only what setup.cfg's package_data names: every file of
    the package that is not Python (theme, templates, styles, catalogs, schema)
    must match one of its patterns, or an installed chmdocs lacks it."""
    import configparser
    from fnmatch import fnmatch

    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    patterns = config["options.package_data"]["chmdocs"].split()
    for path in PACKAGE.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(PACKAGE).as_posix()
        # fnmatch's * crosses "/": compare the folder depth too.
        matched = [
            p for p in patterns if fnmatch(relative, p) and p.count("/") == relative.count("/")
        ]
        assert matched, f"{relative} is not in setup.cfg's package_data"


def test_language_rules_live_in_one_module() -> None:
    """A third language is its catalog and, where it writes differently, an
    entry in core/language.py's RULES: no other module branches on a
    language's code (init's templates aside, which hold each language's text;
    English, the fallback, is named as a default)."""
    allowed = {"chmdocs.core.language", "chmdocs.app.scaffold"}
    branches = []
    for name, path in MODULES.items():
        if name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and str(node.value).split("_")[0] in ("fr", "fr-FR"):
                branches.append(f"{name}:{node.lineno} {node.value!r}")
    assert not branches, branches


# -- one declaration per field -------------------------------------------------------


def test_every_declared_field_is_in_the_json_schema() -> None:
    """chmdocs.json's schema is held to the fields' declarations: a field
    declared in the model and missing from the schema (or the reverse) fails."""
    import json

    from chmdocs.core import fields
    from chmdocs.core.exports import jsonfile

    schema = json.loads(jsonfile.SCHEMA_PATH.read_text(encoding="utf-8"))
    definitions = schema["$defs"]
    common = set(definitions["common"]["properties"])
    for kind, cls in fields.CLASSES.items():
        personal = set(jsonfile._PRIVATE_FIELDS.get(cls, ()))
        declared = {s.json for s in fields.of_kind(kind)} - personal
        described = common | set(definitions[kind]["properties"])
        if kind == "workshop":
            described |= set(schema["properties"]["workshop"].get("properties", {}))
        assert declared - described == set(), (kind, declared - described)
        assert described - declared - {"docname", "lineno"} <= {"url"}, (kind, described - declared)


def test_directives_read_the_options_their_fields_declare() -> None:
    from chmdocs.core import fields
    from chmdocs.sphinxext.directives import OBJECT_DIRECTIVES

    for name, directive in OBJECT_DIRECTIVES.items():
        assert directive.accepted_options == ("id", *fields.options(directive.kind)), name
        translated = {s.option for s in fields.of_kind(directive.kind) if s.translatable}
        assert set(directive.text_options) == translated, name


def test_a_field_declared_as_a_column_reaches_the_action_table_and_csv() -> None:
    """What a new option's declaration gives: directive option, translation,
    JSON name, diff label, object line and column, with no other file touched."""
    import dataclasses

    from chmdocs.core import fields
    from chmdocs.core.columns import declared_columns
    from chmdocs.core.messages import N_
    from chmdocs.core.model import Action, declared

    @dataclasses.dataclass(frozen=True)
    class WithVenue(Action):
        venue: str = declared(
            "", label=N_("Venue"), shape="text", translatable=True, shown=True, column=True
        )

    spec = next(s for s in fields.specs(WithVenue) if s.name == "venue")
    assert (spec.option, spec.json, spec.label, spec.shape) == ("venue", "venue", "Venue", "text")
    assert spec.translatable and spec.shown
    (column,) = declared_columns(WithVenue)
    action = WithVenue(id="a", title="A", venue="Dakar")
    assert (column.name, column.label, column.value(action)) == ("venue", "Venue", "Dakar")


@pytest.mark.parametrize("module", ["checks.py", "objects.py", "site.py", "privacy.py"])
def test_no_module_beside_the_views_knows_a_view_by_name(module: str) -> None:
    """Each view says what it is (ViewDirective: its checks across the
    workshop, whether it lists participants or offers a calendar): the
    modules that act on views name none of them."""
    from chmdocs.sphinxext.views import VIEW_DIRECTIVES

    tree = ast.parse((PACKAGE / "sphinxext" / module).read_text(encoding="utf-8"))
    named = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in VIEW_DIRECTIVES
    }
    assert not named, named


def test_an_html_build_leaves_rst2pdf_as_it_is(tmp_path: Path) -> None:
    """chmdocs changes rst2pdf's and ReportLab's classes for its PDF builds
    alone: another project built in the same process sees them unchanged."""
    root = REPO / "tests" / "roots" / "test-minimal"
    code = f"""
import chmdocs
from rst2pdf import createpdf, flowables, styles
wrap = flowables.DelayedTable.wrap
read_style = styles.StyleSheet.readStyle
chmdocs.build({str(root)!r}, {str(tmp_path / "out")!r}, ["html"])
assert not getattr(createpdf.FancyDocTemplate, "chmdocs", False)
assert flowables.DelayedTable.wrap is wrap
assert styles.StyleSheet.readStyle is read_style
print("unchanged")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "unchanged", run.stderr[-2000:]


@pytest.mark.parametrize("module", ["chmdocs.sphinxext.word", "chmdocs.sphinxext.documents"])
def test_the_word_builder_loads_no_pdf_library(module: str) -> None:
    """The Word builder shares the documents' covers and authors with the PDF
    builder through chmdocs.sphinxext.documents, not through rst2pdf's module."""
    assert not {"rst2pdf", "reportlab"} & imported_modules(f"import {module}")


def test_a_build_that_prints_nothing_loads_no_pdf_library(tmp_path: Path) -> None:
    """rst2pdf and ReportLab load for a PDF build alone (Sphinx's "pdf" builder
    entry point): an HTML build starts without them."""
    root = REPO / "tests" / "roots" / "test-minimal"
    code = f"import io, chmdocs; chmdocs.build({str(root)!r}, {str(tmp_path)!r}, ['html'])"
    assert not {"rst2pdf", "reportlab"} & imported_modules(code)


def test_a_project_naming_rst2pdf_itself_gets_chmdocs_pdfs(tmp_path: Path) -> None:
    import shutil

    import chmdocs

    source = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-minimal", source)
    conf = source / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'extensions = ["chmdocs"]', 'extensions = ["rst2pdf.pdfbuilder", "chmdocs"]'
        )
        + 'chmdocs_documents = ["index"]\n',
        encoding="utf-8",
    )
    assert "rst2pdf.pdfbuilder" in conf.read_text(encoding="utf-8")
    chmdocs.build(source, tmp_path / "out", ["pdf"])
    from pypdf import PdfReader

    (pdf,) = (tmp_path / "out" / "pdf").glob("*.pdf")
    assert PdfReader(pdf).metadata["/Creator"].startswith("chmdocs")
