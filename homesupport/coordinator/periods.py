"""Months, quarters and years as the dashboard and the export name them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from homesupport.domain.report_format import is_period

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def month_of(day: dt.date | dt.datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:])
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    if not (is_period(first) and is_period(last)) or first > last:
        raise ValueError(f"not a range of months: {first}..{last}")
    months, current = [], first
    while current <= last:
        months.append(current)
        current = shift(current, 1)
    return months


def end_of(period: str) -> dt.datetime:
    """The first instant after the month, in UTC."""
    following = shift(period, 1)
    return dt.datetime(int(following[:4]), int(following[5:]), 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Span:
    """A month (``2026-10``), a quarter (``2026-Q4``) or a year (``2026``)."""

    spec: str
    kind: str  # "month", "quarter", "year"
    months: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]

    def neighbour(self, step: int) -> Span:
        return parse_span(_shift_spec(self, step))


def _shift_spec(span: Span, step: int) -> str:
    if span.kind == "month":
        return shift(span.spec, step)
    if span.kind == "quarter":
        year, quarter = int(span.spec[:4]), int(span.spec[-1])
        index = year * 4 + quarter - 1 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    return f"{int(span.spec) + step:04d}"


def parse_span(spec: str) -> Span:
    if is_period(spec):
        return Span(spec, "month", (spec,))
    if match := _QUARTER.match(spec):
        first = f"{match[1]}-{(int(match[2]) - 1) * 3 + 1:02d}"
        months = tuple(months_between(first, shift(first, 2)))
        if is_period(months[0]):
            return Span(spec, "quarter", months)
    if (match := _YEAR.match(spec)) and is_period(f"{match[1]}-01"):
        return Span(spec, "year", tuple(months_between(f"{match[1]}-01", f"{match[1]}-12")))
    raise ValueError(f"not a month, quarter or year: {spec}")


def quarter_of(period: str) -> str:
    return f"{period[:4]}-Q{(int(period[5:]) - 1) // 3 + 1}"
