"""conf.py settings: each chmdocs setting checked once, a bad value warned of
(naming the setting) and replaced by its default; the build goes on."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import TESTS

import chmdocs
from chmdocs.sphinxext.config import SETTINGS

#: For each setting a user may write, values that must be refused.
MALFORMED = {
    "chmdocs_documents": [
        [("agenda",)],
        "agenda",
        {"index": 5},
        [("index", "/tmp/elsewhere/thesis")],
        [("index", "../escape")],
        [("../../etc/passwd", "x")],
    ],
    "chmdocs_require_ids": ["yes", 1],
    "chmdocs_note_lead_days": ["7", -1, True, 10**9],
    "chmdocs_note_document": [5, "", "/abs/path"],
    "chmdocs_final_document": [["final-document"], "", "../outside"],
    "chmdocs_imports": [["../a.json"], {"a b": "x.json"}, {"k": 5}, {"k": ""}],
    "chmdocs_gap_minutes": ["30", -5, 3.5],
    "chmdocs_time_format": [5, "mm", "x" * 200],
    "chmdocs_currency": ["EURO", 978, "€"],
    "chmdocs_exchange_rates": [
        {"XOF": "beaucoup"},
        {"XOF": -1},
        {"F CFA": 655.957},
        [("XOF", 655.957)],
    ],
}
CASES = [(name, value) for name, values in MALFORMED.items() for value in values]


def test_every_setting_a_user_writes_has_malformed_cases() -> None:
    assert {s.name for s in SETTINGS if s.literal} == set(MALFORMED)


def project_with(tmp_path: Path, settings: str) -> Path:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    (source / "conf.py").write_text(
        f'extensions = ["chmdocs"]\nlanguage = "en"\n{settings}\n', encoding="utf-8"
    )
    return source


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}={v!r}"[:60] for n, v in CASES])
def test_a_malformed_setting_is_one_warning_and_the_default(
    tmp_path: Path, name: str, value: object
) -> None:
    source = project_with(tmp_path, f"{name} = {value!r}")
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["html", "json"], warning=warnings)
    lines = [line for line in warnings.getvalue().splitlines() if "WARNING" in line]
    naming = [line for line in lines if name in line]
    assert len(naming) == 1, lines
    assert "[chmdocs.config]" in naming[0] and "using the default" in naming[0]
    assert (tmp_path / "out" / "html" / "index.html").exists()
    assert not list(tmp_path.glob("elsewhere*")) and not Path("/tmp/elsewhere").exists()


def test_a_pdf_name_never_leaves_the_pdf_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "thesis.pdf").write_bytes(b"precious")
    source = project_with(tmp_path, f"chmdocs_documents = [('index', {str(victim / 'thesis')!r})]")
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=io.StringIO())
    assert (victim / "thesis.pdf").read_bytes() == b"precious"
    published = tmp_path / "out" / "pdf"
    assert not published.exists() or not any(published.iterdir())


def test_good_settings_are_taken(tmp_path: Path) -> None:
    source = project_with(
        tmp_path, "chmdocs_documents = {'index': 'programme-2030'}\nchmdocs_time_format = 'HH.mm'"
    )
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["pdf"], warning=warnings)
    assert "chmdocs.config" not in warnings.getvalue()
    assert (tmp_path / "out" / "pdf" / "programme-2030.pdf").exists()


@pytest.mark.parametrize("value", [5, 'en" data-x="1', "", "fr/../../x"])
def test_a_malformed_language_falls_back_to_english(tmp_path: Path, value: object) -> None:
    source = project_with(tmp_path, "")
    (source / "conf.py").write_text(f'extensions = ["chmdocs"]\nlanguage = {value!r}\n')
    warnings = io.StringIO()
    chmdocs.build(source, tmp_path / "out", ["html"], warning=warnings)
    page = (tmp_path / "out" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page
    assert "data-x" not in page
