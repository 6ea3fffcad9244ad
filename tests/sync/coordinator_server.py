"""The real coordinator service (homesupport.coordinator) served by uvicorn in a thread on
127.0.0.1, with a temporary SQLite database."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from homesupport.coordinator.app import create_app
from homesupport.coordinator.context import Coordinator, open_coordinator
from homesupport.coordinator.settings import Settings
from homesupport.coordinator.storage import devices, policy


@dataclass
class RunningCoordinator:
    url: str
    coordinator: Coordinator

    def new_code(self) -> str:
        with self.coordinator.sessions.begin() as session:
            return devices.create_code(session, None, dt.datetime.now(dt.UTC), 14)

    def lock(self, period: str) -> None:
        with self.coordinator.sessions.begin() as session:
            policy.lock(session, period, dt.datetime.now(dt.UTC))

    def revoke(self, device_id: str) -> None:
        with self.coordinator.sessions.begin() as session:
            devices.revoke(session, device_id, dt.datetime.now(dt.UTC))


@contextmanager
def running_coordinator(
    folder: Path, wrap: Callable[[Any], Any] | None = None, **overrides: object
) -> Iterator[RunningCoordinator]:
    """``wrap`` puts an ASGI middleware around the app (e.g. one that answers slowly)."""
    settings = Settings(db_url=f"sqlite:///{folder / 'coordinator.sqlite3'}")
    settings = settings.with_overrides(**overrides)
    coordinator = open_coordinator(settings)
    app = create_app(settings, coordinator=coordinator)
    served = wrap(app) if wrap is not None else app
    server = uvicorn.Server(
        uvicorn.Config(served, host="127.0.0.1", port=0, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the coordinator did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningCoordinator(f"http://127.0.0.1:{port}", coordinator)
    finally:
        server.should_exit = True
        thread.join(10)
        coordinator.close()
