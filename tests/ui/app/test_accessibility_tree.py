"""What a screen reader is told, read from Qt's accessibility tree (QAccessible) as the AT-SPI
bridge and Windows' UI Automation read it: every focusable control of every page, and of every
dialog the pages' buttons open, has a name (a combo box a label relation); the navigation
follows a screen reader's actions; Tab leaves the tables; the duration chips are radio
buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog

from tests.ui.accessibility import interfaces, labels_of, unnamed_controls
from tests.ui.app.test_every_button import Walker, gui  # noqa: F401  (the fixture: a full window)


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
        walker.problems += [f"status bar: {p}" for p in unnamed_controls(window.statusBar())]
        walker.press_all("window", window.statusBar())  # the dialogs it opens
    finally:
        walker.stop()
    assert {"SessionForm", "ConnectDialog", "AboutDialog", "GuideEditor"} <= set(walker.dialogs)
    assert not walker.problems, "\n".join(dict.fromkeys(walker.problems))


def _action(widget, name: str) -> None:
    """Does what a screen reader's action ("Press", "Toggle") on ``widget`` does."""
    actions = QAccessible.queryAccessibleInterface(widget).actionInterface()
    assert name in actions.actionNames(), actions.actionNames()
    actions.doAction(name)


def test_the_navigation_follows_clicks_keys_and_a_screen_readers_actions(qtbot, gui):  # noqa: F811
    window = gui.window
    buttons = window.navigation.buttons
    assert window.current_key() == "sessions"
    _action(buttons["clients"], "Press")  # Orca's "press", NVDA's default action
    assert window.current_key() == "clients" and buttons["clients"].isChecked()
    _action(buttons["guides"], "Toggle")  # AT-SPI's "toggle" on a checkable button
    assert window.current_key() == "guides"
    _action(buttons["guides"], "Toggle")  # the shown page's button stays checked
    assert window.current_key() == "guides" and buttons["guides"].isChecked()
    buttons["statistics"].toggle()  # through the group, as any other checking does
    assert window.current_key() == "statistics"
    buttons["settings"].setFocus()
    qtbot.waitUntil(buttons["settings"].hasFocus)
    QTest.keyClick(buttons["settings"], Qt.Key.Key_Space)  # the keyboard
    assert window.current_key() == "settings"
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1
    assert window.current_key() == "sessions" and buttons["sessions"].isChecked()
    assert [key for key, b in buttons.items() if b.isChecked()] == ["sessions"]
    roles = {QAccessible.queryAccessibleInterface(b).role() for b in buttons.values()}
    names = [
        QAccessible.queryAccessibleInterface(b).text(QAccessible.Text.Name)
        for b in buttons.values()
    ]
    assert all(names) and roles <= {QAccessible.Role.CheckBox, QAccessible.Role.RadioButton}


def _views(page) -> list[QAbstractItemView]:
    return [
        view
        for view in page.findChildren(QAbstractItemView)
        if view.isVisible() and view.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]


def test_tab_leaves_every_table_and_the_arrows_still_move_between_cells(qtbot, gui):  # noqa: F811
    window = gui.window
    window.page("sessions").reload()  # the fixture stored its sessions behind the page's back
    left: list[str] = []
    for page_key in ("sessions", "clients", "guides", "statistics", "settings"):
        window.navigation.buttons[page_key].click()
        page = window.page(page_key)
        if page_key == "guides":  # the library loads in the background
            qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)  # noqa: B023
        for view in _views(page):
            view.setFocus()
            qtbot.waitUntil(view.hasFocus)
            if view.model() is not None and view.model().rowCount():
                view.setCurrentIndex(view.model().index(0, 0))
            QTest.keyClick(view, Qt.Key.Key_Tab)
            assert not view.hasFocus(), f"{page_key}: Tab stays in {view.accessibleName()}"
            view.setFocus()
            QTest.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
            assert not view.hasFocus(), f"{page_key}: Shift+Tab stays in {view.accessibleName()}"
            left.append(f"{page_key}: {view.accessibleName()}")
    assert {"sessions: Sessions", "clients: Clients", "guides: Guides"} <= set(left), left
    table = window.page("sessions").table
    window.navigation.buttons["sessions"].click()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    QTest.keyClick(table, Qt.Key.Key_Right)
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (1, 1)
    assert table.hasFocus()


def _combo_labels(combo: QComboBox) -> list[str]:
    return labels_of(QAccessible.queryAccessibleInterface(combo))


