"""No exception disappears: an error nobody handled, in a real slot, a thread or background
work, is logged as its type and frames (never its message) and told once in plain words.

pytest-qt fails a test on an exception in a slot by replacing ``sys.excepthook`` for the
test; these tests turn that off (``qt_no_exception_capture``) to see the app's own hook."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import set_language
from homesupport.logs import LOG_FILE, configure_logging
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui
from homesupport.ui.app.unexpected import UnexpectedErrors
from tests.ui.answers import Answers

SECRET = "Aino Virtanen 131052-308T"  # what an exception's message may carry


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    logger = logging.getLogger("homesupport")
    saved = logger.handlers[:], logger.level, logger.propagate
    configure_logging(tmp_path / "logs")
    yield tmp_path / "logs" / LOG_FILE
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture
def unexpected(qapp, log_file: Path) -> Iterator[UnexpectedErrors]:
    errors = UnexpectedErrors(log_file)
    errors.install()
    yield errors
    errors.uninstall()
    if errors.box is not None and shiboken6.isValid(errors.box):
        errors.box.close()
        errors.box.deleteLater()


@pytest.fixture
def gui(qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    app = Gui(
        qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dialogs=Answers()
    )
    assert app.unlock()
    app.store.save_profile(SupporterProfile(name="Aino Tukija"))
    app.build_window().show()
    yield app
    if app.window is not None:
        app.window.close()
    app.close()


def _fail(*_args: object) -> None:
    raise RuntimeError(SECRET)


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_real_slot_is_logged_without_its_message_and_told_once(
    qtbot, gui, unexpected, log_file, monkeypatch
):
    gui.window.show_page("settings")
    settings = gui.window.page("settings")
    monkeypatch.setattr(gui.store, "save_profile", _fail)  # the disk, say, failing oddly
    settings.save_profile_button.click()
    settings.save_profile_button.click()
    qtbot.waitUntil(lambda: unexpected.box is not None and unexpected.box.isVisible())
    text = log_file.read_text(encoding="utf-8")
    assert text.count("ERROR homesupport.ui.app.unexpected: unexpected error\nRuntimeError\n") == 2
    assert "homesupport/ui/settings/page.py:" in text and " in save_profile\n" in text
    assert "app/test_unexpected.py:" in text and " in _fail\n" in text
    assert "Aino" not in text and "131052" not in text and str(data_dir_of(gui)) not in text
    box = unexpected.box
    assert "Something went wrong. Your data is safe" in box.text()
    assert str(log_file) in box.text()
    assert box.parent() is gui.window  # over the window, not lost behind it
    shown = [w for w in qtbot_top_level_boxes() if w.isVisible()]
    assert shown == [box]  # once, for two errors


def data_dir_of(gui: Gui) -> Path:
    return gui.paths.data_dir


def qtbot_top_level_boxes():
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [w for w in QApplication.allWidgets() if isinstance(w, QMessageBox)]


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_thread_is_told_on_the_gui_thread(qtbot, unexpected, log_file):
    set_language("sv")
    thread = threading.Thread(target=_fail, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: unexpected.box is not None and unexpected.box.isVisible())
    assert unexpected.box.thread() is unexpected.thread()
    assert "Något gick fel" in unexpected.box.text()
    text = log_file.read_text(encoding="utf-8")
    assert "unexpected error\nRuntimeError\n" in text and " in _fail\n" in text
    assert "Aino" not in text


@pytest.mark.qt_no_exception_capture
def test_background_work_without_a_handler_is_not_lost(qtbot, tasks, unexpected, log_file):
    tasks.run(lambda: _fail())
    qtbot.waitUntil(lambda: unexpected.box is not None and unexpected.box.isVisible())
    tasks.wait()
    text = log_file.read_text(encoding="utf-8")
    assert "unexpected error\nRuntimeError\n" in text and "homesupport/ui/common/tasks.py:" in text
    assert "Aino" not in text


def test_log_exception_writes_the_safe_traceback_too(log_file):
    try:
        _fail()
    except RuntimeError:
        logging.getLogger("homesupport.storage").exception("opening the store failed")
    text = log_file.read_text(encoding="utf-8")
    assert "opening the store failed\nRuntimeError\n" in text and " in _fail" in text
    assert "Aino" not in text
