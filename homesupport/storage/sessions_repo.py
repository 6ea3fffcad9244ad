"""Sessions in the store. Repositories get the unit of work's session and never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.sessions import Session, SessionFilter
from homesupport.storage.models import (
    ClientRow,
    SessionDeviceRow,
    SessionGuideRow,
    SessionRow,
    SessionTopicRow,
)


def to_domain(row: SessionRow) -> Session:
    return Session(
        id=row.id,
        date=row.date,
        start=row.start,
        minutes=row.minutes,
        travel_minutes=row.travel_minutes,
        mode=row.mode,
        programme=row.programme,
        client_id=row.client_id,
        client_nickname=row.client.nickname if row.client else None,
        age_band=row.age_band,
        language=row.language,
        municipality=row.municipality,
        participants=row.participants,
        topics=tuple(t.code for t in row.topics),
        devices=tuple(d.code for d in row.devices),
        outcome=row.outcome,
        guides=tuple(g.slug for g in row.guides),
        follow_up=row.follow_up,
        notes=row.notes,
    )


def _scalar_fields(session: Session) -> dict[str, object]:
    return {
        "date": session.date,
        "start": session.start,
        "minutes": session.minutes,
        "travel_minutes": session.travel_minutes,
        "mode": session.mode,
        "programme": session.programme,
        "client_id": session.client_id,
        "age_band": session.age_band,
        "language": session.language,
        "municipality": session.municipality,
        "participants": session.participants,
        "outcome": session.outcome,
        "follow_up": session.follow_up,
        "notes": session.notes,
    }


class SessionRepository:
    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def add(self, session: Session, now: dt.datetime) -> int:
        row = SessionRow(**_scalar_fields(session), created_at=now, updated_at=now)
        self._set_children(row, session)
        self._orm.add(row)
        self._orm.flush()
        return row.id

    def add_many(self, sessions: Iterable[Session], now: dt.datetime) -> int:
        """Bulk insert (imports, demo data): one statement per table, not per row."""
        sessions = list(sessions)
        if not sessions:
            return 0
        first_id = (self._orm.scalar(select(func.max(SessionRow.id))) or 0) + 1
        rows = [
            {"id": first_id + i, **_scalar_fields(s), "created_at": now, "updated_at": now}
            for i, s in enumerate(sessions)
        ]
        self._orm.execute(insert(SessionRow), rows)
        for table, attribute, column in (
            (SessionTopicRow, "topics", "code"),
            (SessionDeviceRow, "devices", "code"),
            (SessionGuideRow, "guides", "slug"),
        ):
            children = [
                {"session_id": first_id + i, column: value}
                for i, s in enumerate(sessions)
                for value in dict.fromkeys(getattr(s, attribute))
            ]
            if children:
                self._orm.execute(insert(table), children)
        return len(sessions)

    def update(self, session: Session, now: dt.datetime) -> None:
        assert session.id is not None
        row = self._orm.get_one(SessionRow, session.id)
        for name, value in _scalar_fields(session).items():
            setattr(row, name, value)
        row.updated_at = now
        self._set_children(row, session)
        self._orm.flush()

    @staticmethod
    def _set_children(row: SessionRow, session: Session) -> None:
        row.topics = [SessionTopicRow(code=c) for c in dict.fromkeys(session.topics)]
        row.devices = [SessionDeviceRow(code=c) for c in dict.fromkeys(session.devices)]
        row.guides = [SessionGuideRow(slug=s) for s in dict.fromkeys(session.guides)]

    def get(self, session_id: int, include_deleted: bool = False) -> Session | None:
        row = self._orm.get(SessionRow, session_id)
        if row is None or (row.deleted_at is not None and not include_deleted):
            return None
        return to_domain(row)

    def mark_deleted(self, ids: Sequence[int], now: dt.datetime | None) -> int:
        """Soft delete (``now``) or undo it (None); returns how many rows changed."""
        result = self._orm.execute(
            update(SessionRow).where(SessionRow.id.in_(ids)).values(deleted_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def purge_deleted(self, before: dt.datetime) -> int:
        """Remove for good what was deleted long enough ago that undo is over."""
        result = self._orm.execute(delete(SessionRow).where(SessionRow.deleted_at < before))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def latest(self) -> Session | None:
        row = self._orm.scalars(
            select(SessionRow)
            .where(SessionRow.deleted_at.is_(None))
            .order_by(SessionRow.created_at.desc(), SessionRow.id.desc())
            .limit(1)
        ).first()
        return to_domain(row) if row else None

    def count(self, f: SessionFilter) -> int:
        query = filtered(select(SessionRow), f).with_only_columns(SessionRow.id)
        return int(self._orm.scalar(select(func.count()).select_from(query.subquery())) or 0)

    def page(
        self, f: SessionFilter, sort: str, descending: bool, offset: int, limit: int
    ) -> list[Session]:
        query = page_query(f, sort, descending).offset(offset).limit(limit)
        return [to_domain(row) for row in self._orm.scalars(query)]

    def all(self) -> list[Session]:
        query = filtered(select(SessionRow), SessionFilter()).order_by(
            SessionRow.date, SessionRow.start, SessionRow.id
        )
        return [to_domain(row) for row in self._orm.scalars(query)]


def filtered(query: Select[SessionRow], f: SessionFilter) -> Select[SessionRow]:
    """``query`` narrowed to the sessions ``f`` lets through (never the deleted ones)."""
    query = query.where(SessionRow.deleted_at.is_(None))
    if f.date_from:
        query = query.where(SessionRow.date >= f.date_from)
    if f.date_to:
        query = query.where(SessionRow.date <= f.date_to)
    if f.mode:
        query = query.where(SessionRow.mode == f.mode)
    if f.programme:
        query = query.where(SessionRow.programme == f.programme)
    if f.client_id is not None:
        query = query.where(SessionRow.client_id == f.client_id)
    if f.topic:
        query = query.where(
            SessionRow.id.in_(
                select(SessionTopicRow.session_id).where(SessionTopicRow.code == f.topic)
            )
        )
    if f.text.strip():
        needle = f"%{f.text.strip()}%"
        query = query.where(
            or_(
                SessionRow.notes.like(needle),
                SessionRow.client_id.in_(
                    select(ClientRow.id).where(ClientRow.nickname.like(needle))
                ),
            )
        )
    return query


def page_query(f: SessionFilter, sort: str, descending: bool) -> Select[SessionRow]:
    """The sessions ``f`` lets through in the session table's order. The first screen's plain
    SQL (``storage/glance_sql.py``) is generated from this query, with the default filter."""
    column = {
        "date": SessionRow.date,
        "minutes": SessionRow.minutes,
        "mode": SessionRow.mode,
        "programme": SessionRow.programme,
        "outcome": SessionRow.outcome,
        "client": SessionRow.client_id,
    }[sort]
    columns: list[Any] = [column]
    if sort == "date":
        columns.append(SessionRow.start)
        if f.text.strip():
            # A text search matches few rows: filter them in one scan, then sort, instead of
            # walking the date index through every row (ISO dates sort the same as text).
            columns[0] = column.op("||")("")
    columns.append(SessionRow.id)
    order = [c.desc() if descending else c.asc() for c in columns]
    return filtered(select(SessionRow), f).order_by(*order)
