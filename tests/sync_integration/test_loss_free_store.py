"""Loss- and duplicate-freedom with the real outbox persistence: the real coordinator behind
the cutting proxy (tests/sync/proxy.py), a restart (a new store and services on the same data
dir) after every cut, and a crash in the middle of a send."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

import pytest

from homesupport.sync.client import CoordinatorClient
from homesupport.sync.outbox import State
from homesupport.sync.outcomes import Outcome
from tests.conftest import FixedClock
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync.proxy import CuttingProxy, Fault, cutting_proxy
from tests.sync_integration.laptop import Laptop, stored_payloads

MONTHS = ((2026, 7, 4), (2026, 8, 6), (2026, 9, 9), (2026, 10, 11))


def port(coordinator: RunningCoordinator) -> int:
    return int(coordinator.url.rsplit(":", 1)[1])


def through(proxy: CuttingProxy):
    """Every request of a send run goes through the proxy (enrolment went direct)."""
    return lambda _url, token: CoordinatorClient(proxy.url, token)


def check_exactly_once(
    laptop: Laptop, proxy: CuttingProxy, coordinator: RunningCoordinator
) -> None:
    entries = {e.period: e for e in laptop.reports.entries()}
    assert all(e.acknowledged and e.state is State.SENT for e in entries.values())
    stored = stored_payloads(coordinator)
    for period, entry in entries.items():
        # the coordinator accepted this revision once, with exactly the frozen bytes
        assert stored[(period, entry.revision)] == [entry.payload]
    bodies: dict[tuple[str, int], set[bytes]] = defaultdict(set)
    for exchange in proxy.exchanges:
        if exchange.method == "PUT":
            period = exchange.path.rsplit("/", 1)[1]
            bodies[(period, json.loads(exchange.body)["revision"])].add(exchange.body)
    assert all(len(variants) == 1 for variants in bodies.values())  # retries: identical bytes


@pytest.mark.parametrize("fault", [Fault.BEFORE_FORWARD, Fault.AFTER_STORE, Fault.MID_REPLY])
def test_a_cut_then_a_restart_loses_and_duplicates_nothing(
    data_dir: Path,
    clock: FixedClock,
    memory_keyring: object,
    coordinator: RunningCoordinator,
    fault: Fault,
) -> None:
    with cutting_proxy(port(coordinator)) as proxy:
        laptop = Laptop(data_dir, clock, through(proxy))
        for year, month, count in MONTHS:
            laptop.month(year, month, count)
        laptop.enrol(coordinator)
        # policy and receipts pass; every month's first upload is cut at this point
        proxy.faults.extend([Fault.NONE, Fault.NONE, fault])
        first = laptop.sync.run(now=True)
        assert first.tried == ("2026-07",) and first.pending
        cut = laptop.entry("2026-07")
        assert (cut.state, cut.attempts) == (State.PENDING, 1)

        # after each restart the month cut last goes through and the next one is cut
        for _ in range(len(MONTHS)):
            laptop = laptop.restart()
            proxy.faults.clear()
            proxy.faults.extend([Fault.NONE, Fault.NONE, Fault.NONE, fault])
            laptop.sync.run(now=True)
        proxy.faults.clear()
        laptop = laptop.restart()
        laptop.sync.run(now=True)
        check_exactly_once(laptop, proxy, coordinator)
        cuts = [x for x in proxy.exchanges if x.method == "PUT" and x.fault is fault]
        # A reply lost after storing is found by reconciliation at the next start, so that
        # month needs no second upload and the next cut falls on a later month.
        assert len(cuts) >= 2 and cuts[0].path.endswith("2026-07")

        # a correction of a sent month, cut the same way, then a restart
        clock.advance(minutes=10)
        laptop.session(dt.date(2026, 8, 9))
        proxy.faults.extend([Fault.NONE, Fault.NONE, fault])
        laptop.sync.run(now=True)
        laptop = laptop.restart()
        laptop.sync.run(now=True)
        assert laptop.entry("2026-08").revision == 2
        check_exactly_once(laptop, proxy, coordinator)
        laptop.close()


class Crash(Exception):
    """The app dies."""


class DiesAfterUpload(CoordinatorClient):
    def put_report(self, period: str, payload: bytes) -> Outcome:
        super().put_report(period, payload)  # the coordinator stores it...
        raise Crash  # ...and the app is killed before it records the answer


@pytest.mark.parametrize("receipts_reachable", [True, False])
def test_a_crash_in_the_middle_of_a_send(
    data_dir: Path,
    clock: FixedClock,
    memory_keyring: object,
    coordinator: RunningCoordinator,
    receipts_reachable: bool,
) -> None:
    with cutting_proxy(port(coordinator)) as proxy:
        dying = Laptop(data_dir, clock, lambda _url, token: DiesAfterUpload(proxy.url, token))
        dying.month(2026, 9, 5)
        dying.month(2026, 10, 8)
        dying.enrol(coordinator)
        with pytest.raises(Crash):
            dying.sync.run(now=True)
        crashed = dying.entry("2026-09")
        assert (crashed.state, crashed.attempts) == (State.PENDING, 1)
        dying.store.close()

        laptop = Laptop(data_dir, clock, through(proxy))
        if not receipts_reachable:  # no reconciliation: the month itself is sent again
            proxy.faults.extend([Fault.NONE, Fault.BEFORE_FORWARD])
        laptop.sync.run(now=True)
        check_exactly_once(laptop, proxy, coordinator)
        puts = [x for x in proxy.exchanges if x.method == "PUT" and x.path.endswith("2026-09")]
        assert len(puts) == (1 if receipts_reachable else 2)
        assert {x.body for x in puts} == {crashed.payload}
        assert laptop.entry("2026-09").receipt.revision == 1  # type: ignore[union-attr]
        laptop.close()
