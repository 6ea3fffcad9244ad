"""Dates, times and durations as people read them: :mod:`homesupport.domain.formatting`,
where every layer finds them (nothing here needs Qt)."""

from homesupport.domain.formatting import (
    count_text,
    date_text,
    minutes_text,
    moment_text,
    relative_day,
    time_text,
)

__all__ = [
    "count_text",
    "date_text",
    "minutes_text",
    "moment_text",
    "relative_day",
    "time_text",
]
