"""The app for tests/ui/app/test_atspi.py: the main window with demo data, run from the venv under
a private D-Bus session and Xvfb, so a screen reader's view of it (AT-SPI) can be read from
another process. Prints "ready" once the window is painted; quits after a while on its own.

Usage: python -m tests.ui.atspi_app DATA_DIR
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.clients import ClientService
from homesupport.services.context import ServiceContext
from homesupport.services.demo import demo_clients, demo_sessions, link_demo_clients
from homesupport.services.sessions import SessionService
from homesupport.ui.app.launch import Gui
from tests.fakes import MemoryKeyring
from tests.ui.answers import Answers

LIFETIME_MS = 60_000  # never outlives a test that forgot it


class _Clock:
    def __call__(self) -> dt.datetime:
        return dt.datetime(2026, 11, 20, 14, 30)


def main(data_dir: Path) -> None:
    keyring.set_keyring(MemoryKeyring())
    app = QApplication(["homesupport", "-style", "Fusion"])
    clock = _Clock()
    gui = Gui(
        app,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language="en",
        dark=False,
        dialogs=Answers(),
    )
    if not gui.unlock():
        raise SystemExit("could not open the store")
    gui.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    today = clock().date()
    clients = ClientService(gui.store.session_factory, gui.codes, gui.municipalities, clock)
    stored = [clients.save(client) for client in demo_clients(4, 1, today)]
    sessions = list(demo_sessions(gui.codes, 20, 1, today, {}))
    service = SessionService(gui.store.session_factory, gui.codes, gui.municipalities, clock)
    service.add_many(link_demo_clients(sessions, stored, 1, today))
    window = gui.build_window()
    window.resize(1366, 728)

    table = window.page("sessions").table

    def ready() -> None:  # the sessions may load after the first frame
        if table.isVisible() and table.model().rowCount():
            print("ready", flush=True)
        else:
            QTimer.singleShot(50, ready)

    window.first_painted.connect(ready)
    window.show()
    QTimer.singleShot(LIFETIME_MS, app.quit)
    app.exec()
    gui.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
