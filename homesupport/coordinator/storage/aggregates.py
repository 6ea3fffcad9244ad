"""Sums over devices: a per-month cache for the dashboard, raw sums for whole ranges.

A month's cache is rebuilt when a report for it arrived since (``stale_periods``); reading a
year is then a sum over twelve small tables instead of every device's cells.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Integer, case, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from homesupport.coordinator.storage.models import PeriodCell, Report, ReportCell, StalePeriod

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


def refresh(factory: sessionmaker[Session], periods: Collection[str]) -> None:
    """Rebuilds the cache of those ``periods`` that are stale."""
    if not periods:
        return
    with factory.begin() as session:
        # Claiming the markers first (and committing) means a report arriving during the
        # rebuild marks its month stale again instead of being lost.
        claimed = sorted(
            set(
                session.scalars(
                    delete(StalePeriod)
                    .where(StalePeriod.period.in_(list(periods)))
                    .returning(StalePeriod.period)
                )
            )
        )
    if not claimed:
        return
    try:
        with factory.begin() as session:
            session.execute(delete(PeriodCell).where(PeriodCell.period.in_(claimed)))
            sums = (
                select(
                    ReportCell.period,
                    ReportCell.tbl,
                    ReportCell.code,
                    func.sum(ReportCell.value),
                    func.sum(case((ReportCell.suppressed, 1), else_=0)).cast(Integer),
                    func.count(),
                )
                .where(ReportCell.period.in_(claimed))
                .group_by(ReportCell.period, ReportCell.tbl, ReportCell.code)
            )
            session.execute(
                insert(PeriodCell).from_select(
                    ["period", "tbl", "code", "value", "suppressed", "devices"], sums
                )
            )
    except Exception:
        with factory.begin() as session:
            for period in claimed:
                session.merge(StalePeriod(period=period, device_id=0, touched_at=func.now()))
        raise


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
