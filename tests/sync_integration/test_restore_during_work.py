"""A restore while other work uses the store: a sync run waiting on a slow coordinator (a real
HTTP server on loopback that delays its answers) and a save under way in a worker thread.
The restore waits for them: nothing is lost, nothing fails, nothing is sent twice."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from homesupport.domain.sessions import SessionFilter
from homesupport.storage.profile_repo import StoredSettings
from homesupport.sync.outbox import State
from tests.conftest import FixedClock
from tests.sync.coordinator_server import running_coordinator
from tests.sync_integration.laptop import Laptop, stored_payloads

DELAY_SECONDS = 0.8


class SlowUploads:
    """ASGI middleware: each report upload reaches the coordinator only after a pause."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.app: Any = None

    def wrap(self, app: Any) -> SlowUploads:
        self.app = app
        return self

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "PUT":
            self.arrived.set()
            await asyncio.sleep(DELAY_SECONDS)
        await self.app(scope, receive, send)


def states(laptop: Laptop) -> dict[str, State]:
    return {e.period: e.state for e in laptop.reports.entries()}


def test_a_restore_during_a_slow_sync_waits_for_the_month_under_way(
    data_dir: Path, clock: FixedClock, memory_keyring: object, tmp_path: Path
) -> None:
    slow = SlowUploads()
    with running_coordinator(tmp_path, wrap=slow.wrap) as coordinator:
        laptop = Laptop(data_dir, clock)
        try:
            for month, count in ((8, 4), (9, 5), (10, 6)):
                laptop.month(2026, month, count)
            laptop.enrol(coordinator)
            laptop.reports.queue_closed_months()  # frozen: the backup holds the same bytes
            backup = laptop.store.backup_to(tmp_path / "before-sending.hsbackup")

            outcome: dict[str, Any] = {}

            def send() -> None:
                try:
                    outcome["result"] = laptop.sync.run(now=True)
                except Exception as error:  # the test reports it below
                    outcome["error"] = error

            worker = threading.Thread(target=send)
            worker.start()
            assert slow.arrived.wait(10)  # August is on its way, its answer not yet back
            undo = laptop.store.restore(backup)
            worker.join(30)

            assert "error" not in outcome, outcome
            # The run stopped after the month under way, before the file was swapped: its
            # answer is in the data as it was before the restore, not in the restored data.
            assert outcome["result"].tried == ("2026-08",)
            assert set(states(laptop).values()) == {State.PENDING}

            # The restored data sends its months; August is known from the coordinator's
            # receipts, and nothing is stored twice.
            again = laptop.sync.run(now=True)
            assert set(again.tried) == {"2026-09", "2026-10"}
            assert set(states(laptop).values()) == {State.SENT}
            held = stored_payloads(coordinator)
            assert sorted(held) == [("2026-08", 1), ("2026-09", 1), ("2026-10", 1)]
            assert all(len(payloads) == 1 for payloads in held.values())

            # Nothing lost: the data as it was before the restore holds August's receipt.
            laptop.store.restore(undo.path)
            assert states(laptop)["2026-08"] is State.SENT
        finally:
            laptop.close()


def test_a_save_under_way_in_a_worker_lands_before_the_file_is_swapped(
    laptop: Laptop, tmp_path: Path
) -> None:
    laptop.month(2026, 10, 3)
    backup = laptop.store.backup_to(tmp_path / "three.hsbackup")
    in_transaction = threading.Event()
    failures: list[Exception] = []

    def slow_save() -> None:
        try:
            with laptop.store.session_factory.begin() as orm:
                StoredSettings(orm).set("saved.by.worker", "yes")
                in_transaction.set()
                time.sleep(0.5)  # the restore is asked for now
        except Exception as error:
            failures.append(error)

    worker = threading.Thread(target=slow_save)
    worker.start()
    assert in_transaction.wait(10)
    undo = laptop.store.restore(backup)
    worker.join(10)
    assert failures == []
    assert laptop.store.setting("saved.by.worker") is None  # the backup's data, as asked
    # Nothing lost: the worker's save is in the data as it was before the restore.
    laptop.store.restore(undo.path)
    assert laptop.store.setting("saved.by.worker") == "yes"


def test_work_that_waited_for_a_restore_reads_the_restored_data(
    laptop: Laptop, tmp_path: Path
) -> None:
    laptop.month(2026, 10, 3)
    backup = laptop.store.backup_to(tmp_path / "three.hsbackup")
    laptop.month(2026, 10, 4)
    assert laptop.store.setting("missing") is None  # the pool holds an open connection now
    counts: list[int] = []
    with laptop.store.gate.closed(10):  # as a restore does, while a worker starts reading

        def read() -> None:
            counts.append(laptop.sessions.count(SessionFilter()))

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.2)
        assert reader.is_alive() and counts == []  # it waits at the gate
    reader.join(10)
    assert counts == [7]
    undo = laptop.store.restore(backup)
    assert undo.path.exists()
    assert laptop.sessions.count(SessionFilter()) == 3
