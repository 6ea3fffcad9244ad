"""The idle lock: after ``minutes`` without keyboard or mouse, the window hides everything
(its pages, status bar and every open dialog) behind a lock screen that asks for the PIN or
the recovery key (services/idle_lock.py says yes or no, and throttles wrong tries). Ctrl+L
locks at once. A lost laptop left open shows nothing.

Open dialogs are hidden, not closed, so a half-typed session form is there again after
unlocking; a question box waiting for an answer is answered "Cancel"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from homesupport.i18n import _
from homesupport.services.idle_lock import IdleLock
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label

Clock = Callable[[], dt.datetime]
CHECK_MS = 5_000
INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
# While locked, nothing outside the lock screen may react to these.
BLOCKED = INPUT | {
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut,
}


class LockScreen(QWidget):
    """Covers the whole window; shows nothing of the data."""

    unlocked = Signal()

    def __init__(self, lock: IdleLock, kit: Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.setObjectName("LockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        logo = label("")
        logo.setPixmap(kit.icons.get("lock", "accent").pixmap(56, 56))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = label(_("HomeSupport is locked"), "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro = label("", "subtitle", wrap=True)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumWidth(360)
        self.secret.returnPressed.connect(self.try_unlock)
        self.unlock_button = button(_("Unlock"), kit.icons.get("lock", "on_accent"), "primary")
        self.unlock_button.clicked.connect(self.try_unlock)
        self.message = label("", "error", wrap=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.hide()
        self._wait = QTimer(self)
        self._wait.setInterval(1000)
        self._wait.timeout.connect(self._count_down)

        box = QWidget()
        box.setMaximumWidth(520)
        column = QVBoxLayout(box)
        column.setSpacing(14)
        for widget in (logo, title, self.intro, self.secret, self.unlock_button, self.message):
            column.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _prompt(self) -> tuple[str, str]:
        """The words over the field, and the field's name."""
        # The PIN may have been set or removed since the last lock.
        # Without a secure keyring the person chose a passphrase at the start, and no PIN.
        if self._lock.has_pin():
            intro = _("Your data is hidden. Enter your PIN or the recovery key to continue.")
            return intro, _("PIN or recovery key")
        if not self._lock.pin_possible():
            intro = _(
                "Your data is hidden. Enter your passphrase (or the recovery key) to continue."
            )
            return intro, _("Passphrase or recovery key")
        intro = _("Your data is hidden. Enter the recovery key to continue.")
        return intro, _("Recovery key")

    def reset(self) -> None:
        intro, name = self._prompt()
        self.intro.setText(intro)
        self.secret.setAccessibleName(name)
        self.secret.setAccessibleDescription(intro)
        self.secret.setPlaceholderText(name)
        self.secret.clear()
        self.message.hide()
        self._count_down()

    def try_unlock(self) -> None:
        text = self.secret.text()
        if not text.strip():
            return
        result = self._lock.unlock(text)
        self.secret.clear()
        if result.unlocked:
            self.unlocked.emit()
            return
        self.message.setText(_(result.message) if result.message else _("That did not unlock."))
        self.message.show()
        if result.wait_seconds:
            self._count_down()
        self.secret.setFocus()

    def stop_count_down(self) -> None:
        self._wait.stop()

    def _count_down(self) -> None:
        wait = self._lock.wait_seconds()
        self.secret.setEnabled(True)  # a recovery key is accepted even while PIN tries wait
        self.unlock_button.setEnabled(True)
        if wait:
            self.message.setText(
                _(
                    "Too many wrong tries. Try the PIN again in {n} s, or use the recovery key."
                ).format(n=wait)
            )
            self.message.show()
            self._wait.start()
        else:
            self._wait.stop()


class ScreenLock(QObject):
    """Watches activity application-wide and locks ``window`` when idle."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        app: QApplication,
        lock: IdleLock,
        clock: Clock,
        minutes: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._lock = lock
        self._clock = clock
        self.minutes = minutes
        self.last_activity = clock()
        self.locked = False
        self.window: QMainWindow | None = None
        self.screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        app.installEventFilter(self)

    def attach(self, window: QMainWindow, kit: Kit) -> None:
        """The window to hide (again after the window is rebuilt for a language change)."""
        self.window = window
        self.screen = LockScreen(self._lock, kit, window)
        self.screen.unlocked.connect(self.unlock)
        self.screen.hide()
        QShortcut(QKeySequence("Ctrl+L"), window).activated.connect(self.lock)
        window.installEventFilter(self)  # resizes, so the lock screen keeps covering it
        if self.locked:
            self.locked = False
            self.lock()

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.last_activity = self._clock()

    def stop(self) -> None:
        self._timer.stop()
        self._app.removeEventFilter(self)
        if self.screen is not None:  # its count-down reads the keyring every second
            self.screen.stop_count_down()

    def check(self) -> None:
        idle = self._clock() - self.last_activity
        if not self.locked and self.minutes > 0 and idle >= dt.timedelta(minutes=self.minutes):
            self.lock()

    def lock(self) -> None:
        if self.locked or self.window is None or self.screen is None:
            return
        self.locked = True
        window = self.window
        self._hidden = [
            w
            for w in self._app.topLevelWidgets()
            if w.isVisible() and w is not window and w.isWindow()
        ]
        for widget in self._hidden:
            widget.hide()
        for part in (window.centralWidget(), window.statusBar()):
            if part is not None:
                part.hide()
        self.screen.setGeometry(window.rect())
        self.screen.reset()  # before it shows: a screen reader announces the field by name
        self.screen.show()
        self.screen.raise_()
        self.screen.secret.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if not self.locked or self.window is None or self.screen is None:
            return
        self.locked = False
        self.screen.hide()
        for part in (self.window.centralWidget(), self.window.statusBar()):
            if part is not None:
                part.show()
        # Dialogs come back; a question box whose exec() ended when hidden is gone by now.
        for widget in self._hidden:
            if shiboken6.isValid(widget) and isinstance(widget, QDialog):
                widget.show()
        self._hidden = []
        self.last_activity = self._clock()
        self.locked_changed.emit(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Resize and self.screen is not None:
            self.screen.setGeometry(self.window.rect())
        if not self.locked:
            if kind in INPUT:
                self.last_activity = self._clock()
            return False
        if kind not in BLOCKED:
            return False
        # Shortcuts go to QShortcut objects; key and mouse events finally to widgets.
        if kind == QEvent.Type.Shortcut:
            return not self._inside(watched)
        return isinstance(watched, QWidget) and not self._inside(watched)

    def _inside(self, watched: QObject) -> bool:
        screen = self.screen
        if screen is None:
            return False
        node: QObject | None = watched
        while node is not None:
            if node is screen:
                return True
            node = node.parent()
        return False
