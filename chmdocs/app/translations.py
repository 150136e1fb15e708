"""How far the content translation of a project has got (``chmdocs check
--language``): each message of the sources that its catalog leaves
untranslated or fuzzy, at the file and line where it is written, and the
share translated.

The messages are those Sphinx's gettext builder extracts (so chmdocs'
objects and their options too); the catalogs are where Sphinx looks for
them: ``<locale_dirs>/<language>/LC_MESSAGES/<document>.po``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from chmdocs.app.runner import DOCTREES, run_sphinx
from chmdocs.sphinxext.report import Finding


@dataclass(frozen=True)
class Progress:
    language: str
    total: int
    translated: int
    findings: tuple[Finding, ...]

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0

    def summary(self) -> Finding:
        text = (
            f"{self.language}: {self.share:.0%} of the messages translated "
            f"({self.translated} of {self.total})"
        )
        return Finding("", None, "info", text, "chmdocs.translation")


def read_catalog(path: Path) -> Catalog | None:
    try:
        with path.open("rb") as stream:
            return read_po(stream)
    except (OSError, ValueError):
        return None


def progress(source: Path, language: str, *, safe: bool = False) -> Progress:
    """Untranslated and fuzzy messages of ``source`` in ``language``."""
    with tempfile.TemporaryDirectory(prefix="chmdocs-gettext-") as scratch:
        app = run_sphinx(
            source, scratch, Path(scratch) / DOCTREES, "gettext", warning=None, safe=safe
        )
        folders = [Path(app.srcdir, folder) for folder in app.config.locale_dirs]
        total, translated, findings = 0, 0, []
        for pot in sorted(Path(scratch).rglob("*.pot")):
            template = read_catalog(pot)
            if template is None:
                continue
            domain = pot.relative_to(scratch).with_suffix(".po")
            paths = [folder / language / "LC_MESSAGES" / domain for folder in folders]
            catalog = next(filter(None, map(read_catalog, filter(Path.is_file, paths))), None)
            for message in template:
                if not message.id:
                    continue
                total += 1
                entry = catalog.get(message.id) if catalog is not None else None
                if entry is not None and entry.string and not entry.fuzzy:
                    translated += 1
                    continue
                state = "fuzzy" if entry is not None and entry.fuzzy else "untranslated"
                filename, line = message.locations[0] if message.locations else ("", None)
                where = str((pot.parent / filename).resolve()) if filename else ""
                shown = message.id if isinstance(message.id, str) else message.id[0]
                if len(shown) > 70:
                    shown = shown[:69] + "…"
                findings.append(
                    Finding(
                        where,
                        line,
                        "info",
                        f"{state} ({language}): {shown!r}",
                        "chmdocs.translation",
                    )
                )
    return Progress(language, total, translated, tuple(findings))