def test_the_filter_month_and_print_combos_are_labelled(qtbot, gui):  # noqa: F811
    window = gui.window
    filters = window.page("sessions").filters
    assert _combo_labels(filters.period) == ["Period"]
    assert _combo_labels(filters.mode) == ["Mode"]
    assert _combo_labels(filters.topic) == ["Topic"]
    assert _combo_labels(filters.programme) == ["Programme"]
    window.navigation.buttons["guides"].click()
    guides = window.page("guides")
    assert _combo_labels(guides.topic) == ["Topic:"]
    assert _combo_labels(guides.language) == ["Show guides in:"]
    assert _combo_labels(guides.options.print_size) == ["Size:"]
    assert _combo_labels(guides.options.language) == ["Print in language:"]
    window.navigation.buttons["statistics"].click()
    assert _combo_labels(window.page("statistics").month) == ["Month"]


def test_the_duration_chips_are_one_radio_group(qtbot, gui):  # noqa: F811
    window = gui.window
    page = window.page("sessions")
    page.new_button.click()
    form = page.form
    qtbot.waitUntil(form.isVisible)
    chips = list(form.preset_buttons.values())
    interfaces_ = [QAccessible.queryAccessibleInterface(chip) for chip in chips]
    assert {node.role() for node in interfaces_} == {QAccessible.Role.RadioButton}
    assert [node.text(QAccessible.Text.Name) for node in interfaces_] == [
        "15 minutes",
        "30 minutes",
        "45 minutes",
        "60 minutes",
        "90 minutes",
    ]
    # The devices are many of N: check boxes to a screen reader, as they are.
    devices = [QAccessible.queryAccessibleInterface(b) for b in form.device_buttons.values()]
    assert {node.role() for node in devices} == {QAccessible.Role.CheckBox}
    QTest.keyClick(form, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 45 minutes
    assert [c.isChecked() for c in chips] == [False, False, True, False, False]
    assert [n.state().checked for n in interfaces_] == [0, 0, 1, 0, 0]
    # Tab from the start time enters the group at the checked chip; Right moves and checks.
    form.start.setFocus()
    qtbot.waitUntil(form.start.hasFocus)
    QTest.keyClick(form.start, Qt.Key.Key_Tab)
    assert chips[2].hasFocus()
    QTest.keyClick(chips[2], Qt.Key.Key_Right)
    assert chips[3].hasFocus() and chips[3].isChecked() and form.minutes.value() == 60
    QTest.keyClick(chips[3], Qt.Key.Key_Tab)
    assert form.minutes.hasFocus()  # one Tab stop for the whole group
    form.minutes.setValue(20)  # no chip says 20: none is checked
    assert not any(c.isChecked() for c in chips)
    form.reject()


def test_the_lock_screens_field_is_named_when_it_shows(qtbot, gui):  # noqa: F811
    window = gui.window

    def attached():  # after the first frame, with the rest of the client side
        lock = gui.client_side.screen_lock if gui.client_side is not None else None
        return lock.screen if lock is not None else None

    qtbot.waitUntil(lambda: attached() is not None)
    screen = attached()
    names_when_shown: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Show:
                names_when_shown.append(screen.secret.accessibleName())
            return False

    watch = Watch()
    screen.secret.installEventFilter(watch)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L locks
    qtbot.waitUntil(screen.isVisible)
    assert names_when_shown and all(names_when_shown), names_when_shown
    assert unnamed_controls(screen) == []
    node = QAccessible.queryAccessibleInterface(screen.secret)
    assert node.text(QAccessible.Text.Name) == names_when_shown[0]
    assert [n for n in interfaces(screen) if n.role() == QAccessible.Role.EditableText]


def test_a_click_on_the_page_shown_shows_it_again_once(qtbot, gui):  # noqa: F811
    window = gui.window
    shown: list[str] = []
    window.navigation.page_chosen.connect(shown.append)
    buttons = window.navigation.buttons
    buttons["clients"].toggle()  # a screen reader's toggle: no click follows
    buttons["clients"].click()  # the page already shown: refreshed
    buttons["guides"].click()  # a new page: once, not once per signal
    assert shown == ["clients", "clients", "guides"]


@pytest.mark.parametrize("new", [True, False])
def test_the_start_passphrase_dialog_is_named(qtbot, new):
    from PySide6.QtGui import QIcon

    from homesupport.ui.common.unlock_dialog import UnlockDialog

    dialog = UnlockDialog(new, lambda secret: secret, QIcon())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
