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
    parse_canonical,
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


# A "<k" cell stands for at least one client, with no upper bound: the primary-suppressed
# cell holds 1 … k−1, but the secondarily suppressed one (DESIGN.md §5 step 3) is the
# smallest *remaining* cell and may hold k or more.


def with_age_bands(report: dict, clients: int, age_band: dict) -> dict:
    report["totals"]["clients"] = clients
    report["clients"] = {
        "age_band": age_band,
        "language": {"fi": clients},
        "municipality": {"091": clients},
    }
    return report


def test_a_secondary_suppressed_cell_may_hold_k_or_more():
    # u18 = 1 (primary), unknown = 4 ≥ k (secondary): 5 clients behind two "<3" cells.
    report = with_age_bands(make_report(sessions=10, k=3), 5, {"u18": "<3", "unknown": "<3"})
    assert problems(report, k=3) == []
    # Far more than k per suppressed cell is still consistent.
    report = with_age_bands(make_report(sessions=40, k=5), 37, {"u18": "<5", "unknown": "<5"})
    assert problems(report) == []
    report = with_age_bands(
        make_report(sessions=40, k=5), 37, {"75_84": 20, "u18": "<5", "unknown": "<5"}
    )
    assert problems(report) == []


def test_suppressed_cells_still_count_at_least_one_each():
    # Two suppressed cells are ≥ 2 clients: 20 exact + 2 > 21 is impossible.
    report = with_age_bands(
        make_report(sessions=40, k=5), 21, {"75_84": 20, "u18": "<5", "unknown": "<5"}
    )
    assert "$.clients.age_band" in problems(report)
    report = with_age_bands(make_report(sessions=40, k=5), 21, {"75_84": 21})
    report["clients"]["language"] = {"fi": 20, "sv": "<5", "en": "<5"}
    assert "$.clients.language" in problems(report)


def test_an_age_table_without_suppressed_cells_must_account_for_every_client():
    report = with_age_bands(make_report(sessions=40, k=5), 37, {"75_84": 20, "unknown": 10})
    assert "$.clients.age_band" in problems(report)


def test_a_lone_suppressed_cell_next_to_exact_ones_is_still_rejected():
    report = with_age_bands(make_report(sessions=40, k=5), 37, {"75_84": 30, "unknown": "<5"})
    assert "$.clients.age_band" in problems(report)


def suppress(counts: dict[str, int], k: int) -> dict[str, object]:
    """DESIGN.md §5 steps 2 and 3 on one table, written independently of the app's builder."""
    cells: dict[str, object] = {c: n for c, n in counts.items() if n > 0}
    small = [c for c, n in cells.items() if isinstance(n, int) and n < k]
    for code in small:
        cells[code] = f"<{k}"
    hidden = [c for c, v in cells.items() if v == f"<{k}"]
    if len(hidden) == 1 and len(cells) > 1:
        remaining = sorted((v, c) for c, v in cells.items() if isinstance(v, int))
        cells[remaining[0][1]] = f"<{k}"
    return cells


AGE_BANDS = ["u18", "18_29", "30_64", "65_74", "75_84", "85plus", "unknown"]


@settings(max_examples=200, deadline=None)
@given(
    k=st.integers(3, 8),
    counts=st.lists(st.integers(0, 40), min_size=len(AGE_BANDS), max_size=len(AGE_BANDS)),
)
def test_every_suppressed_age_table_of_section_5_is_accepted(k, counts):
    clients = sum(counts)
    if clients < k + 1:
        return
    report = make_report(sessions=clients + 3, k=k)
    ages = suppress(dict(zip(AGE_BANDS, counts, strict=True)), k)
    report = with_age_bands(report, clients, ages)
    assert problems(report, k=k) == []


def test_parse_canonical_takes_canonical_bytes_as_they_are_and_stays_strict():
    body = canonical_bytes(make_report())
    parsed, canonical = parse_canonical(body)
    assert canonical == body and parsed == make_report() | {"report_id": parsed["report_id"]}
    spaced = b'{ "b": 1, "a": 2 }'
    assert parse_canonical(spaced) == ({"a": 2, "b": 1}, b'{"a":2,"b":1}')
    for bad in (b'{"a":1,"a":1}', b'{"a":NaN}', b"\xff", b"", b"[" * 100_000, b"1" * 5000):
        with pytest.raises(ReportSyntaxError):
            parse_canonical(bad)
