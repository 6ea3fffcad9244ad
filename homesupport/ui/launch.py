"""The GUI's composition: QApplication, language and Qt translators, theme, unlocking the store,
first-run setup, and the main window with its pages. Everything is built here and passed in
constructors; ``app.py`` hands in what only it may know (how to explain storage errors).

Start-up comes in two steps, so the window shows as soon as a bare one would:
1. unlock the store (with the key a second process found while Qt loaded, when it found one:
   ``key_ahead``), read the first screen with plain SQL (:mod:`storage.glance`), build the
   window with the sessions page and show it;
2. right after the first frame (:meth:`Gui.finish_start`): load the data layer (SQLAlchemy),
   then the client side, statistics, retention and the daily backup.
Anything a person does before step 2 has finished waits for it instead of failing: the pages
hold :class:`Deferred` services, and the other pages call :meth:`attach` when first shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from homesupport.domain.settings import Preferences
from homesupport.i18n import SUPPORTED, _, set_language, system_language
from homesupport.resources import resource
from homesupport.services.context import ServiceContext
from homesupport.services.unlock import KeyNeeded, Unlocked, unlock
from homesupport.ui.deferred import deferred
from homesupport.ui.dialogs import Dialogs
from homesupport.ui.errors import error_text
from homesupport.ui.guards import WHEEL_FIELDS_SHEET, WheelGuard
from homesupport.ui.guide_desk import GuideDesk
from homesupport.ui.icons import Icons
from homesupport.ui.kit import Kit
from homesupport.ui.main_window import MainWindow
from homesupport.ui.sessions_page import SessionsPage
from homesupport.ui.status import StatusBar
from homesupport.ui.tasks import Tasks
from homesupport.ui.theme import apply_theme, make_theme, os_prefers_dark, stylesheet
from homesupport.ui.translations import QtTranslations

if TYPE_CHECKING:  # the data layer and the pages that need it load in step 2
    import argparse

    from homesupport.services.clients import ClientService
    from homesupport.services.context import Services
    from homesupport.services.sessions import SessionService
    from homesupport.services.store import BackupFile, Store
    from homesupport.services.transfer import TransferService
    from homesupport.services.unlock import FoundKey, Glance
    from homesupport.ui.auto_backup import AutoBackup
    from homesupport.ui.client_side import ClientSide
    from homesupport.ui.one_app import Listener
    from homesupport.ui.settings_page import SettingsPage
    from homesupport.ui.setup_wizard import SetupWizard
    from homesupport.ui.statistics_side import StatisticsSide

log = logging.getLogger(__name__)
# Sessions read for the first screen: more than a tall window shows, so the table does not
# ask for more before the data layer has loaded (scrolling further loads the rest).
FIRST_SCREEN_ROWS = 60
Clock = Callable[[], dt.datetime]
Explain = Callable[[Exception], str | None]


class Gui:
    """One running app. ``build_window`` can run again (language change, restore): the old
    window goes, a new one with fresh services takes its place on the same page."""

    def __init__(
        self,
        app: QApplication,
        context: ServiceContext,
        language: str | None = None,
        explain: Explain | None = None,
        dark: bool | None = None,
        collect_again: Callable[[], None] | None = None,
        key_ahead: Callable[[], FoundKey | None] | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        """``context``: what every service needs (``app.py`` reads it); ``dialogs``: the file
        choosers and questions (tests answer them)."""
        self.app = app
        self.dialogs = dialogs or Dialogs()
        self._key_ahead = key_ahead  # the key found by a second process, if one looked
        self._collect_again = collect_again
        self._dark = dark  # None: follow the OS
        self.context = context
        self.paths = context.paths
        self.clock = context.clock
        self.explain = explain or (lambda _error: None)
        self.preferences = context.load_preferences()
        self.codes = context.codes
        self.municipalities = context.municipalities
        self.translations = QtTranslations(app)
        self.base_font = QGuiApplication.font()
        self.tasks = Tasks(app)
        self._unlocked: Unlocked | None = None
        self._glance: Glance | None = None  # the first screen, while the store is not open
        self._store: Store | None = None
        self._services: Services | None = None  # over the open store, renewed with each window
        # An import job may be the first to need the store and its services (reentrant: the
        # services are made over the store, under the same lock).
        self._store_lock = threading.RLock()
        self._attach_window: Callable[[], ClientSide] | None = None
        self._desk: GuideDesk | None = None
        self.window: MainWindow | None = None
        self.auto_backup: AutoBackup | None = None
        self.client_side: ClientSide | None = None  # issue 3, made with the first window
        self.statistics: StatisticsSide | None = None  # issue 5, made with each window
        self._sheet = ""  # the stylesheet, set on the app by ready_to_show()
        self._shown = False  # ready_to_show() has run
        self._close_when_idle = False  # closing waits for the job in progress
        self._wheel_guard: WheelGuard | None = None  # from the first window on
        self._listener: Listener | None = None  # later starts on the same data hand over
        self.language = language or self.preferences.language or system_language()
        self._use_language(self.language)
        self._apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    # --- look and language ----------------------------------------------------------------
    def today(self) -> dt.date:
        return self.clock().date()

    def kit(self, language: str | None = None) -> Kit:
        return Kit(
            self.icons,
            self.theme,
            self.codes,
            self.municipalities,
            language or self.language,
            self.dialogs,
        )

    def _apply_theme(self) -> None:
        size = self.base_font.pointSizeF()
        self.theme = make_theme(
            os_prefers_dark() if self._dark is None else self._dark,
            self.preferences.text_scale,
            size if size > 0 else 10.0,
        )
        apply_theme(self.app, self.theme, self.base_font)
        # With the rule that keeps the wheel from giving fields the focus (ui/guards.py).
        self._sheet = stylesheet(self.theme, resource("icons").as_posix()) + WHEEL_FIELDS_SHEET
        if self._shown:  # a change of theme or text size: at once
            self.app.setStyleSheet(self._sheet)
        self.icons = Icons(
            resource("icons"),
            self.theme.text,
            self.theme.accent,
            self.theme.accent_text,
            cache=self.paths.cache_dir / "icons",
        )
        self.app.setWindowIcon(self.icons.app_icon())

    def ready_to_show(self, collect: bool = True) -> None:
        """The first window (or a dialog before it) is built and about to show.

        Sets the stylesheet, once: widgets made while a sheet is set are styled one by one as
        they are built, and again as they move into their page; setting it over the finished
        window styles each once, a twentieth of the app's start. With ``collect``, starts the
        garbage collector too (the window does that after its first frame instead)."""
        if not self._shown:
            self._shown = True
            self.app.setStyleSheet(self._sheet)
        if collect:
            self.collect_again()

    def collect_again(self) -> None:
        """Starts the garbage collector that ``app.py`` paused for the start
        (:mod:`ui.quick_start`). Its first pass goes through everything the start made, a few
        milliseconds: due at once, so after the first frame rather than before it."""
        resume, self._collect_again = self._collect_again, None
        if resume is not None:
            resume()

    def _use_language(self, language: str) -> None:
        self.language = language if language in SUPPORTED else "fi"
        set_language(self.language)
        self.translations.use(self.language)

    def _save_preferences(self, preferences: Preferences) -> None:
        self.preferences = preferences
        self.context.save_preferences(preferences)

    def set_language(self, language: str | None) -> None:
        """Run-time switch: the window is rebuilt in the new language."""
        self._save_preferences(replace(self.preferences, language=language))
        self._use_language(language or system_language())
        if self._unlocked is not None and (profile := self.store.profile()) is not None:
            self.store.save_profile(replace(profile, language=self.language))
        if self.window is not None:
            self.build_window()

    def set_text_scale(self, scale: float) -> None:
        self._save_preferences(replace(self.preferences, text_scale=scale))
        self._apply_theme()

    def _scheme_changed(self) -> None:
        self._apply_theme()
        if self.window is not None:
            self.build_window()  # icons are drawn in the theme's colours

    # --- opening ----------------------------------------------------------------------------
    def unlock(self) -> bool:
        """Finds the key, asking for a secret when needed, and glances at the first screen;
        False if the person gave up or the store cannot be opened (they were told why)."""
        ahead, self._key_ahead = self._key_ahead, None  # for the first unlock only
        try:
            self._unlocked = unlock(self.paths, found=ahead() if ahead else None)
        except KeyNeeded as needed:
            from homesupport.ui.unlock_dialog import UnlockDialog

            self.ready_to_show()
            dialog = UnlockDialog(needed.new, self._unlock_explained, self.icons.app_icon())
            if not dialog.exec():
                return False
            unlocked = dialog.result_value  # what _unlock_explained returned: it was accepted
            assert isinstance(unlocked, Unlocked)
            self._unlocked = unlocked
        except Exception as error:
            return self._cannot_open(error)
        try:
            self._glance = self._unlocked.glance(FIRST_SCREEN_ROWS)
            if self._glance is None or not self._glance.current:
                self._glance = None
                self.store  # noqa: B018  (a new or older store is created or migrated now)
        except Exception as error:
            return self._cannot_open(error)
        return True

    def _cannot_open(self, error: Exception) -> bool:
        log.exception("opening the store failed")
        self.ready_to_show()
        _tell(None, self.describe(error))
        return False

    def _unlock_explained(self, secret: str) -> Unlocked:
        try:
            return unlock(self.paths, secret=secret)
        except Exception as error:
            raise RuntimeError(self.describe(error)) from error

    @property
    def store(self) -> Store:
        """The open store. Opening it loads SQLAlchemy, which the first frame does without."""
        with self._store_lock:
            if self._store is None:
                from homesupport.services.store import open_unlocked

                if self._unlocked is None:
                    raise RuntimeError("the store is opened after unlocking")
                self._store = open_unlocked(
                    self._unlocked, self.clock, self.preferences.backups_to_keep
                )
            return self._store

    @property
    def services(self) -> Services:
        """Every service over the open store; made with it (after the first frame)."""
        with self._store_lock:
            if self._services is None:
                from homesupport.services.context import Services

                self._services = Services.build(self.context, self.store, self.language)
            return self._services

    def describe(self, error: Exception) -> str:
        return self.explain(error) or error_text(error)

    def setup_wizard(self) -> SetupWizard:
        """First start (or a setup never finished): the wizard, not yet shown."""
        from homesupport.services.idle_lock import IdleLock
        from homesupport.ui.setup_wizard import SetupWizard

        store = self.store
        services = self.services
        self.ready_to_show()
        return SetupWizard(
            kit_for=self.kit,
            language=self.language,
            on_language=self.set_language,
            save_profile=store.save_profile,
            # A setup left half-way has no profile: the key is shown again until it is done.
            recovery_key=store.recovery_key or store.recovery_key_text(),
            data_dir=self.paths.data_dir,
            today=self.today,
            idle_lock=services.idle_lock if IdleLock.pin_possible() else None,
            municipality=self.context.site.municipality,
        )

    def needs_setup(self) -> bool:
        if self._store is None and self._glance is not None:
            return not self._glance.has_profile
        return self.store.created or self.store.profile() is None

    # --- the window -------------------------------------------------------------------------
    def build_window(self) -> MainWindow:
        """The window with its sessions page; the rest is attached once the store is open
        (at once when it already is, else by :meth:`finish_start` or a page that needs it)."""
        kit = self.kit()
        old = self.window
        status = StatusBar(self.today)
        window = MainWindow(status, self.icons.app_icon())
        if self._services is not None:  # a restore, another language: a whole new set
            self._services = self._services.renewed(self.language)
        # The services are made with the store, after the first frame: until then the pages
        # hold stand-ins that wait for them (ui/deferred.py).
        sessions: SessionService = deferred(lambda: self.services.sessions)
        clients: ClientService = deferred(lambda: self.services.clients)

        def transfer() -> TransferService:
            return self.services.transfer  # on first use: the spreadsheet library loads slowly

        # Issue 4: one guide desk for the Guides page and every session form's picker.
        desk = self._desk = self._guide_desk(clients)
        glance, self._glance = self._glance if self._store is None else None, None
        sessions_page = SessionsPage(
            sessions,
            transfer,
            self.tasks,
            kit,
            self.today,
            clients=clients,
            guides=desk,
            first=(glance.newest, glance.total) if glance is not None else None,
        )
        window.add_page("sessions", _("Sessions"), self.icons.get("sessions"), sessions_page)
        attached: list[ClientSide] = []

        def attach() -> ClientSide:
            if not attached:
                attached.append(
                    self._attach(window, kit, sessions, clients, desk, sessions_page, status)
                )
            return attached[0]

        self._attach_window = attach
        # Issue 3: clients and follow-ups (ui/client_side.py); pages made on first view.
        window.add_page(
            "clients", _("Clients"), self.icons.get("clients"), lambda: attach().page("clients")
        )
        window.add_page(
            "follow_ups",
            _("Follow-ups"),
            self.icons.get("followups"),
            lambda: attach().page("follow_ups"),
        )

        def guides_page() -> QWidget:
            from homesupport.ui.guides_page import GuidesPage  # the PDF viewer loads slowly

            return GuidesPage(desk, kit, self.today)

        window.add_page("guides", _("Guides"), self.icons.get("guides"), guides_page)

        def statistics_page() -> QWidget:
            attach()
            assert self.statistics is not None
            return self.statistics.page

        # Issue 5: statistics and background sending to the coordinator (ui/statistics_side.py).
        window.add_page(
            "statistics", _("Statistics"), self.icons.get("statistics"), statistics_page
        )

        def settings_page() -> SettingsPage:
            from homesupport.ui.settings_page import SettingsPage

            client_side = attach()
            settings = SettingsPage(
                self.store,
                self.tasks,
                kit,
                self.preferences,
                self.today,
                on_language=self.set_language,
                on_text_scale=self.set_text_scale,
                privacy_card=client_side.privacy_card(),
                sync=self.statistics.runner if self.statistics else None,
                default_server=self.preferences.coordinator_url,
            )
            settings.backed_up.connect(lambda b: status.set_last_backup(b.created))
            settings.restored.connect(self._restored)
            return settings

        window.add_page(
            "settings", _("Settings"), self.icons.get("settings"), settings_page, bottom=True
        )
        self.tasks.busy_changed.connect(status.set_busy)
        window.add_close_guard(self._may_close)
        self.window = window
        self.ready_to_show(collect=False)
        if self._store is not None:
            attach()
        if old is not None:
            self.tasks.busy_changed.disconnect(old.status.set_busy)
            window.setGeometry(old.geometry())
            if old.isMaximized():
                window.showMaximized()
            key = old.current_key()
            window.show_page(key)
            window.show()
            old.retire()
            if self._wheel_guard is not None:
                self._wheel_guard.watch(window.windowHandle())
        return window

    def open_window(self) -> MainWindow:
        """Builds and shows the window; step 2 waits for the first frame, then for anything
        queued meanwhile (a click or a key press goes first)."""
        window = self.build_window()
        window.first_painted.connect(lambda: QTimer.singleShot(0, self.finish_start))
        window.showMaximized()  # a laptop's screen is small: the pages need all of it
        if self._wheel_guard is None:
            self._wheel_guard = WheelGuard(self.app)
        self._wheel_guard.watch(window.windowHandle())  # should it not get the focus
        return window

    def finish_start(self) -> None:
        """Step 2 of the start, right after the first frame: the data layer, the rest of the
        window, the retention pass (told in counts only) and the start-up backup."""
        self.collect_again()
        if self._attach_window is None:
            return
        try:
            client_side = self._attach_window()
        except Exception as error:  # the file changed hands since step 1 (another program)
            log.exception("opening the store after the first frame failed")
            _tell(self.window, self.describe(error))
            if self.window is not None:
                self.window.retire()
            return
        client_side.on_open()
        if self.auto_backup is not None:
            QTimer.singleShot(0, self.auto_backup.start)
        QTimer.singleShot(0, self._prepare_first_form)
        self.listen()

    def listen(self) -> None:
        """From now on a second start on this data, or an enrol link opened, comes here."""
        from homesupport.ui.one_app import Listener

        if self._listener is None:
            self._listener = Listener(self.paths.data_dir, self.handed_over)
            if not self._listener.listen():
                log.warning("another app answers on this data; this one does not listen")

    def handed_over(self, link: str | None) -> None:
        """Another start on this data ended here: this window comes to the front, and an
        enrol link opens the connect dialog (after unlocking, when the window is locked)."""
        window = self.window
        if window is None:
            return
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        if not link:
            return
        lock = self.client_side.screen_lock if self.client_side is not None else None
        if lock is not None and lock.locked:

            def after_unlock(locked: bool) -> None:
                if not locked:
                    lock.locked_changed.disconnect(after_unlock)
                    self.open_enrol_link(link)

            lock.locked_changed.connect(after_unlock)
            return
        self.open_enrol_link(link)

    def open_enrol_link(self, link: str) -> None:
        """The Statistics page with the connect dialog, the link filled in."""
        if self.window is None:
            return
        self.window.show_page("statistics")

        def connect() -> None:
            assert self.statistics is not None  # show_page("statistics") has made it
            self.statistics.page.connect_with_link(link)

        QTimer.singleShot(0, connect)

    def _prepare_first_form(self) -> None:
        """What the first session form needs (its widgets, the guide library its picker
        suggests from), loaded while the person looks at the window, not when they press
        "New session"."""
        import homesupport.ui.session_form  # noqa: F401

        if self._desk is not None:
            self._desk.library  # noqa: B018

    def _attach(
        self,
        window: MainWindow,
        kit: Kit,
        sessions: SessionService,
        clients: ClientService,
        desk: GuideDesk,
        sessions_page: SessionsPage,
        status: StatusBar,
    ) -> ClientSide:
        from homesupport.ui.auto_backup import AutoBackup
        from homesupport.ui.statistics_side import StatisticsSide

        store = self.store
        sessions_page.count()
        latest = store.backups.latest()
        status.set_last_backup(latest.created if latest else None)
        client_side = self._client_side()
        client_side.attach(window, kit, self.services, guides=desk)
        sessions_page.session_saved.connect(client_side.refresh_badge)
        if self.statistics is not None:
            self.statistics.stop(wait=False)
        self.statistics = StatisticsSide(
            self.services,
            kit,
            self.preferences.coordinator_url,
            status,
            self.app,
            desk=desk,
        )
        if self.auto_backup is None:
            self.auto_backup = AutoBackup(store, self.tasks, self.app)
            self.auto_backup.backed_up.connect(self._auto_backed_up)
            self.auto_backup.failed.connect(self._auto_backup_failed)
        return client_side

    def _guide_desk(self, clients: ClientService) -> GuideDesk:
        """The bundled guides and the supporter's own (in the data dir); the printed footer
        reads the profile at print time, so Settings changes show at once."""

        return GuideDesk(
            lambda: self.services.guides,
            self.tasks,
            profile_provider=lambda: self.store.profile(),
            client_search=lambda text: [(c.client.nickname, c.label) for c in clients.search(text)],
            open_choices=lambda: self.services.guide_choices,
        )

    def _client_side(self) -> ClientSide:
        if self.client_side is None:
            from homesupport.ui.client_side import ClientSide

            self.client_side = ClientSide(
                self.app,
                self.services,
                self.tasks,
                lambda: self.preferences,
                self._save_preferences,
            )
        return self.client_side

    def _auto_backed_up(self, backup: BackupFile) -> None:
        if self.window is not None:
            self.window.status.set_last_backup(backup.created)

    def _auto_backup_failed(self, error: Exception) -> None:
        if self.window is not None:
            self.window.status.saved.setText(
                _("Saved · the automatic backup failed: {reason}").format(
                    reason=self.describe(error)
                )
            )

    def _restored(self, safety: BackupFile) -> None:
        from homesupport.ui.settings_page import SettingsPage

        window = self.build_window()
        page = window.page("settings")
        assert isinstance(page, SettingsPage)
        page.notice.show_message(
            _(
                "Backup restored. Your previous data was backed up first; restore the backup "
                "“Before a restore” to undo."
            )
        )
        latest = self.store.backups.latest()
        window.status.set_last_backup(latest.created if latest else None)

    def _may_close(self) -> bool:
        """Closing never cuts a backup, import or restore short: the window says it will close,
        and does once the work has finished (each job is one transaction either way)."""
        if not self.tasks.busy:
            return True
        if not self._close_when_idle:
            self._close_when_idle = True
            self.tasks.busy_changed.connect(self._close_if_idle)
        if self.window is not None:
            self.window.status.saved.setText(
                _("Closing as soon as the work in progress has finished…")
            )
        return False

    def _close_if_idle(self, busy: bool, _label: str) -> None:
        if not busy and self.window is not None:
            # Queued: the finished job's own result handler runs first.
            QTimer.singleShot(0, self.window, self.window.close)

    def close(self) -> None:
        if self._wheel_guard is not None:
            self._wheel_guard.remove()
        if self._listener is not None:
            self._listener.close()
        if self.auto_backup is not None:
            self.auto_backup.stop()
        if self.client_side is not None:
            self.client_side.close()  # pending erasures become final
        if self.statistics is not None:
            self.statistics.stop()
        self.tasks.wait()
        if self._store is not None:
            self._store.close()
            self._store = None


def _tell(parent: QWidget | None, text: str) -> None:
    """A problem the person must read before going on. Message boxes load on first use: most
    starts never show one."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, "HomeSupport", text)


