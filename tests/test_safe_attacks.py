"""`--safe` holds against a hostile contributor: nothing outside the sources is
read, nothing is fetched, no script reaches a page, whatever spelling,
language, path or link the contributor tries.

Each test makes a project beside an ``outside/`` folder holding a secret,
builds it with ``--safe``, and looks at every byte under OUTDIR.
"""

from __future__ import annotations

import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages import mofile
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner
from conftest import pdf_text

import chmdocs
from chmdocs.app.cli import main

SECRET = b"SECRET-7f3a9c"
WORKSHOP = """Contribution
============

.. workshop:: Atelier
   :id: ws
   :start: 2030-01-01
   :organizer: Someone

"""


def png_with_secret() -> bytes:
    """A valid 1x1 PNG whose text chunk carries the secret."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + SECRET)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """tmp/outside/ holds the secrets; tmp/src/ will be the contribution."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET + b"\n")
    (outside / "secret.png").write_bytes(png_with_secret())
    (outside / "secret.rst").write_bytes(b"Leaked\n======\n\n" + SECRET + b"\n")
    (tmp_path / "src").mkdir()
    return tmp_path


def project(place: Path, body: str, conf: str = 'extensions = ["chmdocs"]\n') -> Path:
    source = place / "src"
    (source / "conf.py").write_text(conf, encoding="utf-8")
    (source / "index.rst").write_text(WORKSHOP + body, encoding="utf-8")
    return source


def safe_build(source: Path, formats: tuple[str, ...] = ("html",)) -> tuple[Path, str]:
    out = source.parent / "out"
    warnings = io.StringIO()
    chmdocs.build(source, out, list(formats), safe=True, warning=warnings)
    return out, warnings.getvalue()


def leaked(out: Path, needle: bytes = SECRET) -> list[str]:
    """Files under ``out`` that contain ``needle`` (PDF text included)."""
    found = []
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        in_pdf_text = path.suffix == ".pdf" and needle.decode() in pdf_text(path)
        if needle in path.read_bytes() or in_pdf_text:
            found.append(str(path))
    return found


