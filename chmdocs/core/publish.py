"""A failed build changes nothing under OUTDIR.

Every build writes into a staging tree (``OUTDIR/private/.chmdocs/staging``) that
persists between builds, so Sphinx's incremental builds stay incremental.
Only when every part of the build succeeded are its files published, all or
none: each changed file is first copied beside its place (where a full disk
or a read-only folder shows, before anything changed), then all are swapped
in by renames, with SIGINT and SIGTERM held off; a swap that fails puts
every old file back, and a publish the process did not live to finish is
undone by the next build from its journal. A lock on OUTDIR keeps two builds
from writing it at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from chmdocs.core.errors import BuildError

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
#: the next build then starts afresh, its caches cleared.
UNFINISHED = "unfinished"
#: Held by the build writing OUTDIR.
LOCK = "lock"


class Workspace:
    """OUTDIR and chmdocs' working area in it."""

    def __init__(self, outdir: Path, private: Path | None = None) -> None:
        self.outdir = outdir
        #: Internal documents and the working area: OUTDIR/private/, or for one
        #: language of a site OUTDIR/private/<lang>/, never inside OUTDIR/<lang>/.
        self.private = private if private is not None else outdir / PRIVATE
        self.root = self.private / WORKDIR.removeprefix(f"{PRIVATE}/")

    def published(self, name: str) -> Path:
        """Where the staged folder or file ``name`` (``html``, ``private/pdf``) goes."""
        first, _slash, rest = name.partition("/")
        if first == PRIVATE:
            return self.private / rest
        return self.outdir / name

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
            self.private.chmod(0o700)
        earlier = self.outdir / PRIVATE
        if self.private != earlier and earlier.is_dir() and not earlier.is_symlink():
            # Where an earlier chmdocs kept one language's private files: in
            # the public part of OUTDIR. They are made again where they belong.
            shutil.rmtree(earlier, ignore_errors=True)
        with (self.root / LOCK).open("a") as lock:
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
                recover(self)
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def clear_caches(self) -> None:
        """Everything a build keeps between builds (staging tree, doctrees,
        style sheets, images) removed: after a build that broke off, any of
        them may be half-written, and a half-written file that is reused
        (rather than made again) breaks every build after it."""
        kept = {LOCK, UNFINISHED, JOURNAL}
        for entry in self.root.iterdir():
            if entry.name in kept:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    @contextlib.contextmanager
    def staging_build(self) -> Iterator[bool]:
        """Yields whether the environment must be fresh; marks the staging
        tree consistent only when the body ran to its end."""
        marker = self.root / UNFINISHED
        fresh = marker.exists()
        if fresh:
            self.clear_caches()
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
    return unchanged(a.stat(), b.stat())


def unchanged(staged: os.stat_result, published: os.stat_result) -> bool:
    """Whether the published file is the staged one, copied with its date
    (``shutil.copy2``) by an earlier publish; never a symbolic link."""
    return (
        stat.S_ISREG(published.st_mode)
        and staged.st_size == published.st_size
        and staged.st_mtime_ns == published.st_mtime_ns
    )


#: Beside each file being replaced: the new copy, then the old one kept
#: until every file is in place.
NEW_SUFFIX = ".chmdocs-new"
OLD_SUFFIX = ".chmdocs-old"
#: The list of replacements under way: a publish that broke off (the
#: process killed) is rolled back from it by the next build.
JOURNAL = "publishing"


@dataclasses.dataclass
class Publication:
    """The files one publish changes: copies made beside their targets first
    (where a full disk or a read-only folder shows, before anything changed),
    then every target swapped in by renames, which need no space; a failure
    puts every old file back. The journal lists each target as it is taken
    on, so that the next build undoes a publish the process did not live
    to finish (see :func:`recover`)."""

    journal: Path
    #: (target, its new copy or None to remove it), in the order taken on.
    moves: list[tuple[Path, Path | None]] = dataclasses.field(default_factory=list)
    swapped: int = 0

    def note(self, kind: str, target: Path) -> None:
        with self.journal.open("a", encoding="utf-8") as journal:
            journal.write(f"{kind}\t{target}\n")

    def add(self, source: Path, target: Path) -> None:
        if same_file(source, target):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = target.with_name(target.name + NEW_SUFFIX)
        self.note("replace", target)
        self.moves.append((target, copy))
        shutil.copy2(source, copy)

    def remove(self, target: Path) -> None:
        self.note("remove", target)
        self.moves.append((target, None))

    def discard(self) -> None:
        """Nothing swapped in yet: the copies go, and the journal."""
        for _target, copy in self.moves[self.swapped :]:
            if copy is not None:
                copy.unlink(missing_ok=True)
        if not self.swapped:
            self.journal.unlink(missing_ok=True)

    def commit(self) -> None:
        """Every target swapped in, or (on failure) none."""
        try:
            for target, copy in self.moves:
                kept = target.with_name(target.name + OLD_SUFFIX)
                if target.exists() or target.is_symlink():
                    target.replace(kept)
                self.swapped += 1
                if copy is not None:
                    copy.replace(target)
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        """Every swapped target as it was."""
        for target, copy in reversed(self.moves[: self.swapped]):
            kept = target.with_name(target.name + OLD_SUFFIX)
            if kept.exists() or kept.is_symlink():
                kept.replace(target)
            elif copy is not None and not copy.exists():
                target.unlink(missing_ok=True)  # new in this publish
        self.swapped = 0
        self.discard()

    def finish(self) -> None:
        """Published: the old files and the journal go."""
        for target, _copy in self.moves:
            kept = target.with_name(target.name + OLD_SUFFIX)
            if kept.is_dir() and not kept.is_symlink():
                shutil.rmtree(kept)  # a folder stood where a file is published
            else:
                kept.unlink(missing_ok=True)
        self.journal.unlink(missing_ok=True)


