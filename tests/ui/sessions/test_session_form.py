import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit

from homesupport.domain.sessions import Session, SessionFilter
from homesupport.ui.sessions.form import SessionForm


class Counter:
    """Presses keys the way a person does, and counts every press."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def key(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        widget = QApplication.focusWidget()
        QTest.keyClick(widget, key, modifier)
        QApplication.processEvents()


def open_form(qtbot, service, kit, session) -> SessionForm:
    form = SessionForm(service, kit, session)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return form


def test_a_typical_home_visit_takes_at_most_twelve_keystrokes(qtbot, service, kit, clock):
    # Last time was a 30-minute phone call, so every choice of today's visit must be made.
    service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    form = open_form(qtbot, service, kit, service.new_session())
    saved = []
    form.saved.connect(saved.append)
    keys = Counter(qtbot)
    alt = Qt.KeyboardModifier.AltModifier

    keys.key(Qt.Key.Key_3, alt)  # 45 minutes
    keys.key(Qt.Key.Key_O, alt)  # to Mode…
    keys.key(Qt.Key.Key_H)  # …Home visit
    keys.key(Qt.Key.Key_T, alt)  # to Topics
    keys.key(Qt.Key.Key_Down)  # into the list
    keys.key(Qt.Key.Key_Space)  # tick the first topic
    keys.key(Qt.Key.Key_Down)
    keys.key(Qt.Key.Key_Space)  # and the second
    keys.key(Qt.Key.Key_U, alt)  # to Outcome…
    keys.key(Qt.Key.Key_S)  # …Solved
    keys.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save

    assert keys.count == 11
    assert keys.count <= 12
    assert len(saved) == 1
    session = saved[0]
    assert session.id is not None
    assert (session.date, session.minutes, session.mode) == (clock().date(), 45, "home_visit")
    assert session.topics == ("device_settings", "updates_apps")
    assert session.outcome == "solved"
    assert service.get(session.id) == session


def _accessible_name(widget) -> str:
    # The line edit inside a spin box or editable combo speaks for its owner.
    owner = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(owner, QAbstractSpinBox | QComboBox):
        return owner.accessibleName()
    return widget.accessibleName()


def test_every_control_is_reachable_with_tab_and_has_an_accessible_name(qtbot, service, kit, clock):
    form = open_form(qtbot, service, kit, service.new_session())
    form.mode.setCurrentIndex(form.mode.findData("group"))  # participants enabled too
    form.follow_up_on.setChecked(True)
    form.date.setFocus()
    start = QApplication.focusWidget()
    seen = [start]
    for _ in range(120):  # a date edit takes a Tab per section (day, month, year)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start and len(seen) > 1:
            break
        if widget not in seen:
            seen.append(widget)
    assert widget is start, "Tab must cycle through the whole form"
    names = {w: _accessible_name(w) for w in seen}
    assert all(names.values()), [type(w).__name__ for w, n in names.items() if not n]
    reached = set(seen)
    expected = [
        form.date,
        form.start,
        form.minutes,
        form.travel,
        form.mode,
        form.programme,
        form.participants,
        form.age_band,
        form.language,
        form.municipality,
        form.topic_picker.search,
        form.topic_picker.tree,
        form.outcome,
        form.follow_up_on,
        form.follow_up,
        form.notes,
        form.save_button,
        form.cancel_button,
        *form.device_buttons.values(),
    ]
    # The duration chips are one radio group: Tab stops at the checked one, arrows move on.
    checked = [chip for chip in form.preset_buttons.values() if chip.isChecked()]
    assert len(checked) == 1 and checked[0] in reached, [
        (c.text(), c.isChecked()) for c in form.preset_buttons.values() if c in reached
    ]
    for widget in expected:
        focused = widget.focusProxy() or widget
        assert (
            widget in reached
            or focused in reached
            or any(w.parentWidget() is widget for w in reached)
        ), widget.accessibleName()


def test_problems_are_shown_next_to_their_fields_and_nothing_is_saved(qtbot, service, kit, clock):
    form = open_form(qtbot, service, kit, service.new_session())
    future = clock().date() + dt.timedelta(days=30)
    form.date.setDate(future)
    form.municipality.setText("Atlantis")
    form.save()
    assert form.isVisible()
    assert "Atlantis" in form._errors["municipality"].text()
    form.municipality.setText("Helsingfors")  # Swedish names resolve too
    form.save()
    assert form._errors["date"].isVisible()
    assert "future" in form._errors["date"].text()
    assert service.count(SessionFilter()) == 0
    form.date.setDate(clock().date())
    form.save()
    assert not form.isVisible()
    assert service.all()[0].municipality == "091"


def test_notes_counter_and_privacy_reminder(qtbot, service, kit):
    form = open_form(qtbot, service, kit, service.new_session())
    form.notes.setPlainText("x" * 501)
    assert form.notes_counter.text() == "501 / 500"
    form.save()
    assert "at most 500" in form._errors["notes"].text()
    reminder = [
        w.text()
        for w in form.findChildren(type(form.notes_counter))
        if "identity codes" in w.text()
    ]
    assert reminder


def test_escape_cancels_and_the_heading_names_the_session(qtbot, service, kit, clock):
    stored = service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    form = open_form(qtbot, service, kit, stored)
    assert form.windowTitle() == "Edit session of 20.11.2026"
    QTest.keyClick(form.focusWidget(), Qt.Key.Key_Escape)  # unchanged: just closes
    assert not form.isVisible() and form.discard_question is None

    form = open_form(qtbot, service, kit, stored)
    form.minutes.setValue(50)
    QTest.keyClick(form.focusWidget(), Qt.Key.Key_Escape)  # changed: asks first
    question = form.discard_question
    assert form.isVisible() and question is not None and question.isVisible()
    discard = next(b for b in question.buttons() if b.text() == "Discard changes")
    QTest.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert service.get(stored.id).minutes == 30


def test_a_start_time_typed_halfway_is_a_problem_at_its_field_not_a_crash(
    qtbot, service, kit, clock
):
    # The validator lets "9" and "9:" stand while a time is being typed; saving then must
    # say what is wrong where it is, and keep everything typed.
    form = open_form(qtbot, service, kit, service.new_session())
    saved = []
    form.saved.connect(saved.append)
    form.start.setFocus()
    QTest.keyClicks(form.start, "9:")
    form.save_button.click()
    assert form.isVisible() and saved == []
    assert form._errors["start"].isVisible()
    assert "“9:” is not a time of day" in form._errors["start"].text()
    assert form.start.text() == "9:"
    QTest.keyClicks(form.start, "30")
    form.save_button.click()
    assert len(saved) == 1 and saved[0].start == dt.time(9, 30)
