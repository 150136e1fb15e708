"""PDFs laid out by an earlier build, reused while nothing they are made of
changed.

rst2pdf lays every document out from nothing in every build: a tenth of a
second for the seed's agenda, tens of seconds for a long final document,
though an author mostly changes one page between two builds. A document is
laid out again only when what rst2pdf would be given is not known to be the
same as when its kept layout was made:

- the document as rst2pdf gets it (every node and attribute, once Sphinx
  and chmdocs have put it together: its text, views, links, cover);
- its entry in ``pdf_documents`` and every ``pdf_*`` setting, the language;
- its metadata (title, author, date, draft mark);
- the files rst2pdf reads: the style sheets (found where rst2pdf finds
  them), the fonts in its font path, the images the document shows (a
  font rst2pdf finds among the system's fonts is known by its name only);
- the code that lays it out: chmdocs' own files and the versions of
  rst2pdf, ReportLab, docutils, Sphinx, Pyphen, PyYAML and Pillow.

Layouts are kept in the doctree directory (cleared with it after a build
that broke off), and only once the whole PDF build passed its checks. A
kept file that is not a whole PDF is never reused.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from docutils import nodes

from chmdocs.core.exports import write_atomic
from chmdocs.core.publish import pdf_problem
from chmdocs.sphinxext.domain import file_stamp

#: Bumped when what the key holds changes.
KEY_FORMAT = "chmdocs-pdf-layout-1"
#: Under the doctree directory: the kept layouts, and the keys of those
#: this build laid out, waiting for the build's checks.
KEPT = Path("chmdocs-pdf", "laid-out")
PENDING = Path("chmdocs-pdf", "laid-out-pending")
#: What lays a document out, besides chmdocs.
LAYOUT_PACKAGES = ("rst2pdf", "reportlab", "docutils", "sphinx", "pyphen", "pyyaml", "pillow")
#: Files larger than this are known by their size and date, not their bytes.
HASHED_SIZE = 4 * 1024 * 1024


def file_name(pdfname: str) -> str:
    """A kept layout's file name: ``pdfname`` may hold folders (``../private/pdf/…``)."""
    return hashlib.sha256(pdfname.encode("utf-8")).hexdigest()[:24]


