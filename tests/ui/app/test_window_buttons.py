"""The window's flows as a person runs them: each by pressing the real button, the file and
question dialogs answered through the seam (tests/ui/answers.py), a modal dialog typed into
from inside its own event loop, and the result read back from where it landed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pypdf import PdfReader
from PySide6.QtTest import QTest

from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session, SessionFilter
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.connect_dialog import ConnectDialog
from tests.ui.answers import Answers, WhenModal, forget_dialogs


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def gui(qtbot, qapp, data_dir, clock, memory_keyring, answers) -> Iterator[Gui]:
    app = Gui(
        qapp,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language="en",
        dark=False,
        dialogs=answers,
    )
    assert app.unlock()
    app.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    app.build_window().show()  # closed below: a restore replaces it
    yield app
    if app.window is not None:
        app.window.close()
    app.close()
    forget_dialogs()


def test_settings_prints_the_recovery_sheet_where_the_person_chose(
    gui, answers, tmp_path, monkeypatch
):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    gui.window.show_page("settings")
    settings = gui.window.page("settings")
    chosen = tmp_path / "Documents" / "my key.pdf"
    chosen.parent.mkdir()
    answers.paths.append(chosen)
    settings.print_button.click()
    assert answers.asked == [("save", "Save the recovery sheet")]
    assert answers.shown_files == [chosen]  # opened to print
    text = "".join(page.extract_text() for page in PdfReader(chosen).pages)
    assert all(group in text for group in gui.store.recovery_key_text().split("-"))
    assert "Aino Tukija" in text
    assert not list(work.iterdir()) and not list(tmp_path.rglob("False*"))


def test_cancelling_the_recovery_sheet_writes_nothing(gui, answers, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gui.window.show_page("settings")
    gui.window.page("settings").print_button.click()
    assert answers.asked == [("save", "Save the recovery sheet")]
    assert answers.shown_files == [] and not list(tmp_path.glob("*.pdf"))
    assert not list(tmp_path.rglob("False*"))


def test_save_a_copy_then_restore_it_from_the_file(qtbot, gui, answers, clock, tmp_path):
    window = gui.window
    sessions = window.page("sessions")
    sessions._service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    window.show_page("settings")
    settings = window.page("settings")
    copy = tmp_path / "usb" / "copy.hsbackup"
    copy.parent.mkdir()
    answers.paths.append(copy)
    settings.copy_button.click()
    qtbot.waitUntil(lambda: settings.notice.isVisible() and settings.copy_button.isEnabled())
    assert settings.notice.text.text() == f"Copy saved to {copy}."
    assert copy.stat().st_size > 0

    sessions._service.save(Session(date=clock().date(), minutes=60, mode="phone", programme="home"))
    clock.advance(minutes=5)
    answers.paths.append(copy)
    answers.yes.append(True)
    settings.restore_file_button.click()
    assert answers.asked[-2:] == [
        ("open", "Restore from a backup file"),
        ("ask", "Restore a backup"),
    ]
    qtbot.waitUntil(lambda: gui.window is not window)  # rebuilt on the restored data
    assert gui.window.page("sessions")._service.count(SessionFilter()) == 1


def test_restore_asks_first_and_no_changes_nothing(qtbot, gui, answers, clock):
    window = gui.window
    window.show_page("settings")
    settings = window.page("settings")
    settings.backup_button.click()
    qtbot.waitUntil(lambda: settings.backup_table.rowCount() == 1)
    settings.backup_table.selectRow(0)
    answers.yes.append(False)
    settings.restore_button.click()
    assert answers.asked == [("ask", "Restore a backup")]
    assert gui.window is window and not gui.tasks.busy


def _type_code(url: str, code: str):
    def act(dialog: ConnectDialog) -> None:
        dialog.server.clear()
        QTest.keyClicks(dialog.server, url)
        QTest.keyClicks(dialog.code, code)
        dialog.connect_button.click()

    return act


def test_connect_from_settings_with_a_code(qtbot, gui, coordinator):
    gui.window.show_page("settings")
    settings = gui.window.page("settings")
    assert settings.connect_button.isVisible() and settings.connect_button.text() == "Connect…"
    assert "Not connected" in settings.coordinator_state.text()
    modal = WhenModal(ConnectDialog, _type_code(coordinator.url, coordinator.new_code()))
    settings.connect_button.click()  # returns once the dialog has connected
    assert len(modal.seen) == 1
    connection = gui.statistics.runner.service.connection()
    assert connection is not None and connection.server == coordinator.url
    assert settings.coordinator_state.text().startswith(f"Connected to {coordinator.url}.")
    assert settings.connect_button.text() == "Connect again…"
    assert settings.notice.text.text() == "Connected. Closed months are sent in the background."


def test_connect_from_statistics_in_the_window_sends_last_month(qtbot, gui, clock, coordinator):
    window = gui.window
    last_month = clock().date().replace(day=1) - dt.timedelta(days=1)
    window.page("sessions")._service.save(
        Session(date=last_month, minutes=45, mode="home_visit", programme="home")
    )
    window.show_page("statistics")
    page = window.page("statistics")
    modal = WhenModal(ConnectDialog, _type_code(coordinator.url, coordinator.new_code()))
    with qtbot.waitSignal(gui.statistics.runner.finished, timeout=20_000):
        page.connect_button.click()
    assert len(modal.seen) == 1 and page.connect_button.text() == "Connect again…"
    period = f"{last_month:%Y-%m}"
    qtbot.waitUntil(
        lambda: any(r.period == period for r in gui.statistics.reports.receipts()), timeout=20_000
    )


def test_a_cancelled_connect_dialog_changes_nothing(qtbot, gui):
    gui.window.show_page("statistics")
    page = gui.window.page("statistics")
    modal = WhenModal(ConnectDialog, lambda dialog: dialog.reject())
    page.connect_button.click()
    assert len(modal.seen) == 1 and gui.statistics.runner.service.connection() is None
    assert page.connect_button.text() == "Connect to a coordinator…"
