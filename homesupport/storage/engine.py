"""SQLCipher connections for SQLAlchemy, keyed with a raw 256-bit key (no key derivation, so
opening is instant; DESIGN.md §10)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from homesupport.storage.connection import connect_raw


class StoreBusy(Exception):
    """The store's users did not finish in time; nothing was changed."""


class StoreGate:
    """The one place that knows every user of the store's file: each connection the pool hands
    out, each raw connection (a backup), each multi-step run (a sync) passes here. A restore
    closes the gate: new users wait, the users inside are asked to stop (:meth:`stopping`) and
    waited for, and only then is the file swapped. Connections opened before a swap are never
    used after it (the pool replaces them), so nothing writes to the old file.

    Shared use is re-entrant per thread (a sync run holds the gate and checks connections out
    inside it); the thread holding the gate closed may use the store too."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._users: dict[int, int] = {}  # thread id -> how many uses it holds
        self._owner: int | None = None  # the thread that has the gate closed
        self._waiting = 0  # threads waiting to close it
        self.generation = 0  # how many swaps so far; a connection knows its own

    def enter(self) -> None:
        me = threading.get_ident()
        with self._condition:
            while self._owner not in (None, me) and not self._users.get(me):
                self._condition.wait()
            self._users[me] = self._users.get(me, 0) + 1

    def leave(self) -> None:
        me = threading.get_ident()
        with self._condition:
            left = self._users.get(me, 0) - 1
            if left > 0:
                self._users[me] = left
            else:
                self._users.pop(me, None)
            self._condition.notify_all()

    @contextmanager
    def using(self) -> Iterator[None]:
        self.enter()
        try:
            yield
        finally:
            self.leave()

    def stopping(self) -> bool:
        """True while a restore waits: long runs end at their next safe step."""
        return self._waiting > 0 or self._owner not in (None, threading.get_ident())

    @contextmanager
    def closed(self, timeout: float) -> Iterator[None]:
        """Waits until nobody else uses the store (at most ``timeout`` seconds, else
        StoreBusy) and keeps everyone else out until the block ends."""
        me = threading.get_ident()
        deadline = time.monotonic() + timeout
        with self._condition:
            self._waiting += 1
            try:
                while self._owner is not None or any(t != me for t in self._users):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise StoreBusy()
                    self._condition.wait(left)
                self._owner = me
            finally:
                self._waiting -= 1
        try:
            yield
        finally:
            with self._condition:
                self.generation += 1
                self._owner = None
                self._condition.notify_all()


def create_store_engine(path: Path, key: bytes, gate: StoreGate | None = None) -> Engine:
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

    if gate is not None:
        _guard_pool(engine, gate)
    return engine


def _guard_pool(engine: Engine, gate: StoreGate) -> None:
    """Every connection the pool hands out is a use of the store (see StoreGate)."""

    @event.listens_for(engine, "connect")
    def _born(_dbapi_connection: Any, record: Any) -> None:
        record.info[_GENERATION] = gate.generation

    @event.listens_for(engine, "checkout")
    def _out(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        gate.enter()
        if record.info.get(_GENERATION) != gate.generation:
            # Opened before the file was swapped (it waited at the gate): the pool closes it
            # and opens a new one on the file as it is now.
            gate.leave()
            raise DisconnectionError("the store's file was replaced")

    @event.listens_for(engine, "checkin")
    def _in(_dbapi_connection: Any, _record: Any) -> None:
        gate.leave()


_GENERATION = "homesupport_generation"


_WRITES = "homesupport_writes"


class StoreSessions(sessionmaker[OrmSession]):
    """``sessions()`` to read, ``sessions.begin()`` for a unit of work that writes.

    A writing unit starts with BEGIN IMMEDIATE: it takes the write lock at once, waiting up to
    the busy timeout while another connection (a background sync, a backup, the GUI saving)
    finishes its own. A plain BEGIN reads first and asks for the lock only at its first
    write; had another connection written in between, SQLite refuses at once ("database is
    locked"), whatever the timeout. Reads keep the plain BEGIN and never wait for a writer.
    """

    def __init__(self, engine: Engine, gate: StoreGate | None = None) -> None:
        super().__init__(engine, expire_on_commit=False)
        self._writer = engine.execution_options(**{_WRITES: True})
        self.gate = gate or StoreGate()

    @contextmanager
    def begin(self) -> Iterator[OrmSession]:
        with self(bind=self._writer) as session, session.begin():
            yield session


def make_session_factory(engine: Engine, gate: StoreGate | None = None) -> StoreSessions:
    return StoreSessions(engine, gate)
