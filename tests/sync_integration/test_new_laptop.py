"""A backup restored on a new laptop: the old token does not travel (connect again), and
reconciliation resends exactly what the coordinator lacks for the new device."""

from __future__ import annotations

from pathlib import Path

from homesupport.services.sync import CONNECT_AGAIN
from homesupport.sync.client import CoordinatorClient
from tests.conftest import FixedClock
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import Laptop


def test_restore_on_a_new_laptop_then_reconcile(
    laptop: Laptop,
    coordinator: RunningCoordinator,
    tmp_path: Path,
    clock: FixedClock,
) -> None:
    laptop.month(2026, 9, 5)
    laptop.month(2026, 10, 7)
    laptop.enrol(coordinator)
    laptop.sync.run()
    sent = {e.period: e for e in laptop.reports.entries()}
    backup = laptop.store.backup_to(tmp_path / "laptop.hsbackup")
    recovery = laptop.store.recovery_key_text()

    new = Laptop(tmp_path / "new-laptop", clock)
    new.store.restore(backup, recovery)
    new = new.restart()
    assert new.sync.connection() is None  # the old laptop's token stays with it
    assert new.sync.status().msgid == CONNECT_AGAIN
    assert {e.period: e for e in new.reports.entries()} == sent

    new.enrol(coordinator)
    result = new.sync.run()
    assert set(result.tried) == set(sent)
    token = new.sync.connection().token  # type: ignore[union-attr]
    with CoordinatorClient(coordinator.url, token) as client:
        held = {r.period: (r.revision, r.sha256) for r in client.list_receipts()}
    assert held == {p: (e.revision, e.sha256) for p, e in sent.items()}  # same bytes
    assert all(e.acknowledged for e in new.reports.entries())
    new.close()
