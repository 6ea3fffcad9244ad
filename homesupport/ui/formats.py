"""Dates, times and durations as people read them. They live in the Qt-free
:mod:`homesupport.domain.formatting`, which every layer uses (nothing here needs Qt); this
module keeps the names the ui imported from here before. New code imports the domain module."""

from homesupport.domain.formatting import (
    count_text,
    date_text,
    minutes_text,
    moment_text,
    relative_day,
    time_text,
)

__all__ = ["count_text", "date_text", "minutes_text", "moment_text", "relative_day", "time_text"]
