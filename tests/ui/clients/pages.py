"""Building the client-side pages with real services, as ui/client_side.py does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from homesupport.ui.clients.erasure import Erasures
from homesupport.ui.clients.model import ClientColumn
from homesupport.ui.clients.page import ClientsPage
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.follow_ups.page import FollowUpsPage
from homesupport.ui.sessions.form import session_form_opener


def clients_page(qtbot, services, kit, tasks) -> ClientsPage:
    erasures = Erasures(services.privacy, services.clock, tasks)
    page = ClientsPage(
        services.clients,
        services.sessions,
        services.access,
        erasures,
        tasks,
        kit,
        lambda: services.clock().date(),
        lambda slug: f"Guide {slug}",
        open_session_form=session_form_opener(services.sessions, kit, services.clients),
    )
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def follow_ups_page(qtbot, services, kit, tasks: Tasks | None = None) -> FollowUpsPage:
    page = FollowUpsPage(
        services.follow_ups,
        services.clients,
        services.sessions,
        kit,
        tasks or Tasks(),
        open_session_form=session_form_opener(services.sessions, kit, services.clients),
    )
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.page_shown()  # as the main window does when the page comes into view
    return page


def labels(page: ClientsPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, ClientColumn.CLIENT)) for row in range(model.rowCount())]


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as a person presses it: into the focused widget of the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(QApplication.focusWidget() or window, key, modifier)
    QApplication.processEvents()
