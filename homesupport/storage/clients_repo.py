"""Clients, their follow-ups and the personal fields of their sessions in the store.
Repositories get the unit of work's session and never commit."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.clients import Client, nickname_key, normalise_scope
from homesupport.storage.models import ClientRow, SessionGuideRow, SessionRow, SessionTopicRow

# Above every code point's UTF-8 encoding: "key <= x < key + _TOP" is a prefix match that
# SQLite answers from the nickname_key index (LIKE would need a NOCASE index and ASCII only).
_TOP = "\U0010ffff"


def to_domain(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        nickname=row.nickname,
        age_band=row.age_band,
        language=row.language,
        municipality=row.municipality,
        consent_date=row.consent_date,
        consent_scope=normalise_scope(row.consent_scope.split()),
        notes=row.notes,
        created_at=row.created_at,
    )


def _fields(client: Client) -> dict[str, object]:
    nickname = client.nickname.strip()
    return {
        "nickname": nickname,
        "nickname_key": nickname_key(nickname),
        "age_band": client.age_band,
        "language": client.language,
        "municipality": client.municipality,
        "consent_date": client.consent_date,
        "consent_scope": " ".join(normalise_scope(client.consent_scope)),
        "notes": client.notes,
    }


@dataclass(frozen=True)
class ScrubCounts:
    sessions: int = 0  # sessions that lost their link to a client
    follow_ups: int = 0  # open follow-up dates cleared with them
    notes: int = 0  # session notes emptied


class ClientRepository:
    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    # --- the register ---------------------------------------------------------------------

    def add(self, client: Client, now: dt.datetime) -> int:
        row = ClientRow(**_fields(client), created_at=now, updated_at=now)
        self._orm.add(row)
        self._orm.flush()
        return row.id

    def update(self, client: Client, now: dt.datetime) -> bool:
        """False when the client is gone (erased meanwhile) or waiting for erasure."""
        assert client.id is not None
        row = self._orm.get(ClientRow, client.id)
        if row is None or row.erase_requested_at is not None:
            return False
        for name, value in _fields(client).items():
            setattr(row, name, value)
        row.updated_at = now
        self._orm.flush()
        return True

    def row(self, client_id: int) -> ClientRow | None:
        return self._orm.get(ClientRow, client_id)

    def get(self, client_id: int, include_pending: bool = False) -> Client | None:
        row = self._orm.get(ClientRow, client_id)
        if row is None or (row.erase_requested_at is not None and not include_pending):
            return None
        return to_domain(row)

    def search(self, text: str, limit: int) -> list[Client]:
        """Clients whose nickname starts with ``text`` (case-insensitive), by nickname."""
        key = nickname_key(text)
        query = select(ClientRow).where(ClientRow.erase_requested_at.is_(None))
        if key:
            query = query.where(ClientRow.nickname_key >= key, ClientRow.nickname_key < key + _TOP)
        query = query.order_by(ClientRow.nickname_key, ClientRow.id).limit(limit)
        return [to_domain(row) for row in self._orm.scalars(query)]

    def shared_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these nickname keys more than one live client has."""
        wanted = set(keys)
        if not wanted:
            return set()
        query = (
            select(ClientRow.nickname_key)
            .where(ClientRow.nickname_key.in_(wanted), ClientRow.erase_requested_at.is_(None))
            .group_by(ClientRow.nickname_key)
            .having(func.count() > 1)
        )
        return set(self._orm.scalars(query))

    def count(self) -> int:
        query = select(func.count()).where(ClientRow.erase_requested_at.is_(None))
        return int(self._orm.scalar(query) or 0)

    # --- history --------------------------------------------------------------------------

    def topics_by_month(self, client_id: int) -> list[tuple[str, str, int]]:
        """(YYYY-MM, topic code, sessions) for the client's live sessions, oldest first."""
        month = func.strftime("%Y-%m", SessionRow.date)
        query = (
            select(month, SessionTopicRow.code, func.count())
            .join(SessionTopicRow, SessionTopicRow.session_id == SessionRow.id)
            .where(SessionRow.client_id == client_id, SessionRow.deleted_at.is_(None))
            .group_by(month, SessionTopicRow.code)
            .order_by(month, SessionTopicRow.code)
        )
        return [(str(m), str(code), int(n)) for m, code, n in self._orm.execute(query)]

    def guides_given(self, client_id: int) -> list[tuple[dt.date, str, int]]:
        """(session date, guide slug, session id), newest first."""
        query = (
            select(SessionRow.date, SessionGuideRow.slug, SessionRow.id)
            .join(SessionGuideRow, SessionGuideRow.session_id == SessionRow.id)
            .where(SessionRow.client_id == client_id, SessionRow.deleted_at.is_(None))
            .order_by(SessionRow.date.desc(), SessionRow.id.desc(), SessionGuideRow.slug)
        )
        return [(d, str(s), int(i)) for d, s, i in self._orm.execute(query)]

    def session_rows(self, client_id: int, include_deleted: bool) -> list[SessionRow]:
        query = select(SessionRow).where(SessionRow.client_id == client_id)
        if not include_deleted:
            query = query.where(SessionRow.deleted_at.is_(None))
        return list(self._orm.scalars(query.order_by(SessionRow.date, SessionRow.id)))

    # --- erasure and retention ------------------------------------------------------------

    def request_erasure(self, client_id: int, now: dt.datetime) -> bool:
        result = self._orm.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id, ClientRow.erase_requested_at.is_(None))
            .values(erase_requested_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def cancel_erasure(self, client_id: int) -> bool:
        result = self._orm.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id, ClientRow.erase_requested_at.is_not(None))
            .values(erase_requested_at=None)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def pending_erasures(
        self, requested_before: dt.datetime | None = None
    ) -> list[tuple[int, dt.datetime]]:
        query = select(ClientRow.id, ClientRow.erase_requested_at).where(
            ClientRow.erase_requested_at.is_not(None)
        )
        if requested_before is not None:
            query = query.where(ClientRow.erase_requested_at <= requested_before)
        rows = self._orm.execute(query.order_by(ClientRow.id))
        return [(int(i), at) for i, at in rows if at is not None]

    def expired(self, cutoff: dt.date) -> list[int]:
        """Clients whose last session (deleted ones too) is before ``cutoff``; a client with no
        sessions at all counts from the day it was added."""
        last = (
            select(SessionRow.client_id, func.max(SessionRow.date).label("last"))
            .where(SessionRow.client_id.is_not(None))
            .group_by(SessionRow.client_id)
            .subquery()
        )
        query = (
            select(ClientRow.id)
            .outerjoin(last, last.c.client_id == ClientRow.id)
            .where(
                or_(
                    last.c.last < cutoff,
                    and_(last.c.last.is_(None), ClientRow.created_at < _midnight(cutoff)),
                )
            )
        )
        return [int(i) for i in self._orm.scalars(query)]

    def erase(self, client_ids: Sequence[int]) -> ScrubCounts:
        """Removes the clients for good. Their sessions stay for the statistics (the copied age
        band, language and municipality) but lose the link, notes and follow-up date."""
        if not client_ids:
            return ScrubCounts()
        ids = list(client_ids)
        follow_ups = int(
            self._orm.scalar(
                select(func.count()).where(
                    SessionRow.client_id.in_(ids),
                    SessionRow.follow_up.is_not(None),
                    SessionRow.deleted_at.is_(None),
                )
            )
            or 0
        )
        notes = int(
            self._orm.scalar(
                select(func.count()).where(SessionRow.client_id.in_(ids), SessionRow.notes != "")
            )
            or 0
        )
        unlinked = 0
        for client_id in ids:
            result = self._orm.execute(
                update(SessionRow)
                .where(SessionRow.client_id == client_id)
                .values(client_id=None, notes="", follow_up=None, anon_client=_anonymous_client())
                .execution_options(synchronize_session=False)
            )
            unlinked += int(result.rowcount)  # type: ignore[attr-defined]
        self._orm.execute(
            delete(ClientRow)
            .where(ClientRow.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        self._orm.expire_all()
        return ScrubCounts(
            sessions=unlinked,
            follow_ups=follow_ups,
            notes=notes,
        )

    def remove_notes_before(self, cutoff: dt.date) -> int:
        """Empties the notes of every session (deleted ones too) dated before ``cutoff``."""
        result = self._orm.execute(
            update(SessionRow)
            .where(SessionRow.date < cutoff, SessionRow.notes != "")
            .values(notes="")
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _anonymous_client() -> int:
    """A fresh random negative number: never a client id, never derived from one."""
    return -(secrets.randbelow(2**62) + 1)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min)


class FollowUpRepository:
    """Open follow-ups: live sessions with a follow-up date whose client is not being erased."""

    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def open_conditions(self) -> list[ColumnElement[bool]]:
        pending = select(ClientRow.id).where(ClientRow.erase_requested_at.is_not(None))
        return [
            SessionRow.follow_up.is_not(None),
            SessionRow.deleted_at.is_(None),
            or_(SessionRow.client_id.is_(None), SessionRow.client_id.not_in(pending)),
        ]

    def open_rows(self, limit: int, client_id: int | None = None) -> list[SessionRow]:
        query = select(SessionRow).where(*self.open_conditions())
        if client_id is not None:
            query = query.where(SessionRow.client_id == client_id)
        query = query.order_by(SessionRow.follow_up, SessionRow.id).limit(limit)
        return list(self._orm.scalars(query))

    def count_due(self, until: dt.date | None) -> int:
        query = select(func.count()).select_from(SessionRow).where(*self.open_conditions())
        if until is not None:
            query = query.where(SessionRow.follow_up <= until)
        return int(self._orm.scalar(query) or 0)

    def set_date(self, session_id: int, due: dt.date | None, now: dt.datetime) -> SessionRow | None:
        row = self._orm.get(SessionRow, session_id)
        if row is None or row.deleted_at is not None:
            return None
        row.follow_up = due
        row.updated_at = now
        self._orm.flush()
        return row
