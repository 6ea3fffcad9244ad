"""The desktop app's composition, as :mod:`homesupport.coordinator.context` is the coordinator's.

:class:`ServiceContext` is what every service needs and what is read once per run: the
paths, the clock, the code lists, the administrator's configuration and the preferences file.
:class:`Services` builds every service of the desktop app from the context and the unlocked
store, in this one place; the GUI asks it for a whole new set (:meth:`Services.renewed`) when
the data was restored or the language changed, never for patched pieces.

This module is imported before the window shows, the services' modules (and SQLAlchemy with
them) only when :meth:`Services.build` runs: after the first frame.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.settings import Preferences
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.preferences import load_preferences, save_preferences
from homesupport.services.site_config import SiteConfig, load_site_config

if TYPE_CHECKING:
    from homesupport.services.access_export import AccessExportService
    from homesupport.services.clients import ClientService
    from homesupport.services.follow_ups import FollowUpService
    from homesupport.services.guide_choices import GuideChoices
    from homesupport.services.guide_updates import CoordinatorGuides
    from homesupport.services.guides import GuideLibrary
    from homesupport.services.idle_lock import IdleLock
    from homesupport.services.privacy import PrivacyService
    from homesupport.services.reports import ReportService
    from homesupport.services.sessions import SessionService
    from homesupport.services.store import Store
    from homesupport.services.sync import SyncService
    from homesupport.services.transfer import TransferService

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class ServiceContext:
    """Read once at start, before the store is unlocked, and passed down (no globals)."""

    paths: Paths
    clock: Clock
    codes: CodeList
    municipalities: Municipalities
    site: SiteConfig = field(default_factory=SiteConfig)

    @classmethod
    def load(cls, paths: Paths, clock: Clock, site: SiteConfig | None = None) -> ServiceContext:
        """The bundled code lists and the administrator's configuration (from its standard
        place unless ``site`` is given)."""
        return cls(
            paths=paths,
            clock=clock,
            codes=CodeList.from_csv(resource("data", "codes.csv")),
            municipalities=Municipalities.from_csv(resource("data", "municipalities_fi.csv")),
            site=load_site_config() if site is None else site,
        )

    def today(self) -> dt.date:
        return self.clock().date()

    def load_preferences(self) -> Preferences:
        """The person's preferences over the administrator's configuration."""
        return load_preferences(self.paths.preferences, self.site)

    def save_preferences(self, preferences: Preferences) -> bool:
        """False when the file could not be written (the preferences hold for this run)."""
        try:
            save_preferences(self.paths.preferences, preferences)
        except OSError:
            log.warning("could not save preferences")
            return False
        return True


@dataclass(frozen=True)
class Services:
    """Every service of the desktop app over one unlocked store. Built from the context and
    the store by :meth:`build`; nothing else constructs a service (tests/test_architecture.py
    keeps the ui from doing so).

    The ones whose making is slow are made on first use (``cached_property``): the transfer
    service loads the spreadsheet library, the guide library checks every bundled guide."""

    context: ServiceContext
    store: Store
    language: str
    sessions: SessionService
    clients: ClientService
    follow_ups: FollowUpService
    privacy: PrivacyService
    access: AccessExportService
    reports: ReportService
    sync: SyncService
    coordinator_guides: CoordinatorGuides
    idle_lock: IdleLock

    @classmethod
    def build(cls, context: ServiceContext, store: Store, language: str = "fi") -> Services:
        """``language``: the one texts made by services (follow-up wording, client labels)
        are in; a change of language asks for :meth:`renewed`."""
        from homesupport.services.access_export import AccessExportService
        from homesupport.services.clients import ClientService
        from homesupport.services.follow_ups import FollowUpService
        from homesupport.services.guide_updates import CoordinatorGuides
        from homesupport.services.idle_lock import IdleLock
        from homesupport.services.privacy import PrivacyService
        from homesupport.services.reports import ReportService
        from homesupport.services.sessions import SessionService
        from homesupport.services.sync import SyncService, installation_id

        factory = store.session_factory
        data_dir = store.paths.data_dir
        # The arguments every register service shares.
        common = (factory, context.codes, context.municipalities, context.clock)

        def in_language() -> str:
            return language

        reports = ReportService(factory, context.clock)
        # The coordinator's guides ride along with each sync run, off the GUI thread: they are
        # written to disk there, and the window reloads its library on the GUI thread.
        topics = frozenset(context.codes.codes_of("topic"))
        coordinator_guides = CoordinatorGuides.of_data_dir(data_dir, topics, context.clock)
        return cls(
            context=context,
            store=store,
            language=language,
            sessions=SessionService(*common),
            clients=ClientService(*common, language=in_language),
            follow_ups=FollowUpService(*common, language=in_language),
            privacy=PrivacyService(factory, store.engine, context.clock),
            access=AccessExportService(*common, data_dir=data_dir),
            reports=reports,
            sync=SyncService(
                factory,
                reports,
                context.clock,
                installation_id(data_dir),
                guides=coordinator_guides,
            ),
            coordinator_guides=coordinator_guides,
            idle_lock=IdleLock.for_store(store, context.clock),
        )

    def renewed(self, language: str | None = None) -> Services:
        """A whole new set over the same store (after a restore, or in another language)."""
        return Services.build(self.context, self.store, language or self.language)

    @cached_property
    def transfer(self) -> TransferService:
        """Import and export of sessions; the retention period is the one set when first used."""
        from homesupport.services.sheet_import import MAPPING_FOLDER
        from homesupport.services.transfer import TransferService

        context = self.context
        return TransferService(
            self.store.session_factory,
            context.codes,
            context.municipalities,
            context.clock,
            self.privacy,
            context.load_preferences().retention_months,
            context.paths.data_dir / MAPPING_FOLDER,  # mappings remembered per heading set
            data_dir=self.store.paths.data_dir,
        )

    @cached_property
    def guides(self) -> GuideLibrary:
        """The bundled guides and the supporter's own (in the data dir)."""
        from homesupport.services.guides import GuideLibrary

        return GuideLibrary.open(self.context.paths.data_dir, self.context.codes)

    @cached_property
    def guide_choices(self) -> GuideChoices:
        """The supporter's choices about the coordinator's updates of their own copies."""
        from homesupport.services.guide_choices import GuideChoices

        return GuideChoices(self.guides)
