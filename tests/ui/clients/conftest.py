"""A real encrypted store, the client-side services, and the look the app uses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import set_language
from homesupport.paths import Paths
from homesupport.services.access_export import AccessExportService
from homesupport.services.clients import ClientService
from homesupport.services.context import ServiceContext
from homesupport.services.follow_ups import FollowUpService
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.ui.app.launch import Gui
from tests.clients.conftest import App


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@dataclass
class Services(App):
    """The client-side services (tests/clients/conftest.py) and the access export."""

    access: AccessExportService


@pytest.fixture
def store(data_dir, clock, memory_keyring) -> Iterator[Store]:
    opened = open_store(Paths.resolve(data_dir), clock)
    opened.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    yield opened
    opened.close()


@pytest.fixture
def services(store, clock, codes, municipalities) -> Services:
    factory = store.session_factory
    args = (factory, codes, municipalities, clock)
    return Services(
        store=store,
        clock=clock,
        clients=ClientService(*args, language=lambda: "en"),
        sessions=SessionService(*args),
        follow_ups=FollowUpService(*args, language=lambda: "en"),
        privacy=PrivacyService(factory, store.engine, clock),
        access=AccessExportService(*args, data_dir=store.paths.data_dir),
    )


@pytest.fixture
def gui(qapp, data_dir, clock, memory_keyring):
    """The whole app, unlocked, with the client side wired in as the window does."""
    app = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert app.unlock()
    app.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    yield app
    if app.window is not None:
        app.window.close()
    app.close()
