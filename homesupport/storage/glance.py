"""A first look into the store in plain SQL: its schema revision, whether setup was finished,
and the newest sessions as the session table first shows them.

The window appears with this while SQLAlchemy loads (importing it takes longer than the whole
window takes to show). Every later read goes through the repositories; a test keeps the two
readings equal, so a change to the session schema must change both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from homesupport.domain.sessions import Session
from homesupport.storage.migrate import HEAD

_SESSION_COLUMNS = (
    "s.id, s.date, s.start, s.minutes, s.travel_minutes, s.mode, s.programme, s.client_id, "
    "c.nickname, s.age_band, s.language, s.municipality, s.participants, s.outcome, "
    "s.follow_up, s.notes"
)
# The same order as the repository's first page: newest first, by date, start and id.
_NEWEST = (
    f"SELECT {_SESSION_COLUMNS} FROM sessions AS s "
    "LEFT JOIN clients AS c ON c.id = s.client_id "
    "WHERE s.deleted_at IS NULL ORDER BY s.date DESC, s.start DESC, s.id DESC LIMIT ?"
)
_CHILDREN = {"topics": "session_topics", "devices": "session_devices", "guides": "session_guides"}
_CHILD_COLUMN = {"topics": "code", "devices": "code", "guides": "slug"}


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
    has_profile = connection.execute("SELECT EXISTS (SELECT 1 FROM profile)").fetchone()[0]
    found = connection.execute(_NEWEST, (rows + 1,)).fetchall()
    total = len(found) if len(found) <= rows else None
    found = found[:rows]
    children = _children(connection, [row[0] for row in found])
    newest = tuple(_session(row, children) for row in found)
    return Glance(revision, bool(has_profile), total, newest)


def _children(
    connection: sqlcipher.Connection, ids: list[int]
) -> dict[str, dict[int, tuple[str, ...]]]:
    """Topics, devices and guides of these sessions, each sorted as the ORM sorts them."""
    marks = ",".join("?" * len(ids))
    found: dict[str, dict[int, tuple[str, ...]]] = {}
    for name, table in _CHILDREN.items():
        column = _CHILD_COLUMN[name]
        by_session: dict[int, list[str]] = {}
        for session_id, code in connection.execute(
            f"SELECT session_id, {column} FROM {table} WHERE session_id IN ({marks}) "
            f"ORDER BY session_id, {column}",
            ids,
        ):
            by_session.setdefault(session_id, []).append(code)
        found[name] = {key: tuple(codes) for key, codes in by_session.items()}
    return found


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _session(row: tuple[Any, ...], children: dict[str, dict[int, tuple[str, ...]]]) -> Session:
    (
        session_id,
        date,
        start,
        minutes,
        travel_minutes,
        mode,
        programme,
        client_id,
        nickname,
        age_band,
        language,
        municipality,
        participants,
        outcome,
        follow_up,
        notes,
    ) = row
    return Session(
        id=session_id,
        date=dt.date.fromisoformat(date),
        start=dt.time.fromisoformat(start) if start else None,
        minutes=minutes,
        travel_minutes=travel_minutes,
        mode=mode,
        programme=programme,
        client_id=client_id,
        client_nickname=nickname,
        age_band=age_band,
        language=language,
        municipality=municipality,
        participants=participants,
        topics=children["topics"].get(session_id, ()),
        devices=children["devices"].get(session_id, ()),
        outcome=outcome,
        guides=children["guides"].get(session_id, ()),
        follow_up=_date(follow_up),
        notes=notes,
    )
