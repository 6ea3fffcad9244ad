"""Storing reports: highest revision per (device, month), audit trail, flattened cells and
the change to the month sums."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from homesupport.coordinator.storage.models import (
    CellDelta,
    Device,
    LockedPeriod,
    Report,
    ReportCell,
    ReportRevision,
)
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


REPORTS = cast(Table, Report.__table__)
REVISIONS = cast(Table, ReportRevision.__table__)
CELLS = cast(Table, ReportCell.__table__)
DELTAS = cast(Table, CellDelta.__table__)
LOCKED = cast(Table, LockedPeriod.__table__)


def store(
    connection: Connection,
    device_id: int,
    incoming: Incoming,
    now: dt.datetime,
    source: str = "api",
    *,
    locked: bool | None = None,
) -> Stored:
    """Stores one report in the caller's transaction, in a handful of Core statements: the
    month's row (locked), the audit trail, the flattened cells and the month sums' delta.
    ``locked`` is whether the period is locked, when the caller already knows."""
    while True:
        query = select(
            REPORTS.c.id,
            REPORTS.c.report_id,
            REPORTS.c.revision,
            REPORTS.c.sha256,
            REPORTS.c.received_at,
            REPORTS.c.sessions,
        ).where(REPORTS.c.device_id == device_id, REPORTS.c.period == incoming.period)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        current = connection.execute(query).first()
        receipt = (
            Receipt(incoming.period, current.revision, current.sha256, *current[4:])
            if current is not None
            else None
        )
        if current is not None:
            assert receipt is not None
            if incoming.revision == current.revision:
                if incoming.sha256 == current.sha256:
                    return Stored(Outcome.REPLAYED, receipt)
                return Stored(Outcome.CONFLICT, receipt, "same revision with other content")
            if incoming.revision < current.revision:
                return Stored(Outcome.CONFLICT, receipt, "lower revision")
            if incoming.report["report_id"] != current.report_id:
                return Stored(Outcome.CONFLICT, receipt, "another report id")
        if locked is None:
            locked = is_locked_at(connection, incoming.period)
        if locked:
            return Stored(Outcome.LOCKED, receipt)
        values = {
            "report_id": str(incoming.report["report_id"]),
            "revision": incoming.revision,
            "sha256": incoming.sha256,
            "sessions": incoming.sessions,
            "received_at": now,
        }
        old: Sequence[Row[Any, Any, Any, Any]] = ()
        if current is None:
            report_pk = connection.scalar(
                insert_for(connection, REPORTS)
                .values(device_id=device_id, period=incoming.period, **values)
                .on_conflict_do_nothing(index_elements=["device_id", "period"])
                .returning(REPORTS.c.id)
            )
            if report_pk is None:  # another connection stored this month first: look again
                continue
        else:
            report_pk = current.id
            connection.execute(update(REPORTS).where(REPORTS.c.id == report_pk).values(values))
            old = connection.execute(
                delete(CELLS)
                .where(CELLS.c.report_pk == report_pk)
                .returning(CELLS.c.tbl, CELLS.c.code, CELLS.c.value, CELLS.c.suppressed)
            ).all()
        break
    connection.execute(
        insert(REVISIONS),
        {
            "device_id": device_id,
            "period": incoming.period,
            "payload": incoming.canonical.decode("utf-8"),
            "source": source,
            **values,
        },
    )
    new = list(cells(incoming.report))
    connection.execute(
        insert(CELLS),
        [
            {
                "report_pk": report_pk,
                "period": incoming.period,
                "device_id": device_id,
                "tbl": table,
                "code": code,
                "value": value,
                "suppressed": suppressed,
            }
            for table, code, value, suppressed in new
        ],
    )
    changes = deltas(incoming.period, new, old)
    if changes:
        connection.execute(insert(DELTAS), changes)
    return Stored(
        Outcome.CREATED,
        Receipt(incoming.period, incoming.revision, incoming.sha256, now, incoming.sessions),
    )


def deltas(
    period: str,
    new: Iterable[tuple[str, str, int, bool]],
    old: Iterable[Sequence[Any]] = (),
) -> list[dict[str, Any]]:
    """What replacing the ``old`` cells by the ``new`` ones changes in the month's sums."""
    change: dict[tuple[str, str], list[int]] = {}
    for sign, rows in ((1, new), (-1, old)):
        for table, code, value, suppressed in rows:
            entry = change.setdefault((table, code), [0, 0, 0])
            entry[0] += sign * value
            entry[1] += sign * int(suppressed)
            entry[2] += sign
    return [
        {
            "period": period,
            "tbl": table,
            "code": code,
            "value": value,
            "suppressed": suppressed,
            "devices": devices,
        }
        for (table, code), (value, suppressed, devices) in change.items()
        if value or suppressed or devices
    ]


def is_locked_at(connection: Connection, period: str) -> bool:
    found = connection.scalar(select(LOCKED.c.period).where(LOCKED.c.period == period))
    return found is not None


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