def recover(workspace: Workspace) -> None:
    """A publish the process did not live to finish, undone: OUTDIR as
    before it (every file it had swapped in taken out, its copies removed)."""
    journal = workspace.root / JOURNAL
    if not journal.is_file():
        return
    for line in reversed(journal.read_text(encoding="utf-8").splitlines()):
        kind, _tab, name = line.partition("\t")
        target = Path(name)
        kept = target.with_name(target.name + OLD_SUFFIX)
        copy = target.with_name(target.name + NEW_SUFFIX)
        if kept.exists() or kept.is_symlink():
            kept.replace(target)
        elif kind == "replace" and not copy.exists():
            target.unlink(missing_ok=True)  # swapped in, and new: it goes
        copy.unlink(missing_ok=True)
    journal.unlink()


def files_under(folder: Path, *, links: bool) -> dict[str, os.stat_result]:
    """Each file under ``folder`` by its path relative to it, with its
    ``stat``: ``links`` says whether a symbolic link is listed as itself
    (what is published) or as the file it leads to (what was staged).
    Folders reached through a link are not entered. One ``scandir`` per
    folder: a site of a thousand pages lists its 4,000 files in a few
    milliseconds, where asking pathlib of each file took a tenth of a
    second of every build."""
    found: dict[str, os.stat_result] = {}
    pending = [("", folder)]
    while pending:
        prefix, current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((relative + "/", Path(entry.path)))
            elif links and entry.is_symlink():
                found[relative] = entry.stat(follow_symlinks=False)
            elif entry.is_file():
                found[relative] = entry.stat()
    return found


def remove_empty_folders(folder: Path) -> None:
    if folder.is_dir():
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()


def prepare(workspace: Workspace, folders: list[str], files: list[str]) -> Publication:
    """The staged ``folders`` (html, pdf…) and ``files`` (exports), copied
    beside their places; nothing a reader sees has changed yet. Raises
    :class:`BuildError` (everything copied removed) when they do not fit."""
    publication = Publication(workspace.root / JOURNAL)
    try:
        for name in files:
            publication.add(workspace.staging / name, workspace.published(name))
        for name in folders:
            staged, published = workspace.staging / name, workspace.published(name)
            new = files_under(staged, links=False)
            old = files_under(published, links=True)
            for relative in sorted(new):
                there = old.get(relative)
                if there is None or not unchanged(new[relative], there):
                    publication.add(staged / relative, published / relative)
            for relative in sorted(old.keys() - new.keys()):
                if not relative.endswith((NEW_SUFFIX, OLD_SUFFIX)):
                    publication.remove(published / relative)
    except OSError as error:
        publication.discard()
        raise BuildError(
            f"could not write into {workspace.outdir} ({error.strerror or error}); "
            "nothing there was changed"
        ) from None
    except BaseException:
        publication.discard()
        raise
    return publication


def publish(workspace: Workspace, folders: list[str], files: list[str]) -> None:
    """Publish the staged ``folders`` and ``files``: all of them, or none."""
    publish_all([(workspace, prepare(workspace, folders, files), folders)])


def publish_all(publications: list[tuple[Workspace, Publication, list[str]]]) -> None:
    """Several prepared publications (a site's languages) swapped in together."""
    with signals_held():
        committed: list[Publication] = []
        try:
            for _workspace, publication, _folders in publications:
                publication.commit()
                committed.append(publication)
        except BaseException:
            for publication in reversed(committed):
                publication.undo()
            for _workspace, publication, _folders in publications:
                publication.discard()
            raise BuildError("publishing failed; every file was put back as it was") from None
        for workspace, publication, folders in publications:
            publication.finish()
            if any(copy is None for _target, copy in publication.moves):
                # Files went: the folders they leave empty go too.
                for name in folders:
                    remove_empty_folders(workspace.published(name))


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
