"""The strict report validation shared by the desktop app and the coordinator."""

from __future__ import annotations

import copy

import pytest
from coordinator_helpers import make_report
from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.report_format import (
    ReportSyntaxError,
    canonical_bytes,
    parse_report,
    validate_report,
)
from homesupport.resources import resource

CODES = CodeList.from_csv(resource("data", "codes.csv"))
PLACES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))


def problems(report: object, k: int = 5, **kwargs: str) -> list[str]:
    return [p.path for p in validate_report(report, CODES, PLACES, k, **kwargs)]


def test_a_well_formed_report_is_valid():
    assert problems(make_report()) == []
    assert problems(make_report(sessions=10, k=3), k=3) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda r: r.pop("k"), "$.k"),
        (lambda r: r.update(extra=1), "$.extra"),
        (lambda r: r.update(format="homesupport.monthly/2"), "$.format"),
        (lambda r: r.update(taxonomy="2025.1"), "$.taxonomy"),
        (lambda r: r.update(period="2026-13"), "$.period"),
        (lambda r: r.update(report_id="not-a-uuid"), "$.report_id"),
        (lambda r: r.update(revision=0), "$.revision"),
        (lambda r: r.update(revision=True), "$.revision"),
        (lambda r: r.update(k=2), "$.k"),
        (lambda r: r["totals"].update(sessions=42.0), "$.totals.sessions"),
        (lambda r: r["totals"].update(minutes=-5), "$.totals.minutes"),
        (lambda r: r["totals"].update(minutes=10), "$.totals.minutes"),
        (lambda r: r["totals"].pop("guides_given"), "$.totals.guides_given"),
        (lambda r: r["totals"].update(clients=3), "$.totals.clients"),
        (lambda r: r["totals"].update(group_participants=0), "$.totals.group_participants"),
        (lambda r: r["sessions"]["topic"].update(astrology=1), "$.sessions.topic.astrology"),
        (lambda r: r["sessions"]["topic"].update(kela=0), "$.sessions.topic.kela"),
        (lambda r: r["sessions"]["mode"].update(phone=1), "$.sessions.mode"),
        (lambda r: r["sessions"].pop("device"), "$.sessions.device"),
        (lambda r: r["clients"]["language"].update(sv=2), "$.clients.language.sv"),
        (lambda r: r["clients"]["language"].update(sv="<5"), "$.clients.language"),
        (lambda r: r["clients"]["municipality"].update({"999": 5}), "$.clients.municipality.999"),
        (lambda r: r["clients"]["age_band"].update({"75_84": 100}), "$.clients.age_band"),
        (lambda r: r["clients"].update(hobby={}), "$.clients.hobby"),
    ],
)
def test_each_problem_is_named_by_its_path(change, path):
    report = make_report()
    change(report)
    assert path in problems(report)


def test_small_client_total_means_empty_client_tables():
    report = make_report(sessions=10)
    report["totals"]["clients"] = "<5"
    assert "$.clients.age_band" in problems(report)
    for table in report["clients"].values():
        table.clear()
    assert problems(report) == []


def test_period_must_match_and_be_closed():
    assert problems(make_report(period="2026-10"), period="2026-09") == ["$.period"]
    assert problems(make_report(period="2026-11"), current_period="2026-11") == ["$.period"]
    assert problems(make_report(period="2026-10"), current_period="2026-11") == []


def test_a_report_with_a_larger_k_is_accepted_a_smaller_one_is_not():
    assert problems(make_report(k=7), k=5) == []
    assert "$.k" in problems(make_report(k=5), k=7)


def test_parse_is_strict_and_round_trips_canonical_bytes():
    report = make_report()
    assert parse_report(canonical_bytes(report)) == report
    for bad in (b'{"a":1,"a":2}', b"[NaN]", b"\xff", b"{"):
        with pytest.raises(ReportSyntaxError):
            parse_report(bad)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    path=st.sampled_from(["totals", "sessions", "clients", "sessions.topic", "clients.age_band"]),
    key=st.text(min_size=1, max_size=10),
    value=json_values,
)
def test_any_mutation_either_stays_valid_or_is_named(path, key, value):
    report = copy.deepcopy(make_report())
    target = report
    for part in path.split("."):
        target = target[part]
    target[key] = value
    found = validate_report(report, CODES, PLACES, 5)
    # Never crashes; every problem names a JSON path inside the report.
    assert all(p.path.startswith("$") and p.text() for p in found)
    if not found:
        assert isinstance(value, int) or (path, key) == ("totals", "clients")
