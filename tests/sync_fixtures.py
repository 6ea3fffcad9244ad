"""A pytest plugin (registered in tests/conftest.py): the real coordinator on loopback
(tests/sync/coordinator_server.py) and a laptop that syncs with it, for every test that asks
for ``coordinator`` or ``laptop``. A folder whose conftest means something else by a name
(tests/coordinator: the coordinator in process) overrides it there; a test module needing a
laptop with months already recorded overrides ``laptop`` in the module.

The server and the laptop are imported when a test first asks for them, so a run that never
syncs does not load uvicorn and the coordinator's app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.conftest import FixedClock
    from tests.sync.coordinator_server import RunningCoordinator
    from tests.sync_integration.laptop import Laptop


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[RunningCoordinator]:
    from tests.sync.coordinator_server import running_coordinator

    with running_coordinator(tmp_path) as running:
        yield running


@pytest.fixture
def laptop(data_dir: Path, clock: FixedClock, memory_keyring: object) -> Iterator[Laptop]:
    from tests.sync_integration.laptop import Laptop

    opened = Laptop(data_dir, clock)
    yield opened
    opened.close()
