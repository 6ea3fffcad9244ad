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
from homesupport.domain.report_format import OPTIONAL_SESSION_TABLES, TABLE_GROUPS, TOTALS


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


@dataclass(frozen=True)
class Current:
    """The stored row of a month, as the PUT that may replace it saw it (locked)."""

    report_pk: int
    report_id: str
    revision: int
    sha256: str
    received_at: dt.datetime
    sessions: int


def receipt_of(report: Report) -> Receipt:
    return Receipt(
        report.period, report.revision, report.sha256, report.received_at, report.sessions
    )


def receipts(session: Session, device: Device) -> list[Receipt]:
    rows = session.scalars(
        select(Report).where(Report.device_id == device.id).order_by(Report.period)
    )
    return [receipt_of(r) for r in rows]


DEVICES = cast(Table, Device.__table__)
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
    ``locked`` is whether the period is locked, when the caller already knows. A device
    with no row for the month first takes over a by-hand copy of the same report_id
    (``_take_over``); the usual rules then apply to it (replay, conflict, new revision)."""
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
        current: Any = connection.execute(query).first()
        if current is None:  # a by-hand copy of this very report becomes this device's
            current = _take_over(connection, device_id, incoming)
        receipt = (
            Receipt(
                incoming.period,
                current.revision,
                current.sha256,
                current.received_at,
                current.sessions,
            )
            if current is not None
            else None
        )
        if current is not None:
            assert receipt is not None
            verdict = _verdict(incoming, current.revision, current.sha256, current.report_id)
            if verdict is not None:
                return Stored(verdict[0], receipt, verdict[1])
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


def _take_over(connection: Connection, device_id: int, incoming: Incoming) -> Any:
    """The by-hand copy of this month, if any: the same report_id and period held by another
    device that has no token (a file imported before the laptop enrolled). It moves to
    ``device_id`` with its cells and audit trail, so the month is counted once; the month
    sums do not change (one copy before, one after). The by-hand device stays, without the
    month. Returns the moved row (shaped like the device's own row) or None."""
    report_id = str(incoming.report["report_id"])
    query = (
        select(
            REPORTS.c.id,
            REPORTS.c.report_id,
            REPORTS.c.revision,
            REPORTS.c.sha256,
            REPORTS.c.received_at,
            REPORTS.c.sessions,
            REPORTS.c.device_id,
        )
        .join(DEVICES, DEVICES.c.id == REPORTS.c.device_id)
        .where(
            REPORTS.c.report_id == report_id,
            REPORTS.c.period == incoming.period,
            REPORTS.c.device_id != device_id,
            DEVICES.c.token_hash.is_(None),
        )
        .order_by(REPORTS.c.id)
        .limit(1)
    )
    if connection.dialect.name == "postgresql":
        query = query.with_for_update(of=REPORTS)
    held = connection.execute(query).first()
    if held is None:
        return None
    connection.execute(update(REPORTS).where(REPORTS.c.id == held.id).values(device_id=device_id))
    connection.execute(
        update(CELLS).where(CELLS.c.report_pk == held.id).values(device_id=device_id)
    )
    connection.execute(
        update(REVISIONS)
        .where(
            REVISIONS.c.device_id == held.device_id,
            REVISIONS.c.period == incoming.period,
            REVISIONS.c.report_id == report_id,
        )
        .values(device_id=device_id)
    )
    return held


def _verdict(
    incoming: Incoming, revision: int, sha256: str, report_id: str
) -> tuple[Outcome, str] | None:
    """What a stored revision says to an incoming one; None when the incoming one may replace
    it (a higher revision of the same report)."""
    if incoming.revision == revision:
        if incoming.sha256 == sha256:
            return Outcome.REPLAYED, ""
        return Outcome.CONFLICT, "same revision with other content"
    if incoming.revision < revision:
        return Outcome.CONFLICT, "lower revision"
    if incoming.report["report_id"] != report_id:
        return Outcome.CONFLICT, "another report id"
    return None


# PostgreSQL: a new month's row, its audit trail, its cells and the month sums' delta in one
# statement. Nothing is written when another connection stored the month first, or when the
# report_id is already held for the month by another device (a by-hand copy to take over):
# both go the general path.
_PG_CREATE = """
WITH r AS (
    INSERT INTO reports (device_id, period, report_id, revision, sha256, sessions, received_at)
    SELECT %(device)s, %(period)s, %(report_id)s, %(revision)s, %(sha256)s, %(sessions)s,
        %(now)s
    WHERE NOT EXISTS (
        SELECT 1 FROM reports
        WHERE report_id = %(report_id)s::varchar AND period = %(period)s::varchar
    )
    ON CONFLICT (device_id, period) DO NOTHING
    RETURNING id
), u AS (
    SELECT * FROM unnest(%(tbl)s::text[], %(code)s::text[], %(value)s::int[],
        %(suppressed)s::bool[]) AS u (tbl, code, value, suppressed)
), revision AS (
    INSERT INTO report_revisions (device_id, period, report_id, revision, sha256, sessions,
        payload, received_at, source)
    SELECT %(device)s, %(period)s, %(report_id)s, %(revision)s, %(sha256)s, %(sessions)s,
        %(payload)s, %(now)s, %(source)s
    FROM r
), new_cells AS (
    INSERT INTO report_cells (report_pk, tbl, code, period, device_id, value, suppressed)
    SELECT r.id, u.tbl, u.code, %(period)s, %(device)s, u.value, u.suppressed FROM r, u
), new_deltas AS (
    INSERT INTO cell_deltas (period, tbl, code, value, suppressed, devices)
    SELECT %(period)s, u.tbl, u.code, u.value, u.suppressed::int, 1 FROM r, u
)
SELECT id FROM r
"""


def store_pg(
    connection: Connection,
    device_id: int,
    incoming: Incoming,
    now: dt.datetime,
    current: Current | None,
    *,
    locked: bool,
    source: str = "api",
) -> Stored:
    """``store`` on PostgreSQL when the caller has already read (and locked) the month's row:
    a new month is one round trip; a new revision, or a month another connection stored
    first, takes the general path."""
    if current is not None:
        receipt = Receipt(
            incoming.period,
            current.revision,
            current.sha256,
            current.received_at,
            current.sessions,
        )
        verdict = _verdict(incoming, current.revision, current.sha256, current.report_id)
        if verdict is not None:
            return Stored(verdict[0], receipt, verdict[1])
        if locked:
            return Stored(Outcome.LOCKED, receipt)
        return store(connection, device_id, incoming, now, source, locked=locked)
    if locked:
        return Stored(Outcome.LOCKED, None)
    new = list(cells(incoming.report))
    created = connection.exec_driver_sql(
        _PG_CREATE,
        {
            "device": device_id,
            "period": incoming.period,
            "report_id": str(incoming.report["report_id"]),
            "revision": incoming.revision,
            "sha256": incoming.sha256,
            "sessions": incoming.sessions,
            "now": now,
            "payload": incoming.canonical.decode("utf-8"),
            "source": source,
            "tbl": [c[0] for c in new],
            "code": [c[1] for c in new],
            "value": [c[2] for c in new],
            "suppressed": [c[3] for c in new],
        },
    ).first()
    if created is None:  # stored first by another connection, or a copy to take over
        return store(connection, device_id, incoming, now, source, locked=locked)
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
    optional = {"sessions": OPTIONAL_SESSION_TABLES}
    for group, tables in TABLE_GROUPS.items():
        present = [t for t in optional.get(group, ()) if t in report[group]]
        for table in (*tables, *present):
            for code, value in sorted(report[group][table].items()):
                yield (f"{group}.{table}", code, *_figure(value))


def _figure(value: object) -> tuple[int, bool]:
    return (value, False) if isinstance(value, int) else (0, True)


def find_device_of(session: Session, report_id: str) -> int | None:
    """The device that holds ``report_id`` (an enrolled one first)."""
    return session.scalar(
        select(Report.device_id)
        .join(Device, Device.id == Report.device_id)
        .where(Report.report_id == report_id)
        .order_by(Device.token_hash.is_(None), Report.id)
        .limit(1)
    )
