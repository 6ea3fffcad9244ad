"""Storing reports: highest revision per (device, month), audit trail, flattened cells."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from homesupport.coordinator.storage.models import (
    Device,
    Report,
    ReportCell,
    ReportRevision,
    StalePeriod,
)
from homesupport.coordinator.storage.policy import is_locked
from homesupport.coordinator.storage.upsert import insert_for
from homesupport.domain.report_format import TABLE_GROUPS, TOTALS


class Outcome(enum.Enum):
    CREATED = "created"
    REPLAYED = "replayed"
    CONFLICT = "conflict"
    LOCKED = "locked"


@dataclass(frozen=True)
class Receipt:
    period: str
    revision: int
    sha256: str
    received_at: dt.datetime
    sessions: int

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "revision": self.revision,
            "sha256": self.sha256,
            "received_at": self.received_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sessions": self.sessions,
        }


@dataclass(frozen=True)
class Stored:
    outcome: Outcome
    receipt: Receipt | None = None  # what the coordinator has (also on a conflict)
    reason: str = ""


@dataclass(frozen=True)
class Incoming:
    """A validated report: the parsed object, its canonical bytes and their SHA-256."""

    report: dict[str, Any]
    canonical: bytes
    sha256: str

    @property
    def period(self) -> str:
        return str(self.report["period"])

    @property
    def revision(self) -> int:
        return int(self.report["revision"])

    @property
    def sessions(self) -> int:
        return int(self.report["totals"]["sessions"])


def receipt_of(report: Report) -> Receipt:
    return Receipt(
        report.period, report.revision, report.sha256, report.received_at, report.sessions
    )


def receipts(session: Session, device: Device) -> list[Receipt]:
    rows = session.scalars(
        select(Report).where(Report.device_id == device.id).order_by(Report.period)
    )
    return [receipt_of(r) for r in rows]


def store(
    session: Session, device: Device, incoming: Incoming, now: dt.datetime, source: str = "api"
) -> Stored:
    """Stores one report in the caller's transaction. A unique-key violation raised from here
    means another connection stored the same month first: retry the whole transaction."""
    query = select(Report).where(Report.device_id == device.id, Report.period == incoming.period)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    current = session.scalars(query).first()
    if current is not None:
        if incoming.revision == current.revision:
            if incoming.sha256 == current.sha256:
                return Stored(Outcome.REPLAYED, receipt_of(current))
            return Stored(Outcome.CONFLICT, receipt_of(current), "same revision with other content")
        if incoming.revision < current.revision:
            return Stored(Outcome.CONFLICT, receipt_of(current), "lower revision")
        if incoming.report["report_id"] != current.report_id:
            return Stored(Outcome.CONFLICT, receipt_of(current), "another report id")
    if is_locked(session, incoming.period):
        return Stored(Outcome.LOCKED, receipt_of(current) if current else None)
    if current is None:
        current = Report(device_id=device.id, period=incoming.period)
        session.add(current)
    else:
        session.execute(delete(ReportCell).where(ReportCell.report_pk == current.id))
    current.report_id = str(incoming.report["report_id"])
    current.revision = incoming.revision
    current.sha256 = incoming.sha256
    current.sessions = incoming.sessions
    current.received_at = now
    session.flush()
    session.add(
        ReportRevision(
            device_id=device.id,
            period=incoming.period,
            report_id=current.report_id,
            revision=incoming.revision,
            sha256=incoming.sha256,
            sessions=incoming.sessions,
            payload=incoming.canonical.decode("utf-8"),
            received_at=now,
            source=source,
        )
    )
    session.execute(
        insert(ReportCell),
        [
            {
                "report_pk": current.id,
                "period": incoming.period,
                "device_id": device.id,
                "tbl": table,
                "code": code,
                "value": value,
                "suppressed": suppressed,
            }
            for table, code, value, suppressed in cells(incoming.report)
        ],
    )
    mark_stale(session, incoming.period, device.id, now)
    return Stored(Outcome.CREATED, receipt_of(current))


def mark_stale(session: Session, period: str, device_id: int, now: dt.datetime) -> None:
    # DO UPDATE (not DO NOTHING) takes the row lock, so a concurrent cache rebuild that
    # deletes this marker waits for our commit and then sees our cells; a new marker stays
    # invisible to a rebuild until we commit, so it survives for the next one.
    table = StalePeriod.__table__
    session.execute(
        insert_for(session, table)  # type: ignore[arg-type]
        .values(period=period, device_id=device_id, touched_at=now)
        .on_conflict_do_update(index_elements=["period", "device_id"], set_={"touched_at": now})
    )


def cells(report: dict[str, Any]) -> Iterator[tuple[str, str, int, bool]]:
    """(table, code, exact value, suppressed) for every figure; totals always, zeros too."""
    for name in TOTALS:
        value = report["totals"][name]
        yield ("totals", name, *_figure(value))
    for group, tables in TABLE_GROUPS.items():
        for table in tables:
            for code, value in sorted(report[group][table].items()):
                yield (f"{group}.{table}", code, *_figure(value))


def _figure(value: object) -> tuple[int, bool]:
    return (value, False) if isinstance(value, int) else (0, True)


def find_device_of(session: Session, report_id: str) -> int | None:
    return session.scalar(select(Report.device_id).where(Report.report_id == report_id).limit(1))
