"""Publishing is all or nothing: a build whose files do not fit (a full disk,
a read-only folder), whose swap fails half-way, or whose process is killed
while publishing leaves OUTDIR as it was; a site in two languages changes
only when both built."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import TESTS

import chmdocs
from chmdocs.app import api
from chmdocs.core.errors import BuildError
from chmdocs.core.publish import NEW_SUFFIX, OLD_SUFFIX, Workspace, recover


def published(out: Path) -> dict[str, bytes]:
    """Every file a reader of OUTDIR finds (chmdocs' working areas left out)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".chmdocs" not in p.relative_to(out).parts
    }


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if p.name.endswith((NEW_SUFFIX, OLD_SUFFIX))]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A project built once (html and exports), then changed: (source, OUTDIR,
    what OUTDIR held after the first build)."""
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html", "json", "csv"])
    before = published(out)
    index = source / "index.rst"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("Why we meet.", "Why we meet again."), encoding="utf-8")
    (source / "extra.rst").write_text(":orphan:\n\nExtra\n=====\n\nNew page.\n", encoding="utf-8")
    return source, out, before


@pytest.mark.parametrize("failing_call", [1, 3, 6])
@pytest.mark.parametrize(
    "error", [errno.ENOSPC, errno.EACCES, errno.EROFS], ids=["full", "denied", "read-only"]
)
def test_files_that_do_not_fit_change_nothing(
    project: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    failing_call: int,
    error: int,
) -> None:
    source, out, before = project
    copy = shutil.copy2
    calls = []

    def copy_until_it_fails(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        if str(dst).endswith(NEW_SUFFIX):
            calls.append(dst)
            if len(calls) == failing_call:
                raise OSError(error, "simulated", str(dst))
        return copy(src, dst, *args, **kwargs)

    monkeypatch.setattr("chmdocs.core.publish.shutil.copy2", copy_until_it_fails)
    with pytest.raises(BuildError, match="nothing there was changed"):
        chmdocs.build(source, out, ["html", "json", "csv"])
    assert published(out) == before
    assert leftovers(out) == []
    monkeypatch.undo()
    chmdocs.build(source, out, ["html", "json", "csv"])  # room again: all of it
    assert "Why we meet again." in (out / "html" / "index.html").read_text(encoding="utf-8")
    assert (out / "html" / "extra.html").is_file() and leftovers(out) == []


@pytest.mark.parametrize("failing_rename", [1, 3, 6])
def test_a_swap_failing_half_way_puts_every_file_back(
    project: tuple[Path, Path, dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    failing_rename: int,
) -> None:
    source, out, before = project
    rename = Path.replace
    renames = []

    def rename_until_it_fails(self: Path, target: Any) -> Any:
        if self.name.endswith(NEW_SUFFIX):
            renames.append(self)
            if len(renames) == failing_rename:
                raise OSError(errno.EIO, "simulated", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "replace", rename_until_it_fails)
    with pytest.raises(BuildError, match="put back"):
        chmdocs.build(source, out, ["html", "json", "csv"])
    assert published(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("killed_at", [1, 5])
def test_a_publish_killed_midway_is_undone_by_the_next_build(
    project: tuple[Path, Path, dict[str, bytes]], killed_at: int
) -> None:
    source, out, before = project
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        import chmdocs
        rename = Path.replace
        seen = []
        def rename_then_die(self, target):
            if self.name.endswith({NEW_SUFFIX!r}):
                seen.append(self)
                if len(seen) == {killed_at}:
                    os._exit(9)  # as a SIGKILL would: no clean-up runs
            return rename(self, target)
        Path.replace = rename_then_die
        chmdocs.build({str(source)!r}, {str(out)!r}, ["html", "json", "csv"])
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert run.returncode == 9, run.stderr
    recover(Workspace(out))  # what the next build does first
    assert published(out) == before
    assert leftovers(out) == []


def test_a_site_in_two_languages_changes_only_when_both_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-minimal", source)
    out = tmp_path / "out"
    chmdocs.build(source, out, ["html"], languages=["fr", "en"])
    before = published(out)
    index = source / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("Why we meet.", "Why we meet now."))
    stage = api.stage

    def english_fails(*args: Any, **kwargs: Any) -> Any:
        if kwargs["overrides"].get("language") == "en":
            raise BuildError("the html build failed (warnings were treated as errors)")
        return stage(*args, **kwargs)

    monkeypatch.setattr(api, "stage", english_fails)
    with pytest.raises(BuildError):
        chmdocs.build(source, out, ["html"], languages=["fr", "en"])
    assert published(out) == before  # French unchanged too
    assert leftovers(out) == []


def test_publishing_copies_what_changed_and_mends_what_a_reader_altered(tmp_path: Path) -> None:
    """Only staged files that differ from the published ones are copied; a
    published file edited since (same size, another date), replaced by a
    link or by a folder, is put right; a file no longer made goes, and the
    folders it leaves empty too."""
    import os

    from chmdocs.core.publish import publish

    workspace = Workspace(tmp_path / "out")
    staged = workspace.staging / "html"
    (staged / "sub").mkdir(parents=True)
    for name in ("same.html", "edited.html", "linked.html", "folder.html", "sub/deep.html"):
        (staged / name).write_text(f"<p>{name}</p>", encoding="utf-8")
    (staged / "gone" / "old").mkdir(parents=True)
    (staged / "gone" / "old" / "page.html").write_text("old", encoding="utf-8")
    publish(workspace, ["html"], [])
    site = tmp_path / "out" / "html"
    assert (site / "gone" / "old" / "page.html").read_text() == "old"

    same_inode = (site / "same.html").stat().st_ino
    edited = site / "edited.html"
    edited.write_text("<p>EDITED.html</p>", encoding="utf-8")  # same length
    os.utime(edited, ns=(1, 1))
    (site / "linked.html").unlink()
    (site / "linked.html").symlink_to(site / "same.html")
    (site / "folder.html").unlink()
    (site / "folder.html").mkdir()
    shutil.rmtree(staged / "gone")
    (staged / "folder.html").unlink()
    (staged / "folder.html").write_text("<p>folder.html</p>", encoding="utf-8")
    publish(workspace, ["html"], [])

    assert (site / "same.html").stat().st_ino == same_inode  # not copied again
    for name in ("edited.html", "linked.html", "sub/deep.html"):
        assert (site / name).read_text(encoding="utf-8") == f"<p>{name}</p>"
    assert not (site / "linked.html").is_symlink()
    assert not (site / "gone").exists()
    assert leftovers(tmp_path / "out") == []
