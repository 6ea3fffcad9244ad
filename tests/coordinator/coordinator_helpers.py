"""Helpers for the coordinator tests: a settable clock, reports, enrolment, users."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.security import Passwords
from homesupport.coordinator.storage import devices, users

NOW = dt.datetime(2026, 11, 15, 12, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def fast_passwords() -> Passwords:
    # Still argon2id, just cheap enough for a test suite.
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def new_code(coordinator: Coordinator, label: str | None = None, days: int = 14) -> str:
    with coordinator.sessions.begin() as session:
        return devices.create_code(session, label, coordinator.clock(), days)


def enrol(client: TestClient, coordinator: Coordinator, name: str = "Laptop") -> dict[str, Any]:
    answer = client.post("/api/v1/enrol", json={"code": new_code(coordinator), "device_name": name})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add_user(coordinator: Coordinator, name: str = "coordinator", password: str = PASSWORD) -> None:
    with coordinator.sessions.begin() as session:
        users.add_or_update(
            session, name, coordinator.passwords.hash(password), coordinator.clock()
        )


def make_report(
    period: str = "2026-10",
    sessions: int = 42,
    revision: int = 1,
    report_id: str | None = None,
    k: int = 5,
) -> dict[str, Any]:
    """A valid report of ``sessions`` sessions (at least 10), three of them group sessions."""
    clients = sessions - 3
    small = f"<{k}"
    return {
        "format": "homesupport.monthly/1",
        "taxonomy": "2026.1",
        "period": period,
        "report_id": report_id or str(uuid.uuid4()),
        "revision": revision,
        "k": k,
        "totals": {
            "sessions": sessions,
            "minutes": 45 * sessions,
            "travel_minutes": 10 * sessions,
            "clients": clients,
            "new_clients": small,
            "group_participants": 9,
            "guides_given": 2,
        },
        "sessions": {
            "mode": {"home_visit": sessions - 3, "group": 3},
            "programme": {"home": sessions},
            "topic": {"omakanta": sessions // 2, "bank_ids": 1},
            "outcome": {"solved": sessions},
            "duration_band": {"30to60": sessions},
            "device": {"android": sessions // 3},
        },
        "clients": {
            "age_band": {"75_84": clients - 2, "65_74": small, "85plus": small},
            "language": {"fi": clients},
            "municipality": {"091": clients},
        },
    }


def payload(report: dict[str, Any]) -> bytes:
    from homesupport.domain.report_format import canonical_bytes

    return canonical_bytes(report)
