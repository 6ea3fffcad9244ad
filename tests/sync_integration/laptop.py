"""A supporter's laptop for the integration tests: a real encrypted store in a data dir and the
services the app wires, reopened on the same dir to stand for a restart (or a crash)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from homesupport.domain.clients import Client
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.clients import ClientService
from homesupport.services.privacy import PrivacyService
from homesupport.services.reports import ReportService
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.services.sync import ClientFactory, SyncService, installation_id
from homesupport.sync.outbox import OutboxEntry
from tests.sync.coordinator_server import RunningCoordinator

CODES = CodeList.from_csv(resource("data", "codes.csv"))
MUNICIPALITIES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))


class Laptop:
    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], dt.datetime],
        client_factory: ClientFactory | None = None,
        secret: str | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.client_factory = client_factory
        self.store: Store = open_store(Paths.resolve(data_dir), clock, secret=secret)
        self._wire()

    def _wire(self) -> None:
        factory = self.store.session_factory
        self.sessions = SessionService(factory, CODES, MUNICIPALITIES, self.clock)
        self.clients = ClientService(
            factory, CODES, MUNICIPALITIES, self.clock, language=lambda: "en"
        )
        self.privacy = PrivacyService(factory, self.store.engine, self.clock)
        self.reports = ReportService(factory, self.clock)
        self.sync = SyncService(
            factory,
            self.reports,
            self.clock,
            installation_id(self.data_dir),
            client_factory=self.client_factory,
            delay=lambda attempts: 60.0 * attempts,
        )

    def restart(self) -> Laptop:
        """The app closes (or dies) and starts again on the same data."""
        self.store.close()
        return Laptop(self.data_dir, self.clock, self.client_factory)

    def close(self) -> None:
        self.store.close()

    def session(self, day: dt.date, **values: object) -> Session:
        fields: dict[str, object] = {
            "minutes": 45,
            "mode": "home_visit",
            "programme": "home",
            "age_band": "75_84",
            "language": "fi",
            "municipality": "091",
            "topics": ("bank_ids",),
        }
        fields.update(values)
        return self.sessions.save(Session(date=day, **fields))  # type: ignore[arg-type]

    def month(self, year: int, month: int, count: int, **values: object) -> list[Session]:
        return [self.session(dt.date(year, month, 1 + i % 28), **values) for i in range(count)]

    def client(self, nickname: str, **values: object) -> Client:
        defaults: dict[str, object] = {
            "age_band": "85plus",
            "language": "sv",
            "municipality": "049",
        }
        defaults.update(values)
        return self.clients.save(Client(nickname=nickname, **defaults))  # type: ignore[arg-type]

    def entry(self, period: str) -> OutboxEntry:
        return next(e for e in self.reports.entries() if e.period == period)

    def enrol(self, coordinator: RunningCoordinator) -> None:
        self.sync.enrol(coordinator.url, coordinator.new_code())


def stored_payloads(coordinator: RunningCoordinator) -> dict[tuple[str, int], list[bytes]]:
    """Every revision the coordinator accepted, with its exact bytes (its audit trail)."""
    from homesupport.coordinator.storage.models import ReportRevision

    found: dict[tuple[str, int], list[bytes]] = {}
    with coordinator.coordinator.sessions() as session:
        for row in session.scalars(select(ReportRevision)):
            found.setdefault((row.period, row.revision), []).append(row.payload.encode("utf-8"))
    return found
