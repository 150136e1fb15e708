"""`chmdocs check`, and the message catalogs shipped with the package."""

from __future__ import annotations

import gettext
import json
import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import REPO, TESTS

from chmdocs.app.cli import main
from chmdocs.core.messages import LOCALE_DIR


def test_check_on_the_seed_reports_only_reminders() -> None:
    result = CliRunner().invoke(main, ["check", str(REPO / "source")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 4
    assert all(": reminder: session " in line and "[chmdocs.tbc]" in line for line in lines)
    assert "programme.rst:76: reminder: session 'd1-scbd' is still to be confirmed (SCBD)" in (
        result.output
    )


def test_check_reports_problems_as_json_and_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "overlap"
    shutil.copytree(TESTS / "defects" / "overlap", source)
    result = CliRunner().invoke(main, ["check", str(source), "--format", "json"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)
    assert finding["path"].endswith("index.rst") and finding["line"] == 19
    assert (finding["severity"], finding["type"]) == ("warning", "chmdocs.overlap")
    assert "overlaps 's1' (09:00–10:00)" in finding["message"]


def test_check_points_out_long_gaps_as_information(tmp_path: Path) -> None:
    source = tmp_path / "gap"
    shutil.copytree(TESTS / "defects" / "overlap", source)
    index = source / "index.rst"
    index.write_text(
        index.read_text().replace(":start: 09:30\n   :end: 10:30", ":start: 14:00\n   :end: 15:00")
    )
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 0, result.output
    assert (
        "info: 240 minutes with no session between 's1' (ends 10:00) and 'clash'" in result.output
    )


def test_check_honours_suppress_warnings(tmp_path: Path) -> None:
    source = tmp_path / "overlap"
    shutil.copytree(TESTS / "defects" / "overlap", source)
    conf = source / "conf.py"
    conf.write_text(conf.read_text() + 'suppress_warnings = ["chmdocs.overlap"]\n')
    result = CliRunner().invoke(main, ["check", str(source)])
    assert result.exit_code == 0 and result.output == ""


def test_french_catalog_is_complete_and_compiled() -> None:
    po_path = LOCALE_DIR / "fr" / "LC_MESSAGES" / "chmdocs.po"
    with po_path.open("rb") as stream:
        catalog = read_po(stream, locale="fr")
    with (LOCALE_DIR / "chmdocs.pot").open("rb") as stream:
        template = read_po(stream)
    assert {m.id for m in template if m.id} == {m.id for m in catalog if m.id}
    compiled = gettext.translation("chmdocs", str(LOCALE_DIR), languages=["fr"])
    for message in catalog:
        if isinstance(message.id, tuple):  # a message with a plural
            singular, plural = message.id
            assert all(message.string), message.id
            assert compiled.ngettext(singular, plural, 1) == message.string[0]
            assert compiled.ngettext(singular, plural, 2) == message.string[1]
        elif message.id:
            assert message.string, message.id
            assert compiled.gettext(message.id) == message.string, "run make catalogs"


def test_every_message_in_the_code_is_in_the_catalogs() -> None:
    """chmdocs' messages extracted again from the code, as ``make catalogs``
    does: a new ``_()`` or ``N_()`` missing from the .pot, or left untranslated
    in French, would print in English in a French document."""
    from babel.messages.extract import extract_from_dir

    po_path = LOCALE_DIR / "fr" / "LC_MESSAGES" / "chmdocs.po"
    with po_path.open("rb") as stream:
        french = {m.id: m.string for m in read_po(stream, locale="fr") if m.id}
    # A message also said in the plural ("Speaker", "Speakers") is one entry.
    french.update({m[0]: s for m, s in list(french.items()) if isinstance(m, tuple)})
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO / "chmdocs"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message)
    missing = sorted(str(m) for m in found if m not in french)
    untranslated = sorted(str(m) for m in found if m in french and not all(
        french[m] if isinstance(french[m], tuple) else [french[m]]
    ))  # fmt: skip
    assert missing == [], "run make catalogs, then translate"
    assert untranslated == []
    # A message written inside an f-string escapes extraction: never so.
    hidden = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "chmdocs").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\{_\(\s*['\"]|\{N_\(", line)
    ]
    assert hidden == [], "take the message out of the f-string"
