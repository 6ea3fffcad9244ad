"""The running GUI: QApplication, language and Qt translators, theme, first-run setup, the
main window's life (built again on a restore or a change of language or colours) and closing.
``app.py`` hands in the :class:`ServiceContext` and what only it may know (how to explain
storage errors); the store and its services open in :mod:`ui.store_opening`, the window's pages
are listed in :mod:`ui.window_pages`.

Start-up comes in two steps, so the window shows as soon as a bare one would:
1. unlock the store (with the key a second process found while Qt loaded, when it found one:
   ``key_ahead``), read the first screen with plain SQL (:mod:`storage.glance`), build the
   window with the sessions page and show it;
2. right after the first frame (:meth:`Gui.finish_start`): load the data layer (SQLAlchemy)
   and every service over it (:class:`Services`), then the client side, statistics,
   retention and the daily backup.
Anything a person does before step 2 has finished waits for it instead of failing: the pages
hold :class:`Deferred` services, and the other pages call :meth:`attach` when first shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
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
from homesupport.ui.app.main_window import MainWindow
from homesupport.ui.app.status import StatusBar
from homesupport.ui.app.store_opening import StoreOpening
from homesupport.ui.app.translations import QtTranslations
from homesupport.ui.app.window_pages import WindowPages
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.guards import WHEEL_FIELDS_SHEET, WheelGuard
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.icons import Icons
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.common.theme import apply_theme, make_theme, os_prefers_dark, stylesheet

if TYPE_CHECKING:  # the data layer and the pages that need it load in step 2
    import argparse

    from homesupport.services.context import Services
    from homesupport.services.store import BackupFile, Store
    from homesupport.services.unlock import FoundKey
    from homesupport.ui.app.auto_backup import AutoBackup
    from homesupport.ui.app.client_side import ClientSide
    from homesupport.ui.app.one_app import Listener
    from homesupport.ui.app.statistics_side import StatisticsSide
    from homesupport.ui.start.setup_wizard import SetupWizard

log = logging.getLogger(__name__)
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
        key_ahead: Callable[[], FoundKey | None] | None = None,
        dialogs: Dialogs | None = None,
    ) -> None:
        """``context``: what every service needs (``app.py`` reads it); ``dialogs``: the file
        choosers and questions (tests answer them)."""
        self.app = app
        self.dialogs = dialogs or Dialogs()
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
        self.opening = StoreOpening(
            context,
            language=lambda: self.language,
            backups_to_keep=lambda: self.preferences.backups_to_keep,
            describe=self.describe,
            before_dialog=self.ready_to_show,
            app_icon=lambda: self.icons.app_icon(),
            tell=_tell,
            key_ahead=key_ahead,
        )
        self._attach_window: Callable[[], ClientSide] | None = None
        self._desk: GuideDesk | None = None
        self.window: MainWindow | None = None
        self.auto_backup: AutoBackup | None = None
        self.client_side: ClientSide | None = None  # made with the first window
        self.statistics: StatisticsSide | None = None  # made with each window
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

    def ready_to_show(self) -> None:
        """The first window (or a dialog before it) is built and about to show.

        Sets the stylesheet, once: widgets made while a sheet is set are styled one by one as
        they are built, and again as they move into their page; setting it over the finished
        window styles each once, a twentieth of the app's start."""
        if not self._shown:
            self._shown = True
            self.app.setStyleSheet(self._sheet)

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
        if self.opening.unlocked and (profile := self.store.profile()) is not None:
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
        """Step 1: the key, and the first screen (:class:`StoreOpening`)."""
        return self.opening.unlock()

    @property
    def store(self) -> Store:
        return self.opening.store

    @property
    def services(self) -> Services:
        return self.opening.services

    def describe(self, error: Exception) -> str:
        return self.explain(error) or error_text(error)

    def setup_wizard(self) -> SetupWizard:
        """First start (or a setup never finished): the wizard, not yet shown."""
        from homesupport.services.idle_lock import IdleLock
        from homesupport.ui.start.setup_wizard import SetupWizard

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
        return self.opening.needs_setup()

    # --- the window -------------------------------------------------------------------------
    def build_window(self) -> MainWindow:
        """The window with its sessions page; the rest is attached once the store is open
        (at once when it already is, else by :meth:`finish_start` or a page that needs it)."""
        kit = self.kit()
        old = self.window
        status = StatusBar(self.today)
        window = MainWindow(status, self.icons.app_icon())
        if old is not None:  # a restore, another language: a whole new set of services
            self.opening.renew()
        pages = WindowPages(self, window, kit, status)
        pages.add()
        self._attach_window = pages.attach
        self._desk = pages.desk
        self.tasks.busy_changed.connect(status.set_busy)
        window.add_close_guard(self._may_close)
        self.window = window
        self.ready_to_show()
        if self.opening.is_open:
            pages.attach()
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
        from homesupport.ui.app.one_app import Listener

        if self._listener is None:
            self._listener = Listener(self.paths.data_dir, self.handed_over)
            if not self._listener.listen():
                log.warning("another app answers on this data; this one does not listen")

    def handed_over(self, link: str | None) -> None:
        """A second start on this data ended here (ui/second_start.py)."""
        from homesupport.ui.app.second_start import handed_over

        handed_over(self, link)

    def open_enrol_link(self, link: str) -> None:
        from homesupport.ui.app.second_start import open_enrol_link

        open_enrol_link(self, link)

    def _prepare_first_form(self) -> None:
        """What the first session form needs (its widgets, the guide library its picker
        suggests from), loaded while the person looks at the window, not when they press
        "New session"."""
        import homesupport.ui.sessions.form  # noqa: F401

        if self._desk is not None:
            self._desk.library  # noqa: B018

    def client_side_for(self, services: Services) -> ClientSide:
        """The client side, made with the first window that has the store open."""
        if self.client_side is None:
            from homesupport.ui.app.client_side import ClientSide

            self.client_side = ClientSide(
                self.app,
                services,
                self.tasks,
                lambda: self.preferences,
                self._save_preferences,
            )
        return self.client_side

    def auto_backed_up(self, backup: BackupFile) -> None:
        if self.window is not None:
            self.window.status.set_last_backup(backup.created)

    def auto_backup_failed(self, error: Exception) -> None:
        if self.window is not None:
            self.window.status.saved.setText(
                _("Saved · the automatic backup failed: {reason}").format(
                    reason=self.describe(error)
                )
            )

    def restored(self, safety: BackupFile) -> None:
        from homesupport.ui.settings.page import SettingsPage

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
        self.opening.close()


def _tell(parent: QWidget | None, text: str) -> None:
    """A problem the person must read before going on. Message boxes load on first use: most
    starts never show one."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, "HomeSupport", text)


def launch_gui(
    args: argparse.Namespace,
    context: ServiceContext,
    explain: Explain | None = None,
    key_ahead: Callable[[], FoundKey | None] | None = None,
) -> int:
    from homesupport.logs import LOG_FILE, configure_logging
    from homesupport.ui.app.unexpected import UnexpectedErrors

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
