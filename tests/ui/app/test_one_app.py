"""One running app per data folder: a second `homesupport` process, with or without an enrol
link, hands over to the running window and ends with 0; a crashed app's socket never blocks."""

import os
import socket
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.store import open_store
from homesupport.ui.app.launch import Gui
from homesupport.ui.app.one_app import Listener, hand_over, server_name
from homesupport.ui.common.connect_dialog import ConnectDialog

LINK = "homesupport://enrol?server=https%3A%2F%2Fstats.example.fi&code=K7QF-2MXD"
unix_only = pytest.mark.skipif(sys.platform == "win32", reason="a stale socket file is Unix's")
# Qt's offscreen screen cannot raise a window; a desktop's can.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")


@pytest.fixture
def running(qapp, qtbot, data_dir, clock, memory_keyring):
    """The app running on ``data_dir`` in this process, past the second step of its start."""
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    store.close()
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert gui.unlock()
    window = gui.open_window()
    qtbot.waitUntil(lambda: gui._listener is not None, timeout=20_000)
    yield gui
    window.retire()
    gui.close()


def _second_start(qtbot, data_dir, *arguments: str) -> subprocess.CompletedProcess:
    """The `homesupport` command started again on the same data, as a real process; this
    process's event loop keeps running meanwhile, as the running app's does."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HOMESUPPORT_KEY_FILE", None)  # were it not handed over, it would ask for a key
    command = [sys.executable, "-m", "homesupport", *arguments, "--data-dir", str(data_dir)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    finally:
        if process.poll() is None:
            process.kill()
    out, err = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _answer_connect_dialog(seen: list[str]) -> QTimer:
    """Watches for the modal connect dialog, notes the code field, and cancels it."""
    timer = QTimer()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ConnectDialog):
            seen.append(dialog.code.text())
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

    timer.timeout.connect(look)
    timer.start(20)
    return timer


def test_an_enrol_link_opened_while_the_app_runs_opens_its_connect_dialog(qtbot, data_dir, running):
    window = running.window
    assert window.current_key() == "sessions"
    seen: list[str] = []
    watcher = _answer_connect_dialog(seen)
    started = time.perf_counter()
    done = _second_start(qtbot, data_dir, LINK)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert time.perf_counter() - started < 30  # it ended, no second window waiting
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    watcher.stop()
    assert seen == [LINK]
    assert window.current_key() == "statistics"


def test_a_second_start_brings_the_running_window_back(qtbot, data_dir, running):
    window = running.window
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    done = _second_start(qtbot, data_dir)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible())
    assert QApplication.activeModalWidget() is None  # no connect dialog without a link


def test_nothing_runs_and_the_start_goes_on(data_dir):
    data_dir.mkdir()
    assert not hand_over(data_dir, None)


@unix_only
def test_a_crashed_apps_socket_neither_blocks_the_start_nor_the_hand_over(
    qapp, qtbot, data_dir, clock, memory_keyring
):
    data_dir.mkdir()
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(server_name(data_dir))  # bound, then closed without removing: a crash's trace
    stale.close()
    assert os.path.exists(server_name(data_dir))
    assert not hand_over(data_dir, LINK)  # nobody answers: this start goes on
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    store.close()
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert gui.unlock()
    window = gui.open_window()
    try:
        qtbot.waitUntil(lambda: gui._listener is not None, timeout=20_000)
        assert gui._listener.server.isListening()  # it took the name over
        done = _second_start(qtbot, data_dir)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    finally:
        window.retire()
        gui.close()


def test_the_name_says_nothing_of_the_user_or_folder(tmp_path):
    folder = tmp_path / "Aino Virtanen" / "HomeSupport"
    name = server_name(folder)
    assert "Aino" not in name and "HomeSupport" not in name
    assert os.path.basename(name).startswith("homesupport-")
    assert server_name(folder) == name != server_name(tmp_path / "other")


def test_a_second_listener_leaves_the_running_apps_name_alone(qapp, qtbot, tmp_path):
    heard: list[str | None] = []
    first = Listener(tmp_path, heard.append)
    second = Listener(tmp_path, heard.append)
    try:
        assert first.listen()
        assert not second.listen()
        assert first.server.isListening()
    finally:
        first.close()
        second.close()
