"""One hand-written example per rule of DESIGN.md §5."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from homesupport.domain.report_format import canonical_bytes
from homesupport.domain.statistics import (
    ReportRow,
    ReportSession,
    breakdown,
    build_report,
    is_closed,
)

OCT = dt.date(2026, 10, 1)


def visit(day: int = 1, **fields: Any) -> ReportSession:
    base: dict[str, Any] = {
        "date": OCT.replace(day=day),
        "minutes": 45,
        "mode": "home_visit",
        "programme": "home",
        "age_band": "75_84",
        "language": "fi",
        "municipality": "091",
    }
    base.update(fields)
    return ReportSession(**base)


def build(
    sessions: list[ReportSession], first: dict[int, dt.date] | None = None, k: int = 5
) -> dict[str, Any]:
    return build_report(sessions, first or {}, period="2026-10", report_id="rid", revision=1, k=k)


def test_empty_month_has_every_total_and_table() -> None:
    report = build([])
    assert report == {
        "format": "homesupport.monthly/1",
        "taxonomy": "2026.1",
        "period": "2026-10",
        "report_id": "rid",
        "revision": 1,
        "k": 5,
        "totals": {
            "sessions": 0,
            "minutes": 0,
            "travel_minutes": 0,
            "clients": 0,
            "new_clients": 0,
            "group_participants": 0,
            "guides_given": 0,
        },
        "sessions": {
            "mode": {},
            "programme": {},
            "topic": {},
            "outcome": {},
            "duration_band": {},
            "device": {},
        },
        "clients": {"age_band": {}, "language": {}, "municipality": {}},
    }


def test_shape_like_the_design_example() -> None:
    # 31 linked clients as in the §5 example: 75_84 12, 85plus 9, 65_74 4, no band 6;
    # fi 27, sv 4; Helsinki (091) 20 and 11 in three small municipalities.
    ages = ["75_84"] * 12 + ["85plus"] * 9 + ["65_74"] * 4 + [None] * 6
    languages = ["fi"] * 27 + ["sv"] * 4
    places = ["091"] * 20 + ["049"] * 4 + ["092"] * 4 + ["853"] * 3
    sessions = [
        visit(
            1 + i % 28,
            client_id=i,
            age_band=ages[i],
            language=languages[i],
            municipality=places[i],
            topics=("omakanta",) if i < 9 else ("bank_ids",),
            devices=("android",),
            outcome="solved" if i < 20 else "follow_up",
            travel_minutes=10,
            guides_given=1 if i < 9 else 0,
        )
        for i in range(31)
    ]
    # client 0 came twice: still one client
    sessions.append(visit(28, client_id=0, minutes=20, mode="phone", outcome="solved"))
    sessions += [visit(d, mode="group", programme="youth", participants=6) for d in (5, 6, 7)]
    first = {i: OCT if i < 12 else dt.date(2026, 3, 1) for i in range(31)}
    report = build(sessions, first)
    assert report["totals"] == {
        "sessions": 35,
        "minutes": 34 * 45 + 20,
        "travel_minutes": 310,
        "clients": 31,
        "new_clients": 12,
        "group_participants": 18,
        "guides_given": 9,
    }
    assert report["sessions"]["mode"] == {"home_visit": 31, "phone": 1, "group": 3}
    assert report["sessions"]["programme"] == {"home": 32, "youth": 3}
    assert report["sessions"]["topic"] == {"omakanta": 9, "bank_ids": 22}
    assert report["sessions"]["outcome"] == {"solved": 21, "follow_up": 11}
    assert report["sessions"]["duration_band"] == {"30to60": 34, "lt30": 1}
    assert report["sessions"]["device"] == {"android": 31}
    # The §5 example illustrates cell formats only: by rule 3 a lone "<5" next to exact cells
    # also hides the smallest exact cell (unknown 6 here, fi 27 in a two-cell table).
    assert report["clients"] == {
        "age_band": {"75_84": 12, "85plus": 9, "65_74": "<5", "unknown": "<5"},
        "language": {"fi": "<5", "sv": "<5"},
        "municipality": {"091": 20, "other": 11},
    }


def test_secondary_suppression_hides_the_smallest_other_cell() -> None:
    sessions = [visit(d, age_band="75_84") for d in range(1, 13)]
    sessions += [visit(d, age_band="85plus") for d in range(13, 20)]
    sessions += [visit(d, age_band="65_74") for d in range(20, 23)]
    report = build(sessions)
    assert report["clients"]["age_band"] == {"75_84": 12, "85plus": "<5", "65_74": "<5"}


def test_secondary_suppression_tie_goes_to_the_code_that_sorts_first() -> None:
    sessions = [visit(d, age_band="85plus") for d in range(1, 8)]
    sessions += [visit(d, age_band="75_84") for d in range(8, 15)]
    sessions += [visit(d, age_band="u18") for d in range(15, 17)]
    report = build(sessions)
    # 75_84 and 85plus both have 7; "75_84" sorts first.
    assert report["clients"]["age_band"] == {"75_84": "<5", "85plus": 7, "u18": "<5"}


def test_no_secondary_suppression_when_two_cells_are_already_hidden() -> None:
    sessions = [visit(d, language="fi") for d in range(1, 11)]
    sessions += [visit(11, language="sv"), visit(12, language="en")]
    report = build(sessions)
    assert report["clients"]["language"] == {"fi": 10, "sv": "<5", "en": "<5"}


def test_a_lone_suppressed_cell_with_no_neighbours_stays_alone() -> None:
    sessions = [visit(d, language=None) for d in range(1, 7)] + [visit(7, language="sv")]
    report = build(sessions)
    assert report["clients"]["language"] == {"sv": "<5"}


def test_small_municipalities_merge_into_other_before_suppression() -> None:
    sessions = [visit(d, municipality="091") for d in range(1, 7)]
    sessions += [visit(d, municipality="049") for d in range(7, 10)]
    sessions += [visit(d, municipality="092") for d in range(10, 13)]
    report = build(sessions)
    # 049 (3) and 092 (3) become other (6), which is large enough to show.
    assert report["clients"]["municipality"] == {"091": 6, "other": 6}


def test_merged_other_below_k_is_suppressed_and_triggers_secondary() -> None:
    sessions = [visit(d, municipality="091") for d in range(1, 7)]
    sessions += [visit(d, municipality="049") for d in range(7, 13)]
    sessions += [visit(13, municipality="092"), visit(14, municipality="853")]
    report = build(sessions)
    # other = 2 -> "<5"; 049 and 091 tie at 6, "049" sorts first.
    assert report["clients"]["municipality"] == {"049": "<5", "091": 6, "other": "<5"}


def test_totals_clients_below_k_empties_every_client_table() -> None:
    sessions = [visit(d, client_id=d) for d in range(1, 5)]
    report = build(sessions, {d: OCT for d in range(1, 5)})
    assert report["totals"]["clients"] == "<5"
    assert report["totals"]["new_clients"] == "<5"
    assert report["clients"] == {"age_band": {}, "language": {}, "municipality": {}}
    assert report["sessions"]["mode"] == {"home_visit": 4}


def test_group_sessions_count_sessions_and_participants_not_clients() -> None:
    sessions = [
        visit(1, mode="group", participants=12, client_id=7, age_band="u18"),
        visit(2, mode="group", participants=30),
    ]
    report = build(sessions, {7: OCT})
    assert report["totals"]["clients"] == 0
    assert report["totals"]["new_clients"] == 0
    assert report["totals"]["group_participants"] == 42
    assert report["totals"]["sessions"] == 2
    assert report["sessions"]["mode"] == {"group": 2}
    assert report["clients"]["age_band"] == {}


def test_each_unlinked_session_is_one_client_a_linked_client_once() -> None:
    linked = [visit(d, client_id=d % 5) for d in range(1, 11)]
    unlinked = [visit(d, age_band=None) for d in range(11, 16)]
    report = build(linked + unlinked, {c: dt.date(2025, 1, 1) for c in range(5)})
    assert report["totals"]["clients"] == 10
    assert report["totals"]["sessions"] == 15
    # a missing age band counts as unknown
    assert report["clients"]["age_band"] == {"75_84": 5, "unknown": 5}


def test_linked_client_takes_attributes_from_its_latest_session() -> None:
    first = {1: dt.date(2024, 5, 1)}
    early = visit(3, client_id=1, age_band="65_74", language="fi", municipality="091")
    late_no_start = visit(20, client_id=1, age_band="75_84", language="sv", order=99)
    late_morning = visit(
        20, client_id=1, start=dt.time(9), age_band="75_84", language="en", order=5
    )
    late_evening = visit(
        20, client_id=1, start=dt.time(18), age_band="85plus", language="sv", order=3
    )
    same_time_higher_id = visit(
        20, client_id=1, start=dt.time(18), age_band="85plus", language="se", order=4
    )
    others = [visit(d, language="fi") for d in range(1, 5)]
    others += [visit(d, language="se", age_band="85plus") for d in (5, 6)]
    report = build(
        [same_time_higher_id, early, late_evening, late_no_start, late_morning, *others],
        first,
        k=3,
    )
    # only the latest session (18:00, higher id) makes se and 85plus reach k = 3
    assert report["totals"]["clients"] == 7
    assert report["clients"]["language"] == {"fi": 4, "se": 3}
    assert report["clients"]["age_band"] == {"75_84": 4, "85plus": 3}


def test_new_clients_are_linked_clients_first_seen_this_month() -> None:
    sessions = [visit(d, client_id=d) for d in range(1, 9)] + [visit(9), visit(10)]
    first = {d: OCT if d <= 6 else dt.date(2026, 9, 30) for d in range(1, 9)}
    report = build(sessions, first)
    assert report["totals"]["clients"] == 10
    assert report["totals"]["new_clients"] == 6
    first_few = {d: OCT if d <= 2 else dt.date(2026, 9, 30) for d in range(1, 9)}
    assert build(sessions, first_few)["totals"]["new_clients"] == "<5"


def test_missing_language_and_municipality_are_left_out() -> None:
    sessions = [visit(d, language=None, municipality=None) for d in range(1, 8)]
    report = build(sessions)
    assert report["totals"]["clients"] == 7
    assert report["clients"]["language"] == {}
    assert report["clients"]["municipality"] == {}


def test_session_tables_count_each_topic_and_device_once_per_session() -> None:
    s = visit(1, topics=("kela", "kela", "email"), devices=("iphone", "tablet"), outcome=None)
    report = build([s])
    assert report["sessions"]["topic"] == {"email": 1, "kela": 1}
    assert report["sessions"]["device"] == {"iphone": 1, "tablet": 1}
    assert report["sessions"]["outcome"] == {}


@pytest.mark.parametrize(
    ("minutes", "band"), [(29, "lt30"), (30, "30to60"), (60, "30to60"), (61, "gt60")]
)
def test_duration_bands(minutes: int, band: str) -> None:
    assert build([visit(minutes=minutes)])["sessions"]["duration_band"] == {band: 1}


def test_sessions_outside_the_period_or_unknown_first_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="not in 2026-10"):
        build(
            [
                visit().__class__(
                    date=dt.date(2026, 11, 1), minutes=5, mode="phone", programme="home"
                )
            ]
        )
    with pytest.raises(ValueError, match="first session date missing"):
        build([visit(client_id=3)])
    with pytest.raises(ValueError, match="k must be"):
        build([], k=2)


def test_payload_is_canonical_and_repeatable() -> None:
    sessions = [visit(d, client_id=d % 3) for d in range(1, 20)]
    first = {0: OCT, 1: OCT, 2: OCT}
    a = canonical_bytes(build(sessions, first))
    b = canonical_bytes(build(list(reversed(sessions)), first))
    assert a == b
    assert json.loads(a)["totals"]["sessions"] == 19
    assert b" " not in a


def test_breakdown_lists_every_figure_with_suppression_flags() -> None:
    sessions = [visit(d) for d in range(1, 7)] + [visit(7, language="sv")]
    rows = breakdown(build(sessions))
    assert rows[:2] == [
        ReportRow("totals", "sessions", 7, False),
        ReportRow("totals", "minutes", 315, False),
    ]
    assert ReportRow("clients.language", "sv", None, True) in rows
    assert ReportRow("clients.language", "fi", None, True) in rows
    assert ReportRow("clients.municipality", "091", 7, False) in rows
    assert [r.table for r in rows].count("totals") == 7


@pytest.mark.parametrize(
    ("period", "today", "closed"),
    [
        ("2026-10", dt.date(2026, 10, 31), False),
        ("2026-10", dt.date(2026, 11, 1), True),
        ("2025-12", dt.date(2026, 1, 1), True),
        ("2026-12", dt.date(2026, 1, 15), False),
    ],
)
def test_is_closed(period: str, today: dt.date, closed: bool) -> None:
    assert is_closed(period, today) is closed


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-10", "2026-10-01", ""])
def test_bad_periods_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        is_closed(bad, dt.date(2026, 1, 1))
