"""Unfinished files written outside the store (exports, which hold personal data in clear,
and backups), removed at the next start when the app was killed while writing them.

Before such a file exists, a note naming it is written in the data dir's ``partial`` folder
and kept locked (an OS lock, released by the OS when the process dies, however it dies) until
the file is complete and renamed, or removed. At the next start every note whose lock is free
belongs to a writer that was killed: its file is removed, then the note. A note still locked
belongs to another window or command writing right now, and is left alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

PREFIX = ".homesupport-"
SUFFIX = ".partial"
_NOTE = ".note"


class PartialFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder  # <data dir>/partial

    @contextmanager
    def writing(self, directory: Path, kind: str = "") -> Iterator[Path]:
        """A new file name in ``directory``, noted until the block ends; the file is removed
        then unless the block renamed it to its final name."""
        import secrets  # here: it loads OpenSSL's hashes, which every start's tidy-up lacks

        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        token = secrets.token_hex(8)
        path = directory / f"{PREFIX}{token}{kind}{SUFFIX}"
        note = self.folder / f"{token}{_NOTE}"
        try:
            with note.open("xb") as handle:
                _lock(handle)
                handle.write(os.fsencode(path.absolute()))
                handle.flush()
                os.fsync(handle.fileno())
                try:
                    yield path
                finally:
                    with suppress(OSError):
                        path.unlink(missing_ok=True)
        finally:
            with suppress(OSError):
                note.unlink(missing_ok=True)

    def remove_leftovers(self) -> int:
        """Removes the files of writers that were killed; returns how many."""
        removed = 0
        try:
            notes = list(self.folder.glob(f"*{_NOTE}"))
        except OSError:
            return 0
        for note in notes:
            try:
                with note.open("rb") as handle:
                    if not _try_lock(handle):
                        continue  # being written right now by another window or command
                    path = Path(os.fsdecode(handle.read()))
                if path.name.startswith(PREFIX) and path.name.endswith(SUFFIX):
                    # SQLite's rollback journal of a backup being written sits beside it
                    for leftover in (path, path.with_name(path.name + "-journal")):
                        if leftover.exists():
                            leftover.unlink()
                            removed += 1
                note.unlink()
            except OSError:
                continue  # a removable disk that is gone: the note stays for next time
        return removed


def _lock(handle: BinaryIO) -> None:
    if not _try_lock(handle):
        raise OSError("the note of a file being written is locked")


def _try_lock(handle: BinaryIO) -> bool:
    """An exclusive lock on the open file, without waiting; False when another holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
