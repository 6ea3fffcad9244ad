"""Login throttling counts failures per address and user: someone guessing elsewhere never
locks the real user out, while the guessing addresses wait."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from coordinator_helpers import PASSWORD, add_user
from fastapi.testclient import TestClient
from test_dashboard import log_in

from homesupport.coordinator.app import create_app
from homesupport.coordinator.context import Coordinator


@contextmanager
def browser_at(coordinator: Coordinator, address: str) -> Iterator[TestClient]:
    app = create_app(coordinator.settings, coordinator=coordinator)
    with TestClient(app, base_url="http://127.0.0.1", client=(address, 50123)) as client:
        yield client


def test_failures_from_elsewhere_never_lock_out_the_right_password(coordinator):
    add_user(coordinator)
    allowed = coordinator.settings.login_failures_allowed
    with (
        browser_at(coordinator, "203.0.113.66") as guesser,
        browser_at(coordinator, "198.51.100.7") as office,
    ):
        for _ in range(allowed):
            assert log_in(guesser, password="wrong password").status_code == 401
        # The guessing address waits, even once it has found the password...
        assert log_in(guesser, password="another guess").status_code == 429
        assert log_in(guesser, password=PASSWORD).status_code == 429
        # ...the real user, from an address that did not fail, gets in at once, a typo of
        # their own included.
        assert log_in(office, password="corect horse battery").status_code == 401
        answer = log_in(office)
        assert answer.status_code == 303 and "hs_session" in answer.headers["set-cookie"]


def test_one_address_trying_many_names_waits(coordinator):
    add_user(coordinator)
    budget = coordinator.settings.login_address_failures_allowed
    with browser_at(coordinator, "203.0.113.67") as sprayer:
        for attempt in range(budget):
            assert log_in(sprayer, name=f"user{attempt}", password="x" * 12).status_code == 401
        assert log_in(sprayer, name="coordinator", password=PASSWORD).status_code == 429
