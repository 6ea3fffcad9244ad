"""The walk through the window that the button and shortcut tests share: a window filled with
demo clients and sessions, and a :class:`Walker` that presses every visible, enabled button
and action of a page or dialog through its real signal, walking each dialog a press opens."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

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
from homesupport.services.context import ServiceContext
from homesupport.services.demo import demo_clients, demo_sessions, link_demo_clients
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.tasks import Changed
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
        popup = QApplication.activePopupWidget()
        if popup is not None:  # a menu a press opened (the calendar's months) runs its own loop
            popup.close()
            return
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
        choose_rows(root)
        # One at a time, looking again after each press: a press may show others (a client's
        # history opened from the list) or close the dialog.
        while shiboken6.isValid(root) and (waiting := self._waiting(root)):
            self.press(where, waiting[0])
        if not shiboken6.isValid(root):  # a question deleted once answered
            return len(self.pressed) - before
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


def choose_rows(root: QWidget) -> None:
    """Edit, Delete… need a row: the first of each list that has none chosen is."""
    for view in root.findChildren(QAbstractItemView):
        model, chosen = view.model(), view.selectionModel()
        if model is not None and model.rowCount() and not chosen.hasSelection():
            view.setCurrentIndex(model.index(0, 0))  # the view's own way: a row or a cell


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


@contextmanager
def demo_window(qapp, data_dir, clock, language: str = "en") -> Iterator[Gui]:
    """The app unlocked, its window shown at 1366×728 with 4 clients and 60 sessions."""
    answers = Answers()
    app = Gui(
        qapp,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language=language,
        dark=False,
        dialogs=answers,
    )
    assert app.unlock()
    store = app.store
    store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    today = clock().date()
    clients = ClientService(store.session_factory, app.codes, app.municipalities, clock)
    stored = [clients.save(client) for client in demo_clients(4, 1, today)]
    sessions = list(demo_sessions(app.codes, 60, 1, today, {}))
    window = app.build_window()
    window.page("sessions")._service.add_many(link_demo_clients(sessions, stored, 1, today))
    app.tasks.notify(Changed.SESSIONS | Changed.CLIENTS)  # stored behind the pages' backs
    window.resize(1366, 728)
    window.show()
    try:
        yield app
    finally:
        if app.window is not None:
            app.window.close()
        app.close()
        forget_dialogs()
