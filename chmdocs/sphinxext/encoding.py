"""Source files that are not UTF-8: a warning at the line, and the build goes on.

Sphinx decodes every source strictly and stops with "'utf-8' codec can't
decode byte 0xe9", naming no file. chmdocs registers a lenient codec,
``chmdocs-utf-8-sig``, for projects reading UTF-8 (the default): a byte that
is not UTF-8 becomes U+FFFD, and the ``source-read`` and ``include-read``
events report the file and line where it stood, with what to do.
"""

from __future__ import annotations

import codecs
from encodings import utf_8_sig
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx

from chmdocs.sphinxext.diagnostics import warn

if TYPE_CHECKING:
    from typing_extensions import Buffer

CODEC = "chmdocs-utf-8-sig"
_UTF8 = codecs.lookup("utf-8-sig")


def _lenient_decode(data: Buffer, errors: str | None = "strict", /) -> tuple[str, int]:
    return utf_8_sig.decode(data, "replace")


class _LenientDecoder(utf_8_sig.IncrementalDecoder):
    """What ``open(..., encoding=CODEC).read()`` uses: replaces bad bytes."""

    def _buffer_decode(self, input: Buffer, errors: str | None, final: bool) -> tuple[str, int]:
        decoded: tuple[str, int] = super()._buffer_decode(input, "replace", final)
        return decoded


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != CODEC:
        return None
    return codecs.CodecInfo(
        name=CODEC,
        encode=_UTF8.encode,
        decode=_lenient_decode,
        incrementalencoder=_UTF8.incrementalencoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=_UTF8.streamreader,
        streamwriter=_UTF8.streamwriter,
    )


codecs.register(_search)


def lenient_utf8(app: Sphinx) -> None:
    """A project reading UTF-8 reads it leniently (``builder-inited``).

    Set on the environment's settings rather than ``source_encoding``,
    which Sphinx would warn is not UTF-8.
    """
    if str(app.config.source_encoding).lower().replace("_", "-") in ("utf-8", "utf-8-sig", "utf8"):
        app.env.settings["input_encoding"] = CODEC


def first_bad_byte(path: Path) -> tuple[int, str] | None:
    """The line of the first byte that is not UTF-8, and that byte, or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return line, f"0x{data[error.start]:02x}"
    return None


def report(path: Path, location: str | tuple[str, int]) -> None:
    found = first_bad_byte(path)
    if found is not None:
        line, byte = found
        where = (location[0], line) if isinstance(location, tuple) else f"{location}:{line}"
        warn(
            f"{path.name} is not UTF-8 text (byte {byte}, shown as �): "
            "save it as UTF-8 in your editor",
            "encoding",
            where,
        )


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if "\ufffd" in source[0]:
        report(Path(app.env.doc2path(docname)), (docname, 1))


def on_include_read(app: Sphinx, path: Path, docname: str, content: list[str]) -> None:
    if "\ufffd" in content[0]:
        full = Path(app.srcdir, path)  # Sphinx gives it relative to the sources
        report(full, str(full))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", lenient_utf8)
    app.connect("source-read", on_source_read)
    app.connect("include-read", on_include_read)
