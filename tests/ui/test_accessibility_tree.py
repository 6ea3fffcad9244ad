"""What a screen reader is told, read from Qt's accessibility tree (QAccessible) as the AT-SPI
bridge and Windows' UI Automation read it: every focusable control of every page, and of every
dialog the pages' buttons open, has a name (a combo box a label relation); the navigation
follows a screen reader's actions; Tab leaves the tables; the duration chips are radio
buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QDialog

from tests.ui.accessibility import interfaces, labels_of, unnamed_controls
from tests.ui.test_every_button import Walker, gui  # noqa: F401  (the fixture: a full window)


class AuditingWalker(Walker):
    """Presses every button as test_every_button does, and reads each dialog it opens."""

    def __init__(self, settle) -> None:
        super().__init__(settle)
        self.problems: list[str] = []

    def walk_dialog(self, dialog: QDialog) -> None:
        where = type(dialog).__name__
        self.problems += [f"{where}: {problem}" for problem in unnamed_controls(dialog)]
        super().walk_dialog(dialog)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_focusable_control_of_every_page_and_dialog_has_a_name(qtbot, gui):  # noqa: F811
    window = gui.window
    settle = lambda: qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)  # noqa: E731
    walker = AuditingWalker(settle)
    try:
        for page_key in list(window.navigation.buttons):
            window.navigation.buttons[page_key].click()
            page = window.page(page_key)
            if page_key == "guides":  # the library loads in the background
                qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)  # noqa: B023
            walker.problems += [f"{page_key}: {p}" for p in unnamed_controls(window)]
            walker.press_all(page_key, page)
            settle()
            assert gui.window is window
    finally:
        walker.stop()
    assert {"SessionForm", "ConnectDialog", "AboutDialog", "GuideEditor"} <= set(walker.dialogs)
    assert not walker.problems, "\n".join(dict.fromkeys(walker.problems))
