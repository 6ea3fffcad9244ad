"""Every keyboard shortcut of the window and of each dialog it opens, pressed with real key
events (QTest.keySequence into the focused widget of the active window), the way a person
presses it. The shortcuts are found in the widget tree: QShortcut objects, QAction shortcuts
and button shortcuts (an explicit one such as Alt+Left, or the Alt+letter of a mnemonic).

Each press must do something one can see: a page or dialog opens or closes, the focus
moves, a field, a list or a message changes, or a question or file chooser is asked. pytest-qt
fails the test on any exception in a slot. The dialogs are reached as people reach them, by
the shortcuts and by the buttons of each page (tests/ui/walking.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from homesupport.ui.app.launch import Gui
from homesupport.ui.app.screen_lock import LockScreen
from tests.ui.answers import Answers
from tests.ui.walking import Walker, choose_rows, demo_window

# Typing fields take some keys for themselves (Ctrl+Z undoes typing, Delete deletes a letter):
# a page's shortcut is pressed from a list or button, as a person does.
TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
# Pressed after a dialog's other shortcuts: they save, and so close it.
SAVING = ("Ctrl+S", "Ctrl+Return")


@dataclass(frozen=True)
class Found:
    """A shortcut as the widget tree holds it."""

    sequence: QKeySequence
    owner: QWidget  # the widget it belongs to
    context: Qt.ShortcutContext
    source: QObject  # the QShortcut, QAction or button

    @property
    def keys(self) -> str:
        return self.sequence.toString()


def shortcuts_in(root: QWidget, only_own: bool) -> list[Found]:
    """The enabled shortcuts of ``root`` and its children that stay in root's window (not a
    dialog parented to it). ``only_own``: those of root itself (the window's, not a page's)."""
    found: list[Found] = []
    for shortcut in root.findChildren(QShortcut):
        owner = shortcut.parent()
        if isinstance(owner, QWidget) and shortcut.isEnabled() and not shortcut.key().isEmpty():
            found.append(Found(shortcut.key(), owner, shortcut.context(), shortcut))
    for action in root.findChildren(QAction):
        owner = action.parent()
        if (
            isinstance(owner, QWidget)
            and action.isEnabled()
            and action.isVisible()
            and not action.shortcut().isEmpty()
        ):
            found.append(Found(action.shortcut(), owner, action.shortcutContext(), action))
    for button in root.findChildren(QAbstractButton):
        if not button.shortcut().isEmpty():
            context = Qt.ShortcutContext.WindowShortcut
            found.append(Found(button.shortcut(), button, context, button))
    return [
        f for f in found if f.owner.window() is root.window() and (not only_own or f.owner is root)
    ]


def reachable(found: Found) -> bool:
    """What a person can press now: on a shown widget, enabled."""
    if not shiboken6.isValid(found.source) or not shiboken6.isValid(found.owner):
        return False
    if isinstance(found.source, QAbstractButton):
        return found.source.isVisible() and found.source.isEnabled()
    return found.owner.isVisible()


def focus_target(found: Found) -> QWidget:
    """Where the focus is when the shortcut is pressed: the widget a WidgetShortcut belongs to;
    else a list or button inside its owner (not a typing field), else the window itself."""
    if found.context == Qt.ShortcutContext.WidgetShortcut:
        return found.owner
    area = found.owner if found.context == Qt.ShortcutContext.WidgetWithChildrenShortcut else None
    area = area or found.owner.window()
    for widget in [area, *area.findChildren(QWidget)]:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not isinstance(widget, TYPING)
            and not (isinstance(widget, QComboBox) and widget.isEditable())
        ):
            return widget
    return area


def what_shows(gui: Gui, walker: Walker) -> tuple:
    """What a person sees of the windows, for telling whether a press did anything."""
    answers = gui.dialogs
    assert isinstance(answers, Answers)
    seen: list[object] = [
        gui.window.current_key() if gui.window is not None else None,
        id(QApplication.focusWidget()),
        tuple(sorted(id(w) for w in QApplication.topLevelWidgets() if w.isVisible())),
        len(answers.asked),
        len(answers.shown_files),
        len(walker.dialogs),
    ]
    for window in (w for w in QApplication.topLevelWidgets() if w.isVisible()):
        for widget in window.findChildren(QWidget):
            if widget.isVisible():
                seen.append(_state(widget))
    return tuple(seen)


def _state(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractButton):
        return (widget.text(), widget.isChecked(), widget.isEnabled())
    if isinstance(widget, QCalendarWidget):
        return widget.selectedDate()
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QAbstractItemView):
        model, current = widget.model(), widget.currentIndex()
        rows = model.rowCount() if model is not None else 0
        return (rows, current.row(), current.column())
    if isinstance(widget, (QStackedWidget, QTabWidget)):
        return widget.currentIndex()
    return None


class ShortcutWalker(Walker):
    """On each page: its shortcuts, then its buttons (which open the dialogs that have none);
    in each dialog opened either way: the dialog's shortcuts, then it is closed unsaved."""

    def __init__(self, qtbot, gui: Gui) -> None:
        super().__init__(lambda: qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000))
        self._qtbot, self._gui = qtbot, gui
        self.keys: list[str] = []  # "where: keys", in order
        self.unseen: list[str] = []  # the presses nothing could be seen of
        self._keys_done: set[tuple[str, str]] = set()

    # --- pressing keys ------------------------------------------------------------------------
    def press_keys(
        self, where: str, root: QWidget, only_own: bool = False, backwards: bool = False
    ) -> None:
        """``backwards``: the last found first (Ctrl+1 would show the page already shown)."""
        choose_rows(root)
        found = shortcuts_in(root, only_own)
        found = sorted(found[::-1] if backwards else found, key=lambda f: f.keys in SAVING)
        for shortcut in found:
            if (where, shortcut.keys) in self._keys_done or not reachable(shortcut):
                continue
            self._keys_done.add((where, shortcut.keys))
            self.press_key(where, shortcut)

    def press_key(self, where: str, found: Found) -> None:
        window = found.owner.window()
        window.activateWindow()
        self._qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        target = focus_target(found)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.processEvents()
        answers = self._gui.dialogs
        assert isinstance(answers, Answers)
        if found.keys == "Del":  # the deletion happens, so that Ctrl+Z has it to bring back
            answers.yes.append(True)
        before = what_shows(self._gui, self)
        self.keys.append(f"{where}: {found.keys}")
        QTest.keySequence(target, found.sequence)
        source = found.source
        if isinstance(source, QAbstractButton):  # a button's shortcut clicks it after 100 ms
            self._qtbot.waitUntil(lambda: not shiboken6.isValid(source) or not source.isDown())
        QApplication.processEvents()
        self._settle()
        after = what_shows(self._gui, self)
        answers.yes.clear()
        if after == before:
            self.unseen.append(f"{where}: {found.keys}")
        self._unlock_if_locked()
        self._opened()

    def _unlock_if_locked(self) -> None:
        """Ctrl+L locked the window: the recovery key, typed and entered, opens it again."""
        window = self._gui.window
        screen = window.findChild(LockScreen) if window is not None else None
        if screen is None or not screen.isVisible():
            return
        QTest.keyClicks(screen.secret, self._gui.store.recovery_key_text())
        QTest.keyClick(screen.secret, Qt.Key.Key_Return)
        self._qtbot.waitUntil(lambda: not screen.isVisible())

    # --- pages and dialogs --------------------------------------------------------------------
    def press_all(self, where: str, root: QWidget) -> int:
        if not isinstance(root, QDialog):
            self.press_keys(where, root)
        return super().press_all(where, root)

    def walk_dialog(self, dialog: QDialog) -> None:
        where = type(dialog).__name__
        self._done.add(id(dialog))
        self.dialogs.append(where)
        self._settle()
        rendering = getattr(dialog, "is_rendering", None)  # a booklet prints once it is made
        if callable(rendering):
            self._qtbot.waitUntil(lambda: not rendering(), timeout=20_000)
        self.press_keys(where, dialog)
        if shiboken6.isValid(dialog) and dialog.isVisible():
            discard = getattr(dialog, "discard", None)  # closes a changed form without asking
            discard() if callable(discard) else dialog.reject()


