"""Nothing changes or vanishes by accident: the wheel scrolls the page past fields nobody clicked
into, and Esc on a form with changes asks before throwing them away. Real wheel events go
through the window system (QTest.wheelEvent), real keys through QTest.keyClick."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QComboBox, QWidget

from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.preferences import load_preferences
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.guards import WheelGuard
from homesupport.ui.sessions.form import SessionForm


@pytest.fixture
def gui(qtbot, qapp, data_dir, clock, memory_keyring):
    app = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert app.unlock()
    app.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    window = app.open_window()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: app.statistics is not None, timeout=30_000)  # the start is done
    yield app
    app.close()


@pytest.fixture
def wheel_guard(qapp):
    guard = WheelGuard(qapp)
    yield guard
    guard.remove()


def wheel(widget: QWidget, notches: int = -1) -> None:
    """Turns the mouse wheel with the pointer over the middle of ``widget``."""
    window = widget.window()
    position = widget.mapTo(window, widget.rect().center())
    QTest.wheelEvent(window.windowHandle(), QPointF(position), QPoint(0, 120 * notches))
    QApplication.processEvents()


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def press(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key)
    QApplication.processEvents()


def test_scrolling_settings_never_changes_the_idle_lock(qtbot, gui):
    window = gui.window
    window.navigation.buttons["settings"].click()
    settings = window.page("settings")
    idle = next(
        c
        for c in settings.findChildren(QComboBox)
        if c.accessibleName() == "Lock after minutes idle"
    )
    before = idle.currentData()
    assert idle.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never gives it focus
    area = scroll_area_of(idle)
    area.ensureWidgetVisible(idle)
    bar = area.verticalScrollBar()
    bar.setValue(bar.value() - 20)  # room to scroll either way
    start = bar.value()
    wheel(idle, -1)
    wheel(idle, -1)
    assert idle.currentData() == before and not idle.hasFocus()
    assert bar.value() > start  # the page scrolled instead
    assert load_preferences(gui.paths.preferences).idle_lock_minutes == before

    # Clicked into (which also makes its window the active one), the field takes the wheel.
    area.ensureWidgetVisible(idle)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    idle.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()
    assert idle.hasFocus()
    wheel(idle, -1)
    assert idle.currentData() != before


def test_the_session_forms_fields_ignore_the_wheel_until_clicked(
    qtbot, wheel_guard, service, kit, clock
):
    form = SessionForm(service, kit, service.new_session())
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.minutes.setFocus()
    before = (form.date.date(), form.mode.currentIndex(), form.travel.value())
    for field in (form.date, form.mode, form.travel):
        scroll_area_of(field).ensureWidgetVisible(field)
        wheel(field, 1)
        wheel(field, -1)
        wheel(field, -1)
    assert (form.date.date(), form.mode.currentIndex(), form.travel.value()) == before
    assert form.minutes.hasFocus()
    minutes = form.minutes.value()
    scroll_area_of(form.minutes).ensureWidgetVisible(form.minutes)
    wheel(form.minutes, 1)  # the field the person is in
    assert form.minutes.value() != minutes


def discard_button(dialog):
    question = dialog.discard_question
    assert question is not None and question.isVisible()
    assert question.text() == "Discard your changes?"
    return next(b for b in question.buttons() if b.text() == "Discard changes")


def test_escape_asks_before_discarding_a_new_client(qtbot, gui):
    window = gui.window
    window.navigation.buttons["clients"].click()
    clients = window.page("clients")
    clients.new_button.click()
    dialog = clients.dialog
    qtbot.waitExposed(dialog)
    press(dialog.nickname, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not dialog.isVisible() and dialog.discard_question is None

    clients.new_button.click()
    dialog = clients.dialog
    qtbot.waitExposed(dialog)
    dialog.nickname.setFocus()
    QTest.keyClicks(dialog.nickname, "Aino")
    press(dialog.nickname, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    press(dialog.discard_question, Qt.Key.Key_Escape)  # Esc again: keep editing
    assert dialog.isVisible() and dialog.nickname.text() == "Aino"
    press(dialog.nickname, Qt.Key.Key_Escape)
    QTest.mouseClick(discard_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert gui.client_side is not None and not clients._clients.search("Aino")


def test_escape_asks_before_discarding_a_new_guide(qtbot, gui):
    window = gui.window
    window.navigation.buttons["guides"].click()
    guides = window.page("guides")
    guides.new_button.click()
    editor = guides.dialog
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.title, "Soita videopuhelu")
    press(editor.title, Qt.Key.Key_Escape)
    assert editor.isVisible()
    keep = next(b for b in editor.discard_question.buttons() if b.text() == "Keep editing")
    QTest.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.title.text() == "Soita videopuhelu"
    editor.close()  # closed from code (as when the window goes): no question
    assert not editor.isVisible()
    guides.new_button.click()
    editor = guides.dialog
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.title, "Soita")
    press(editor.title, Qt.Key.Key_Escape)
    QTest.mouseClick(discard_button(editor), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()


def test_escape_asks_before_discarding_a_rescheduled_follow_up(qtbot, gui, clock):
    sessions = gui.window.page("sessions")._service
    day = clock().date() - dt.timedelta(days=20)
    sessions.save(
        Session(
            date=day,
            minutes=30,
            mode="phone",
            programme="home",
            outcome="follow_up",
            follow_up=day + dt.timedelta(days=14),
        )
    )
    window = gui.window
    window.navigation.buttons["follow_ups"].click()
    page = window.page("follow_ups")
    page.reload()
    page.reschedule_button.click()
    dialog = page.reschedule_dialog
    qtbot.waitExposed(dialog)
    press(dialog.calendar, Qt.Key.Key_Escape)  # unchanged
    assert not dialog.isVisible()
    page.reschedule_button.click()
    dialog = page.reschedule_dialog
    qtbot.waitExposed(dialog)
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(3))
    press(dialog.calendar, Qt.Key.Key_Escape)
    QTest.mouseClick(discard_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
