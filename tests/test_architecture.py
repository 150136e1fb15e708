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

from chmdocs.cli import main

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
        "import chmdocs.exports.jsonfile",
        "import chmdocs.columns",
    ],
)
def test_the_model_and_the_json_load_no_heavy_package(code: str) -> None:
    assert not set(HEAVY) & imported_modules(code)


def test_loading_a_chmdocs_json_loads_no_heavy_package(tmp_path: Path) -> None:
    from chmdocs.exports import jsonfile
    from chmdocs.model import Workshop

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


def imports_of(path: Path) -> set[str]:
    """chmdocs modules ``path`` imports, anywhere in it (inside functions too),
    leaving out imports made for type checking only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
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
    assert graph["chmdocs.model"] == set()


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
    from chmdocs import api

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
                "chmdocs.cli",
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
    "code", ["import chmdocs.word.writer", "import chmdocs.word.redline", "import chmdocs.outline"]
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
