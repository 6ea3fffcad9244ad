"""Keyed SQLCipher connections with the pragmas every connection needs. Plain DB-API, no
SQLAlchemy: the first screen reads through it while the ORM is still loading."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

# How long a write waits for another window or command to finish its own.
BUSY_TIMEOUT_MS = 5000


class WrongKey(Exception):
    """The key does not open this database file (or the file is not a database at all)."""


class DatabaseLocked(Exception):
    """Another program holds the database file."""


class StorageRefused(Exception):
    """The disk or the file system refused, whatever the key: ``kind`` is ``full``,
    ``read_only``, ``no_access`` or ``io`` (a failing disk). Nothing was changed."""

    def __init__(self, kind: str, folder: Path, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.folder = folder


# SQLite's primary result codes (the low byte of an extended code).
_FULL, _READONLY, _IOERR, _CANTOPEN, _PERM, _AUTH = 13, 8, 10, 14, 3, 23
_FULL_ERRNOS = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
# A disk with less than this free is full for SQLite: its journals grow by pages.
_NEARLY_FULL_BYTES = 1024 * 1024


def storage_refusal(error: BaseException, path: Path) -> StorageRefused | None:
    """What the disk refused, for an error of SQLite (also wrapped by SQLAlchemy) or of the
    OS met while using the database at ``path``; None for anything else (a wrong key, a
    bug). SQLite reports a full disk met while growing its shared memory file as an I/O
    error, so the free space decides between the two."""
    error = getattr(error, "orig", None) or error
    folder = path.parent
    detail = str(error)
    if isinstance(error, OSError):
        if error.errno in _FULL_ERRNOS:
            return StorageRefused("full", folder, detail)
        if error.errno == errno.EROFS:
            return StorageRefused("read_only", folder, detail)
        return None  # a permission problem may be any file's: it keeps its own words
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(error, sqlcipher.Error) or not isinstance(code, int):
        return None
    code &= 0xFF
    if code == _FULL or (code == _IOERR and _nearly_full(folder)):
        return StorageRefused("full", folder, detail)
    if code == _IOERR:
        return StorageRefused("io", folder, detail)
    if code == _READONLY or (code == _CANTOPEN and not os.access(folder, os.W_OK)):
        return StorageRefused(
            "read_only" if _read_only_media(folder) else "no_access", folder, detail
        )
    if code in (_CANTOPEN, _PERM, _AUTH):
        return StorageRefused("no_access", folder, detail)
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def _read_only_media(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs
        return not os.access(folder, os.W_OK)


def connect_raw(path: Path, key: bytes) -> sqlcipher.Connection:
    """One keyed connection with the pragmas every connection needs."""
    connection = sqlcipher.connect(str(path), check_same_thread=False, timeout=5)
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as error:
        connection.close()
        if "locked" in str(error):
            raise DatabaseLocked(str(error)) from error
        if (refusal := storage_refusal(error, path)) is not None:
            raise refusal from error
        raise WrongKey(str(error)) from error
    connection.execute("PRAGMA journal_mode = WAL")
    # FULL syncs the WAL at every commit: with NORMAL a power cut may lose the last saves.
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Pages are decrypted on every read from disk: a cache large enough for a typical store
    # (100,000 sessions ≈ 40 MB) makes filtering the session table a memory-speed scan.
    connection.execute("PRAGMA cache_size = -65536")
    return connection
