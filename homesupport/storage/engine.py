"""SQLCipher connections for SQLAlchemy, keyed with a raw 256-bit key (no key derivation, so
opening is instant; DESIGN.md §10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.storage.connection import connect_raw


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
