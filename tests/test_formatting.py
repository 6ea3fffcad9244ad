"""Dates, times, months, durations and counts as people read them (no Qt needed)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homesupport.domain.formatting import (
    capitalised,
    count_text,
    date_text,
    minutes_text,
    month_name,
    parse_time_text,
    printed_date,
    relative_day,
    time_text,
)
from homesupport.i18n import current_language, set_language


@pytest.fixture(autouse=True)
def english():
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def test_dates_read_day_month_year_in_every_language():
    assert date_text(dt.date(2026, 3, 4)) == "4.3.2026"
    assert printed_date(dt.date(2026, 11, 1), "fi") == "1.11.2026"
    assert printed_date(dt.date(2026, 11, 1), "sv") == "1.11.2026"
    assert printed_date(dt.date(2026, 11, 1), "en") == "1 November 2026"


def test_months_are_lower_case_in_finnish_and_swedish_running_text():
    assert month_name("2026-10", "fi") == "lokakuu 2026"
    assert month_name("2026-05", "sv") == "maj 2026"
    assert month_name("2026-10", "en") == "October 2026"
    assert capitalised(month_name("2026-10", "fi")) == "Lokakuu 2026"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 min"), (45, "45 min"), (60, "1 h"), (90, "90 min"), (120, "2 h"), (150, "2 h 30 min")],
)
def test_durations(minutes, text):
    assert minutes_text(minutes) == text


def test_counts_in_the_active_language_or_a_given_one():
    assert count_text(100_150) == "100,150"
    assert count_text(100_150, "fi") == "100\u00a0150"


def test_days_near_today_read_as_words():
    today = dt.date(2026, 11, 19)  # a Thursday
    assert relative_day(today, today) == "Today"
    assert relative_day(dt.date(2026, 11, 18), today) == "Yesterday"
    assert relative_day(dt.date(2026, 11, 16), today) == "Mon 16.11."
    assert relative_day(dt.date(2026, 11, 15), today) == "15.11.2026"


@given(st.times())
def test_a_written_time_reads_back_to_the_minute(moment):
    assert parse_time_text(time_text(moment)) == moment.replace(second=0, microsecond=0)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."]), st.booleans())
def test_both_separators_and_an_optional_leading_zero(hour, minute, separator, padded):
    written = f"{hour:02d}" if padded else str(hour)
    assert parse_time_text(f" {written}{separator}{minute:02d} ") == dt.time(hour, minute)


@given(st.text(max_size=8))
def test_any_text_is_a_time_nothing_or_a_value_error(text):
    try:
        parsed = parse_time_text(text)
    except ValueError:
        return
    if parsed is None:
        assert not text.strip()
    else:  # only what the form's hint shows, hh:mm (or h.mm), and nothing else
        assert time_text(parsed) == text.strip().replace(".", ":").zfill(5)


@pytest.mark.parametrize("text", ["24:00", "9", "9:", "9:3", "12:60", "-1:00", "9:30:00", "9 30"])
def test_what_is_no_time_of_day_is_refused(text):
    with pytest.raises(ValueError):
        parse_time_text(text)


def test_nothing_typed_is_no_time():
    assert parse_time_text("") is None
    assert parse_time_text("   ") is None
