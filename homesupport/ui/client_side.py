"""Issue 3's part of the composition: the client register and follow-up pages, the badge,
erasures with their undo window, retention on open and daily, and the idle lock. ``launch.py``
makes one per app once the store is open, and calls :meth:`attach` for every window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.settings import Preferences
from homesupport.i18n import _
from homesupport.services.access_export import AccessExportService
from homesupport.services.clients import ClientService
from homesupport.services.follow_ups import FollowUpService
from homesupport.services.guides import GuideLibrary
from homesupport.services.idle_lock import IdleLock
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.site_config import load_site_config
from homesupport.services.store import Store
from homesupport.ui.clients_page import ClientsPage
from homesupport.ui.erasure import Erasures
from homesupport.ui.follow_ups_page import FollowUpsPage
from homesupport.ui.guide_desk import GuideDesk
from homesupport.ui.idle_lock import ScreenLock
from homesupport.ui.kit import Kit
from homesupport.ui.main_window import MainWindow
from homesupport.ui.notice import Notice
from homesupport.ui.privacy_settings import PrivacyCard
from homesupport.ui.retention import Retention
from homesupport.ui.tasks import PERSONAL_DATA, Changed, Tasks, touches

Clock = Callable[[], dt.datetime]
TICK_MS = 10 * 60 * 1000  # a pass is due once a day; looking every ten minutes is plenty


class ClientSide:
    def __init__(
        self,
        app: QApplication,
        store: Store,
        clock: Clock,
        codes: CodeList,
        municipalities: Municipalities,
        tasks: Tasks,
        preferences: Callable[[], Preferences],
        save_preferences: Callable[[Preferences], None],
    ) -> None:
        self._app = app
        self._store = store
        self._clock = clock
        self._codes = codes
        self._municipalities = municipalities
        self._tasks = tasks
        self._preferences = preferences
        self._save_preferences = save_preferences
        self._library: GuideLibrary | None = None  # opened when a history shows a guide
        self.idle_lock = IdleLock.for_store(store, clock)
        self.screen_lock: ScreenLock | None = None
        self.window: MainWindow | None = None
        self.erasures: Erasures | None = None
        self.retention: Retention | None = None
        self.clients_page: ClientsPage | None = None
        self.follow_ups_page: FollowUpsPage | None = None
        # Dates move on: the badge's "this week" and the daily retention pass.
        self._ticker = QTimer(app)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.daily_check)
        self._ticker.start()
        # The badge follows every change to sessions, clients or follow-ups, whoever made it.
        tasks.data_changed.connect(self._data_changed)

    # --- one window -------------------------------------------------------------------------
    def attach(
        self,
        window: MainWindow,
        kit: Kit,
        sessions: SessionService,
        clients: ClientService,
        guides: GuideDesk | None = None,
    ) -> None:
        """Fresh services for a new window (the store may have been restored), the badge and
        the lock. The Clients and Follow-ups pages are made on first view (:meth:`page`)."""
        factory = self._store.session_factory
        args = (factory, self._codes, self._municipalities, self._clock)
        self.window = window
        self._kit = kit
        self._sessions = sessions
        self._guides = guides
        self.clients = clients
        self.follow_ups = FollowUpService(*args, language=lambda: kit.language)
        self.privacy = PrivacyService(factory, self._store.engine, self._clock)
        self._access_export = AccessExportService(*args, data_dir=self._store.paths.data_dir)
        self._stop_timers()
        self.erasures = Erasures(self.privacy, self._clock, self._tasks)
        self.retention = Retention(
            self._app, self.privacy, lambda: self._preferences().retention_months, self._tasks
        )
        self.clients_page = self.follow_ups_page = None
        if self.screen_lock is None:
            self.screen_lock = ScreenLock(
                self._app, self.idle_lock, self._clock, self._preferences().idle_lock_minutes
            )
        self.retention.removed.connect(self._tell)
        self.retention.clock_doubtful.connect(self._doubt_clock)
        self.screen_lock.attach(window, kit)
        self.refresh_badge()

    def page(self, key: str) -> ClientsPage | FollowUpsPage:
        """The window's "clients" or "follow_ups" page, made on first view."""
        if key == "clients":
            if self.clients_page is None:
                assert self.erasures is not None  # made by attach(), before any page is shown
                self.clients_page = ClientsPage(
                    self.clients,
                    self._sessions,
                    self._access_export,
                    self.erasures,
                    self._tasks,
                    self._kit,
                    lambda: self._clock().date(),
                    self.guide_title,
                    guides=self._guides,
                )
            return self.clients_page
        if self.follow_ups_page is None:
            self.follow_ups_page = FollowUpsPage(
                self.follow_ups,
                self.clients,
                self._sessions,
                self._kit,
                self._tasks,
                guides=self._guides,
            )
            window = self.window
            assert window is not None
            self.follow_ups_page.count_changed.connect(lambda n: window.set_badge("follow_ups", n))
        return self.follow_ups_page

    def privacy_card(self) -> PrivacyCard:
        """Retention, idle lock and PIN for the Settings page (made with it, on first view)."""
        return PrivacyCard(
            self._kit,
            self._preferences(),
            self.idle_lock,
            self._set_retention,
            self._set_idle_minutes,
            locked=load_site_config().locked,
        )

    def guide_title(self, slug: str) -> str:
        if self._library is None:
            self._library = GuideLibrary.open(self._store.paths.data_dir, self._codes)
        library = self._library
        languages = (self._kit.language, *library.languages(slug))
        guide = next((g for lang in languages if (g := library.get(slug, lang))), None)
        return guide.title if guide is not None else slug

    def refresh_badge(self) -> None:
        if self.window is not None:
            self.window.set_badge("follow_ups", self.follow_ups.badge_count())

    def daily_check(self) -> None:
        self.refresh_badge()
        if self.retention is not None:
            self.retention.run_if_due()

    def on_open(self) -> None:
        """Right after the store was opened: the retention pass, told in counts only."""
        if self.retention is not None:
            self.retention.on_open()

    def close(self) -> None:
        """Nothing pending outlives the app session."""
        if self.erasures is not None:
            self.erasures.finalise_all()
        self._stop_timers()
        self._ticker.stop()
        if self.screen_lock is not None:
            self.screen_lock.stop()

    # --- reactions --------------------------------------------------------------------------
    def _data_changed(self, changes: Changed, _initiator: object) -> None:
        if touches(changes, PERSONAL_DATA):
            self.refresh_badge()

    def _notice(self) -> Notice | None:
        if self.window is None:
            return None
        notice = getattr(self.window.page(self.window.current_key()), "notice", None)
        return notice if isinstance(notice, Notice) else None

    def _tell(self, text: str) -> None:
        notice = self._notice()
        if notice is not None:
            notice.show_message(text)
        elif self.window is not None:
            self.window.status.showMessage(text, 15_000)

    def _doubt_clock(self, text: str) -> None:
        notice = self._notice()
        if notice is not None and self.retention is not None:
            retention = self.retention
            notice.show_message(
                text, _("The date is right"), lambda: retention.run(trust_clock=True)
            )

    def _set_retention(self, months: int) -> None:
        self._save_preferences(replace(self._preferences(), retention_months=months))

    def _set_idle_minutes(self, minutes: int) -> None:
        self._save_preferences(replace(self._preferences(), idle_lock_minutes=minutes))
        if self.screen_lock is not None:
            self.screen_lock.set_minutes(minutes)

    def _stop_timers(self) -> None:
        if self.erasures is not None:
            # A window rebuilt while an erasure waits: the new controller adopts it.
            self.erasures.stop()
