"""The navigation column: one button per page, with an optional count badge.

Pages change on the buttons' ``toggled`` signal (an exclusive button group), not ``clicked``:
a mouse click, Space and a screen reader's "press" or "toggle" action all check a button, and
only ``toggled`` follows every one of them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class NavButton(QToolButton):
    def __init__(self, key: str, title: str, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setText(title)
        self.setIcon(icon)
        self.setIconSize(QSize(22, 22))
        self.setCheckable(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 10, 0)
        layout.addStretch(1)
        self.badge = QLabel(self)
        self.badge.setProperty("role", "badge")
        self.badge.hide()
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_badge(self, count: int, description: str) -> None:
        self.badge.setText(str(count))
        self.badge.setVisible(count > 0)
        self.setAccessibleDescription(description if count > 0 else "")


class Navigation(QWidget):
    page_chosen = Signal(str)

    def __init__(self, title: str, logo: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Navigation")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumWidth(220)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 18, 12, 14)
        self._layout.setSpacing(4)
        heading = QLabel(title)
        heading.setObjectName("NavigationTitle")
        mark = QLabel()
        mark.setPixmap(logo.pixmap(32, 32))
        brand = QHBoxLayout()
        brand.setContentsMargins(6, 0, 0, 0)
        brand.setSpacing(2)
        brand.addWidget(mark)
        brand.addWidget(heading, 1)
        self._layout.addLayout(brand)
        self._layout.addSpacing(18)
        self._top = QVBoxLayout()
        self._top.setSpacing(4)
        self._bottom = QVBoxLayout()
        self._bottom.setSpacing(4)
        self._layout.addLayout(self._top)
        self._layout.addStretch(1)
        self._layout.addLayout(self._bottom)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.buttonToggled.connect(self._toggled)
        self._group.buttonPressed.connect(self._pressed)
        self._group.buttonClicked.connect(self._clicked)
        self._selecting = False
        self._toggled_key: str | None = None  # by the click under way, if it toggled
        self.buttons: dict[str, NavButton] = {}

    def add(self, key: str, title: str, icon: QIcon, bottom: bool = False) -> NavButton:
        button = NavButton(key, title, icon, self)
        self._group.addButton(button)
        (self._bottom if bottom else self._top).addWidget(button)
        self.buttons[key] = button
        return button

    def select(self, key: str) -> None:
        """Marks the page shown without announcing it as chosen (the window shows it)."""
        self._selecting = True
        try:
            self.buttons[key].setChecked(True)
        finally:
            self._selecting = False

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked and not self._selecting and isinstance(button, NavButton):
            self._toggled_key = button.key
            self.page_chosen.emit(button.key)

    def _pressed(self, _button: QAbstractButton) -> None:
        self._toggled_key = None  # a click starts: whether it toggles is yet to be seen

    def _clicked(self, button: QAbstractButton) -> None:
        # A click on the page already shown toggles nothing: it shows (refreshes) it again.
        toggled, self._toggled_key = self._toggled_key, None
        if isinstance(button, NavButton) and toggled != button.key:
            self.page_chosen.emit(button.key)
