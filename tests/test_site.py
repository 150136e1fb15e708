"""Publishing as a public body publishes (SPEC.md, "Publishing"): PDF
metadata, a self-contained site, accessibility checked in a real browser,
and feeds that the formats' own validators accept.

The browser is Debian's Chromium driven by Playwright (``make test``
installs it when missing: tools/ensure-chromium), with axe-core 4 from its
npm package (tests/vendor/axe-core). A missing browser fails these tests:
it never skips them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO, TESTS, html_text, shared_build
from pypdf import PdfReader

import chmdocs
from chmdocs.app.cli import main

AXE = (TESTS / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
#: WCAG 2.1 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (1280, 390, 320)


@pytest.fixture(scope="module")
def site(seed_build: Path) -> Path:
    return seed_build


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One tab of a real Chromium, reused by every test of this module: each
    test says its width and colour scheme (``visit``). A tab kept open also
    keeps axe-core's script compiled between pages (a new tab costs about
    0.2 s and a cold axe another 0.2 s)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHMDOCS_CHROMIUM") or shutil.which("chromium")
    if executable is None:
        pytest.fail("no chromium: run tools/ensure-chromium (make test does)")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=flags)
        yield launched.new_page()
        launched.close()


def visit(browser: Any, page_path: Path, width: int = 1280, scheme: str = "light") -> Any:
    """The browser's tab showing ``page_path`` at ``width`` in ``scheme``."""
    browser.set_viewport_size({"width": width, "height": 900})
    browser.emulate_media(color_scheme=scheme)
    browser.goto(page_path.resolve().as_uri())
    return browser


