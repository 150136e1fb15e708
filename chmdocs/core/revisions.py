"""A project as it was at a git revision (``git:REV``), read with git itself.

The files come out of git into a temporary directory (``git archive`` for a
directory, ``git show`` for a file): the working tree, the index and HEAD
are never touched.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from chmdocs.core.errors import UsageError

PREFIX = "git:"


def is_revision(spec: str) -> bool:
    return spec.startswith(PREFIX)


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise UsageError("git is not installed: a git:REV cannot be read") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def inside_only(spec: str) -> Callable[[tarfile.TarInfo, str], tarfile.TarInfo | None]:
    """tarfile's ``data`` filter, but a member it refuses (a link to an
    absolute path or out of the project) is left out, and said, rather than
    stopping the checkout: the sources never follow such a link anyway."""

    def keep(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError as error:
            sys.stderr.write(f"chmdocs: {spec}: {member.name} left out ({error})\n")
            return None

    return keep


@contextlib.contextmanager
def checkout(spec: str, path: str | Path) -> Iterator[Path]:
    """``path`` (a project directory or a chmdocs.json) as it was at the
    revision ``spec`` names (``git:HEAD~1``, ``git:v1``), in a temporary
    directory that is removed afterwards."""
    revision = spec.removeprefix(PREFIX).strip()
    if not revision or revision.startswith("-"):
        raise UsageError(f"{spec!r}: give a revision after 'git:' (git:HEAD~1, git:v1)")
    target = Path(path).resolve()
    folder = target if target.is_dir() else target.parent
    if not folder.is_dir():
        raise UsageError(f"{path}: no such file or directory to read at {spec}")
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    relative = target.relative_to(top).as_posix()
    with tempfile.TemporaryDirectory(prefix="chmdocs-rev-") as scratch:
        where = Path(scratch)
        if target.is_dir():
            tree = f"{revision}:{relative}" if relative != "." else revision
            data = _git(top, "archive", "--format=tar", tree)
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                archive.extractall(where / "project", filter=inside_only(spec))
            yield where / "project"
        else:
            data = _git(top, "show", f"{revision}:{relative}")
            copy = where / target.name
            copy.write_bytes(data)
            yield copy
