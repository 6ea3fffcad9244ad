"""Hypothesis: the importer never raises on any input, and valid sessions round-trip."""

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.importing import COLUMNS, ImportProblem, _clean, parse_sessions
from homesupport.domain.sessions import MAX_NOTES, Session
from homesupport.resources import resource
from homesupport.services.tabular import (
    export_sessions,
    import_csv_bytes,
    import_sessions,
    write_csv,
)

TODAY = dt.date(2026, 3, 10)
CODES = CodeList.from_csv(resource("data", "codes.csv"))
MUNICIPALITIES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))

cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["4.3.2026", "2026-02-29", "45,0", "Kotikäynti", "group", "91", "1.1.9999"]),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
headers = st.lists(
    st.one_of(st.sampled_from([*COLUMNS, "Päivämäärä", "Kesto", "Tapa", "Ohjelma"]), st.text()),
    max_size=20,
)


def check_problems(problems: list[ImportProblem], rows: int) -> None:
    for problem in problems:
        assert problem.row is None or 1 <= problem.row <= rows + 1
        problem.message.format(**problem.params)  # every placeholder has its value


@settings(max_examples=300, deadline=None)
@given(header=headers, rows=st.lists(st.lists(cells, max_size=20), max_size=8))
def test_any_table_gives_sessions_or_problems_never_an_exception(header, rows):
    sessions, problems = parse_sessions([header, *rows], CODES, MUNICIPALITIES, TODAY)
    assert not (sessions and problems)
    check_problems(problems, len(rows))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=4, max_size=6), min_size=1, max_size=8))
def test_any_cells_under_a_valid_header_never_raise(rows):
    header = ["date", "minutes", "mode", "programme", "topics", "start"]
    sessions, problems = parse_sessions([header, *rows], CODES, MUNICIPALITIES, TODAY)
    assert not (sessions and problems)
    # a row counts as blank the way the parser sees it: no cell left after cleaning
    assert sessions or problems or all(all(_clean(c) is None for c in r) for r in rows)
    check_problems(problems, len(rows))


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_as_csv_never_raise(data):
    _, problems = import_csv_bytes(
        b"date;minutes;mode;programme\n" + data, CODES, MUNICIPALITIES, TODAY
    )
    check_problems(problems, data.count(b"\n") + data.count(b"\r") + 1)


# Text the importer keeps as it is: no control or invisible format characters (which the form
# refuses too), nothing to trim, no bare CR.
clean_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    max_size=40,
).map(str.strip)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    date = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY))
    mode = draw(st.sampled_from(CODES.codes_of("mode")))
    group = mode == "group"

    def optional(strategy):  # type: ignore[no-untyped-def]
        return draw(st.none() | strategy)

    def some(list_name: str) -> tuple[str, ...]:
        return tuple(draw(st.lists(st.sampled_from(CODES.codes_of(list_name)), unique=True)))

    notes_lines = draw(st.lists(clean_text, max_size=3))
    return Session(
        date=date,
        minutes=draw(st.integers(1, 600)),
        mode=mode,
        programme=draw(st.sampled_from(CODES.codes_of("programme"))),
        start=optional(st.times().map(lambda t: t.replace(second=0, microsecond=0))),
        travel_minutes=draw(st.integers(0, 600)),
        age_band=optional(st.sampled_from(CODES.codes_of("age_band"))),
        language=optional(st.sampled_from(CODES.codes_of("language"))),
        municipality=optional(st.sampled_from([m.code for m in MUNICIPALITIES.items])),
        participants=draw(st.integers(1, 500)) if group else optional(st.just(1)),
        topics=some("topic"),
        devices=some("device"),
        outcome=optional(st.sampled_from(CODES.codes_of("outcome"))),
        follow_up=optional(st.dates(min_value=date, max_value=dt.date(2030, 1, 1))),
        notes="\n".join(notes_lines).strip()[:MAX_NOTES].strip(),
        client_nickname=optional(clean_text.filter(bool)),
    )


def round_trip(batch: list[Session], suffix: str, **options: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sessions.{suffix}"
        if options:
            write_csv(path, batch, **options)
        else:
            export_sessions(path, batch, suffix)
        imported, problems = import_sessions(path, CODES, MUNICIPALITIES, TODAY)
    assert problems == []
    assert [i.session for i in imported] == batch
    assert [i.client_nickname for i in imported] == [s.client_nickname for s in batch]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(sessions(), min_size=1, max_size=5), delimiter=st.sampled_from([";", ","]))
def test_valid_sessions_round_trip_through_csv(batch, delimiter):
    round_trip(batch, "csv", delimiter=delimiter)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(sessions(), min_size=1, max_size=5))
def test_valid_sessions_round_trip_through_xlsx(batch):
    round_trip(batch, "xlsx")
