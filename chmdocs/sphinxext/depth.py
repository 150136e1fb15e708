"""Text nested deeper than a document can hold: a warning at its line, the
text kept, less deep.

docutils parses nested lists and blocks by recursion, and Sphinx pickles
the trees it makes the same way: a hundred nested levels stop a build with
"maximum recursion depth exceeded", naming no file. Long before that no
reader can follow the text either. The ``source-read`` and ``include-read``
events bring every line indented further than :data:`MAX_INDENT` back to
that indent (about thirty list levels), and say where.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from chmdocs.sphinxext.diagnostics import warn

#: Columns of indentation a line may have: 32 list levels at two spaces.
MAX_INDENT = 64


def flatten(text: str) -> tuple[str, int | None]:
    """``text`` with every line indented at most :data:`MAX_INDENT` columns,
    and the line number of the first one that was deeper (None: none was)."""
    first: int | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(8))
        if stripped and indent > MAX_INDENT:
            lines[number] = " " * MAX_INDENT + stripped
            first = first if first is not None else number + 1
    return "\n".join(lines), first


def too_deep(location: str | tuple[str, int]) -> None:
    warn(
        f"text nested more than {MAX_INDENT} columns deep: kept, at that depth; "
        "nest lists and blocks less",
        "too-deep",
        location,
    )


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0], line = flatten(source[0])
    if line is not None:
        too_deep((docname, line))


def on_include_read(app: Sphinx, path: Path, docname: str, content: list[str]) -> None:
    content[0], line = flatten(content[0])
    if line is not None:
        too_deep(f"{Path(app.srcdir, path)}:{line}")


def setup(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
    app.connect("include-read", on_include_read)