def layout_key(
    doctree: nodes.document,
    entry: Iterable[Any],
    settings: dict[str, Any],
    document_metadata: object,
    style_path: Iterable[str],
    font_path: Iterable[str],
    srcdir: str | Path,
) -> str:
    """What rst2pdf would lay ``doctree`` out from, as one digest.

    ``entry`` is the document's ``pdf_documents`` entry, ``settings`` the
    build's ``pdf_*`` settings and language; ``style_path`` and ``font_path``
    are where rst2pdf looks for the style sheets the entry or the settings
    name, and for fonts."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            try:
                text = json.dumps(part, sort_keys=True, default=as_text)
            except (TypeError, ValueError):  # keys JSON cannot hold, a cycle
                text = repr(part)
            digest.update(text.encode("utf-8"))
            digest.update(b"\0")

    entry = list(entry)
    options = entry[4] if len(entry) > 4 and isinstance(entry[4], dict) else {}
    sheets = options.get("pdf_stylesheets", settings.get("pdf_stylesheets")) or []
    add(KEY_FORMAT, code_digest(), entry, settings, repr(document_metadata))
    searched = [str(Path(folder).expanduser()) for folder in style_path]
    for sheet in map(str, sheets):
        found = find_style(sheet, searched)
        add(sheet, found, file_digest(Path(found)) if found else "missing")
    for folder in dict.fromkeys(str(Path(f).expanduser()) for f in font_path):
        add(folder, fonts_in(Path(folder)))
    for node in doctree.findall():
        if isinstance(node, nodes.Text):
            add("text", str(node))
            continue
        assert isinstance(node, nodes.Element)
        add(type(node).__module__, type(node).__name__, sorted(node.attributes.items()))
        if isinstance(node, nodes.image):
            add(image_digest(str(node.get("uri", "")), Path(srcdir)))
    return digest.hexdigest()


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".afm", ".pfb", ".pfa", ".pfm")


def as_text(value: object) -> object:
    """What JSON cannot write, as text that is the same in every process (a
    set's order is not)."""
    if isinstance(value, set | frozenset):
        return sorted(repr(item) for item in value)
    return repr(value)


def find_style(name: str, search_path: list[str]) -> str | None:
    """The file rst2pdf reads for the style sheet ``name`` (its
    ``StyleSheet.findStyle``: the first folder holding it, with or without
    an extension)."""
    for extension in ("", ".yaml", ".yml", ".style", ".json"):
        candidate = Path(name + extension)
        if candidate.is_absolute():
            if candidate.is_file():
                return str(candidate)
            continue
        for folder in search_path:
            if (Path(folder) / candidate).is_file():
                return str(Path(folder) / candidate)
    return None


def fonts_in(folder: Path) -> list[Any]:
    """The font files directly in ``folder``, each with its size and date."""
    try:
        found = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    except OSError:
        return ["unreadable"]
    return [file_stamp(path) for path in found]


@functools.cache
def code_digest() -> str:
    """chmdocs' files (its code, style sheets and templates) and the versions
    of the packages that lay a PDF out: a change to any lays out again."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode("utf-8"))
            digest.update(path.read_bytes())
    for name in LAYOUT_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}={version}".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    try:
        state = path.stat()
        if state.st_size > HASHED_SIZE:
            return f"{state.st_size}:{state.st_mtime_ns}"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def image_digest(uri: str, srcdir: Path) -> list[str]:
    """An image as rst2pdf would find it: relative to the sources, or as given."""
    found = []
    for candidate in (srcdir / uri, Path(uri)):
        if uri and candidate.is_file():
            found.append(file_digest(candidate))
    return found or ["missing"]


def reusable(doctreedir: str | Path, pdfname: str, key: str) -> Path | None:
    """The kept layout of ``pdfname`` made from ``key``, if there is a whole one."""
    kept = Path(doctreedir) / KEPT / file_name(pdfname)
    try:
        if kept.with_suffix(".key").read_text(encoding="utf-8") != key:
            return None
    except (OSError, UnicodeError):
        return None
    pdf = kept.with_suffix(".pdf")
    return pdf if pdf_problem(pdf) is None else None


def note_laid_out(doctreedir: str | Path, pdfname: str, key: str) -> None:
    """This build laid ``pdfname`` out from ``key``: kept once the build's
    checks pass (:func:`keep_laid_out`). Written by the process that laid
    it out, which may be one of ``-j N``'s."""
    pending = Path(doctreedir) / PENDING
    try:
        pending.mkdir(parents=True, exist_ok=True)
        write_atomic(pending / f"{file_name(pdfname)}.key", key.encode("utf-8"))
    except OSError:
        pass  # (a full disk) the layout is not kept, the build goes on


def clear_pending(doctreedir: str | Path) -> None:
    shutil.rmtree(Path(doctreedir) / PENDING, ignore_errors=True)


def keep_laid_out(doctreedir: str | Path, pdfname: str, written: Path) -> bool:
    """Keep ``written`` (checked whole) as the layout of ``pdfname``, if this
    build laid it out; whether it did."""
    pending = Path(doctreedir) / PENDING / f"{file_name(pdfname)}.key"
    try:
        key = pending.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return False
    kept = Path(doctreedir) / KEPT / file_name(pdfname)
    partial = kept.with_suffix(".pdf.part")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        # The key goes first: a build stopped in between finds no key for
        # the new file.
        kept.with_suffix(".key").unlink(missing_ok=True)
        shutil.copy2(written, partial)
        partial.replace(kept.with_suffix(".pdf"))
        write_atomic(kept.with_suffix(".key"), key.encode("utf-8"))
    except OSError:
        # (a full disk) not kept: the next build lays the document out again.
        partial.unlink(missing_ok=True)
        kept.with_suffix(".key").unlink(missing_ok=True)
    return True


def date_as_kept(doctreedir: str | Path, pdfname: str, written: Path) -> None:
    """``written`` (a kept layout copied out) dated as the kept file, so that
    publishing finds the reader's copy unchanged and leaves it alone."""
    kept = Path(doctreedir) / KEPT / f"{file_name(pdfname)}.pdf"
    try:
        state = kept.stat()
        if written.stat().st_size == state.st_size and written.read_bytes() == kept.read_bytes():
            os.utime(written, ns=(state.st_atime_ns, state.st_mtime_ns))
    except OSError:
        pass
