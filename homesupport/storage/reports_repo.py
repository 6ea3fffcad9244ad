"""What the monthly report reads from the store, and where its journey is recorded.

Reads go through Core statements, not ORM objects: a month of a 100,000-session store is a
few thousand rows, and building its report must stay close to the cost of a plain SQL
aggregate. Outbox entries and receipts are plain records; ``sync.outbox`` turns
them into its own values (storage does not import sync). Repositories never commit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.statistics import ReportSession
from homesupport.storage.models import (
    OutboxRow,
    ReceiptRow,
    ReportPeriodRow,
    SessionDeviceRow,
    SessionGuideRow,
    SessionRow,
    SessionTopicRow,
)

S = SessionRow.__table__.c
LIVE = S.deleted_at.is_(None)
# The report's client identity: the client, else the anonymous key an erasure left behind.
CLIENT_KEY = func.coalesce(S.client_id, S.anon_client)
PERIOD = func.substr(S.date, 1, 7)


class ReportRepository:
    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def month_sessions(self, first: dt.date, last: dt.date) -> list[ReportSession]:
        """The live sessions dated ``first`` … ``last`` as the anonymiser needs them."""
        topics, devices, guides = (
            select(func.group_concat(child.c[column], " "))
            .where(child.c.session_id == S.id)
            .scalar_subquery()
            for child, column in (
                (SessionTopicRow.__table__, "code"),
                (SessionDeviceRow.__table__, "code"),
                (SessionGuideRow.__table__, "slug"),
            )
        )
        # One query, one row per session: its codes come joined by SQLite (primary-key lookups).
        rows = self._orm.execute(
            select(
                S.id, S.date, S.start, S.minutes, S.travel_minutes, S.mode, S.programme,
                CLIENT_KEY, S.age_band, S.language, S.municipality, S.participants, S.outcome,
                topics, devices, guides,
            ).where(S.date >= first, S.date <= last, LIVE)
        ).all()  # fmt: skip
        return [
            ReportSession(
                date=r[1],
                minutes=r[3],
                mode=r[5],
                programme=r[6],
                travel_minutes=r[4],
                topics=_codes(r[13]),
                devices=_codes(r[14]),
                outcome=r[12],
                client_id=r[7],
                age_band=r[8],
                language=r[9],
                municipality=r[10],
                participants=r[11],
                guides_given=len(_codes(r[15])),
                guides=_codes(r[15]),
                start=r[2],
                order=r[0],
            )
            for r in rows
        ]

    def first_session_dates(self, client_keys: Iterable[int]) -> dict[int, dt.date]:
        """Each client's first live session ever (for ``totals.new_clients``)."""
        keys = set(client_keys)
        linked = [k for k in keys if k > 0]
        erased = [k for k in keys if k < 0]  # anonymous keys of erased clients are negative
        found: dict[int, dt.date] = {}
        for column, wanted in ((S.client_id, linked), (S.anon_client, erased)):
            for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
                chunk = wanted[start : start + 500]
                query = (
                    select(column, func.min(S.date)).where(column.in_(chunk), LIVE).group_by(column)
                )
                found.update({int(key): day for key, day in self._orm.execute(query)})
        return found

    def fingerprints(self) -> dict[str, str]:
        """Per month, a digest of every row dated in it (deleted ones too): it changes when a
        session is added, edited, deleted, undeleted or purged, so only those months are
        rebuilt. Every save and delete stamps its time, so an edit moves the digest. A false
        change only costs a rebuild that gives the same bytes."""
        query = select(
            PERIOD,
            func.count(),
            func.total(S.id),
            func.total(func.julianday(S.updated_at)),
            func.count(S.deleted_at),
            func.total(func.julianday(S.deleted_at)),
        ).group_by(PERIOD)
        return {row[0]: ":".join(str(v) for v in row[1:]) for row in self._orm.execute(query)}

    def sessions_per_month(self, first: dt.date, last: dt.date) -> dict[str, int]:
        query = (
            select(PERIOD, func.count())
            .where(S.date >= first, S.date <= last, LIVE)
            .group_by(PERIOD)
        )
        return {period: int(n) for period, n in self._orm.execute(query)}

    def first_period(self) -> str | None:
        day = self._orm.scalar(select(func.min(S.date)).where(LIVE))
        return f"{day.year:04d}-{day.month:02d}" if day else None

    # --- the registry: one report_id per month, kept for good -------------------------------
    def report_id(self, period: str, new_id: str) -> str:
        """The month's report_id; ``new_id`` becomes it if the month has none yet."""
        table = ReportPeriodRow.__table__
        self._orm.execute(
            sqlite_insert(ReportPeriodRow)
            .values(period=period, report_id=new_id, fingerprint="")
            .on_conflict_do_nothing(index_elements=["period"])
        )
        found = self._orm.scalar(select(table.c.report_id).where(table.c.period == period))
        assert found is not None
        return str(found)

    def built_fingerprints(self) -> dict[str, str]:
        table = ReportPeriodRow.__table__.c
        return {p: f for p, f in self._orm.execute(select(table.period, table.fingerprint))}

    def set_fingerprint(self, period: str, fingerprint: str) -> None:
        row = self._orm.get(ReportPeriodRow, period)
        assert row is not None, "report_id() creates the row first"
        row.fingerprint = fingerprint


class OutboxRepository:
    """Outbox entries as the plain records of ``OutboxEntry.as_record``, and receipts."""

    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def records(self) -> list[dict[str, Any]]:
        rows = self._orm.scalars(select(OutboxRow).order_by(OutboxRow.period))
        return [_record(row) for row in rows]

    def record(self, period: str) -> dict[str, Any] | None:
        row = self._orm.get(OutboxRow, period)
        return _record(row) if row else None

    def save(self, record: Mapping[str, Any]) -> None:
        values = dict(record)
        receipt = values.pop("receipt")
        when = values.pop("next_attempt_at")
        row = OutboxRow(
            **values,
            receipt=json.dumps(receipt, sort_keys=True) if receipt else None,
            # SQLite keeps naive datetimes: stored in UTC, made aware again on reading.
            next_attempt_at=when.astimezone(dt.UTC).replace(tzinfo=None) if when else None,
        )
        self._orm.merge(row)
        if receipt:
            self.keep_receipt(receipt)

    def keep_receipt(self, receipt: Mapping[str, Any]) -> None:
        self._orm.merge(ReceiptRow(**receipt))

    def receipts(self) -> list[dict[str, Any]]:
        rows = self._orm.scalars(
            select(ReceiptRow).order_by(ReceiptRow.period.desc(), ReceiptRow.revision.desc())
        )
        return [
            {
                "period": r.period,
                "revision": r.revision,
                "sha256": r.sha256,
                "received_at": r.received_at,
                "sessions": r.sessions,
            }
            for r in rows
        ]


def _codes(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(" "))) if joined else ()


def _record(row: OutboxRow) -> dict[str, Any]:
    when = row.next_attempt_at
    return {
        "period": row.period,
        "revision": row.revision,
        "report_id": row.report_id,
        "payload": bytes(row.payload),
        "sha256": row.sha256,
        "state": row.state,
        "attempts": row.attempts,
        "next_attempt_at": when.replace(tzinfo=dt.UTC) if when else None,
        "last_error": row.last_error,
        "detail": row.detail,
        "receipt": json.loads(row.receipt) if row.receipt else None,
    }
