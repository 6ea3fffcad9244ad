"""The real coordinator on loopback (tests/sync/coordinator_server.py) and a laptop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FixedClock
from tests.sync.coordinator_server import RunningCoordinator, running_coordinator
from tests.sync_integration.laptop import Laptop


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[RunningCoordinator]:
    with running_coordinator(tmp_path) as running:
        yield running


@pytest.fixture
def laptop(data_dir: Path, clock: FixedClock, memory_keyring: object) -> Iterator[Laptop]:
    opened = Laptop(data_dir, clock)
    yield opened
    opened.close()
