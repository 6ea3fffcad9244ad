"""The client against the real coordinator service on loopback (uvicorn, SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from coordinator_server import RunningCoordinator, running_coordinator
from reports import report_bytes

from homesupport.sync.client import CoordinatorClient
from homesupport.sync.outcomes import (
    Accepted,
    Conflict,
    CoordinatorError,
    EnrolRefused,
    Invalid,
    Locked,
    RateLimited,
    Revoked,
    TooLarge,
    Unauthorized,
)

RID = "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b"


def enrolled(coordinator: RunningCoordinator) -> tuple[CoordinatorClient, str]:
    client = CoordinatorClient(coordinator.url)
    enrolment = client.enrol(coordinator.new_code(), "Laptop 1")
    assert enrolment.k == 5
    return client, enrolment.device_id


def test_enrol_send_replay_correct_and_reconcile(coordinator: RunningCoordinator) -> None:
    client, _ = enrolled(coordinator)
    with client:
        first = report_bytes("2026-05", 1, 12, RID)
        stored = client.put_report("2026-05", first)
        assert isinstance(stored, Accepted) and not stored.replay
        assert (stored.receipt.revision, stored.receipt.sessions) == (1, 12)
        again = client.put_report("2026-05", first)
        assert again == Accepted(stored.receipt, replay=True)

        other = client.put_report("2026-05", report_bytes("2026-05", 1, 13, RID))
        assert other == Conflict(stored.receipt)  # the coordinator keeps what it has

        corrected = client.put_report("2026-05", report_bytes("2026-05", 2, 13, RID))
        assert isinstance(corrected, Accepted) and corrected.receipt.revision == 2
        older = client.put_report("2026-05", first)
        assert isinstance(older, Conflict) and older.server_receipt == corrected.receipt

        assert client.list_receipts() == [corrected.receipt]
        assert client.policy().k == 5


def test_refusals(coordinator: RunningCoordinator) -> None:
    client, device_id = enrolled(coordinator)
    with client:
        coordinator.lock("2026-04")
        assert client.put_report("2026-04", report_bytes("2026-04", 1, 9)) == Locked()
        assert client.policy().locked_periods == ("2026-04",)

        small_k = json.loads(report_bytes("2026-03", 1, 9))
        small_k["k"] = 3
        outcome = client.put_report("2026-03", json.dumps(small_k).encode())
        assert isinstance(outcome, Invalid) and any("$.k" in p for p in outcome.problems)
        # an open month
        assert isinstance(client.put_report("2099-01", report_bytes("2099-01", 1, 9)), Invalid)

        coordinator.revoke(device_id)
        assert client.put_report("2026-02", report_bytes("2026-02", 1, 9)) == Revoked()
        with pytest.raises(CoordinatorError) as caught:
            client.list_receipts()
        assert caught.value.outcome == Revoked()

    with CoordinatorClient(coordinator.url, "not-a-token") as stranger:
        assert stranger.put_report("2026-02", report_bytes("2026-02", 1, 9)) == Unauthorized()


def test_a_code_works_once(coordinator: RunningCoordinator) -> None:
    code = coordinator.new_code()
    with CoordinatorClient(coordinator.url) as client:
        client.enrol(code, "Laptop 1")
        with pytest.raises(CoordinatorError) as caught:
            client.enrol(code, "Laptop 2")
        assert caught.value.outcome == EnrolRefused()


def test_too_large_and_rate_limited_from_the_real_service(tmp_path: Path) -> None:
    with running_coordinator(tmp_path, max_report_bytes=300, api_requests_per_window=2) as c:
        client, _ = enrolled(c)
        with client:
            assert client.put_report("2026-05", report_bytes("2026-05", 1, 9)) == TooLarge()
            client.policy()
            outcome = client.put_report("2026-05", report_bytes("2026-05", 1, 9))
            assert isinstance(outcome, RateLimited) and (outcome.retry_after or 0) > 0