@pytest.fixture(params=["fi", "sv", "en"])
def gui(request, qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    """In each language: the Alt+letter of a button is the translation's."""
    with demo_window(qapp, data_dir, clock, language=request.param) as app:
        yield app


# The offscreen platform cannot raise windows or grab the keyboard for a popup: it says so.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_shortcut_of_the_window_and_its_dialogs(qtbot, gui):
    window = gui.window
    walker = ShortcutWalker(qtbot, gui)
    try:
        walker.press_keys("window", window, only_own=True, backwards=True)  # Ctrl+L, Ctrl+6…1
        for page_key in list(window.navigation.buttons):
            window.navigation.buttons[page_key].click()
            page = window.page(page_key)
            if page_key == "guides":  # the library loads in the background
                qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)  # noqa: B023
                # Del and Ctrl+Z act on one's own guides, not the bundled ones: a copy first.
                page.duplicate_button.click()
            for _round in range(4):  # again while presses show more (a client's history)
                walker.press_keys(page_key, page)
                if not walker.press_all(page_key, page):
                    break
            if page_key == "clients":  # Enter in the list opens a client's history: Alt+Left
                page.table.setFocus()
                QTest.keyClick(page.table, Qt.Key.Key_Return)
                assert page.stack.currentWidget() is page.history
                walker.press_keys(page_key, page)
                assert page.stack.currentIndex() == 0
            qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)
            assert gui.window is window
    finally:
        walker.stop()
    assert not walker.unseen, walker.unseen  # each press did something one can see
    reschedule_letters = [
        k.split(": ")[1] for k in walker.keys if k.startswith("RescheduleDialog: Alt+")
    ]
    assert len(reschedule_letters) == 3, walker.keys  # its three quick choices
    expected = {
        "window": ["Ctrl+L", *(f"Ctrl+{n}" for n in range(6, 0, -1))],
        "sessions": ["Del", "Ctrl+N", "Ctrl+Z", "Ctrl+F"],
        "SessionForm": ["Alt+1", "Alt+2", "Alt+3", "Alt+4", "Alt+5", "Ctrl+S", "Ctrl+Return"],
        "clients": ["Ctrl+N", "Ctrl+F", "Alt+Left"],
        "ClientDialog": ["Ctrl+S"],
        "follow_ups": ["Ctrl+D"],
        "RescheduleDialog": [*reschedule_letters, "Ctrl+S"],  # in one, two, four weeks
        "guides": ["Del", "Ctrl+F", "Ctrl+P", "Ctrl+E", "Ctrl+N", "Ctrl+Z"],
        "GuideEditor": ["Ctrl+S"],
        "BookletDialog": ["Ctrl+P"],
        "PinDialog": ["Ctrl+S"],
    }
    for where, keys in expected.items():
        pressed = [k.split(": ", 1)[1] for k in walker.keys if k.startswith(f"{where}: ")]
        assert sorted(pressed) == sorted(keys), (where, pressed)
    assert len(walker.keys) == sum(map(len, expected.values())), walker.keys
    answers = gui.dialogs
    assert isinstance(answers, Answers)
    assert [kind for kind, _title in answers.asked].count("run") >= 2  # printed: Ctrl+P twice
