"""The desktop app's composition root: the context builds every service against a real
(SQLCipher) store, and a renewed set is a whole new one over the same store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pytest

from homesupport.domain.sessions import Session
from homesupport.domain.settings import Preferences
from homesupport.paths import Paths
from homesupport.services.access_export import AccessExportService
from homesupport.services.clients import ClientService
from homesupport.services.context import ServiceContext, Services
from homesupport.services.follow_ups import FollowUpService
from homesupport.services.guide_choices import GuideChoices
from homesupport.services.guide_updates import CoordinatorGuides
from homesupport.services.guides import GuideLibrary
from homesupport.services.idle_lock import IdleLock
from homesupport.services.privacy import PrivacyService
from homesupport.services.reports import ReportService
from homesupport.services.sessions import SessionService
from homesupport.services.site_config import SiteConfig
from homesupport.services.store import Store, open_store
from homesupport.services.sync import SyncService
from homesupport.services.transfer import TransferService

KINDS = {
    "sessions": SessionService,
    "clients": ClientService,
    "follow_ups": FollowUpService,
    "privacy": PrivacyService,
    "access": AccessExportService,
    "reports": ReportService,
    "sync": SyncService,
    "coordinator_guides": CoordinatorGuides,
    "idle_lock": IdleLock,
    "transfer": TransferService,
    "guides": GuideLibrary,
    "guide_choices": GuideChoices,
}


@pytest.fixture
def context(data_dir: Path, clock) -> ServiceContext:
    site = SiteConfig(
        municipality="091", retention_months=6, locked=frozenset({"retention_months"})
    )
    return ServiceContext.load(Paths.resolve(data_dir), clock, site)


@pytest.fixture
def store(context: ServiceContext, memory_keyring) -> Iterator[Store]:
    opened = open_store(context.paths, context.clock)
    yield opened
    opened.close()


def test_the_context_is_read_once_and_frozen(context):
    assert context.codes.codes_of("topic") and context.site.municipality == "091"
    assert context.today() == context.clock().date()
    # The administrator's locked values win over the file, as the GUI's preferences read them.
    assert context.load_preferences().retention_months == 6
    assert context.save_preferences(Preferences(language="sv", retention_months=24))
    assert context.load_preferences().language == "sv"
    assert context.load_preferences().retention_months == 6
    with pytest.raises(FrozenInstanceError):
        context.clock = dt.datetime.now  # type: ignore[misc]


def test_every_service_is_built_over_the_real_store(context, store):
    services = Services.build(context, store, "en")
    for name, kind in KINDS.items():
        assert isinstance(getattr(services, name), kind), name
    # Every field of the set is a service or what they were built from.
    assert {f.name for f in fields(Services)} - KINDS.keys() == {"context", "store", "language"}
    # They work on the store: a session saved by one is read by the others.
    saved = services.sessions.save(Session(context.today(), 30, "phone", "home"))
    assert services.sessions.get(saved.id) == saved
    assert services.reports.current_period() == context.today().strftime("%Y-%m")
    assert services.follow_ups.badge_count() == 0
    assert services.clients.search("") == []
    assert services.guides.get("omakanta-renew-prescription", "en") is not None
    assert services.guide_choices._library is services.guides  # one library for both
    with pytest.raises(FrozenInstanceError):
        services.sessions = services.sessions  # type: ignore[misc]


def test_renewed_gives_a_whole_new_set(context, store):
    services = Services.build(context, store, "fi")
    services.transfer  # noqa: B018  (made on first use, then kept)
    assert services.transfer is services.transfer
    renewed = services.renewed()
    assert renewed is not services and renewed.language == "fi"
    assert renewed.context is context and renewed.store is store
    for name in KINDS:
        assert getattr(renewed, name) is not getattr(services, name), name
    assert services.renewed("sv").language == "sv"
