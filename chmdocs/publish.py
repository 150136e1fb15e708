"""A failed build changes nothing under OUTDIR.

Every build writes into a staging tree (``OUTDIR/private/.chmdocs/staging``) that
persists between builds, so Sphinx's incremental builds stay incremental.
Only when every part of the build succeeded are its files published: each
copied into place atomically (a temporary file renamed over the old one),
only where it changed, with SIGINT and SIGTERM held off until publishing
is done. A lock on OUTDIR keeps two builds from writing it at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from chmdocs.errors import BuildError

#: What under OUTDIR is not for publishing: internal documents, and
#: chmdocs' working area (its doctrees hold what participants wrote, e-mail
#: and phone included). Everything else under OUTDIR is public.
PRIVATE = "private"
#: Internal documents (``:audience: internal``), as PDFs.
PRIVATE_PDF = f"{PRIVATE}/pdf"
#: chmdocs' working area: lock, staging tree, doctrees.
WORKDIR = f"{PRIVATE}/.chmdocs"
#: Where the working area was before it moved under private/.
OLD_WORKDIR = ".chmdocs"
#: Present while a staging build is under way or after one that broke off:
#: the next build then starts from a fresh environment.
UNFINISHED = "unfinished"


class Workspace:
    """OUTDIR and chmdocs' working area in it."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.root = outdir / WORKDIR

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def doctrees(self) -> Path:
        return self.root / "doctrees"

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold OUTDIR for this build; another build at once is refused."""
        self.root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            # A private folder: its contents are for the organiser alone.
            (self.outdir / PRIVATE).chmod(0o700)
        with (self.root / "lock").open("a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildError(
                    f"another build is writing {self.outdir}; wait for it to finish"
                ) from None
            try:
                # The working area of an earlier chmdocs, in the public part of OUTDIR.
                old = self.outdir / OLD_WORKDIR
                if old.is_dir() and not old.is_symlink():
                    shutil.rmtree(old, ignore_errors=True)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def staging_build(self) -> Iterator[bool]:
        """Yields whether the environment must be fresh; marks the staging
        tree consistent only when the body ran to its end."""
        marker = self.root / UNFINISHED
        fresh = marker.exists()
        self.staging.mkdir(parents=True, exist_ok=True)
        marker.touch()
        with terminate_as_interrupt():
            yield fresh
        marker.unlink(missing_ok=True)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and Ctrl-C unwind the build, so nothing is left half-done.

    The signal raises KeyboardInterrupt where the build is; should that
    exception be swallowed (raised inside a destructor or a callback whose
    errors Python only prints), the build still stops here, before anything
    is published.
    """
    received: list[int] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        raise KeyboardInterrupt(f"signal {received[0]}")


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (publishing is short)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def same_file(a: Path, b: Path) -> bool:
    if not b.is_file() or b.is_symlink():
        return False
    sa, sb = a.stat(), b.stat()
    return sa.st_size == sb.st_size and sa.st_mtime_ns == sb.st_mtime_ns


def copy_atomic(source: Path, target: Path) -> None:
    """``target`` becomes a copy of ``source`` at once, never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        shutil.copy2(source, partial)
        Path(partial).replace(target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def mirror(staged: Path, published: Path) -> None:
    """``published`` becomes what ``staged`` holds: changed files copied,
    files no longer made removed."""
    wanted = {p.relative_to(staged) for p in staged.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        source, target = staged / relative, published / relative
        if not same_file(source, target):
            copy_atomic(source, target)
    if published.is_dir():
        for path in sorted(published.rglob("*"), reverse=True):
            relative = path.relative_to(published)
            if path.is_file() or path.is_symlink():
                if relative not in wanted:
                    path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def publish(workspace: Workspace, folders: list[str], files: list[str]) -> None:
    """Publish the staged ``folders`` (html, pdf…) and ``files`` (exports)."""
    with signals_held():
        for name in files:
            copy_atomic(workspace.staging / name, workspace.outdir / name)
        for name in folders:
            mirror(workspace.staging / name, workspace.outdir / name)


_EOF = re.compile(rb"%%EOF\s*$")
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


def pdf_problem(path: Path) -> str | None:
    """Why ``path`` is not a whole PDF, or None when it is.

    A whole file starts with the PDF header, ends with a trailer and
    ``%%EOF``, and has as many page objects as its page tree counts.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return str(error)
    if not data.startswith(b"%PDF-"):
        return "it is empty or not a PDF"
    if not _EOF.search(data[-64:]) or b"startxref" not in data[-256:]:
        return "it is cut short (no trailer)"
    counts = {int(a or b) for a, b in _COUNT.findall(data)}
    pages = len(_PAGE.findall(data))
    if not pages or (counts and max(counts) != pages):
        return f"its page tree counts {max(counts, default=0)} pages but it holds {pages}"
    return None
