"""Every refusal leaves the month safely queued or clearly failed, with a message: the real
coordinator for 423/401/403/409, a scripted loopback server for 422/429/5xx/captive portal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from homesupport.services.sync import CONNECTION_KEY
from homesupport.sync.client import CoordinatorClient
from homesupport.sync.messages import REFUSED, WAITING
from homesupport.sync.outbox import Reason, State
from tests.conftest import FixedClock
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync.scripted_server import Answer, scripted_server
from tests.sync_integration.laptop import Laptop


def test_a_locked_period_is_refused_clearly(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    coordinator.lock("2026-10")
    laptop.sync.run()
    entry = laptop.entry("2026-10")
    assert (entry.state, entry.last_error) == (State.FAILED, Reason.LOCKED)
    status = laptop.sync.status()
    assert status.msgid == REFUSED[Reason.LOCKED] and status.params == {"month": "2026-10"}


def test_a_revoked_device_keeps_its_months_waiting(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    coordinator.revoke(laptop.sync.connection().device_id)  # type: ignore[union-attr]
    laptop.sync.run()
    entry = laptop.entry("2026-10")
    assert (entry.state, entry.last_error) == (State.PENDING, Reason.REVOKED)
    assert laptop.sync.status().msgid == WAITING[Reason.REVOKED]
    # connecting again (a new code) sends the waiting month
    laptop.enrol(coordinator)
    laptop.sync.run()
    assert laptop.entry("2026-10").acknowledged


def test_an_unknown_token_asks_to_connect_again(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    with laptop.store.session_factory.begin() as orm:
        from homesupport.storage.profile_repo import StoredSettings

        settings = StoredSettings(orm)
        settings.set(CONNECTION_KEY, {**settings.get(CONNECTION_KEY), "token": "forgotten"})
    laptop.sync.run(now=True)
    entry = laptop.entry("2026-10")
    assert (entry.state, entry.last_error) == (State.PENDING, Reason.UNAUTHORIZED)
    assert laptop.sync.status().msgid == WAITING[Reason.UNAUTHORIZED]


def test_other_content_at_the_same_revision_is_a_conflict(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    mine = laptop.reports.preview("2026-10").payload
    other = json.loads(mine)
    other["totals"]["travel_minutes"] = 99
    token = laptop.sync.connection().token  # type: ignore[union-attr]
    with CoordinatorClient(coordinator.url, token) as client:  # e.g. sent by hand earlier
        from homesupport.domain.report_format import canonical_bytes

        client.put_report("2026-10", canonical_bytes(other))
    laptop.sync.run(now=True)
    entry = laptop.entry("2026-10")
    assert (entry.state, entry.last_error) == (State.FAILED, Reason.CONFLICT)
    assert laptop.sync.status().msgid == REFUSED[Reason.CONFLICT]


ENROLLED = Answer(201, json.dumps({"device_id": "d1", "token": "t", "policy": {"k": 5}}).encode())
POLICY = Answer(200, json.dumps({"k": 5, "locked_periods": []}).encode())
RECEIPTS = Answer(200, json.dumps({"receipts": []}).encode())
PORTAL = Answer(200, b"<html><body>Log in to Cafe WiFi</body></html>", "text/html")


@pytest.mark.parametrize(
    ("answer", "state", "reason"),
    [
        (
            Answer(422, b'{"problems":[{"path":"$.k","message":"too small"}]}'),
            State.FAILED,
            Reason.INVALID,
        ),
        (Answer(429, b"{}", headers={"Retry-After": "120"}), State.PENDING, Reason.RATE_LIMITED),
        (Answer(503, b"{}"), State.PENDING, Reason.SERVER_ERROR),
        (PORTAL, State.PENDING, Reason.MALFORMED),
        (Answer(200, b"{not json"), State.PENDING, Reason.MALFORMED),
    ],
)
def test_odd_answers(
    data_dir: Path,
    clock: FixedClock,
    memory_keyring: object,
    answer: Answer,
    state: State,
    reason: Reason,
) -> None:
    with scripted_server() as server:
        laptop = Laptop(data_dir, clock)
        laptop.month(2026, 10, 6)
        server.answers.extend([ENROLLED, POLICY, RECEIPTS, answer])
        laptop.sync.enrol(server.url, "CODE")
        laptop.sync.run()
        entry = laptop.entry("2026-10")
        assert (entry.state, entry.last_error) == (state, reason)
        message = laptop.sync.status()
        if state is State.FAILED:
            assert message.msgid == REFUSED[reason] and "too small" in entry.detail
        else:
            assert message.msgid == WAITING[reason] and message.params == {"n": "1"}
            # backing off: the next automatic run does not knock again
            seen = len(server.seen)
            laptop.sync.run()
            assert len(server.seen) == seen and laptop.entry("2026-10").state is State.PENDING
        laptop.close()


def test_an_unreachable_coordinator_leaves_the_month_waiting(
    laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    laptop.month(2026, 10, 6)
    laptop.enrol(coordinator)
    laptop.client_factory = lambda _url, token: CoordinatorClient("http://127.0.0.1:9", token)
    offline = laptop.restart()
    result = offline.sync.run(now=True)
    assert result.pending and offline.entry("2026-10").last_error is Reason.OFFLINE
    assert offline.sync.status().msgid == WAITING[Reason.OFFLINE]
    offline.close()
    laptop.store = offline.store  # the fixture closes it again (harmless)
