"""Properties of the anonymiser (DESIGN.md §5) over generated months."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain import report_format
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.report_format import CLIENT_TABLES, TOTALS, canonical_bytes
from homesupport.domain.statistics import ReportSession, build_report
from homesupport.resources import resource

MODES = ("home_visit", "service_point", "phone", "video", "chat", "group")
PROGRAMMES = ("home", "youth", "general")
AGE_BANDS = ("u18", "18_29", "30_64", "65_74", "75_84", "85plus", "unknown")
LANGUAGES = ("fi", "sv", "en", "se", "other")
MUNICIPALITIES = ("091", "049", "092", "853", "837", "564", "179")
TOPICS = ("omakanta", "bank_ids", "kela", "wilma", "scams", "email", "other")
DEVICES = ("android", "iphone", "tablet", "computer", "tv", "other")
OUTCOMES = ("solved", "partly", "follow_up", "referred", "not_solved")
ID_BASE = 7_000_000_000  # ids far larger than any count, so finding one in bytes means a leak
REPORT_ID = "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b"
# Words that are not part of the report's own vocabulary (Hypothesis finds "taxonomy" quickly).
VOCABULARY = (
    " ".join(
        (*MODES, *PROGRAMMES, *AGE_BANDS, *TOPICS, *DEVICES, *OUTCOMES, *TOTALS, *CLIENT_TABLES)
    )
    + " taxonomy format homesupport.monthly report_id revision period sessions clients"
)
VOCABULARY += " duration_band programme outcome device topic mode"
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöå", min_size=8, max_size=16).filter(
    lambda word: word not in VOCABULARY
)


@dataclass(frozen=True)
class StoredSession:
    """A session as the database holds it: with what must never leave the laptop."""

    id: int
    nickname: str | None
    notes: str
    session: ReportSession


@st.composite
def stored_sessions(draw: st.DrawFn, client_ids: list[int]) -> StoredSession:
    mode = draw(st.sampled_from(MODES))
    client = draw(st.none() | st.sampled_from(client_ids)) if client_ids else None
    session_id = ID_BASE + draw(st.integers(0, 10**6))
    session = ReportSession(
        date=dt.date(2026, 10, draw(st.integers(1, 31))),
        start=draw(st.none() | st.times()),
        order=session_id,
        minutes=draw(st.integers(1, 600)),
        travel_minutes=draw(st.integers(0, 120)),
        mode=mode,
        programme=draw(st.sampled_from(PROGRAMMES)),
        topics=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=4))),
        devices=tuple(draw(st.lists(st.sampled_from(DEVICES), max_size=3))),
        outcome=draw(maybe(OUTCOMES)),
        client_id=client,
        age_band=draw(maybe(AGE_BANDS)),
        language=draw(maybe(LANGUAGES)),
        municipality=draw(maybe(MUNICIPALITIES)),
        participants=draw(st.integers(1, 40)) if mode == "group" else None,
        guides_given=draw(st.integers(0, 3)),
    )
    nickname = draw(WORDS) if client is not None else None
    return StoredSession(session_id, nickname, draw(WORDS), session)


def maybe(codes: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(codes)


@st.composite
def months(draw: st.DrawFn) -> tuple[list[StoredSession], dict[int, dt.date], int]:
    client_ids = [ID_BASE + 10**7 + i for i in range(draw(st.integers(0, 12)))]
    rows = draw(st.lists(stored_sessions(client_ids), max_size=60))
    first = {
        cid: draw(st.sampled_from([dt.date(2026, 10, 1), dt.date(2025, 3, 4)]))
        for cid in client_ids
    }
    return rows, first, draw(st.integers(3, 10))


def build(rows: list[StoredSession], first: dict[int, dt.date], k: int) -> dict[str, Any]:
    sessions = [row.session for row in rows]
    return build_report(sessions, first, period="2026-10", report_id=REPORT_ID, revision=2, k=k)


@cache
def code_lists() -> tuple[CodeList, Municipalities]:
    return (
        CodeList.from_csv(resource("data", "codes.csv")),
        Municipalities.from_csv(resource("data", "municipalities_fi.csv")),
    )


def check_validates(report: dict[str, Any]) -> None:
    validate = getattr(report_format, "validate_report", None)
    if validate is not None:  # the coordinator's strict validator, once it exists
        codes, municipalities = code_lists()
        problems = validate(report, codes, municipalities, report["k"], period="2026-10")
        assert problems == []


@settings(max_examples=300, deadline=None)
@given(months())
def test_no_small_client_cell_is_ever_a_number(month: Any) -> None:
    rows, first, k = month
    report = build(rows, first, k)
    marker = f"<{k}"
    for name in ("clients", "new_clients"):
        value = report["totals"][name]
        assert value == marker or value == 0 or value >= k
    for table in report["clients"].values():
        for cell in table.values():
            assert cell == marker or (isinstance(cell, int) and cell >= k)
    check_validates(report)


@settings(max_examples=300, deadline=None)
@given(months())
def test_no_lonely_suppressed_cell_next_to_exact_ones(month: Any) -> None:
    rows, first, k = month
    report = build(rows, first, k)
    for table in report["clients"].values():
        hidden = [c for c in table.values() if c == f"<{k}"]
        assert len(hidden) != 1 or len(table) == 1


@settings(max_examples=200, deadline=None)
@given(months())
def test_payload_holds_no_nickname_note_or_id(month: Any) -> None:
    rows, first, k = month
    payload = canonical_bytes(build(rows, first, k)).decode("utf-8")
    for row in rows:
        assert row.notes not in payload
        assert row.nickname is None or row.nickname not in payload
        assert str(row.id) not in payload
        assert str(row.session.client_id) not in payload or row.session.client_id is None
    for day in {row.session.date for row in rows}:
        assert day.isoformat() not in payload


@settings(max_examples=200, deadline=None)
@given(months(), st.randoms(use_true_random=False))
def test_building_twice_gives_identical_bytes_whatever_the_order(
    month: Any, rnd: random.Random
) -> None:
    rows, first, k = month
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert canonical_bytes(build(rows, first, k)) == canonical_bytes(build(shuffled, first, k))


@settings(max_examples=300, deadline=None)
@given(months())
def test_totals_are_consistent(month: Any) -> None:
    rows, first, k = month
    report = json.loads(canonical_bytes(build(rows, first, k)))
    totals, tables = report["totals"], report["sessions"]
    sessions = [row.session for row in rows]
    assert list(totals) == sorted(TOTALS)
    assert totals["sessions"] == len(sessions)
    for name in ("mode", "programme", "duration_band"):
        assert sum(tables[name].values()) == len(sessions)
    assert sum(tables["outcome"].values()) == sum(1 for s in sessions if s.outcome)
    assert totals["minutes"] == sum(s.minutes for s in sessions)
    assert totals["group_participants"] == sum(s.participants or 0 for s in sessions)
    for table in (*tables.values(), *report["clients"].values()):
        assert all(cell != 0 for cell in table.values())
    assert set(report["clients"]) == set(CLIENT_TABLES)

    individual = [s for s in sessions if s.mode != "group"]
    linked = {s.client_id for s in individual if s.client_id is not None}
    clients = len(linked) + sum(1 for s in individual if s.client_id is None)
    new = sum(1 for c in linked if first[c].month == 10 and first[c].year == 2026)
    assert totals["clients"] == (f"<{k}" if 0 < clients < k else clients)
    check_validates(report)
    assert totals["new_clients"] == (f"<{k}" if 0 < new < k else new)
    if clients < k:
        assert all(table == {} for table in report["clients"].values())
    else:
        ages = report["clients"]["age_band"]
        if all(isinstance(cell, int) for cell in ages.values()):
            assert sum(ages.values()) == clients
        for table in report["clients"].values():
            assert sum(c for c in table.values() if isinstance(c, int)) <= clients


def test_validator_accepts_secondary_suppressed_large_cell() -> None:
    day = dt.date(2026, 10, 1)
    sessions = [ReportSession(day, 30, "phone", "home", age_band="u18")]
    sessions += [ReportSession(day, 30, "phone", "home", age_band=None) for _ in range(4)]
    report = build_report(sessions, {}, period="2026-10", report_id=REPORT_ID, revision=1, k=3)
    assert report["clients"]["age_band"] == {"u18": "<3", "unknown": "<3"}
    codes, municipalities = code_lists()
    assert report_format.validate_report(report, codes, municipalities, 3) == []
