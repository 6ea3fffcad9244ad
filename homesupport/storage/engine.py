"""SQLCipher connections for SQLAlchemy, keyed with a raw 256-bit key (no key derivation, so
opening is instant; DESIGN.md §10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

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
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Pages are decrypted on every read from disk: a cache large enough for a typical store
    # (100,000 sessions ≈ 40 MB) makes filtering the session table a memory-speed scan.
    connection.execute("PRAGMA cache_size = -65536")
    return connection


def create_store_engine(path: Path, key: bytes) -> Engine:
    connect_raw(path, key).close()  # fail fast, outside the pool, on a wrong key

    # The plain pysqlite dialect with SQLCipher's module: its exceptions are wrapped properly,
    # and the key goes in through our creator (the pysqlcipher dialect would derive it).
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: connect_raw(path, key),
    )

    # The driver's own transaction handling is off; SQLAlchemy's BEGIN makes each unit of
    # work one real transaction (pysqlite's documented recipe).
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[OrmSession]:
    return sessionmaker(engine, expire_on_commit=False)
