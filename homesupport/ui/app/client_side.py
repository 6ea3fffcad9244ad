"""The client register's part of the window: the client register and follow-up pages, the badge,
erasures with their undo window, retention on open and daily, and the idle lock. The app makes
one once the store is open (``Gui.client_side_for``), and each window attaches it with its own
services (ui/window_pages.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from homesupport.domain.settings import Preferences
from homesupport.i18n import _
from homesupport.services.context import Services
from homesupport.ui.app.main_window import MainWindow
from homesupport.ui.app.retention import Retention
from homesupport.ui.app.screen_lock import ScreenLock
from homesupport.ui.clients.erasure import Erasures
from homesupport.ui.clients.page import ClientsPage
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.tasks import PERSONAL_DATA, Changed, Tasks, touches
from homesupport.ui.follow_ups.page import FollowUpsPage
from homesupport.ui.sessions.form import session_form_opener
from homesupport.ui.settings.privacy_card import PrivacyCard

TICK_MS = 10 * 60 * 1000  # a pass is due once a day; looking every ten minutes is plenty


class ClientSide:
    def __init__(
        self,
        app: QApplication,
        services: Services,
        tasks: Tasks,
        preferences: Callable[[], Preferences],
        save_preferences: Callable[[Preferences], None],
    ) -> None:
        """``services``: the first window's; each window brings its own to :meth:`attach`."""
        self._app = app
        self._services = services
        self._clock = services.context.clock
        self._tasks = tasks
        self._preferences = preferences
        self._save_preferences = save_preferences
        self.idle_lock = services.idle_lock
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
        services: Services,
        guides: GuideDesk | None = None,
    ) -> None:
        """A new window's services (a whole new set after a restore), the badge and the lock.
        The Clients and Follow-ups pages are made on first view (:meth:`page`)."""
        self._services = services
        self.window = window
        self._kit = kit
        self._sessions = services.sessions
        self._guides = guides
        self.clients = services.clients
        self.follow_ups = services.follow_ups
        self.privacy = services.privacy
        self._access_export = services.access
        # The shell lends the sessions feature's form to the pages that log sessions too.
        self._open_session_form = session_form_opener(self._sessions, kit, self.clients, guides)
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
                    open_session_form=self._open_session_form,
                )
            return self.clients_page
        if self.follow_ups_page is None:
            self.follow_ups_page = FollowUpsPage(
                self.follow_ups,
                self.clients,
                self._sessions,
                self._kit,
                self._tasks,
                open_session_form=self._open_session_form,
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
            locked=self._services.context.site.locked,
        )

    def guide_title(self, slug: str) -> str:
        library = self._guides.library if self._guides is not None else self._services.guides
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
