"""Month sums kept by folding insert-only deltas equal a full re-sum of the stored cells."""

from __future__ import annotations

from coordinator_helpers import bearer, enrol, make_report, payload
from sqlalchemy import func, select

from homesupport.coordinator.storage import aggregates
from homesupport.coordinator.storage.models import CellDelta


def put(client, token, report):
    answer = client.put(
        f"/api/v1/reports/{report['period']}", content=payload(report), headers=bearer(token)
    )
    assert answer.status_code in (200, 201), answer.text
    return answer


def sums(coordinator, months):
    with coordinator.sessions() as session:
        return aggregates.by_period(session, months)


def test_folded_sums_equal_a_full_rebuild_after_corrections(client, coordinator):
    months = ["2026-09", "2026-10"]
    a = enrol(client, coordinator, "A")["token"]
    b = enrol(client, coordinator, "B")["token"]
    first = make_report(period="2026-10", sessions=40)
    put(client, a, first)
    put(client, b, make_report(period="2026-10", sessions=20))
    put(client, b, make_report(period="2026-09", sessions=15))
    aggregates.refresh(coordinator.sessions, months)
    # A correction that drops a topic cell and changes others; a replay changes nothing.
    second = make_report(period="2026-10", sessions=12, revision=2, report_id=first["report_id"])
    del second["sessions"]["topic"]["bank_ids"]
    put(client, a, second)
    put(client, a, second)
    b_only = make_report(period="2026-10", sessions=20)
    assert "bank_ids" in b_only["sessions"]["topic"]
    aggregates.refresh(coordinator.sessions, months)
    folded = sums(coordinator, months)
    with coordinator.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CellDelta)) == 0
    with coordinator.engine.begin() as connection:
        aggregates.rebuild(connection, months)
    assert folded == sums(coordinator, months)
    october = folded["2026-10"]
    assert october[("totals", "sessions")] == aggregates.Figure(32, 0, 2)
    assert october[("sessions.topic", "bank_ids")] == aggregates.Figure(1, 0, 1)
    assert october[("totals", "new_clients")] == aggregates.Figure(0, 2, 2)


def test_a_cell_no_device_reports_any_more_disappears(client, coordinator):
    token = enrol(client, coordinator, "A")["token"]
    first = make_report(period="2026-10")
    put(client, token, first)
    aggregates.refresh(coordinator.sessions, ["2026-10"])
    assert ("sessions.topic", "bank_ids") in sums(coordinator, ["2026-10"])["2026-10"]
    second = make_report(period="2026-10", revision=2, report_id=first["report_id"])
    del second["sessions"]["topic"]["bank_ids"]
    put(client, token, second)
    aggregates.refresh(coordinator.sessions, ["2026-10"])
    assert ("sessions.topic", "bank_ids") not in sums(coordinator, ["2026-10"])["2026-10"]


def test_background_fold_skips_when_nothing_is_pending(coordinator):
    assert aggregates.fold_pending(coordinator.engine) == 0
