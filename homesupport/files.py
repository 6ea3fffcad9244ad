"""Writing a file whole or not at all, for every layer (stdlib only, no I/O at import time).

The new content goes to a temporary file in the target's own folder (a rename never crosses
file systems there), is flushed to the disk, then replaces the target in one rename. Until
that rename the old file is untouched; when anything fails the temporary file is removed and
the old file stays as it was. The temporary file is readable by its owner only (``mode``) from
the moment it exists, since most of what the app writes is personal.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO

from homesupport.i18n import N_

PRIVATE_FILE_MODE = 0o600  # as homesupport.paths.PRIVATE_FILE_MODE
SHARED_FILE_MODE = 0o666  # what the process umask leaves of it, like open(path, "w")

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # full, or over quota
# A factory of temporary paths in a folder, removed when its block ends unless renamed away
# (e.g. one that notes each unfinished file, so that a killed writer's file is removed later).
Scratch = Callable[[Path], AbstractContextManager[Path]]


class WriteFailed(OSError):
    """A file that could not be written; the file at ``path`` is unchanged. ``msgid`` is a
    catalogue id whose ``{placeholders}`` are filled from ``params`` after translation."""

    def __init__(self, path: Path, cause: OSError) -> None:
        self.path = path
        if cause.errno in _DISK_FULL:
            self.msgid = N_("Not enough disk space to write {path}; the file there is unchanged.")
        else:
            self.msgid = N_("Could not write {path}: {reason}.")
        self.params = {"path": str(path), "reason": cause.strerror or type(cause).__name__}
        super().__init__(cause.errno, self.msgid.format(**self.params))


def atomic_write(
    path: Path,
    content: bytes | str | Callable[[BinaryIO], None],
    *,
    mode: int = PRIVATE_FILE_MODE,
    encoding: str = "utf-8",
) -> None:
    """Replaces ``path`` with ``content`` (bytes, text in ``encoding``, or a function that
    writes to the open file) or raises :class:`WriteFailed` and leaves it as it was."""
    with replacing(path, mode=mode) as temporary, temporary.open("wb") as handle:
        if callable(content):
            content(handle)
        else:
            handle.write(content.encode(encoding) if isinstance(content, str) else content)


@contextmanager
def replacing(
    path: Path, *, mode: int = PRIVATE_FILE_MODE, scratch: Scratch | None = None
) -> Iterator[Path]:
    """A temporary path beside ``path`` for the block to write (an empty file there already,
    for writers that open it by name); when the block ends without an error it is flushed
    and replaces ``path``. :class:`WriteFailed` for any OSError (a full disk among them),
    and whatever the block raises, leave ``path`` unchanged and no temporary file."""
    try:
        make = scratch if scratch is not None else functools.partial(_beside, mode=mode)
        with make(path.parent) as temporary:
            if scratch is not None:  # its file may not exist yet: made private first
                os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | _NOFOLLOW, mode))
            yield temporary
            with temporary.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(temporary, path)
    except WriteFailed:
        raise
    except OSError as error:
        raise WriteFailed(path, error) from error
    _sync_folder(path.parent)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # never write through a link planted in its place


@contextmanager
def _beside(folder: Path, mode: int = PRIVATE_FILE_MODE) -> Iterator[Path]:
    # Hidden, and named by no part of the target's name (which may hold a client's nickname).
    import secrets  # here: it loads OpenSSL's hashes, which the start does without

    temporary = folder / f".homesupport-{secrets.token_hex(8)}.tmp"
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode))
    try:
        yield temporary
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """The rename itself on the disk, where the system allows opening a folder (POSIX)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
