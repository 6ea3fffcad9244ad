"""The main window's pages: which there are, in which order, and what each is made of.

The sessions page is made with the window, over stand-ins for its services (the store opens
after the first frame, ui/deferred.py); every other page is made on first view. Once the
store is open, :meth:`WindowPages.attach` wires in the rest: the client side, the
statistics and the background sender, the status bar's backup line and the daily
backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from homesupport.i18n import _
from homesupport.ui.app.deferred import deferred
from homesupport.ui.app.main_window import MainWindow
from homesupport.ui.app.status import StatusBar
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.sessions.page import SessionsPage

if TYPE_CHECKING:
    from homesupport.services.clients import ClientService
    from homesupport.services.sessions import SessionService
    from homesupport.services.transfer import TransferService
    from homesupport.ui.app.client_side import ClientSide
    from homesupport.ui.app.launch import Gui
    from homesupport.ui.settings.page import SettingsPage


class WindowPages:
    """The pages of one window of ``gui``."""

    def __init__(self, gui: Gui, window: MainWindow, kit: Kit, status: StatusBar) -> None:
        self.gui = gui
        self.window = window
        self.kit = kit
        self.status = status
        self._client_side: ClientSide | None = None
        # The services are made with the store, after the first frame: until then the pages
        # hold stand-ins that wait for them.
        self.sessions: SessionService = deferred(lambda: gui.services.sessions)
        self.clients: ClientService = deferred(lambda: gui.services.clients)
        # One guide desk for the Guides page and every session form's picker.
        clients = self.clients
        self.desk = GuideDesk(
            lambda: gui.services.guides,
            gui.tasks,
            profile_provider=lambda: gui.store.profile(),
            client_search=lambda text: [(c.client.nickname, c.label) for c in clients.search(text)],
            open_choices=lambda: gui.services.guide_choices,
        )
        glance = gui.opening.take_glance()

        def transfer() -> TransferService:
            return gui.services.transfer  # on first use: the spreadsheet library loads slowly

        # What the pages keep (their makers, their signals' slots) refers to the app, not to
        # this object: a retired window must not stay alive through it.
        self.sessions_page = SessionsPage(
            self.sessions,
            transfer,
            gui.tasks,
            kit,
            gui.today,
            clients=self.clients,
            guides=self.desk,
            first=(glance.newest, glance.total) if glance is not None else None,
        )

    def add(self) -> None:
        """Every page's button, in the window's order; the settings at the bottom."""
        icons, window = self.gui.icons, self.window
        window.add_page("sessions", _("Sessions"), icons.get("sessions"), self.sessions_page)
        # Clients and follow-ups (ui/app/client_side.py); pages made on first view.
        window.add_page(
            "clients", _("Clients"), icons.get("clients"), lambda: self.attach().page("clients")
        )
        window.add_page(
            "follow_ups",
            _("Follow-ups"),
            icons.get("followups"),
            lambda: self.attach().page("follow_ups"),
        )
        window.add_page("guides", _("Guides"), icons.get("guides"), self._guides_page)
        # Statistics and background sending to the coordinator (ui/app/statistics_side.py).
        window.add_page("statistics", _("Statistics"), icons.get("statistics"), self._statistics)
        window.add_page(
            "settings", _("Settings"), icons.get("settings"), self._settings_page, bottom=True
        )

    def _guides_page(self) -> QWidget:
        from homesupport.ui.guides.page import GuidesPage  # the PDF viewer loads slowly

        return GuidesPage(self.desk, self.kit, self.gui.today)

    def _statistics(self) -> QWidget:
        self.attach()
        assert self.gui.statistics is not None
        return self.gui.statistics.page

    def _settings_page(self) -> SettingsPage:
        from homesupport.ui.settings.page import SettingsPage

        gui = self.gui
        client_side = self.attach()
        settings = SettingsPage(
            gui.store,
            gui.tasks,
            self.kit,
            gui.preferences,
            gui.today,
            on_language=gui.set_language,
            on_text_scale=gui.set_text_scale,
            privacy_card=client_side.privacy_card(),
            sync=gui.statistics.runner if gui.statistics else None,
            default_server=gui.preferences.coordinator_url,
        )
        status = self.status
        settings.backed_up.connect(lambda b: status.set_last_backup(b.created))
        settings.restored.connect(gui.restored)
        return settings

    # --- once the store is open -----------------------------------------------------------
    def attach(self) -> ClientSide:
        """The rest of the window, once (opening the store when it is not yet open)."""
        if self._client_side is None:
            self._client_side = self._attach()
        return self._client_side

    def _attach(self) -> ClientSide:
        from homesupport.ui.app.auto_backup import AutoBackup
        from homesupport.ui.app.statistics_side import StatisticsSide

        gui = self.gui
        store, services = gui.store, gui.services
        self.sessions_page.count()
        latest = store.backups.latest()
        self.status.set_last_backup(latest.created if latest else None)
        client_side = gui.client_side_for(services)
        client_side.attach(self.window, self.kit, services, guides=self.desk)
        if gui.statistics is not None:
            gui.statistics.stop(wait=False)
        gui.statistics = StatisticsSide(
            services,
            self.kit,
            gui.preferences.coordinator_url,
            self.status,
            gui.app,
            desk=self.desk,
        )
        if gui.auto_backup is None:
            gui.auto_backup = AutoBackup(store, gui.tasks, gui.app)
            gui.auto_backup.backed_up.connect(gui.auto_backed_up)
            gui.auto_backup.failed.connect(gui.auto_backup_failed)
        return client_side
