"""Every visible, enabled button and action of the window, on every page and in every dialog
it opens, pressed once through its real signal. pytest-qt fails the test on any exception in
a slot; file choosers and questions are answered "cancel" through the seam
(tests/ui/answers.py), and a dialog that runs its own event loop is walked and closed from
inside it, so nothing blocks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QWidget,
)

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.clients import ClientService
from homesupport.services.demo import demo_clients, demo_sessions, link_demo_clients
from homesupport.ui.launch import Gui
from tests.ui.answers import Answers, forget_dialogs

# Pressed after the others in a dialog, in this order: each may close it.
CLOSING = (("Save", "OK", "Connect", "Print", "Move"), ("Cancel", "Close"))
MAX_DEPTH = 3  # a dialog opened from a dialog opened from a dialog is walked; deeper, closed


class Walker:
    """``settle`` waits for the background work a press started (a backup disables the other
    backup buttons until it has finished)."""

    def __init__(self, settle: Callable[[], None]) -> None:
        self._settle = settle
        self.pressed: list[str] = []  # "where: what", in order
        self.dialogs: list[str] = []  # class names of the dialogs walked
        self._done: set[QObjectKey] = set()
        self._depth = 0
        self._timer = QTimer()
        self._timer.setInterval(25)
        self._timer.timeout.connect(self._modal)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    # --- dialogs ----------------------------------------------------------------------------
    def _modal(self) -> None:
        """A dialog that runs its own event loop (exec) is walked from inside that loop."""
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and key(dialog) not in self._done:
            self.walk_dialog(dialog)

    def _opened(self) -> None:
        """Dialogs shown with open() (not blocking): walked right after the press."""
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, QDialog)
                and shiboken6.isValid(widget)
                and widget.isVisible()
                and key(widget) not in self._done
            ):
                self.walk_dialog(widget)

    def walk_dialog(self, dialog: QDialog) -> None:
        self._done.add(key(dialog))
        self.dialogs.append(type(dialog).__name__)
        if self._depth < MAX_DEPTH:
            self._depth += 1
            try:
                self.press_all(type(dialog).__name__, dialog)
            finally:
                self._depth -= 1
        if shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()

    # --- pressing ---------------------------------------------------------------------------
    def press_all(self, where: str, root: QWidget) -> int:
        """Returns how many were pressed this time."""
        before = len(self.pressed)
        for view in root.findChildren(QAbstractItemView):  # Edit, Delete… need a row
            model, chosen = view.model(), view.selectionModel()
            if model is not None and model.rowCount() and not chosen.hasSelection():
                view.setCurrentIndex(model.index(0, 0))  # the view's own way: a row or a cell
        # One at a time, looking again after each press: a press may show others (a client's
        # history opened from the list) or close the dialog.
        while shiboken6.isValid(root) and (waiting := self._waiting(root)):
            self.press(where, waiting[0])
        for action in root.findChildren(QAction):
            if shiboken6.isValid(action) and action.isVisible() and action.isEnabled():
                self.pressed.append(f"{where}: action {action.text() or action.toolTip()}")
                action.trigger()
                self._opened()
        for tabs in root.findChildren(QTabWidget):  # what the other tabs hold
            for index in range(tabs.count()):
                if shiboken6.isValid(tabs) and tabs.isVisible():
                    tabs.setCurrentIndex(index)
                    self.press_each(where, tabs.widget(index).findChildren(QAbstractButton))
        return len(self.pressed) - before

    def _waiting(self, root: QWidget) -> list[QAbstractButton]:
        return sorted(
            (b for b in root.findChildren(QAbstractButton) if self._pressable(b)),
            key=_closing_rank,
        )

    def _pressable(self, button: QAbstractButton) -> bool:
        return (
            shiboken6.isValid(button)
            and key(button) not in self._done
            and button.isVisible()
            and button.isEnabled()
        )

    def press_each(self, where: str, buttons: Iterable[QAbstractButton]) -> None:
        for button in buttons:
            self.press(where, button)

    def press(self, where: str, button: QAbstractButton) -> None:
        if not self._pressable(button):
            return
        self._done.add(key(button))
        self.pressed.append(f"{where}: {_name(button)}")
        button.click()
        self._settle()
        self._opened()


QObjectKey = int
_KEPT: list[object] = []  # the wrappers keyed, kept so that no id is used twice


def key(widget: object) -> QObjectKey:
    """Not the C++ address: a page made later may reuse a deleted dialog's."""
    _KEPT.append(widget)
    return id(widget)


