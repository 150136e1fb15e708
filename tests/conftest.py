"""Shared fixtures: Sphinx's own testing fixtures, our test roots, PDF text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import settings
from pypdf import PdfReader

pytest_plugins = ("sphinx.testing.fixtures",)

# Property tests check what a parser gives, never how fast: two test workers
# share two cores, and a 200 ms deadline per example would fail by chance.
settings.register_profile("chmdocs", deadline=None)
settings.load_profile("chmdocs")

TESTS = Path(__file__).parent
REPO = TESTS.parent


#: Tests slower than about two and a half seconds on two cores (``pytest
#: --durations``): left out of ``make test-fast``.
SLOW = (
    "test_one_site_in_two_languages",
    "test_build_all_writes_documents_and_exports",
    "test_the_default_build_puts_the_calendar_in_the_site",
    "test_english_pdfs_say_so",
    "test_the_seed_in_english_with_dash_d",
    "test_pdfs_are_single_well_formed_files",
    "test_json_round_trip_of_any_model",
    "test_a_full_disk_fails_the_build_and_keeps_the_good_files",
    "test_an_interrupted_build_leaves_no_half_written_file",
    "test_a_failed_build_changes_nothing_under_outdir",
    "test_random_option_values_never_break_the_build",
    "test_views_and_links_get_the_same_smart_quotes_as_the_text",
    "test_two_builds_at_once_never_publish_a_broken_file",
    "test_a_new_project_builds_with_w_in_both_languages",
    "test_a_long_workshop_prints_its_every_document",
    "test_a_very_long_paragraph_prints_whole_in_linear_time",
    "test_pdf_text_is_hyphenated_and_never_broken_at_a_narrow_space",
    "test_libreoffice_opens_every_document_with_the_pdfs_page_count",
    "test_libreoffice_opens_the_redline",
    "test_any_two_documents_accept_to_the_newer_and_reject_to_the_older",
    "test_the_same_sources_make_the_same_word_file",
    "test_rst2pdf_s_sphinx_builder_lays_out_what_rst2pdf_alone_does",
)


#: Tests measured at 0.3 s or more (``tools/time-tests`` writes it).
MEASURED_SLOW = TESTS / "slow-tests.txt"


#: The longest tests (10 s and more on two workers), run first: started last,
#: one of them alone would keep a worker busy after the other has finished.
LONGEST = (
    "test_a_long_workshop_prints_its_every_document",
    "test_no_axe_violation_on_any_page_of_the_seed",
    "test_a_full_disk_fails_the_build_and_keeps_the_good_files",
    "test_an_interrupted_build_leaves_no_half_written_file",
    "test_a_failed_build_changes_nothing_under_outdir",
    "test_any_two_documents_accept_to_the_newer_and_reject_to_the_older",
    "test_no_axe_violation_on_a_new_project",
    "test_random_option_values_never_break_the_build",
    "test_rst2pdf_s_sphinx_builder_lays_out_what_rst2pdf_alone_does",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks: ``browser`` for every test driving chromium, ``slow`` for SLOW
    and the tests last measured slow. The longest tests go first."""
    items.sort(key=lambda item: item.name.split("[")[0] not in LONGEST)
    measured = set(MEASURED_SLOW.read_text(encoding="utf-8").split())
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        # A test reading the seed's outputs waits for the whole seed, every
        # format, to be built: slow by nature, however quick its own check.
        uses_seed = "seed_build" in getattr(item, "fixturenames", ())
        if item.name.split("[")[0] in SLOW or item.nodeid in measured or uses_seed:
            item.add_marker(pytest.mark.slow)


def shared_build(
    factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    formats: list[str],
    overrides: dict[str, str] | None = None,
) -> Path:
    """The seed built once per test run into ``name``: the first test worker
    to ask builds it, the others wait for it and read the same folder."""
    import fcntl

    import chmdocs

    # Without xdist this process alone; with it, the run's folder its workers share.
    shared = factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.done").exists():
            chmdocs.build(REPO / "source", out, formats, overrides=overrides, warning_is_error=True)
            (shared / f"{name}.done").touch()
    return out


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The Brussels workshop built once per test run, every format, with -W,
    read by every test that only looks at the seed's outputs. Never write in
    it: copy it (``seed_outdir``)."""
    return shared_build(tmp_path_factory, worker_id, "seed-build", ["all"])


@pytest.fixture(scope="session")
def english_seed_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The same workshop in English (``-D language=en``): its site, PDFs and
    model, built once per test run. Never write in it."""
    formats = ["html", "pdf", "json"]
    return shared_build(
        tmp_path_factory, worker_id, "english-seed-build", formats, {"language": "en"}
    )


@pytest.fixture
def seed_outdir(seed_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the seed's sources and an OUTDIR holding its good outputs
    (every format, chmdocs' working area left out): the starting point of a
    test that breaks the next build."""
    import shutil

    from chmdocs.core.publish import WORKDIR

    source = tmp_path / "source"
    shutil.copytree(REPO / "source", source)
    shutil.copytree(REPO / "templates", tmp_path / "templates")  # conf.py's ../templates
    out = tmp_path / "out"
    workdir = seed_build / WORKDIR

    def working_area(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if Path(folder, name) == workdir]

    shutil.copytree(seed_build, out, ignore=working_area)
    return source, out


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots (tests/roots/test-<name>)."""
    return TESTS / "roots"


def normalize(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space,
    and typographic apostrophes as plain ones."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def unhyphenate(text: str) -> str:
    """Words the PDF hyphenated across lines, whole again."""
    return re.sub(r"([a-zà-ÿœ])-\n([a-zà-ÿœ])", r"\1\2", text)


def pdf_text(path: Path) -> str:
    """All the text of a PDF, white space normalized."""
    reader = PdfReader(path)
    return normalize(" ".join(unhyphenate(page.extract_text()) for page in reader.pages))


def pdf_pages(path: Path) -> list[str]:
    return [normalize(unhyphenate(page.extract_text())) for page in PdfReader(path).pages]


def html_text(path: Path) -> str:
    """The visible text of an HTML page, tags dropped, white space normalized."""
    return visible_text(path.read_text(encoding="utf-8"))


def page_body(raw: str) -> str:
    """A page's own content, without the theme's banner and sidebars: chmdocs'
    theme's ``<main>``, or alabaster's body."""
    if '<main class="body"' in raw:
        return raw[raw.index('<main class="body"') : raw.index("</main>")]
    return raw[raw.index('<div class="body"') : raw.index('<div class="sphinxsidebar"')]


def visible_text(raw: str) -> str:
    """The text of an HTML fragment as a reader sees it."""
    import html

    raw = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", raw)
    blocks = r"</?(?:p|div|td|th|tr|li|ul|ol|table|thead|tbody|section|h[1-6]|br|dt|dd|dl)\b[^>]*>"
    raw = re.sub(blocks, " ", raw)
    return normalize(html.unescape(re.sub(r"<[^>]+>", "", raw)))
