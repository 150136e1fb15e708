"""Every build reports every problem the sources have now.

Sphinx reads only the documents that changed, so a second build of sources
that warned would be silent, and ``-W`` would pass on a project it failed a
minute earlier. chmdocs remembers which documents warned (while they were
read or written) in the doctree folder, and has Sphinx read those again on
the next build, which repeats their warnings exactly as first given. The
checks across the workshop run on every build (see :mod:`chmdocs.checks`).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import is_suppressed_warning

from chmdocs.sphinxext.report import location_path

STATE_FILE = "chmdocs-warned.json"


class WarnedDocuments(logging.Handler):
    """Notes the documents each warning is about; read by the next build."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.warned: set[str] = set()

    @property
    def state_file(self) -> Path:
        return Path(self.app.doctreedir) / STATE_FILE

    def previously_warned(self) -> set[str]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return set()
        return {str(doc) for doc in data} if isinstance(data, list) else set()

    def emit(self, record: logging.LogRecord) -> None:
        kind, subtype = getattr(record, "type", "") or "", getattr(record, "subtype", "") or ""
        if is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        docname = self.docname_of(getattr(record, "location", None))
        if docname is not None:
            self.warned.add(docname)

    def docname_of(self, location: object) -> str | None:
        """The document a warning's location lies in, or that includes it."""
        env = self.app.env
        if isinstance(location, tuple):
            return str(location[0]) if location and location[0] else None
        path = location_path(location)
        if not path:
            return env.temp_data.get("docname")
        docname = env.path2doc(path)
        if docname in env.found_docs:
            return docname
        # An included file: the document that includes it (or depends on it).
        for candidate, included in env.included.items():
            if docname is not None and docname in included:
                return candidate
        for candidate, depends in env.dependencies.items():
            if any(Path(env.srcdir, dep).resolve() == Path(path).resolve() for dep in depends):
                return candidate
        return env.temp_data.get("docname")

    # -- Sphinx events -------------------------------------------------------

    def start(self, app: Sphinx) -> None:
        logging.getLogger("sphinx").addHandler(self)

    def read_again(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: set[str],
        changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """``env-get-outdated``: the documents that warned last time."""
        return sorted((self.previously_warned() & env.found_docs) - added - changed - removed)

    def finish(self, app: Sphinx, exception: Exception | None) -> None:
        """``build-finished``: remember which documents warned, for next time."""
        logging.getLogger("sphinx").removeHandler(self)
        if not Path(app.doctreedir).is_dir():
            return
        try:
            self.state_file.write_text(json.dumps(sorted(self.warned)), encoding="utf-8")
        except OSError:
            # No room to remember: forget, so the next build reads everything.
            self.state_file.unlink(missing_ok=True)
            (Path(app.doctreedir) / "environment.pickle").unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    handler = WarnedDocuments(app)
    app.connect("builder-inited", handler.start)
    app.connect("env-get-outdated", handler.read_again)
    app.connect("build-finished", handler.finish)