def _name(button: QAbstractButton) -> str:
    return button.text() or button.accessibleName() or button.toolTip() or type(button).__name__


def _closing_rank(button: QAbstractButton) -> float:
    """Pressed in this order: the others; one that erases or deletes what they act on; one
    that closes the dialog; one that goes back to a list."""
    if button.shortcut() == QKeySequence("Alt+Left"):
        return len(CLOSING) + 1
    name = _name(button)
    for rank, names in enumerate(CLOSING, 1):
        if name.startswith(names):
            return rank
    if isinstance(button.parent(), QDialogButtonBox):
        return len(CLOSING)
    return 0.5 if button.property("role") == "danger" else 0


@pytest.fixture
def gui(qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    answers = Answers()
    app = Gui(qapp, Paths.resolve(data_dir), clock, language="en", dark=False, dialogs=answers)
    assert app.unlock()
    store = app.store
    store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    today = clock().date()
    clients = ClientService(store.session_factory, app.codes, app.municipalities, clock)
    stored = [clients.save(client) for client in demo_clients(4, 1, today)]
    sessions = list(demo_sessions(app.codes, 60, 1, today, {}))
    window = app.build_window()
    window.page("sessions")._service.add_many(link_demo_clients(sessions, stored, 1, today))
    window.resize(1366, 728)
    window.show()
    yield app
    if app.window is not None:
        app.window.close()
    app.close()
    forget_dialogs()


# The offscreen platform cannot raise windows or grab the keyboard for a popup (the calendar's
# month menu): it says so, and that is all.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_button_of_every_page_and_dialog(qtbot, gui):
    window = gui.window

    walker = Walker(lambda: qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000))
    try:
        for page_key in list(window.navigation.buttons):
            window.show_page(page_key)
            page = window.page(page_key)
            if page_key == "guides":  # the library loads in the background
                qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)  # noqa: B023
            # Again while presses show more: a client's history opened from the list, its
            # buttons, then the list again with a client selected.
            for _round in range(4):
                if not walker.press_all(page_key, page):
                    break
            if page_key == "clients":  # the erasure pressed last closed the client's history
                page.open_button.click()
                assert page.stack.currentWidget() is page.history
                walker.press(page_key, page.history.back_button)
                assert page.stack.currentIndex() == 0
            qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)
            assert gui.window is window  # nothing rebuilt the window (a restore, a language)
        walker.press_all("window", window.statusBar())
        walker.press_each("navigation", window.navigation.buttons.values())
        qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)
    finally:
        walker.stop()
    pressed = "\n".join(walker.pressed)
    for expected in (
        "sessions: Import…",
        "sessions: Export…",
        "sessions: New session",
        "guides: Booklet…",
        "guides: New guide",
        "guides: Edit",
        "guides: Export…",
        "guides: Save as PDF…",
        "GuideEditor: Save guide",
        "statistics: Save as file…",
        "settings: Restore from file…",
        "settings: Restore selected…",
        "settings: Save a copy…",
        "settings: Print the recovery sheet…",
        "settings: Connect…",
        "statistics: Connect to a coordinator…",
        "clients: New client",
        "clients: Open",
        "clients: Edit…",
        "clients: New session for this client",
        "clients: Export data…",
        "clients: Erase client…",
        "clients: All clients",
        "SessionForm: ",
        "GuideEditor: ",
        "BookletDialog: ",
        "ConnectDialog: Connect",
    ):
        assert f"\n{expected}" in f"\n{pressed}", (expected, pressed)
    assert {"SessionForm", "ConnectDialog", "AboutDialog", "GuideEditor", "BookletDialog"} <= set(
        walker.dialogs
    ), walker.dialogs
    assert len(walker.pressed) > 80
    answers = gui.dialogs
    assert isinstance(answers, Answers)
    kinds = {kind for kind, _title in answers.asked}
    assert {"save", "open", "folder", "ask", "run"} <= kinds  # asked, and cancelled
