"""A real encrypted store with the client-side services wired as the app wires them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from homesupport.domain.clients import Client
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.clients import ClientService
from homesupport.services.follow_ups import FollowUpService
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.storage import keys
from tests.conftest import FixedClock


@dataclass
class App:
    store: Store
    clock: FixedClock
    clients: ClientService
    sessions: SessionService
    follow_ups: FollowUpService
    privacy: PrivacyService

    @property
    def key(self) -> bytes:
        return keys.key_from_recovery(self.store.recovery_key_text())

    def client(self, nickname: str = "Aino", **values: object) -> Client:
        defaults: dict[str, object] = {"age_band": "75_84", "language": "fi", "municipality": "091"}
        defaults.update(values)
        return self.clients.save(Client(nickname=nickname, **defaults))  # type: ignore[arg-type]

    def session(self, day: dt.date, **values: object) -> Session:
        fields: dict[str, object] = {"minutes": 45, "mode": "home_visit", "programme": "home"}
        fields.update(values)
        return self.sessions.save(Session(date=day, **fields))  # type: ignore[arg-type]


@pytest.fixture
def app(data_dir, clock, memory_keyring, codes, municipalities) -> Iterator[App]:
    store = open_store(Paths.resolve(data_dir), clock)
    factory = store.session_factory
    yield App(
        store=store,
        clock=clock,
        clients=ClientService(factory, codes, municipalities, clock, language=lambda: "en"),
        sessions=SessionService(factory, codes, municipalities, clock),
        follow_ups=FollowUpService(factory, codes, municipalities, clock, language=lambda: "en"),
        privacy=PrivacyService(factory, store.engine, clock),
    )
    store.close()