def axe_violations(browser: Any, page_path: Path, scheme: str = "light") -> list[str]:
    page = visit(browser, page_path, scheme=scheme)
    page.add_script_tag(content=AXE)
    found: list[str] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => `${v.id} (${v.nodes.length}): ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""",
        AXE_TAGS,
    )
    return found


# -- PDF metadata -----------------------------------------------------------------


def test_pdf_metadata_says_what_the_document_is(site: Path) -> None:
    reader = PdfReader(site / "pdf" / "agenda.pdf")
    info = reader.metadata
    assert info is not None
    assert info.title == "Programme provisoire"
    assert info.author == "Point focal CHM de la Belgique"
    assert info.subject is not None and info.subject.startswith("Atelier de réflexion")
    assert info["/Creator"].startswith("chmdocs ")
    # The document's own date (its :date:), never the day of the build.
    assert (
        info["/CreationDate"].startswith("D:20070420") and info["/ModDate"] == info["/CreationDate"]
    )
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    final = PdfReader(site / "pdf" / "final-document.pdf").metadata
    assert final is not None and final.title == "Document final"
    assert final["/CreationDate"].startswith("D:20070629")


def test_english_pdfs_say_so(english_seed_build: Path) -> None:
    reader = PdfReader(english_seed_build / "pdf" / "agenda.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None and reader.metadata.title == "Provisional programme"


# -- a site that can be copied as it is -------------------------------------------


def test_the_site_holds_its_pdfs_and_exports_and_links_them(site: Path) -> None:
    html = site / "html"
    for name in ("pdf/agenda.pdf", "pdf/synthesis-note.pdf", "pdf/final-document.pdf",
                 "agenda.ics", "schedule.json", "schedule.xml", "chmdocs.json", "actions.csv",
                 "logframe.xlsx"):  # fmt: skip
        assert (html / name).is_file(), name
    assert not (html / "pdf" / "attendance-sheet.pdf").exists()  # internal
    agenda = (html / "agenda.html").read_text(encoding="utf-8")
    assert 'href="pdf/agenda.pdf"' in agenda and 'href="agenda.ics"' in agenda
    assert 'href="docx/agenda.docx"' in agenda and "Télécharger au format Word" in agenda
    assert "Télécharger le PDF" in agenda and "Ajouter à mon agenda" in agenda
    note = (html / "synthesis-note.html").read_text(encoding="utf-8")
    assert 'href="pdf/synthesis-note.pdf"' in note and "agenda.ics" not in note
    home = html_text(html / "index.html")
    assert "Documents et données" in home
    for label in ("Programme provisoire (PDF, Word)", "Document final (PDF, Word)", "schedule.xml"):
        assert label in home
    # Every link of every page reaches a file of the site.
    import re

    for page in html.glob("*.html"):
        for target in re.findall(r'href="([^"#:?]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_the_default_build_puts_the_calendar_in_the_site(tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path)  # html and pdf
    assert (tmp_path / "html" / "agenda.ics").is_file()
    assert (tmp_path / "html" / "pdf" / "agenda.pdf").is_file()
    assert 'href="agenda.ics"' in (tmp_path / "html" / "agenda.html").read_text()
    assert not (tmp_path / "agenda.ics").exists()  # only what -f asked for, beside html/


def test_html_alone_offers_no_download(tmp_path: Path) -> None:
    chmdocs.build(REPO / "source", tmp_path, ["html"])
    assert "Télécharger le PDF" not in (tmp_path / "html" / "agenda.html").read_text()
    assert not (tmp_path / "html" / "pdf").exists()


# -- feeds ------------------------------------------------------------------------


def test_schedule_feed_keeps_what_the_c3voc_schema_asks(site: Path) -> None:
    """The c3voc schema's constraints the feed could break, checked here; the
    schema itself is checked below where a copy of it is at hand."""
    import re

    data = json.loads((site / "schedule.json").read_text(encoding="utf-8"))
    conference = data["schedule"]["conference"]
    assert re.match(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$", conference["acronym"])
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len({e["guid"] for e in events}) == len(events)
    assert len({e["slug"] for e in events}) == len(events)
    for item in events:
        assert re.match(r"^[a-z0-9_-]+[a-z0-9]$", item["slug"]), item["slug"]
        assert re.match(r"^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$", item["slug"]), item["slug"]
        assert item["id"] >= 1
    # Each group an event of its own, in its own room, linked to its session.
    groups = [e for e in events if e["type"] == "workshop"]
    assert len(groups) == 6
    sessions = {e["guid"]: e for e in events}
    for group in groups:
        [link] = group["links"]
        session = sessions[link["url"].removeprefix("urn:uuid:")]
        assert (group["date"], group["duration"]) == (session["date"], session["duration"])
        assert group["room"] != session["room"]
    facilitated = next(e for e in groups if e["title"].startswith("Groupe 1"))
    assert [p["name"] for p in facilitated["persons"]] == ["Mme Anne Dupuis", "Mme Aminata Diallo"]


def c3voc_file(path: str) -> bytes | None:
    """A file of the voc/schedule repository, where a copy of it is at hand:
    CHMDOCS_C3VOC (a checkout of the repository) or this machine's snapshot."""
    import subprocess

    folder = os.environ.get("CHMDOCS_C3VOC")
    if folder and (Path(folder) / path).is_file():
        return (Path(folder) / path).read_bytes()
    mirror = Path("/work/.mirror/voc+schedule/repo")
    if mirror.is_dir():
        done = subprocess.run(
            ["git", "--git-dir", str(mirror), "show", f"HEAD:{path}"], capture_output=True
        )
        if done.returncode == 0:
            return done.stdout
    return None


def test_schedule_json_validates_against_the_c3voc_schema(site: Path) -> None:
    import jsonschema

    text = c3voc_file("validator/json/schema.json")
    if text is None:
        pytest.skip("no copy of voc/schedule's validator/json/schema.json (CHMDOCS_C3VOC)")
    schema = json.loads(text)
    validator = jsonschema.validators.validator_for(schema)
    checker = validator(schema, format_checker=validator.FORMAT_CHECKER)
    data = json.loads((site / "schedule.json").read_text(encoding="utf-8"))
    assert [e.message for e in checker.iter_errors(data)] == []


def test_schedule_xml_validates_against_the_frab_xsd(site: Path) -> None:
    from lxml import etree

    text = c3voc_file("validator/xsd/schedule.xml.xsd")
    if text is None:
        pytest.skip("no copy of voc/schedule's validator/xsd/schedule.xml.xsd (CHMDOCS_C3VOC)")
    schema = etree.XMLSchema(etree.fromstring(text))
    document = etree.parse(str(site / "schedule.xml"))
    assert schema.validate(document), [str(e) for e in schema.error_log][:5]


def test_schedule_xml_is_the_same_programme(site: Path) -> None:
    from lxml import etree

    document = etree.parse(str(site / "schedule.xml"))
    data = json.loads((site / "schedule.json").read_text(encoding="utf-8"))
    conference = data["schedule"]["conference"]
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert document.findtext("conference/acronym") == conference["acronym"]
    assert sorted(document.xpath("//event/@guid")) == sorted(e["guid"] for e in events)
    assert len(document.xpath("//day")) == 2
    assert document.xpath("//event/links/link/@href")[0].startswith("urn:uuid:")


def test_the_calendar_passes_a_strict_parser(site: Path) -> None:
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics((site / "agenda.ics").read_text())
    assert len(calendar.events) == 26
    first = calendar.events[0]
    assert first.summary == "Accueil des participants"
    assert first.dtstart.isoformat() == "2007-05-02T09:00:00+02:00"


# -- in a real browser --------------------------------------------------------------


def test_no_axe_violation_on_any_page_of_the_seed(site: Path, browser: Any) -> None:
    pages = sorted((site / "html").glob("*.html"))
    assert len(pages) >= 8
    found = {page.name: axe_violations(browser, page) for page in pages}
    assert {name: v for name, v in found.items() if v} == {}


def test_no_axe_violation_in_the_dark(site: Path, browser: Any) -> None:
    for name in ("agenda.html", "final-document.html"):
        assert axe_violations(browser, site / "html" / name, scheme="dark") == []


def test_no_axe_violation_on_a_new_project(tmp_path: Path, browser: Any) -> None:
    project = tmp_path / "new"
    arguments = [
        "init",
        str(project),
        "--title",
        "Training workshop",
        "--language",
        "en",
        "--start",
        "2030-03-10",
        "--end",
        "2030-03-12",
        "--location",
        "Nairobi, Kenya",
    ]
    result = CliRunner().invoke(main, arguments)  # fmt: skip
    assert result.exit_code == 0, result.output
    chmdocs.build(project, tmp_path / "out", ["html", "pdf", "ics"])
    pages = sorted((tmp_path / "out" / "html").glob("*.html"))
    found = {page.name: axe_violations(browser, page) for page in pages}
    assert {name: v for name, v in found.items() if v} == {}


LAYOUT = """() => {
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    const cut = [];
    for (const table of document.querySelectorAll('table')) {
        const box = table.getBoundingClientRect();
        if (box.right <= window.innerWidth + 1) continue;
        // Wider than the screen: fine only inside a box that scrolls.
        let parent = table.parentElement, scrolls = false;
        while (parent) {
            const style = getComputedStyle(parent);
            if (['auto', 'scroll'].includes(style.overflowX) &&
                parent.scrollWidth > parent.clientWidth &&
                parent.getBoundingClientRect().right <= window.innerWidth + 1) {
                scrolls = true; break;
            }
            parent = parent.parentElement;
        }
        if (!scrolls) cut.push(table.className);
    }
    const rows = [...document.querySelectorAll('.chm-parallel')].map(
        p => new Set([...p.children].map(c => Math.round(c.getBoundingClientRect().top))).size);
    // chmdocs' own tables never need a box to scroll on a phone: they reflow.
    const wide = [...document.querySelectorAll('.chm-view table')].filter(
        t => t.getBoundingClientRect().width > window.innerWidth + 1).map(t => t.className);
    return {overflow, cut, rows, wide};
}"""


#: A folder to keep each measured page's full screenshot in, for looking at
#: (``CHMDOCS_SCREENSHOTS=/tmp/shots make test``); none are taken without it,
#: the assertions read the layout itself (a full-page PNG costs about a second).
SCREENSHOTS = os.environ.get("CHMDOCS_SCREENSHOTS")


def layout(browser: Any, page_path: Path, width: int, screenshot: Path) -> dict[str, Any]:
    page = visit(browser, page_path, width)
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{page_path.parent.parent.name}-{width}-{screenshot.name}"
        page.screenshot(path=str(shot), full_page=True)
    measured: dict[str, Any] = page.evaluate(LAYOUT)
    return measured


THEMES = ("chmdocs", "alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme")


@pytest.fixture(scope="module")
def themed(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, seed_build: Path
) -> dict[str, Path]:
    """The seed's site in every theme, each built once per test run; the two
    workers start from opposite ends of the list, so they build two each."""
    built = {"chmdocs": seed_build / "html"}  # the seed's own theme
    others = list(THEMES[1:])
    if worker_id[-1:] in "13579":
        others.reverse()
    for theme in others:
        out = shared_build(
            tmp_path_factory, worker_id, f"seed-{theme}", ["html"], {"html_theme": theme}
        )
        built[theme] = out / "html"
    return built


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_views_read_well_in_every_theme_and_width(
    themed: dict[str, Path], browser: Any, theme: str, width: int, tmp_path: Path
) -> None:
    for name in ("agenda.html", "final-document.html", "participants.html"):
        measured = layout(browser, themed[theme] / name, width, tmp_path / f"{name}.png")
        # pydata-sphinx-theme's own navigation bar is 375 px wide: at 320 px it,
        # not the page's content, makes the page scroll (chmdocs cannot change it).
        if not (theme == "pydata_sphinx_theme" and width == 320):
            assert measured["overflow"] <= 1, f"{name}: the page scrolls sideways"
        assert measured["cut"] == [], f"{name}: tables cut off: {measured['cut']}"
        if width < 400:
            assert measured["wide"] == [], f"{name}: view tables do not reflow"
        if width == 1280 and name == "agenda.html":
            # The seed's two parallel groups, side by side in each session.
            assert measured["rows"] and all(rows == 1 for rows in measured["rows"]), measured


@pytest.mark.parametrize("theme", THEMES)
def test_chmdocs_colours_meet_aa_in_every_theme(
    themed: dict[str, Path], browser: Any, theme: str
) -> None:
    for scheme in ("light", "dark"):
        page = visit(browser, themed[theme] / "final-document.html", scheme=scheme)
        page.add_script_tag(content=AXE)
        found = page.evaluate(
            """async () => (await axe.run(
                {include: [['.chm-view'], ['.chm-object']]},
                {runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}
            )).violations.map(v => v.id + ': ' + v.nodes[0].target.join(' '))"""
        )
        assert found == [], f"{theme}, {scheme}: {found}"


def test_four_parallel_groups_stand_side_by_side(tmp_path: Path, browser: Any) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chmdocs"]\nhtml_theme = "chmdocs"\n')
    groups = "".join(
        f"\n   .. group:: Theme number {n} with a longer title\n      :label: Group {n}\n"
        for n in range(1, 5)
    )
    (source / "index.rst").write_text(
        "Workshop\n========\n\n.. workshop:: W\n   :id: w\n   :start: 2030-01-01\n\n"
        ".. session:: Groups\n   :start: 09:00\n   :end: 10:00\n   :kind: groupwork\n"
        + groups
        + "\n.. agenda::\n"
    )
    chmdocs.build(source, tmp_path / "out", ["html"])
    measured = layout(browser, tmp_path / "out" / "html" / "index.html", 1280, tmp_path / "a.png")
    assert measured["rows"] == [1]
    narrow = layout(browser, tmp_path / "out" / "html" / "index.html", 390, tmp_path / "b.png")
    assert narrow["overflow"] <= 1 and narrow["cut"] == []


@pytest.mark.parametrize("width", (390, 320))
def test_the_english_seed_reflows_on_a_phone(
    browser: Any, width: int, english_seed_build: Path, tmp_path: Path
) -> None:
    for name in ("agenda.html", "final-document.html", "synthesis-note.html"):
        page = english_seed_build / "html" / name
        measured = layout(browser, page, width, tmp_path / f"{name}.png")
        assert measured["overflow"] <= 1, f"{name}: the page scrolls sideways"
        assert measured["wide"] == [], f"{name}: view tables do not reflow"
