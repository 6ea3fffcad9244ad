"""A store filled with varied sessions, for the tests of what the session table reads."""

import datetime as dt
import random

import pytest

from homesupport.domain.clients import Client
from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.clients import ClientService
from homesupport.services.sessions import SessionService
from homesupport.services.store import open_store


def _varied_sessions(codes, client_ids: list[int], count: int) -> list[Session]:
    """Ties on date and start (so the id decides), missing starts, several topics, devices
    and guides, linked clients, group sessions and notes."""
    rng = random.Random(7)
    topics, devices = codes.codes_of("topic"), codes.codes_of("device")
    modes, outcomes = codes.codes_of("mode"), codes.codes_of("outcome")
    sessions = []
    for _ in range(count):
        start = rng.choice([None, dt.time(9), dt.time(9, 30), dt.time(13, 15, 5)])
        sessions.append(
            Session(
                date=dt.date(2026, 11, 1) + dt.timedelta(days=rng.randrange(12)),
                start=start,
                minutes=rng.randrange(1, 600),
                travel_minutes=rng.choice([0, 15]),
                mode=rng.choice(modes),
                programme=rng.choice(["home", "youth", "general"]),
                client_id=rng.choice([None, *client_ids]),
                age_band=rng.choice([None, "75_84"]),
                language=rng.choice([None, "fi", "sv"]),
                municipality=rng.choice([None, "091", "049"]),
                participants=rng.choice([None, 4]),
                topics=tuple(rng.sample(topics, rng.randrange(0, 4))),
                devices=tuple(rng.sample(devices, rng.randrange(0, 3))),
                outcome=rng.choice([None, *outcomes]),
                guides=tuple(rng.sample(["omakanta", "bank-id", "video-call"], rng.randrange(3))),
                follow_up=rng.choice([None, dt.date(2026, 12, 1)]),
                notes=rng.choice(["", "kertaus ensi kerralla", "rivi\ntoinen"]),
            )
        )
    return sessions


@pytest.fixture
def filled(data_dir, clock, memory_keyring, codes, municipalities):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    clients = ClientService(store.session_factory, codes, municipalities, clock)
    ids = [clients.save(Client(name)).id for name in ("Aili", "Bertta")]
    service = SessionService(store.session_factory, codes, municipalities, clock)
    service.add_many(_varied_sessions(codes, ids, 300))
    service.delete([3, 50, 299])  # deleted sessions are neither shown nor counted
    yield store, service
    store.close()
