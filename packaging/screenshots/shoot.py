"""Screenshots of the window's pages and of the connect dialog and first-start setup, in one
language, for looking at the screens as a person sees them. Run from the repository root
under a virtual screen of a small laptop:

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots/shoot.py fi OUT

Demo data only, in a temporary folder with an in-memory keyring; nothing of the person's own.
The pictures are of the whole screen, so that a question over its dialog shows as it does."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.clients import ClientService
from homesupport.services.context import ServiceContext
from homesupport.services.demo import demo_clients, demo_sessions, link_demo_clients
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.connect_dialog import ConnectDialog
from tests.fakes import MemoryKeyring

NOW = dt.datetime(2026, 11, 20, 14, 30)


def shoot(out: Path, name: str) -> None:
    QApplication.processEvents()
    QTest.qWait(300)
    screen = QApplication.primaryScreen()
    screen.grabWindow(0).save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def shown(widget: QWidget) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
    QTest.qWait(200)


def setup_steps(app: QApplication, data: Path, language: str, out: Path) -> None:
    gui = Gui(
        app,
        ServiceContext.load(Paths.resolve(data / "fresh"), lambda: NOW),
        language=language,
        dark=False,
    )
    assert gui.unlock()
    wizard = gui.setup_wizard()
    shown(wizard)
    for step in range(wizard.steps.count()):
        if step == 1:
            QTest.keyClicks(wizard.profile_form.name, "Aino Tukija")
        if wizard.steps.currentIndex() == 2 and hasattr(wizard, "stored"):
            wizard.stored.setChecked(True)
        shoot(out, f"setup-{step + 1}")
        if step == 1:
            wizard.cancel.click()  # the question over the wizard
            shoot(out, "setup-discard-question")
            wizard.discard_question.reject()
            QTest.qWait(100)
        if step < wizard.steps.count() - 1:
            wizard.next.click()
    wizard.discard()
    gui.close()


def window_pages(app: QApplication, data: Path, language: str, out: Path) -> None:
    gui = Gui(
        app,
        ServiceContext.load(Paths.resolve(data / "demo"), lambda: NOW),
        language=language,
        dark=False,
    )
    assert gui.unlock()
    store = gui.store
    store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    today = NOW.date()
    clients = ClientService(store.session_factory, gui.codes, gui.municipalities, lambda: NOW)
    stored = [clients.save(client) for client in demo_clients(12, 1, today)]
    sessions = list(demo_sessions(gui.codes, 120, 1, today, {}))
    window = gui.build_window()
    sessions_page = window.page("sessions")
    sessions_page._service.add_many(link_demo_clients(sessions, stored, 1, today))
    sessions_page.reload()  # loaded before the demo sessions were added
    window.resize(1366, 728)
    window.move(0, 0)
    shown(window)
    for key in list(window.navigation.buttons):
        window.navigation.buttons[key].click()
        QTest.qWait(800 if key == "guides" else 300)
        shoot(out, f"page-{key}")
    clients_page = window.page("clients")
    window.navigation.buttons["clients"].click()
    clients_page.table.selectRow(0)
    clients_page.open_button.click()
    shoot(out, "page-client-history")

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConnectDialog):
            QTimer.singleShot(100, in_dialog)
            return
        shoot(out, "connect")
        QTest.keyClicks(dialog.code, "K7QF-2MXD")
        dialog.buttons.rejected.emit()  # as Cancel: the question
        shoot(out, "connect-discard-question")
        dialog.discard()

    window.navigation.buttons["settings"].click()
    QTimer.singleShot(100, in_dialog)
    window.page("settings").connect_button.click()
    window.close()
    gui.close()


def main() -> int:
    language, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary)
        setup_steps(app, data, language, out)
        window_pages(app, data, language, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
