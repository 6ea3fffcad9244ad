import threading

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QPushButton


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot, tasks):
    busy = []
    tasks.busy_changed.connect(lambda on, text: busy.append((on, text)))
    gui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(result):
        seen["done"] = threading.get_ident()
        seen["result"] = result

    tasks.run(work, done, label="Counting…")
    assert tasks.busy
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker"] != gui_thread and seen["done"] == gui_thread
    assert busy == [(True, "Counting…"), (False, "")]
    assert not tasks.busy


def test_an_error_is_handed_to_the_gui_thread(qtbot, tasks):
    errors = []

    def work():
        raise OSError(28, "No space left on device")

    tasks.run(work, lambda _r: errors.append("no error?"), errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], OSError) and errors[0].errno == 28


class _Dialog(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.button = QPushButton("Connect", self)
        self.heard: list[object] = []

    def failed(self, error: Exception) -> None:
        self.button.setEnabled(True)  # a deleted button would raise here
        self.heard.append(error)


def test_a_dialog_closed_while_its_job_runs_hears_nothing_back(qtbot, tasks):
    """Closing a dialog (Esc) while its job runs deletes it; the job's answer must not reach
    its widgets, nor the error path, which would show "Something went wrong"."""
    release = threading.Event()
    dialog = _Dialog()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    qtbot.waitExposed(dialog)
    unexpected = []
    tasks.unexpected = unexpected.append  # the default error path must stay quiet too

    def work():
        release.wait(5)
        raise ConnectionError("the coordinator went away")

    tasks.run(work, None, dialog.failed)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    destroyed = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    qtbot.waitUntil(lambda: bool(destroyed))
    release.set()
    qtbot.waitUntil(lambda: not tasks.busy)
    assert unexpected == []


def test_an_open_dialog_still_hears_its_jobs_error(qtbot, tasks):
    dialog = _Dialog()
    qtbot.addWidget(dialog)

    def work():
        raise ConnectionError("refused")

    tasks.run(work, None, dialog.failed)
    qtbot.waitUntil(lambda: len(dialog.heard) == 1)
