"""Dates, times and durations as people type them into their own sheets (hypothesis), and a
mapped import that never raises on any cell."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_cells import (
    EXCEL_EPOCH,
    parse_clock,
    parse_date_time,
    parse_duration,
)
from homesupport.domain.import_mapped import parse_mapped
from homesupport.domain.import_mapping import ImportMapping
from homesupport.domain.import_sheet import open_sheet
from homesupport.resources import resource

CODES = CodeList.from_csv(resource("data", "codes.csv"))
MUNICIPALITIES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
any_cell = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)


@given(dates, st.sampled_from(["{d}.{m}.{y}", "{d:02}.{m:02}.{y}", "{y}-{m:02}-{d:02}"]))
def test_a_date_written_any_usual_way_reads_back(date, pattern):
    text = pattern.format(d=date.day, m=date.month, y=date.year)
    assert parse_date_time(text) == (date, None)
    assert parse_date_time(f" {text} ") == (date, None)


@given(dates)
def test_a_two_digit_year_is_this_century(date):
    assert parse_date_time(f"{date.day}.{date.month}.{date.year % 100:02}") == (date, None)


@given(
    dates,
    times.filter(lambda t: t != dt.time()),
    st.sampled_from(
        [
            "{date} {h}:{m:02}",
            "{date} klo {h}.{m:02}",
            "{date} {h:02}:{m:02}:00",
            "{iso}T{h:02}:{m:02}",
        ]
    ),
)
def test_a_date_with_a_time_gives_both(date, time, pattern):
    text = pattern.format(
        date=f"{date.day}.{date.month}.{date.year}",
        iso=date.isoformat(),
        h=time.hour,
        m=time.minute,
    )
    assert parse_date_time(text) == (date, time)


@given(st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2118, 12, 31)), times)
def test_an_excel_serial_number_reads_as_its_date_and_time(date, time):
    moment = dt.datetime.combine(date, time)
    serial = (moment - EXCEL_EPOCH) / dt.timedelta(days=1)
    expected = (date, None if time == dt.time() else time)
    assert parse_date_time(serial) == expected
    if time == dt.time():
        assert parse_date_time(int(serial)) == expected
        assert parse_date_time(str(int(serial))) == expected  # a CSV lost the date format


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1)))
def test_an_excel_date_time_cell_gives_its_time_unless_midnight(moment):
    date, time = parse_date_time(moment)
    assert date == moment.date()
    minute = moment.time().replace(second=0, microsecond=0)
    assert time == (None if minute == dt.time() else minute)


@pytest.mark.parametrize("small", [0, 45, 2026, 19999, 80000, -5])
def test_small_numbers_and_years_are_no_dates(small):
    assert parse_date_time(small) is None


@given(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=59))
def test_hours_and_minutes_in_every_usual_form(hours, minutes):
    total = hours * 60 + minutes
    for text in (
        f"{hours} h {minutes} min",
        f"{hours}h{minutes}",
        f"{hours} h {minutes}",
        f"{hours}:{minutes:02}",
        f"{hours} t {minutes} min",
        f"{hours} tim {minutes} min",
    ):
        assert parse_duration(text) == total, text
    assert parse_duration(dt.time(hours, minutes)) == total  # Excel keeps "1:30" as a time
    assert parse_duration(dt.timedelta(hours=hours, minutes=minutes)) == total


@given(st.integers(min_value=0, max_value=600))
def test_minutes_alone_in_every_usual_form(minutes):
    for cell in (minutes, float(minutes), str(minutes), f"{minutes} min", f"{minutes}min",
                 f"{minutes} minuuttia", f"{minutes} minuter", f"{minutes},0"):  # fmt: skip
        assert parse_duration(cell) == minutes, cell


@given(
    st.integers(min_value=0, max_value=9), st.sampled_from([(",5", 30), (".25", 15), (",75", 45)])
)
def test_decimal_hours(hours, fraction):
    text, minutes = fraction
    assert parse_duration(f"{hours}{text} h") == hours * 60 + minutes
    assert parse_duration(f"{hours}{text} tuntia") == hours * 60 + minutes


@pytest.mark.parametrize("text", ["1 h 60 min", "1:75", "puoli tuntia", "1,3 min", "-5", "", "h"])
def test_what_is_no_whole_duration_is_none(text):
    assert parse_duration(text) is None


@given(times)
def test_a_time_of_day_reads_back(time):
    assert parse_clock(f"{time.hour}:{time.minute:02}") == time
    assert parse_clock(f"klo {time.hour}.{time.minute:02}") == time
    assert parse_clock(time) == time


@given(any_cell)
def test_the_cell_readers_never_raise(cell):
    read = parse_date_time(cell)
    assert read is None or isinstance(read[0], dt.date)
    minutes = parse_duration(cell)
    assert minutes is None or (isinstance(minutes, int) and minutes >= 0)
    clock = parse_clock(cell)
    assert clock is None or isinstance(clock, dt.time)


MAPPING = ImportMapping(
    columns={
        "Pvm": "date",
        "Kesto": "minutes",
        "Tapa": "mode",
        "Asia": "topics",
        "Ikä": "age_band",
    },
    values={"mode": {"koti": "home_visit"}, "topics": {"kanta": "omakanta"}},
    flags={"topics": {"Kela": "kela"}},
    defaults={"programme": "home"},
    split={"topics": (";", ",")},
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(any_cell, min_size=0, max_size=7), max_size=6))
def test_a_mapped_import_never_raises_and_gives_sessions_or_problems(rows):
    sheet = open_sheet([["Pvm", "Kesto", "Tapa", "Asia", "Ikä", "Kela"], *rows], header_row=1)
    sessions, problems = parse_mapped(sheet, MAPPING, CODES, MUNICIPALITIES, dt.date(2026, 12, 1))
    assert not (sessions and problems)
    assert all(p.row is None or p.row >= 1 for p in problems)
    assert all(s.row >= 2 for s in sessions)
