"""The GUI's composition: QApplication, language and Qt translators, theme, unlocking the store,
first-run setup, and the main window with its pages. Everything is built here and passed in
constructors; ``app.py`` hands in what only it may know (how to explain storage errors)."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.settings import Preferences
from homesupport.i18n import SUPPORTED, _, set_language, system_language
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.clients import ClientService
from homesupport.services.guides import GuideLibrary
from homesupport.services.idle_lock import IdleLock
from homesupport.services.preferences import load_preferences, save_preferences
from homesupport.services.sessions import SessionService
from homesupport.services.site_config import load_site_config
from homesupport.services.store import KeyNeeded, Store, open_store
from homesupport.ui.auto_backup import AutoBackup
from homesupport.ui.client_side import ClientSide
from homesupport.ui.errors import error_text
from homesupport.ui.guide_desk import GuideDesk
from homesupport.ui.icons import Icons
from homesupport.ui.kit import Kit
from homesupport.ui.main_window import MainWindow
from homesupport.ui.sessions_page import SessionsPage
from homesupport.ui.settings_page import SettingsPage
from homesupport.ui.setup_wizard import SetupWizard
from homesupport.ui.statistics_side import StatisticsSide
from homesupport.ui.status import StatusBar
from homesupport.ui.tasks import Tasks
from homesupport.ui.theme import apply_theme, make_theme, os_prefers_dark
from homesupport.ui.translations import QtTranslations
from homesupport.ui.unlock_dialog import UnlockDialog

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
Explain = Callable[[Exception], str | None]


class Gui:
    """One running app. ``build_window`` can run again (language change, restore): the old
    window goes, a new one with fresh services takes its place on the same page."""

    def __init__(
        self,
        app: QApplication,
        paths: Paths,
        clock: Clock,
        language: str | None = None,
        explain: Explain | None = None,
        dark: bool | None = None,
    ) -> None:
        self.app = app
        self._dark = dark  # None: follow the OS
        self.paths = paths
        self.clock = clock
        self.explain = explain or (lambda _error: None)
        self.preferences = load_preferences(paths.preferences)
        self.codes = CodeList.from_csv(resource("data", "codes.csv"))
        self.municipalities = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
        self.translations = QtTranslations(app)
        self.base_font = QGuiApplication.font()
        self.tasks = Tasks(app)
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.auto_backup: AutoBackup | None = None
        self.client_side: ClientSide | None = None  # issue 3, made with the first window
        self.statistics: StatisticsSide | None = None  # issue 5, made with each window
        self.language = language or self.preferences.language or system_language()
        self._use_language(self.language)
        self._apply_theme()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._scheme_changed)

    # --- look and language ----------------------------------------------------------------
    def today(self) -> dt.date:
        return self.clock().date()

    def kit(self, language: str | None = None) -> Kit:
        return Kit(
            self.icons, self.theme, self.codes, self.municipalities, language or self.language
        )

    def _apply_theme(self) -> None:
        size = self.base_font.pointSizeF()
        self.theme = make_theme(
            os_prefers_dark() if self._dark is None else self._dark,
            self.preferences.text_scale,
            size if size > 0 else 10.0,
        )
        apply_theme(self.app, self.theme, self.base_font, resource("icons"))
        self.icons = Icons(
            resource("icons"), self.theme.text, self.theme.accent, self.theme.accent_text
        )
        self.app.setWindowIcon(self.icons.app_icon())

    def _use_language(self, language: str) -> None:
        self.language = language if language in SUPPORTED else "fi"
        set_language(self.language)
        self.translations.use(self.language)

    def _save_preferences(self, preferences: Preferences) -> None:
        self.preferences = preferences
        try:
            save_preferences(self.paths.preferences, preferences)
        except OSError:
            log.warning("could not save preferences")

    def set_language(self, language: str | None) -> None:
        """Run-time switch: the window is rebuilt in the new language."""
        self._save_preferences(replace(self.preferences, language=language))
        self._use_language(language or system_language())
        if self.store is not None and (profile := self.store.profile()) is not None:
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
    def _open(self, secret: str | None) -> Store:
        return open_store(
            self.paths, self.clock, secret=secret, backups_to_keep=self.preferences.backups_to_keep
        )

    def unlock(self) -> Store | None:
        """Opens the store, asking for a secret when needed; None if the person gave up."""
        try:
            self.store = self._open(None)
        except KeyNeeded as needed:
            dialog = UnlockDialog(needed.new, self._open_explained, self.icons.app_icon())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            self.store = dialog.result_value
        except Exception as error:
            log.exception("opening the store failed")
            QMessageBox.critical(None, "HomeSupport", self.describe(error))
            return None
        return self.store

    def _open_explained(self, secret: str) -> Store:
        try:
            return self._open(secret)
        except Exception as error:
            raise RuntimeError(self.describe(error)) from error

    def describe(self, error: Exception) -> str:
        return self.explain(error) or error_text(error)

    def setup_wizard(self) -> SetupWizard:
        """First start (or a setup never finished): the wizard, not yet shown."""
        assert self.store is not None
        store = self.store
        return SetupWizard(
            kit_for=self.kit,
            language=self.language,
            on_language=self.set_language,
            save_profile=store.save_profile,
            # A setup left half-way has no profile: the key is shown again until it is done.
            recovery_key=store.recovery_key or store.recovery_key_text(),
            data_dir=self.paths.data_dir,
            today=self.today,
            idle_lock=IdleLock.for_store(store, self.clock) if IdleLock.pin_possible() else None,
            municipality=load_site_config().municipality,
        )

    def needs_setup(self) -> bool:
        return self.store is not None and (self.store.created or self.store.profile() is None)

    # --- the window -------------------------------------------------------------------------
    def build_window(self) -> MainWindow:
        assert self.store is not None
        store, kit = self.store, self.kit()
        old = self.window
        status = StatusBar(self.today)
        window = MainWindow(status, self.icons.app_icon())
        sessions = SessionService(
            store.session_factory, self.codes, self.municipalities, self.clock
        )

        def transfer():
            # Imported on first use: the spreadsheet library is slow to load at start.
            from homesupport.services.privacy import PrivacyService
            from homesupport.services.transfer import TransferService

            return TransferService(
                store.session_factory,
                self.codes,
                self.municipalities,
                self.clock,
                PrivacyService(store.session_factory, store.engine, self.clock),
                self.preferences.retention_months,
            )

        # Issue 4: one guide desk for the Guides page and every session form's picker.
        desk = self._guide_desk(store)
        # Issue 3: clients, follow-ups, erasure, retention, idle lock (ui/client_side.py).
        client_side = self._client_side(store)
        client_side.begin(kit, sessions, guides=desk)
        sessions_page = SessionsPage(
            sessions,
            transfer,
            self.tasks,
            kit,
            self.today,
            clients=client_side.clients,
            guides=desk,
        )
        window.add_page("sessions", _("Sessions"), self.icons.get("sessions"), sessions_page)
        client_side.add_pages(window, sessions_page)

        # Pages other than the start page are made when first shown: a faster start.
        def guides_page() -> QWidget:
            from homesupport.ui.guides_page import GuidesPage  # the PDF viewer loads slowly

            return GuidesPage(desk, kit, self.today)

        window.add_page("guides", _("Guides"), self.icons.get("guides"), guides_page)
        # Issue 5: statistics and background sending to the coordinator (ui/statistics_side.py).
        if self.statistics is not None:
            self.statistics.stop(wait=False)
        self.statistics = StatisticsSide(
            store.session_factory,
            self.clock,
            self.paths.data_dir,
            kit,
            self.preferences.coordinator_url,
            status,
            self.app,
        )
        statistics = self.statistics
        window.add_page(
            "statistics", _("Statistics"), self.icons.get("statistics"), lambda: statistics.page
        )

        def settings_page() -> SettingsPage:
            settings = SettingsPage(
                store,
                self.tasks,
                kit,
                self.preferences,
                self.today,
                on_language=self.set_language,
                on_text_scale=self.set_text_scale,
                privacy_card=client_side.privacy_card(),
            )
            settings.backed_up.connect(lambda b: status.set_last_backup(b.created))
            settings.restored.connect(self._restored)
            return settings

        window.add_page(
            "settings", _("Settings"), self.icons.get("settings"), settings_page, bottom=True
        )
        latest = store.backups.latest()
        status.set_last_backup(latest.created if latest else None)
        self.tasks.busy_changed.connect(status.set_busy)
        window.add_close_guard(self._may_close)
        if old is not None:
            self.tasks.busy_changed.disconnect(old.status.set_busy)
            window.setGeometry(old.geometry())
            if old.isMaximized():
                window.showMaximized()
            key = old.current_key()
            window.show_page(key)
            window.show()
            old._close_guards.clear()
            old.close()
            old.deleteLater()
        self.window = window
        if self.auto_backup is None:
            self.auto_backup = AutoBackup(store, self.tasks, self.app)
            self.auto_backup.backed_up.connect(self._auto_backed_up)
            self.auto_backup.failed.connect(self._auto_backup_failed)
        return window

    def _guide_desk(self, store: Store) -> GuideDesk:
        """The bundled guides and the supporter's own (in the data dir); the printed footer
        reads the profile at print time, so Settings changes show at once."""
        clients = ClientService(store.session_factory, self.codes, self.municipalities, self.clock)
        return GuideDesk(
            GuideLibrary.open(self.paths.data_dir, self.codes),
            self.tasks,
            profile_provider=store.profile,
            client_search=lambda text: [c.client.nickname for c in clients.search(text)],
        )

    def _client_side(self, store: Store) -> ClientSide:
        if self.client_side is None:
            self.client_side = ClientSide(
                self.app,
                store,
                self.clock,
                self.codes,
                self.municipalities,
                self.tasks,
                lambda: self.preferences,
                self._save_preferences,
            )
        return self.client_side

    def _auto_backed_up(self, backup) -> None:
        if self.window is not None:
            self.window.status.set_last_backup(backup.created)

    def _auto_backup_failed(self, error: Exception) -> None:
        if self.window is not None:
            self.window.status.saved.setText(
                _("Saved · the automatic backup failed: {reason}").format(
                    reason=self.describe(error)
                )
            )

    def _restored(self, safety) -> None:
        window = self.build_window()
        page = window.page("settings")
        page.notice.show_message(
            _(
                "Backup restored. Your previous data was backed up first; restore the backup "
                "“Before a restore” to undo."
            )
        )
        latest = self.store.backups.latest() if self.store else None
        window.status.set_last_backup(latest.created if latest else None)

    def _may_close(self) -> bool:
        if not self.tasks.busy:
            return True
        QMessageBox.information(
            self.window, "HomeSupport", _("Please wait: a backup or import is still running.")
        )
        return False

    def close(self) -> None:
        if self.auto_backup is not None:
            self.auto_backup.stop()
        if self.client_side is not None:
            self.client_side.close()  # pending erasures become final
        if self.statistics is not None:
            self.statistics.stop()
        self.tasks.wait()
        if self.store is not None:
            self.store.close()
            self.store = None


def launch_gui(args, explain: Explain | None = None) -> int:
    from homesupport.logs import configure_logging

    paths = Paths.resolve(args.data_dir)
    configure_logging(paths.log_dir, getattr(args, "debug", False))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("HomeSupport")
    app.setDesktopFileName("fi.homesupport.HomeSupport")  # matches packaging/linux
    gui = Gui(app, paths, dt.datetime.now, getattr(args, "lang", None), explain)
    if gui.unlock() is None:
        return 1
    try:
        if gui.needs_setup() and gui.setup_wizard().exec() != QDialog.DialogCode.Accepted:
            return 0
        window = gui.build_window()
        window.show()
        if gui.client_side is not None:
            gui.client_side.on_open()  # retention, told in counts only
        # The start-up backup waits until the window is on screen.
        QTimer.singleShot(0, gui.auto_backup.start)
        link = getattr(args, "enrol_link", None)
        if link and gui.statistics is not None:  # opened by a homesupport://enrol link
            window.show_page("statistics")
            QTimer.singleShot(0, lambda: gui.statistics.page.connect_coordinator(link))
        return app.exec()
    finally:
        gui.close()
