"""A first look into the store in plain SQL: its schema revision, whether setup was finished,
and the newest sessions as the session table first shows them.

The window appears with this while SQLAlchemy loads (importing it takes longer than the whole
window takes to show). Every later read goes through the repositories. The SQL is theirs:
``storage/glance_sql.py`` is generated from the ORM's models and the repository's page query
(``python -m homesupport.storage.glance_sql_gen``; a test fails while it is stale)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from homesupport.domain.sessions import Session
from homesupport.storage.glance_sql import (
    CHILDREN,
    FIELD_KINDS,
    HAS_PROFILE,
    NEWEST,
    NEWEST_FIELDS,
)
from homesupport.storage.migrate import HEAD


@dataclass(frozen=True)
class Glance:
    revision: str | None  # None: an empty, new database
    has_profile: bool = False
    # Sessions not deleted; None when there are more than ``newest``: counting 100,000
    # encrypted rows takes a tenth of a bare window's start, so the count comes in step 2.
    total: int | None = 0
    newest: tuple[Session, ...] = ()

    @property
    def current(self) -> bool:
        """False when the store needs creating or migrating: then nothing else was read."""
        return self.revision == HEAD


def read_glance(connection: sqlcipher.Connection, rows: int) -> Glance:
    try:
        found_revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher.OperationalError:  # no such table: nothing was created yet
        return Glance(None)
    revision = found_revision[0] if found_revision else None
    if revision != HEAD:
        return Glance(revision)
    has_profile = connection.execute(HAS_PROFILE).fetchone()[0]
    # One more than asked: whether every session fits on the first screen.
    parameters = {"rows": rows + 1, "offset": 0}
    found = connection.execute(NEWEST, parameters).fetchall()
    total = len(found) if len(found) <= rows else None
    children = {name: _by_session(connection, sql, parameters) for name, sql in CHILDREN.items()}
    newest = tuple(_session(row, children) for row in found[:rows])
    return Glance(revision, bool(has_profile), total, newest)


def _by_session(
    connection: sqlcipher.Connection, sql: str, parameters: dict[str, int]
) -> dict[int, tuple[str, ...]]:
    """A list field of the first screen's sessions (topics, devices or guides) by session."""
    by_session: dict[int, list[str]] = {}
    for session_id, value in connection.execute(sql, parameters):
        by_session.setdefault(session_id, []).append(value)
    return {key: tuple(values) for key, values in by_session.items()}


_PARSE = {"date": dt.date.fromisoformat, "time": dt.time.fromisoformat}


def _session(row: tuple[Any, ...], children: dict[str, dict[int, tuple[str, ...]]]) -> Session:
    fields = dict(zip(NEWEST_FIELDS, row, strict=True))
    for name, kind in FIELD_KINDS.items():
        if fields[name] is not None:
            fields[name] = _PARSE[kind](fields[name])
    for name, by_session in children.items():
        fields[name] = by_session.get(fields["id"], ())
    return Session(**fields)
