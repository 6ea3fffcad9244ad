"""Format 1.1's ``sessions.guide`` on the laptop: counts, own guides, and the rule that a month
offered before the upgrade keeps its exact bytes while a new month carries the table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.report_format import (
    canonical_bytes,
    format_revision,
    parse_report,
    validate_report,
)
from homesupport.domain.sessions import Session
from homesupport.domain.statistics import ReportSession, breakdown, build_report
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.reports import (
    POLICY_KEY,
    ReportService,
    bundled_guide_slugs,
    remember_published_guides,
)
from homesupport.services.sessions import SessionService
from homesupport.services.store import open_store
from homesupport.storage.profile_repo import StoredSettings
from homesupport.sync.outbox import State

CODES = CodeList.from_csv(resource("data", "codes.csv"))
PLACES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
BUNDLED = "omakanta-renew-prescription"
KNOWN = frozenset({BUNDLED, "connect-wifi", "kela-liitteen-lahetys"})
OCT = dt.date(2026, 10, 1)
REPORT_ID = "7f0c2a4e-1b2c-4d3e-8f40-5a6b7c8d9e0f"


def visit(*guides: str, day: int = 1) -> ReportSession:
    return ReportSession(
        date=OCT.replace(day=day), minutes=45, mode="home_visit", programme="home",
        age_band="75_84", language="fi", municipality="091",
        guides_given=len(guides), guides=tuple(sorted(guides)),
    )  # fmt: skip


def build(sessions: list[ReportSession], slugs: frozenset[str] | None = KNOWN) -> dict[str, Any]:
    return build_report(
        sessions, {}, period="2026-10", report_id=REPORT_ID, revision=1, k=5, guide_slugs=slugs
    )


def test_sessions_per_guide_and_own_guides_as_one_cell():
    month = [
        visit(BUNDLED, "connect-wifi"),
        visit(BUNDLED, "aino-pankkitunnukset", "oma-ohje-2"),  # two own guides: one session
        visit("aino-pankkitunnukset"),
        visit(),
    ]
    report = build(month)
    assert report["sessions"]["guide"] == {BUNDLED: 2, "connect-wifi": 1, "own": 2}
    assert report["totals"]["guides_given"] == 6
    payload = canonical_bytes(report)
    assert b"aino" not in payload and b"oma-ohje" not in payload
    assert validate_report(report, CODES, PLACES, guide_slugs=KNOWN) == []
    rows = [(r.code, r.value) for r in breakdown(report) if r.table == "sessions.guide"]
    assert rows == [("connect-wifi", 1), (BUNDLED, 2), ("own", 2)]


def test_session_counts_are_not_suppressed_and_zeros_are_left_out():
    report = build([visit(BUNDLED)])  # one session: 1 stays 1, not "<5"
    assert report["sessions"]["guide"] == {BUNDLED: 1}
    assert build([visit()])["sessions"]["guide"] == {}


def test_without_guide_slugs_the_report_is_1_0_byte_for_byte():
    month = [visit(BUNDLED), visit("aino-pankkitunnukset")]
    plain = build(month, None)
    assert "guide" not in plain["sessions"] and format_revision(plain) == "1.0"
    assert format_revision(build(month)) == "1.1"
    assert validate_report(plain, CODES, PLACES) == []


def test_a_report_naming_a_guide_the_coordinator_does_not_know_is_rejected():
    report = build([visit(BUNDLED)], KNOWN)
    problems = validate_report(report, CODES, PLACES, guide_slugs={"connect-wifi"})
    assert [p.path for p in problems] == [f"$.sessions.guide['{BUNDLED}']"]


def test_bundled_guide_slugs_are_the_shipped_folders():
    slugs = bundled_guide_slugs()
    assert BUNDLED in slugs and len(slugs) == 15
    assert "FORMAT.md" not in slugs


# --- the parser and checker of the new table, with anything in it -------------------------

slugs = st.sampled_from([*KNOWN, "own", "aino-pankkitunnukset", "", "Own", "a b", "x" * 61])
cells = st.one_of(
    st.integers(-3, 50), st.text(max_size=3), st.none(), st.booleans(), st.floats(0, 5)
)


@settings(max_examples=150, deadline=None)
@given(table=st.one_of(st.dictionaries(slugs, cells, max_size=6), st.lists(slugs), st.text()))
def test_any_guide_table_is_checked_without_crashing_and_problems_name_it(table):
    report = build([visit(BUNDLED)] * 10)
    report["sessions"]["guide"] = table
    parsed = parse_report(canonical_bytes(report))
    problems = validate_report(parsed, CODES, PLACES, guide_slugs=KNOWN)
    assert all(p.path.startswith("$.sessions.guide") for p in problems)
    good = (
        isinstance(table, dict)
        and all(
            (s in KNOWN or s == "own") and type(v) is int and 1 <= v <= 10 for s, v in table.items()
        )
        and sum(table.values()) <= 10
    )
    assert (problems == []) == good


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*KNOWN, "aino", "pekka-ohje", "own-stuff"]), max_size=4),
        max_size=25,
    )
)
def test_built_tables_are_valid_name_only_known_slugs_and_count_sessions(given_per_session):
    month = [visit(*set(guides)) for guides in given_per_session]
    report = build(month)
    table = report["sessions"]["guide"]
    assert set(table) <= KNOWN | {"own"}
    for slug, n in table.items():
        assert n == sum(
            1 for g in given_per_session if (slug in g if slug != "own" else set(g) - KNOWN)
        )
    assert validate_report(report, CODES, PLACES, guide_slugs=KNOWN) == []


# --- the store: what an upgrade does to months already built ------------------------------


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def store_parts(tmp_path: Path, memory_keyring: object):
    clock = Clock(dt.datetime(2026, 11, 20, 10, 0))
    store = open_store(Paths.resolve(tmp_path / "data"), clock, secret="a long test passphrase")
    yield store, clock
    store.close()


def set_policy(store, formats: list[str] | None) -> None:
    policy: dict[str, Any] = {"k": 5, "locked_periods": []}
    if formats is not None:
        policy["report_formats"] = formats
    with store.session_factory.begin() as orm:
        StoredSettings(orm).set(POLICY_KEY, policy)


def test_an_offered_month_keeps_its_bytes_after_the_upgrade_and_a_new_month_has_the_table(
    store_parts,
):
    store, clock = store_parts
    sessions = SessionService(store.session_factory, CODES, PLACES, clock)
    reports = ReportService(store.session_factory, clock)
    for day in (3, 9):
        sessions.save(
            Session(date=dt.date(2026, 10, day), minutes=45, mode="home_visit",
                    programme="home", age_band="75_84", guides=(BUNDLED, "aino-ohje"))
        )  # fmt: skip
    # Before: a coordinator (or app) without format 1.1. October is built and sent.
    set_policy(store, None)
    reports.queue_closed_months()
    october = next(e for e in reports.entries() if e.period == "2026-10")
    assert "guide" not in json.loads(october.payload)["sessions"]
    reports.save_entry(dataclasses.replace(october, state=State.SENT, attempts=1))

    # After the upgrade the coordinator accepts 1.1; a new month closes.
    set_policy(store, ["1.0", "1.1"])
    with store.session_factory.begin() as orm:
        remember_published_guides(orm, ["kela-liitteen-lahetys"])
    sessions.save(
        Session(date=dt.date(2026, 11, 2), minutes=30, mode="phone", programme="home",
                guides=("kela-liitteen-lahetys", "aino-ohje"))
    )  # fmt: skip
    clock.now = dt.datetime(2026, 12, 1, 9, 0)
    assert reports.queue_closed_months() == []  # no correction of history
    entries = {e.period: e for e in reports.entries()}
    assert entries["2026-10"].payload == october.payload  # the exact bytes, revision 1
    assert entries["2026-10"].revision == 1
    assert reports.preview("2026-10").payload == october.payload
    november = json.loads(entries["2026-11"].payload)
    assert november["sessions"]["guide"] == {"kela-liitteen-lahetys": 1, "own": 1}

    # A real change to October is a correction, and its new bytes carry the table.
    sessions.save(
        Session(date=dt.date(2026, 10, 20), minutes=60, mode="home_visit", programme="home",
                age_band="85plus", guides=(BUNDLED,))
    )  # fmt: skip
    corrections = reports.queue_closed_months()
    assert [(c.period, c.revision) for c in corrections] == [("2026-10", 2)]
    corrected = json.loads(next(e for e in reports.entries() if e.period == "2026-10").payload)
    assert corrected["sessions"]["guide"] == {BUNDLED: 3, "own": 2}


def test_a_month_never_offered_takes_the_new_shape_in_place(store_parts):
    store, clock = store_parts
    sessions = SessionService(store.session_factory, CODES, PLACES, clock)
    reports = ReportService(store.session_factory, clock)
    sessions.save(
        Session(date=dt.date(2026, 10, 3), minutes=45, mode="home_visit", programme="home",
                guides=(BUNDLED,))
    )  # fmt: skip
    set_policy(store, None)
    reports.queue_closed_months()
    set_policy(store, ["1.0", "1.1"])
    assert reports.queue_closed_months() == []
    entry = next(e for e in reports.entries() if e.period == "2026-10")
    assert entry.revision == 1 and json.loads(entry.payload)["sessions"]["guide"] == {BUNDLED: 1}
