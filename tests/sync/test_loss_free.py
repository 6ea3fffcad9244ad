"""Loss- and duplicate-freedom (issue 5): the real coordinator behind a proxy that breaks the
connection at every point; the outbox logic, the client and a dict standing in for storage.

Every month must end acknowledged exactly once, with the right revision, and every retry must
carry byte-identical payloads."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from typing import Any

import pytest
from coordinator_server import RunningCoordinator
from proxy import CuttingProxy, Fault, cutting_proxy
from reports import periods, report_bytes

from homesupport.sync.client import CoordinatorClient
from homesupport.sync.outbox import OutboxEntry, State, update_month
from homesupport.sync.outcomes import Accepted, Outcome
from homesupport.sync.runner import send_due

START = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)


class Store:
    """Storage stand-in: plain records, as the encrypted database keeps them."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def save(self, entry: OutboxEntry) -> None:
        self.records[entry.period] = entry.as_record()

    def load(self) -> list[OutboxEntry]:
        return [OutboxEntry.from_record(r) for r in self.records.values()]


class Recording:
    """The real client, remembering each outcome (to see the replays)."""

    def __init__(self, client: CoordinatorClient) -> None:
        self.client = client
        self.outcomes: list[Outcome] = []

    def put_report(self, period: str, payload: bytes) -> Outcome:
        outcome = self.client.put_report(period, payload)
        self.outcomes.append(outcome)
        return outcome


def enrol(coordinator: RunningCoordinator) -> str:
    with CoordinatorClient(coordinator.url) as client:
        return client.enrol(coordinator.new_code(), "Laptop").token


def month(store: Store, period: str, sessions: int) -> None:
    current = next((e for e in store.load() if e.period == period), None)
    new = update_month(
        current,
        lambda rid, rev: report_bytes(period, rev, sessions, rid),
        period=period,
        new_report_id=f"3f2b8c1e-5d4a-4e6f-9a7b-{int(period.replace('-', '')):012d}",
    )
    if new is not None:
        store.save(new)


def drive(store: Store, uploader: Recording, clock: list[dt.datetime], rounds: int = 200) -> None:
    for _ in range(rounds):
        send_due(
            store.load(),
            uploader,
            now=lambda: clock[0],
            delay=lambda attempts: 2.0**attempts,
            save=store.save,
        )
        if all(e.acknowledged for e in store.load()):
            return
        clock[0] += dt.timedelta(hours=1)  # past any back-off of this test
    raise AssertionError("the outbox did not drain")


def check_exactly_once(
    store: Store, proxy: CuttingProxy, coordinator: RunningCoordinator, token: str
) -> None:
    entries = {e.period: e for e in store.load()}
    assert all(e.acknowledged and e.state is State.SENT for e in entries.values())
    with CoordinatorClient(coordinator.url, token) as direct:
        receipts = direct.list_receipts()
    assert sorted(r.period for r in receipts) == sorted(entries)  # one per month, none twice
    for receipt in receipts:
        entry = entries[receipt.period]
        assert (receipt.revision, receipt.sha256) == (entry.revision, entry.sha256)
        assert receipt.sessions == json.loads(entry.payload)["totals"]["sessions"]
    # every attempt at a (month, revision) carried the same bytes
    bodies: dict[tuple[str, int], set[bytes]] = defaultdict(set)
    for exchange in proxy.exchanges:
        if exchange.method == "PUT":
            period = exchange.path.rsplit("/", 1)[1]
            bodies[(period, json.loads(exchange.body)["revision"])].add(exchange.body)
    assert all(len(variants) == 1 for variants in bodies.values())
    for period, entry in entries.items():
        assert bodies[(period, entry.revision)] == {entry.payload}


def test_every_cut_point_for_every_month(coordinator: RunningCoordinator) -> None:
    token = enrol(coordinator)
    months = periods(2025, 6)
    cuts = [Fault.BEFORE_FORWARD, Fault.AFTER_STORE, Fault.MID_REPLY, Fault.NONE]
    store, clock = Store(), [START]
    for i, period in enumerate(months):
        month(store, period, 10 + i)
    with cutting_proxy(int(coordinator.url.rsplit(":", 1)[1]), cuts * len(months)) as proxy:
        uploader = Recording(CoordinatorClient(proxy.url, token))
        drive(store, uploader, clock)
        # a correction of an acknowledged month, cut at every point again
        proxy.faults.extend(cuts)
        month(store, months[2], 99)
        assert next(e for e in store.load() if e.period == months[2]).revision == 2
        drive(store, uploader, clock)
        uploader.client.close()

    check_exactly_once(store, proxy, coordinator, token)
    puts = [x for x in proxy.exchanges if x.method == "PUT"]
    assert len(puts) == 4 * (len(months) + 1)  # each month (and the correction): 3 cuts, 1 ok
    # a reply lost after the server stored the report came back as a replay, not a new report
    assert sum(isinstance(o, Accepted) and o.replay for o in uploader.outcomes) == len(months) + 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_cuts_and_corrections(coordinator: RunningCoordinator, seed: int) -> None:
    rnd = random.Random(seed)
    token = enrol(coordinator)
    months = periods(2024, 8)
    faults = rnd.choices(list(Fault), weights=[3, 2, 2, 2], k=80)
    store, clock = Store(), [START]
    with cutting_proxy(int(coordinator.url.rsplit(":", 1)[1]), faults) as proxy:
        uploader = Recording(CoordinatorClient(proxy.url, token))
        for period in months:
            month(store, period, rnd.randint(0, 30))
        for _ in range(12):
            send_due(
                store.load(),
                uploader,
                now=lambda: clock[0],
                delay=lambda attempts: 2.0**attempts,
                save=store.save,
            )
            clock[0] += dt.timedelta(hours=1)
            month(store, rnd.choice(months), rnd.randint(0, 30))  # a correction, maybe
        drive(store, uploader, clock)
        uploader.client.close()
    check_exactly_once(store, proxy, coordinator, token)


class Crash(Exception):
    """The app dies."""


def test_a_crash_in_the_middle_of_a_send_loses_and_duplicates_nothing(
    coordinator: RunningCoordinator,
) -> None:
    token = enrol(coordinator)
    store, clock = Store(), [START]
    month(store, "2026-01", 12)
    month(store, "2026-02", 7)

    class DiesAfterUpload:
        def __init__(self, client: CoordinatorClient) -> None:
            self.client = client

        def put_report(self, period: str, payload: bytes) -> Outcome:
            self.client.put_report(period, payload)  # the coordinator stores it...
            raise Crash  # ...and the app is killed before it records the answer

    with cutting_proxy(int(coordinator.url.rsplit(":", 1)[1])) as proxy:
        with CoordinatorClient(proxy.url, token) as client, pytest.raises(Crash):
            send_due(
                store.load(),
                DiesAfterUpload(client),
                now=lambda: clock[0],
                delay=lambda a: 1.0,
                save=store.save,
            )
        crashed = next(e for e in store.load() if e.period == "2026-01")
        assert (crashed.state, crashed.attempts) == (State.PENDING, 1)

        # restart: a new process reads the outbox back and carries on
        uploader = Recording(CoordinatorClient(proxy.url, token))
        drive(store, uploader, clock)
        uploader.client.close()
    assert uploader.outcomes[0] == Accepted(uploader.outcomes[0].receipt, replay=True)  # type: ignore[union-attr]
    check_exactly_once(store, proxy, coordinator, token)
