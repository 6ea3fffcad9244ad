"""Sums over devices: per-month sums for the dashboard, raw sums for whole ranges.

Each stored report appends its change to ``cell_deltas`` in its own transaction; a fold adds
the pending deltas to ``period_cells`` in one statement. Reading a year is then a sum over
twelve small tables instead of every device's cells.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Integer, case, delete, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from homesupport.coordinator.storage.models import CellDelta, PeriodCell, Report, ReportCell

Key = tuple[str, str]  # (table, code), e.g. ("sessions.topic", "omakanta")


@dataclass(frozen=True)
class Figure:
    """An honest sum: ``value`` from exact cells plus ``suppressed`` "<k" cells, each of at
    least one client (a secondarily suppressed cell may hold k or more, so no upper bound)."""

    value: int
    suppressed: int
    devices: int

    def __add__(self, other: Figure) -> Figure:
        return Figure(
            self.value + other.value,
            self.suppressed + other.suppressed,
            self.devices + other.devices,
        )


# Any fixed 64-bit number: the PostgreSQL advisory lock that lets one fold run at a time.
FOLD_LOCK = 0x48534346  # "HSCF"
_PG_FOLD = text(
    """
    WITH moved AS (DELETE FROM cell_deltas RETURNING period, tbl, code, value, suppressed, devices)
    INSERT INTO period_cells (period, tbl, code, value, suppressed, devices)
    SELECT period, tbl, code, SUM(value), SUM(suppressed), SUM(devices)
    FROM moved GROUP BY period, tbl, code ORDER BY period, tbl, code
    ON CONFLICT (period, tbl, code) DO UPDATE SET
        value = period_cells.value + excluded.value,
        suppressed = period_cells.suppressed + excluded.suppressed,
        devices = period_cells.devices + excluded.devices
    RETURNING period
    """
)
_SQLITE_FOLD = text(
    """
    INSERT INTO period_cells (period, tbl, code, value, suppressed, devices)
    SELECT period, tbl, code, SUM(value), SUM(suppressed), SUM(devices)
    FROM cell_deltas WHERE true GROUP BY period, tbl, code
    ON CONFLICT (period, tbl, code) DO UPDATE SET
        value = period_cells.value + excluded.value,
        suppressed = period_cells.suppressed + excluded.suppressed,
        devices = period_cells.devices + excluded.devices
    RETURNING period
    """
)


def refresh(factory: sessionmaker[Session], periods: Collection[str] = ()) -> None:
    """Brings the month sums up to date: folds every pending delta into ``period_cells`` with
    one set-based statement. The work is proportional to the reports received since the last
    fold, never to the size of a month. ``periods`` is accepted for the callers' sake; every
    pending month is folded at once."""
    with factory() as session:
        if session.scalar(select(CellDelta.id).limit(1)) is None:
            return
    with factory.begin() as session:
        fold(session.connection())


def fold_pending(engine: Engine) -> int:
    """A background round: folds unless another process is folding right now."""
    with engine.begin() as connection:
        if connection.scalar(select(CellDelta.id).limit(1)) is None:
            return 0
        return fold(connection, wait=False)


def fold(connection: Connection, *, wait: bool = True) -> int:
    """Folds the pending deltas in the caller's transaction; returns how many month cells
    changed. With ``wait=False`` on PostgreSQL it gives up (0) while another fold runs."""
    if connection.dialect.name == "postgresql":
        if wait:
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
        elif not connection.scalar(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FOLD_LOCK}):
            return 0
        # One statement: the deltas it takes are exactly those it adds, and a delta committed
        # meanwhile is not in its snapshot, so it stays for the next fold.
        touched = sorted(set(connection.scalars(_PG_FOLD)))
    else:  # SQLite: the transaction holds the only write lock (BEGIN IMMEDIATE)
        touched = sorted(set(connection.scalars(_SQLITE_FOLD)))
        connection.execute(delete(CellDelta))
    if touched:
        # A cell that no device reports any more disappears from its month.
        connection.execute(
            delete(PeriodCell).where(PeriodCell.period.in_(touched), PeriodCell.devices == 0)
        )
    return len(touched)


def rebuild(connection: Connection, periods: Collection[str]) -> None:
    """Recomputes whole months from the stored cells (one set-based statement); for bulk
    loads and repairs. Pending deltas are folded first so nothing is counted twice."""
    fold(connection)
    months = list(periods)
    connection.execute(delete(PeriodCell).where(PeriodCell.period.in_(months)))
    sums = (
        select(
            ReportCell.period,
            ReportCell.tbl,
            ReportCell.code,
            func.sum(ReportCell.value),
            func.sum(case((ReportCell.suppressed, 1), else_=0)).cast(Integer),
            func.count(),
        )
        .where(ReportCell.period.in_(months))
        .group_by(ReportCell.period, ReportCell.tbl, ReportCell.code)
    )
    connection.execute(
        insert(PeriodCell).from_select(
            ["period", "tbl", "code", "value", "suppressed", "devices"], sums
        )
    )


def by_period(session: Session, periods: Collection[str]) -> dict[str, dict[Key, Figure]]:
    result: dict[str, dict[Key, Figure]] = {p: {} for p in periods}
    rows = session.execute(select(PeriodCell).where(PeriodCell.period.in_(list(periods)))).scalars()
    for cell in rows:
        result[cell.period][(cell.tbl, cell.code)] = Figure(
            cell.value, cell.suppressed, cell.devices
        )
    return result


def over_range(session: Session, periods: Collection[str]) -> dict[Key, Figure]:
    """Whole-range sums straight from the cells, so ``devices`` counts each device once."""
    rows = session.execute(
        select(
            ReportCell.tbl,
            ReportCell.code,
            func.sum(ReportCell.value),
            func.sum(case((ReportCell.suppressed, 1), else_=0)),
            func.count(ReportCell.device_id.distinct()),
        )
        .where(ReportCell.period.in_(list(periods)))
        .group_by(ReportCell.tbl, ReportCell.code)
    )
    return {(t, c): Figure(int(v), int(s), int(d)) for t, c, v, s, d in rows}


def devices_by_period(session: Session, first: str, last: str) -> dict[str, int]:
    rows = session.execute(
        select(Report.period, func.count())
        .where(Report.period.between(first, last))
        .group_by(Report.period)
    )
    return {period: int(n) for period, n in rows}


def distinct_devices(session: Session, periods: Collection[str]) -> int:
    return int(
        session.scalar(
            select(func.count(Report.device_id.distinct())).where(Report.period.in_(list(periods)))
        )
        or 0
    )
