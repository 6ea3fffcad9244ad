"""The tidy CSV of DESIGN.md §7: ``period,table,code,value,suppressed,devices``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.periods import months_between
from homesupport.coordinator.storage import aggregates
from homesupport.domain.report_format import (
    CLIENT_TABLES,
    OPTIONAL_SESSION_TABLES,
    SESSION_TABLES,
    TOTALS,
)

HEADER = ("period", "table", "code", "value", "suppressed", "devices")


def table_order() -> dict[str, int]:
    names = [
        "totals",
        *(f"sessions.{t}" for t in (*SESSION_TABLES, *OPTIONAL_SESSION_TABLES)),
        *(f"clients.{t}" for t in CLIENT_TABLES),
    ]
    return {name: i for i, name in enumerate(names)}


def sort_key(key: aggregates.Key) -> tuple[int, int, str]:
    table, code = key
    order = table_order()
    within = TOTALS.index(code) if table == "totals" and code in TOTALS else 0
    return (order.get(table, len(order)), within, code)


def published_months(coordinator: Coordinator, first: str, last: str) -> tuple[list[str], int]:
    """The months with figures to publish, and how many months were withheld because fewer
    than ``min_devices`` devices reported (one supporter's figures are never shown alone)."""
    months = months_between(first, last)
    with coordinator.sessions() as session:
        counts = aggregates.devices_by_period(session, first, last)
    minimum = coordinator.settings.min_devices
    published = [m for m in months if counts.get(m, 0) >= minimum]
    withheld = sum(1 for m in months if 0 < counts.get(m, 0) < minimum)
    return published, withheld


def rows(coordinator: Coordinator, first: str, last: str) -> Iterator[tuple[str, ...]]:
    published, _withheld = published_months(coordinator, first, last)
    aggregates.refresh(coordinator.sessions, published)
    with coordinator.sessions() as session:
        monthly = aggregates.by_period(session, published)
        whole = aggregates.over_range(session, published) if published else {}
    for period in published:
        for key in sorted(monthly[period], key=sort_key):
            yield _row(period, key, monthly[period][key])
    for key in sorted(whole, key=sort_key):
        yield _row(f"{first}..{last}", key, whole[key])


def _row(period: str, key: aggregates.Key, figure: aggregates.Figure) -> tuple[str, ...]:
    return (period, key[0], key[1], str(figure.value), str(figure.suppressed), str(figure.devices))


def to_csv(coordinator: Coordinator, first: str, last: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(coordinator, first, last))
    return buffer.getvalue()
