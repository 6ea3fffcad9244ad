"""The main window: navigation on the left, the chosen page on the right, status below.

Pages are plain QWidgets added with :meth:`MainWindow.add_page`, or a function that makes the
page when it is first shown (so start-up builds only the start page). A page may define
``page_shown(self) -> None`` to refresh itself whenever it comes into view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QWidget

from homesupport.i18n import _
from homesupport.ui.app.navigation import Navigation
from homesupport.ui.app.status import StatusBar


class MainWindow(QMainWindow):
    # Once, when the first frame is on screen: the moment to load what can wait.
    first_painted = Signal()

    def __init__(self, status: StatusBar, app_icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painted = False
        self.setWindowTitle("HomeSupport")
        self.setWindowIcon(app_icon)
        self.setMinimumSize(QSize(960, 640))
        self.navigation = Navigation("HomeSupport", app_icon)
        self.navigation.page_chosen.connect(self.show_page)
        self._stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(body)
        self.status = status
        self.setStatusBar(status)
        self._close_guards: list[Callable[[], bool]] = []
        self._makers: dict[str, Callable[[], QWidget]] = {}

    def add_page(
        self,
        key: str,
        title: str,
        icon: QIcon,
        page: QWidget | Callable[[], QWidget],
        *,
        bottom: bool = False,
    ) -> None:
        """Adds a page and its navigation button. ``page`` may be a function that makes the
        page on first view. ``bottom`` pins it below the others (Settings). Pages get
        Ctrl+1…9 in the order they are added."""
        if not isinstance(page, QWidget):
            self._makers[key] = page
            page = QWidget()  # stands in until the page is first shown
        self._pages[key] = page
        self._stack.addWidget(page)
        button = self.navigation.add(key, title, icon, bottom=bottom)
        number = len(self._pages)
        if number <= 9:
            sequence = QKeySequence(f"Ctrl+{number}")
            QShortcut(sequence, self).activated.connect(lambda: self.show_page(key))
            button.setToolTip(
                f"{title} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        if len(self._pages) == 1:
            self.show_page(key)

    def set_badge(self, key: str, count: int) -> None:
        """A count next to a page's name (e.g. follow-ups due); 0 hides it."""
        self.navigation.buttons[key].set_badge(count, _("{count} waiting").format(count=count))

    def page(self, key: str) -> QWidget:
        maker = self._makers.pop(key, None)
        if maker is not None:
            stand_in = self._pages[key]
            self._pages[key] = made = maker()
            self._stack.insertWidget(self._stack.indexOf(stand_in), made)
            self._stack.removeWidget(stand_in)
            stand_in.deleteLater()
        return self._pages[key]

    def current_key(self) -> str:
        current = self._stack.currentWidget()
        return next(k for k, p in self._pages.items() if p is current)

    def show_page(self, key: str) -> None:
        page = self.page(key)
        self._stack.setCurrentWidget(page)
        self.navigation.select(key)
        shown = getattr(page, "page_shown", None)
        if callable(shown):
            shown()

    def retire(self) -> None:
        """Closes for good, another window having taken over: no guard asks, and the pages
        never made are forgotten (their makers refer back to this window)."""
        self._close_guards.clear()
        self._makers.clear()
        self.close()
        self.deleteLater()

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """``guard() -> bool``: False keeps the window open (e.g. a job still running)."""
        self._close_guards.append(guard)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued: the children paint in this same pass, after the window itself.
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        if all(guard() for guard in self._close_guards):
            event.accept()
        else:
            event.ignore()
