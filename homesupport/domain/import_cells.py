"""Dates, times and durations as people type them into their own sheets.

The standard import (:mod:`homesupport.domain.importing`) reads the formats the export writes.
Sheets kept by hand, and survey exports, hold more: real Excel date and date-time cells, Excel
serial numbers that lost their date format (``46307``), dates as text with or without a time
(``12.10.2026 14:03``, ``12.10.2026 klo 14.03``, ``2026-10-12T14:03``), ``D.M.YY``, and
durations as ``45``, ``45 min``, ``1 h 30 min``, ``1:30``, ``1,5 h``, ``2 tuntia``,
``1 tim 15 min``. Each parser answers None for what it cannot read, so the caller can say
what is wrong and where.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from homesupport.domain.importing import Cell

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in); 20000..80000 is
# 1954..2119, so a small count of minutes or a year is never taken for a date.
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MIN_SERIAL = 20_000
MAX_SERIAL = 80_000
MAX_DURATION_MINUTES = 100_000  # far beyond any session; stops silly numbers early

_DATE_PART = r"(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}))"
_TIME_PART = r"(?:[ T]+(?:klo\s*|kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?)?"
_DATE_TIME = re.compile(_DATE_PART + r"\.?" + _TIME_PART, re.IGNORECASE)
_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")
_CLOCK = re.compile(r"(?:klo\s*|kl\.?\s*)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?", re.IGNORECASE)

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_HOURS = r"(?:h|hr|hrs|hour|hours|t|tunti|tuntia|tim|timme|timmar)\.?"
_MINUTES = r"(?:m|min|mins|minute|minutes|minuutti|minuuttia|minuter|minut)\.?"
_HOURS_AND_MINUTES = re.compile(
    rf"(?:{_NUMBER}\s*{_HOURS})?\s*(?:(\d+)\s*(?:{_MINUTES})?)?", re.IGNORECASE
)
_MINUTES_ONLY = re.compile(rf"{_NUMBER}\s*{_MINUTES}", re.IGNORECASE)
_H_MM = re.compile(r"(\d{1,2}):(\d{2})")


def parse_date_time(cell: Cell) -> tuple[dt.date, dt.time | None] | None:
    """The date of a cell and its time of day, if it has one; None if it is not a date.

    A date-time cell at midnight has no time (Excel shows such a cell as a plain date)."""
    if isinstance(cell, dt.datetime):
        time = cell.time().replace(second=0, microsecond=0)
        return cell.date(), (None if time == dt.time() else time)
    if isinstance(cell, dt.date):
        return cell, None
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return _serial(float(cell))
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split())
    if _SERIAL.fullmatch(text):
        return _serial(float(text.replace(",", ".")))
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        return None
    iso_year, iso_month, iso_day, day, month, year, hour, minute, second = match.groups()
    if iso_year:
        year, month, day = iso_year, iso_month, iso_day
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        date = dt.date(full_year, int(month), int(day))
    except ValueError:
        return None
    if hour is None:
        return date, None
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        return None
    time = dt.time(int(hour), int(minute))
    return date, (None if time == dt.time() else time)


def _serial(value: float) -> tuple[dt.date, dt.time | None] | None:
    if not (math.isfinite(value) and MIN_SERIAL <= value < MAX_SERIAL):
        return None
    moment = EXCEL_EPOCH + dt.timedelta(days=value)
    # a time typed to the minute comes back from the float a few microseconds off
    moment = (moment + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)
    time = moment.time()
    return moment.date(), (None if time == dt.time() else time)


def parse_clock(cell: Cell) -> dt.time | None:
    """A time of day: a time cell, a date-time cell's time, ``14:03``, ``14.03``, ``klo 9.15``."""
    if isinstance(cell, dt.datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(cell, float) and 0 <= cell < 1:  # Excel keeps a time of day as a fraction
        minutes = round(cell * 24 * 60)
        return dt.time(*divmod(minutes, 60)) if minutes < 24 * 60 else None
    if not isinstance(cell, str):
        return None
    match = _CLOCK.fullmatch(cell.strip())
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59 or int(match[3] or 0) > 59:
        return None
    return dt.time(hour, minute)


def parse_duration(cell: Cell) -> int | None:
    """Whole minutes from ``45``, ``45 min``, ``1 h 30 min``, ``1h30``, ``1:30``, ``1,5 h``,
    ``2 tuntia``, ``90 minuter``, a time cell (Excel's ``1:30``) or a duration cell; None if
    the cell is no duration or not a whole number of minutes."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, dt.timedelta):
        return _whole(cell.total_seconds() / 60)
    if isinstance(cell, dt.datetime | dt.date):
        return None
    if isinstance(cell, dt.time):  # Excel shows a typed "1:30" as a time of day
        return cell.hour * 60 + cell.minute if not cell.second else None
    if isinstance(cell, int | float):
        return _whole(float(cell))
    if not isinstance(cell, str):
        return None
    text = " ".join(cell.split()).casefold()
    if not text:
        return None
    if match := _H_MM.fullmatch(text):
        hours, minutes = int(match[1]), int(match[2])
        return hours * 60 + minutes if minutes < 60 else None
    if match := _MINUTES_ONLY.fullmatch(text):
        return _whole(_number(match[1]))
    plain = text.replace(",", ".")
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return _whole(float(plain))
    match = _HOURS_AND_MINUTES.fullmatch(text)
    if match is None or match[1] is None:
        return None
    minutes_part = int(match[2]) if match[2] else 0
    if match[2] and minutes_part >= 60:
        return None
    return _whole(_number(match[1]) * 60 + minutes_part)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _whole(minutes: float) -> int | None:
    if not math.isfinite(minutes) or minutes < 0 or minutes > MAX_DURATION_MINUTES:
        return None
    rounded = round(minutes)
    # float minutes from hours (1.1 h = 66.00000000000001) are whole within a hair
    return rounded if abs(minutes - rounded) < 1e-6 else None
