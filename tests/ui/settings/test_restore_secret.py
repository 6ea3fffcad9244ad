"""Restoring, in the window, a backup made from data with another key (another computer):
the window asks for the recovery key or passphrase of that data, says when it does not fit,
and restores with the right one."""

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.store import open_store
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.unlock_dialog import UnlockDialog

PASSPHRASE = "kahvi ja pulla kotikaynnilla"  # typed key by key: QTest types ASCII


def test_the_window_asks_for_the_backups_passphrase_and_restores(
    qtbot, qapp, data_dir, tmp_path, clock, memory_keyring
):
    old = open_store(Paths.resolve(tmp_path / "old-computer"), clock, secret=PASSPHRASE)
    old.save_profile(SupporterProfile(name="Aino from the old laptop"))
    backup = old.backup_to(tmp_path / "usb" / "laptop.hsbackup")
    old.close()

    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    try:
        assert gui.unlock()  # this computer: a random key in its keyring
        gui.store.save_profile(SupporterProfile(name="Aino"))
        window = gui.build_window()
        qtbot.addWidget(window)
        settings = window.page("settings")
        before = gui.services  # made with the settings page (it needs the store)
        seen: list[str] = []

        def type_into_dialog() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, UnlockDialog):
                QTimer.singleShot(20, type_into_dialog)
                return
            seen.append(dialog.windowTitle() + "|" + dialog.ok.text())
            QTest.keyClicks(dialog.secret, "not the passphrase")
            dialog.ok.click()
            seen.append(dialog.error.text() if dialog.error.isVisible() else "no error")
            dialog.secret.clear()
            QTest.keyClicks(dialog.secret, PASSPHRASE)
            dialog.ok.click()

        QTimer.singleShot(0, type_into_dialog)
        settings.restore(backup, "laptop.hsbackup", confirm=False)
        qtbot.waitUntil(lambda: gui.window is not window, timeout=20000)
        assert seen[0] == "HomeSupport|Restore"
        assert "does not open it" in seen[1]
        assert gui.store.profile().name == "Aino from the old laptop"
        assert "pre-restore" in {b.reason for b in gui.store.backups.list()}
        # The new window works with a whole new set of services over the restored data.
        after = gui.services
        assert after is not before and after.store is before.store
        assert after.sessions is not before.sessions and after.sync is not before.sync
        assert gui.statistics is not None and gui.statistics.sync is after.sync
        assert gui.client_side is not None and gui.client_side.clients is after.clients
    finally:
        if gui.window is not None:
            gui.window.close()
        gui.close()