def launch_gui(
    args: argparse.Namespace,
    context: ServiceContext,
    explain: Explain | None = None,
    collect_again: Callable[[], None] | None = None,
    key_ahead: Callable[[], FoundKey | None] | None = None,
) -> int:
    from homesupport.logs import LOG_FILE, configure_logging
    from homesupport.ui.unexpected import UnexpectedErrors

    paths = context.paths
    configure_logging(paths.log_dir, getattr(args, "debug", False))
    app = QApplication.instance() or QApplication([*sys.argv[:1], "-style", "Fusion"])
    assert isinstance(app, QApplication)  # the GUI's, or one a test made
    app.setApplicationName("HomeSupport")
    app.setDesktopFileName("fi.homesupport.HomeSupport")  # matches packaging/linux
    unexpected = UnexpectedErrors(paths.log_dir / LOG_FILE, app)
    unexpected.install()
    gui = Gui(
        app,
        context,
        getattr(args, "lang", None),
        explain,
        collect_again=collect_again,
        key_ahead=key_ahead,
    )
    if not gui.unlock():
        return 1
    try:
        if gui.needs_setup() and not gui.setup_wizard().exec():
            return 0
        gui.open_window()
        link = getattr(args, "enrol_link", None)
        if link:  # opened by a homesupport://enrol link
            gui.open_enrol_link(link)
        return app.exec()
    finally:
        gui.close()
        unexpected.uninstall()
