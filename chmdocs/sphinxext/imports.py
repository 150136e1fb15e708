"""Other workshops' models a reporting project reads (``chmdocs_imports``).

``chmdocs_imports = {"chm-2007": "../brussels/build/chmdocs.json"}``: each
key names a ``chmdocs.json`` (relative to ``conf.py``), checked against the
schema. Its objects are read-only and named ``KEY:id``. A file that cannot
be read is a warning at its line of ``conf.py``, and the build goes on
without it. Pages that name an imported object depend on its file: they are
read again when it changes.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from chmdocs.core.exports import jsonfile
from chmdocs.core.model import Workshop
from chmdocs.sphinxext.config import defer_warning

#: Models read, by file and modification time: each is read once per process.
_READ: dict[tuple[str, int], Workshop] = {}


def import_paths(env: BuildEnvironment) -> dict[str, Path]:
    """Each import's file, by key: in a build in another language, that
    workshop's model in the same language where there is one beside it
    (``chmdocs.en.json``, or ``en/chmdocs.json`` as ``build -l en`` writes it)."""
    written: dict[str, str] = env.config.chmdocs_imports
    base = Path(env.srcdir)  # where conf.py is
    language = str(env.config.language or "")
    found = {}
    for key, path in written.items():
        named = (base / path).resolve()
        localized = [
            named.with_name(f"{named.stem}.{language}{named.suffix}"),
            named.parent / language / named.name,
        ]
        found[key] = next((p for p in localized if language and p.is_file()), named)
    return found


def imported(env: BuildEnvironment) -> dict[str, Workshop]:
    """The imported models, by key (those that could be read)."""
    found = {}
    for key, path in import_paths(env).items():
        try:
            stamp = (str(path), path.stat().st_mtime_ns)
        except OSError:
            continue
        if stamp not in _READ:
            try:
                _READ[stamp] = jsonfile.load(path)
            except (OSError, ValueError):
                continue
        found[key] = _READ[stamp]
    return found


def models_of(env: BuildEnvironment, key: str) -> list[Workshop]:
    """An import's model in the build's language, then as written in conf.py
    (an author names an indicator by its text in the sources' language)."""
    found = imported(env)
    models = [found[key]] if key in found else []
    written = env.config.chmdocs_imports.get(key)
    if written:
        try:
            base = jsonfile.load((Path(env.srcdir) / written).resolve())
        except (OSError, ValueError):
            return models
        models.append(base)
    return models


def check_imports(app: Sphinx) -> None:
    """``builder-inited``: each import that cannot be read, warned of at conf.py's line."""
    for key, path in import_paths(app.env).items():
        try:
            jsonfile.load(path)
        except FileNotFoundError:
            defer_warning(
                app,
                "chmdocs_imports",
                f"chmdocs_imports[{key!r}]: {path} does not exist (build that workshop's "
                "chmdocs.json first: chmdocs build -f json)",
            )
        except (OSError, ValueError) as error:
            first = str(error).splitlines()[0]
            defer_warning(app, "chmdocs_imports", f"chmdocs_imports[{key!r}]: {first}")


def depend_on_imports(env: BuildEnvironment, reference: str) -> None:
    """The document being read names ``reference``: read it again when the
    file it comes from changes."""
    key, colon, _ident = reference.strip().rpartition(":")
    path = import_paths(env).get(key) if colon else None
    if path is not None:
        env.note_dependency(str(path))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_imports)
