"""SQLCipher connections for SQLAlchemy, keyed with a raw 256-bit key (no key derivation, so
opening is instant; DESIGN.md §10)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from homesupport.storage.connection import connect_raw


def create_store_engine(path: Path, key: bytes) -> Engine:
    connect_raw(path, key).close()  # fail fast, outside the pool, on a wrong key

    # The plain pysqlite dialect with SQLCipher's module: its exceptions are wrapped properly,
    # and the key goes in through our creator (the pysqlcipher dialect would derive it).
    # The pool is named: for the bare "sqlite://" URL SQLAlchemy would choose its in-memory
    # pool, one connection per thread, which closes connections still in use once more than
    # five threads have asked (the GUI's workers come and go all day).
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=lambda: connect_raw(path, key),
        poolclass=QueuePool,
    )

    # The driver's own transaction handling is off; SQLAlchemy's BEGIN makes each unit of
    # work one real transaction (pysqlite's documented recipe).
    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writes = connection.get_execution_options().get(_WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


_WRITES = "homesupport_writes"


class StoreSessions(sessionmaker[OrmSession]):
    """``sessions()`` to read, ``sessions.begin()`` for a unit of work that writes.

    A writing unit starts with BEGIN IMMEDIATE: it takes the write lock at once, waiting up to
    the busy timeout while another connection (a background sync, a backup, the GUI saving)
    finishes its own. A plain BEGIN reads first and asks for the lock only at its first
    write; had another connection written in between, SQLite refuses at once ("database is
    locked"), whatever the timeout. Reads keep the plain BEGIN and never wait for a writer.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**{_WRITES: True})

    @contextmanager
    def begin(self) -> Iterator[OrmSession]:
        with self(bind=self._writer) as session, session.begin():
            yield session


def make_session_factory(engine: Engine) -> StoreSessions:
    return StoreSessions(engine)