def refusals(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[chmdocs.safe]" in line]


@pytest.mark.parametrize(
    "path",
    [
        "../outside/secret.png",
        "d/.. /.. /../outside/secret.png",
        "d/ ../ ../../outside/secret.png",
        "  ../outside/secret.png  ",
        "./../outside/./secret.png",
        "../out side/../outside/secret.png",
        "../outside/secret.*",
    ],
)
@pytest.mark.parametrize("directive", ["image", "figure", "|pic| image"])
def test_no_image_from_outside_whatever_the_path(place: Path, path: str, directive: str) -> None:
    body = f".. {directive}:: {path}\n\n"
    if directive.startswith("|"):
        body += "Here is |pic|.\n"
    out, warnings = safe_build(project(place, body))
    assert not leaked(out)
    assert len(refusals(warnings)) == 1, warnings
    assert "index.rst:9:" in refusals(warnings)[0]


@pytest.mark.parametrize(
    ("language", "directive", "target"),
    [
        ("de", "bild", "../outside/secret.png"),
        ("de", "abbildung", "../outside/secret.png"),
        ("de", "bild", "https://example.invalid/x.png"),
        ("fr", "image", "../outside/secret.png"),
        ("es", "imagen", "../outside/secret.png"),
        ("de", "roh", "html"),
        ("fr", "brut", "html"),
        ("de", "einfügen", "../outside/secret.rst"),
        ("fr", "inclure", "../outside/secret.rst"),
        ("it", "includi", "../outside/secret.rst"),
        ("de", "raw", "html"),
    ],
)
def test_localized_directive_names_are_refused_alike(
    place: Path, language: str, directive: str, target: str
) -> None:
    body = f".. {directive}:: {target}\n"
    if directive not in ("bild", "abbildung", "image", "imagen"):
        body += "\n   <b>raw-marker</b>\n"
    conf = f'extensions = ["chmdocs"]\nlanguage = {language!r}\n'
    out, warnings = safe_build(project(place, body, conf))
    assert not leaked(out)
    pages = [p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html")]
    assert not any("<b>raw-marker" in page for page in pages)
    assert len(refusals(warnings)) == 1, warnings


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        Recorder.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    """A web server on loopback that records every request it gets."""
    Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.parametrize("safe", [True, False])
def test_a_link_target_cannot_write_pdf_markup(place: Path, listener: str, safe: bool) -> None:
    secret = place / "outside" / "secret.png"
    body = (
        f'A `link <http://a"/><img src="{secret}" width="50" height="50"/><a href="x>`_.\n\n'
        f'Another `one <http://b"/><img src="{listener}/fetched.png"/>`_.\n\n'
        f".. _t: http://c'/><img src='{secret}'/>\n\n"
        "And t_.\n"
    )
    (place / "src" / "agenda.rst").write_text(body.replace("A `link", "Agenda\n======\n\nA `link"))
    source = project(place, ".. toctree::\n\n   agenda\n")
    out = place / "out"
    chmdocs.build(source, out, ["pdf"], safe=safe, warning=io.StringIO())
    data = (out / "pdf" / "agenda.pdf").read_bytes()
    assert b"/Subtype /Image" not in data
    assert Recorder.hits == []
    assert "link" in pdf_text(out / "pdf" / "agenda.pdf")


def test_links_leaving_the_sources_are_not_followed(place: Path) -> None:
    source = project(place, ".. toctree::\n   :glob:\n\n   *\n")
    (source / "stolen.rst").symlink_to(place / "outside" / "secret.rst")
    (source / "loop").symlink_to(source)
    (source / "sub").mkdir()
    (source / "sub" / "back").symlink_to(source)
    (source / "sub" / "page.rst").write_text("Page\n====\n\nOwn text.\n")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "chmdocs.app.cli",
            "build",
            str(source),
            "-o",
            str(place / "out"),
            "-f",
            "html",
            "--safe",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert not leaked(place / "out")
    assert (place / "out" / "html" / "sub" / "page.html").exists()


def test_a_contributors_settings_reach_no_page_as_markup(place: Path) -> None:
    conf = (
        'extensions = ["chmdocs"]\n'
        'project = "<script>alert(1)</script>Evil"\n'
        'author = "\'><img src=x onerror=alert(2)>"\n'
        'html_title = "</title><script>alert(3)</script>"\n'
        "language = 'en\" data-x=\"1'\n"
    )
    out, warnings = safe_build(project(place, "Text.\n", conf))
    for page in (out / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "onerror=alert" not in text
        assert "data-x" not in text
    assert warnings.count("[chmdocs.config]") == 4, warnings


def test_a_contributors_message_catalogs_are_not_read(place: Path) -> None:
    catalog = Catalog(locale="fr", domain="sphinx")
    catalog.add("Search", "<script>alert('catalog')</script>")
    catalog.add("Navigation", "<script>alert('catalog')</script>")
    folder = place / "src" / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "sphinx.mo").open("wb") as stream:
        mofile.write_mo(stream, catalog)
    conf = 'extensions = ["chmdocs"]\nlanguage = "fr"\nlocale_dirs = ["locales"]\n'
    out, _warnings = safe_build(project(place, "Texte.\n", conf))
    assert not leaked(out, b"alert('catalog')")


def test_a_contributors_content_catalogs_translate_as_author_text(place: Path) -> None:
    catalog = Catalog(locale="en", domain="index")
    catalog.add("Atelier", "Workshop <script>alert('po')</script>")
    catalog.add("Contribution", ".. raw:: html\n\n   <b>raw-po</b>")
    folder = place / "src" / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "index.po").open("wb") as stream:
        write_po(stream, catalog)
    conf = 'extensions = ["chmdocs"]\nlanguage = "en"\n'
    out, _warnings = safe_build(project(place, "Text.\n", conf), ("html", "json"))
    page = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "Workshop &lt;script&gt;" in page and "<script>alert('po')" not in page
    assert "<b>raw-po" not in page
    model = json.loads((out / "chmdocs.json").read_text(encoding="utf-8"))
    assert model["workshop"]["title"].startswith("Workshop")


@pytest.mark.parametrize(
    "body",
    [
        ".. meta::\n   :http-equiv=refresh: 0; url=http://evil.invalid/\n",
        ".. meta::\n   :HTTP-EQUIV=Refresh: 0; url=http://evil.invalid/\n",
        ".. meta::\n   :http\\-equiv=refresh: 0; url=http://evil.invalid/\n",
        ".. meta::\n   :lang=en http\\-equiv=refresh: 0; url=http://evil.invalid/\n",
        ".. meta::\n   :keywords: chm\n   :H\\TTP\\-EQ\\UIV=refresh: 0; url=http://evil.invalid/\n",
        "`click <javascript:alert(1)>`_\n",
        "`click <JavaScript:alert(1)>`_\n",
        "`click <java\tscript:alert(1)>`_\n",
        "`click <vbscript:msgbox(1)>`_\n",
        "`click <data:text/html;base64,PHNjcmlwdD4=>`_\n",
        ".. _evil: javascript:alert(1)\n\nSee evil_.\n",
        ".. toctree::\n\n   Evil <javascript:alert(1)>\n",
        ".. image:: pic.svg\n",
        ".. figure:: pic.*\n",
    ],
)
def test_dangerous_html_is_refused(place: Path, body: str) -> None:
    (place / "src" / "pic.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    out, warnings = safe_build(project(place, body))
    for page in (out / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8").lower().replace("\t", "")
        for scheme in ("javascript:", "vbscript:", "data:"):
            assert f'href="{scheme}' not in text
        assert 'http-equiv="refresh"' not in text
    assert not list((out / "html" / "_images").glob("*.svg"))
    # Refused by chmdocs, or (a toctree entry that is no URL) a missing document.
    assert refusals(warnings) or "[toc.not_readable]" in warnings, warnings


def test_safe_pdfs_keep_their_cover_and_build_under_w(place: Path) -> None:
    (place / "src" / "agenda.rst").write_text("Agenda\n======\n\n.. agenda::\n")
    source = project(
        place, ".. toctree::\n\n   agenda\n\n.. session:: Talk\n   :start: 9:00\n   :end: 10:00\n"
    )
    out = place / "out"
    chmdocs.build(source, out, ["pdf"], safe=True, warning_is_error=True, warning=io.StringIO())
    first_page = pdf_text(out / "pdf" / "agenda.pdf")
    assert "Atelier" in first_page


def test_check_and_export_run_no_contributor_code(place: Path) -> None:
    source = project(
        place,
        "Text.\n",
        'from pathlib import Path\nPath(__file__).with_name("ran").write_text("x")\n'
        'extensions = ["chmdocs"]\n',
    )
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(source), "--safe"])
    exported = runner.invoke(main, ["export", "json", str(source), "--safe", "-o", "-"])
    assert checked.exit_code in (0, 1) and exported.exit_code == 0, exported.output
    assert not (source / "ran").exists()
    assert '"title": "Atelier"' in exported.output


@pytest.mark.parametrize("suppressed", [["chmdocs"], ["chmdocs.safe"], ["chmdocs.*"]])
def test_refusals_cannot_be_suppressed(place: Path, suppressed: list[str]) -> None:
    conf = f'extensions = ["chmdocs"]\nsuppress_warnings = {suppressed!r}\n'
    _out, warnings = safe_build(project(place, ".. raw:: html\n\n   <b>x</b>\n", conf))
    assert len(refusals(warnings)) == 1


def test_nothing_outside_the_sources_changed(place: Path) -> None:
    before = {p: p.read_bytes() for p in (place / "outside").iterdir()}
    out, _warnings = safe_build(
        project(place, ".. include:: ../outside/secret.rst\n"), ("html", "pdf", "json")
    )
    assert {p: p.read_bytes() for p in (place / "outside").iterdir()} == before
    assert not leaked(out)
