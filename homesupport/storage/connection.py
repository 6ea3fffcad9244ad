"""Keyed SQLCipher connections with the pragmas every connection needs. Plain DB-API, no
SQLAlchemy: the first screen reads through it while the ORM is still loading."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

# How long a write waits for another window or command to finish its own.
BUSY_TIMEOUT_MS = 5000


class WrongKey(Exception):
    """The key does not open this database file (or the file is not a database at all)."""


class DatabaseLocked(Exception):
    """Another program holds the database file."""


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
