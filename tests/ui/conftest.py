"""Fixtures for the GUI tests: a real encrypted store in a temporary folder, the real
services, and the look (icons, theme) the app uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.i18n import set_language
from homesupport.paths import Paths
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.services.transfer import TransferService
from tests.ui.fixtures import answers, kit, tasks  # noqa: F401  (fixtures, found by name)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def paths(data_dir) -> Paths:
    return Paths.resolve(data_dir)


@pytest.fixture
def store(paths, clock, memory_keyring) -> Iterator[Store]:
    opened = open_store(paths, clock)
    opened.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    yield opened
    opened.close()


@pytest.fixture
def service(store, codes, municipalities, clock) -> SessionService:
    return SessionService(store.session_factory, codes, municipalities, clock)


@pytest.fixture
def transfer(store, codes, municipalities, clock, data_dir) -> TransferService:
    privacy = PrivacyService(store.session_factory, store.engine, clock)
    mappings = data_dir / "import-mappings"  # remembered per set of headings, as in the app
    return TransferService(
        store.session_factory,
        codes,
        municipalities,
        clock,
        privacy,
        12,
        mappings,
        data_dir=store.paths.data_dir,
    )


def add_sessions(service: SessionService, today: dt.date, count: int) -> list[Session]:
    """``count`` valid sessions, one a day going back from today, minutes 1, 2, 3…"""
    modes = ("home_visit", "phone", "group")
    sessions = [
        Session(
            date=today - dt.timedelta(days=i),
            minutes=1 + i % 600,
            mode=modes[i % 3],
            programme="youth" if i % 2 else "home",
            participants=4 if modes[i % 3] == "group" else None,
            topics=("bank_ids",) if i % 4 == 0 else ("omakanta", "email"),
            outcome="solved",
            notes=f"note number {i}" + (" kalastelu" if i % 10 == 0 else ""),
        )
        for i in range(count)
    ]
    service.add_many(sessions)
    return sessions
