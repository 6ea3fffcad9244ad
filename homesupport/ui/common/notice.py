"""A transient bar at the bottom of a page: "2 sessions deleted  [Undo]"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from homesupport.ui.common.widgets import button

SHOW_MS = 10_000


class Notice(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "undo")
        self.text = QLabel()
        self.action = button("")
        self.action.clicked.connect(self._act)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 10, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action)
        self._callback: Callable[[], object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(
        self, text: str, action: str = "", callback: Callable[[], object] | None = None
    ) -> None:
        self.text.setText(text)
        self.action.setText(action)
        self.action.setAccessibleName(action)
        self.action.setVisible(bool(action))
        self._callback = callback
        self.setAccessibleName(text)
        self.show()
        # A screen reader would not notice a bar appearing away from the focus: say it aloud.
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))
        self._timer.start(SHOW_MS)

    def _act(self) -> None:
        callback, self._callback = self._callback, None
        self.hide()
        if callback is not None:
            callback()
