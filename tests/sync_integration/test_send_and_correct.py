"""Enrol with a code from the coordinator's own storage, send closed months, correct them, and
erase a client: against the real coordinator service on loopback."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from homesupport.domain.report_format import canonical_bytes, report_hash
from homesupport.services.reports import Correction
from homesupport.sync.messages import SENT, Message
from homesupport.sync.outbox import State
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import Laptop, stored_payloads


def receipts_at(coordinator: RunningCoordinator, laptop: Laptop) -> dict[str, tuple[int, str]]:
    connection = laptop.sync.connection()
    assert connection is not None
    from homesupport.sync.client import CoordinatorClient

    with CoordinatorClient(coordinator.url, connection.token) as client:
        return {r.period: (r.revision, r.sha256) for r in client.list_receipts()}


def test_enrol_send_and_keep_receipts(laptop: Laptop, coordinator: RunningCoordinator) -> None:
    laptop.month(2026, 9, 7)
    laptop.month(2026, 10, 12, mode="phone")
    laptop.session(laptop.clock().date())  # this month: previewed, never sent
    assert laptop.sync.status().msgid == "Not connected to a coordinator"

    laptop.enrol(coordinator)
    result = laptop.sync.run()

    assert {"2026-09", "2026-10"} <= set(result.tried)
    this_month = laptop.reports.current_period()
    assert this_month not in {e.period for e in laptop.reports.entries()}
    held = receipts_at(coordinator, laptop)
    for period, sessions in (("2026-09", 7), ("2026-10", 12)):
        entry = laptop.entry(period)
        assert entry.acknowledged and entry.revision == 1
        assert held[period] == (1, entry.sha256)
        assert stored_payloads(coordinator)[(period, 1)] == [entry.payload]
        assert json.loads(entry.payload)["totals"]["sessions"] == sessions
    kept = {(r.period, r.revision, r.sessions) for r in laptop.reports.receipts()}
    assert {("2026-09", 1, 7), ("2026-10", 1, 12)} <= kept
    last = max(e.period for e in laptop.reports.entries())
    assert laptop.sync.status() == Message(
        SENT,
        {"month": last, "sessions": str(laptop.entry(last).receipt.sessions)},  # type: ignore[union-attr]
    )
    # Nothing due: a second run stays off the network and changes nothing.
    again = laptop.sync.run()
    assert again.tried == () and again.corrections == ()


def test_edit_and_delete_in_a_sent_month_send_the_next_revisions(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    october = laptop.month(2026, 10, 9)
    laptop.enrol(coordinator)
    laptop.sync.run()
    first = laptop.entry("2026-10")
    assert first.acknowledged

    laptop.clock.advance(minutes=5)  # type: ignore[attr-defined]
    laptop.sessions.save(dataclasses.replace(october[0], minutes=90, topics=("omakanta",)))
    result = laptop.sync.run()
    assert result.corrections == (Correction("2026-10", 2),)
    second = laptop.entry("2026-10")
    assert second.acknowledged and second.revision == 2
    assert second.report_id == first.report_id  # a correction replaces the same report
    assert receipts_at(coordinator, laptop)["2026-10"] == (2, second.sha256)

    laptop.clock.advance(minutes=5)  # type: ignore[attr-defined]
    laptop.sessions.delete([october[1].id])  # type: ignore[list-item]
    laptop.sync.run()
    third = laptop.entry("2026-10")
    assert third.acknowledged and third.revision == 3
    assert json.loads(third.payload)["totals"]["sessions"] == 8
    assert stored_payloads(coordinator)[("2026-10", 3)] == [third.payload]
    receipts = [(r.period, r.revision) for r in laptop.reports.receipts()]
    assert [r for r in receipts if r[0] == "2026-10"] == [
        ("2026-10", 3),
        ("2026-10", 2),
        ("2026-10", 1),
    ]


def test_an_unchanged_month_is_never_resent_as_a_new_revision(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    october = laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    laptop.sync.run()
    before = laptop.entry("2026-10")
    # Saved again without a change, and a note edited: the report's content is the same.
    laptop.clock.advance(minutes=5)  # type: ignore[attr-defined]
    laptop.sessions.save(october[0])
    laptop.sessions.save(dataclasses.replace(october[1], notes="called the bank together"))
    result = laptop.sync.run(now=True)
    assert result.corrections == () and laptop.entry("2026-10") == before
    assert b"bank together" not in before.payload


def test_erasing_a_client_does_not_change_a_sent_month(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    aino = laptop.client("Aino")
    others = [laptop.client(f"Client {i}", age_band="65_74") for i in range(6)]
    for client in [aino, *others]:
        laptop.session(dt.date(2026, 10, 3), client_id=client.id)
        laptop.session(dt.date(2026, 10, 17), client_id=client.id)
    laptop.session(dt.date(2026, 9, 30), client_id=aino.id)  # Aino is not new in October
    laptop.enrol(coordinator)
    laptop.sync.run()
    sent = laptop.entry("2026-10")
    assert json.loads(sent.payload)["totals"]["new_clients"] == 6

    report = laptop.privacy.erase_now(aino.id)  # type: ignore[arg-type]
    assert report.clients == 1
    result = laptop.sync.run(now=True)
    assert result.corrections == ()
    assert laptop.entry("2026-10") == sent
    assert laptop.reports.preview("2026-10").payload == sent.payload
    assert b"Aino" not in sent.payload


def test_the_payload_is_canonical_and_nothing_personal(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    client = laptop.client("Secret Nickname")
    laptop.session(dt.date(2026, 10, 5), client_id=client.id, notes="Her PIN is in the drawer")
    laptop.month(2026, 10, 5)
    laptop.enrol(coordinator)
    laptop.sync.run()
    entry = laptop.entry("2026-10")
    assert canonical_bytes(json.loads(entry.payload)) == entry.payload
    assert report_hash(entry.payload) == entry.sha256
    for secret in (b"Secret", b"Nickname", b"PIN", b"drawer", b"2026-10-05"):
        assert secret not in entry.payload
    assert entry.state is State.SENT


def test_a_wrong_code_is_refused_with_a_message(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    from homesupport.services.sync import SyncProblem

    try:
        laptop.sync.enrol(coordinator.url, "NOPE-NOPE")
    except SyncProblem as problem:
        assert "not accepted" in problem.msgid
    else:
        raise AssertionError("a wrong code must be refused")
    assert laptop.sync.connection() is None
