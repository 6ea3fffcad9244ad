""" "Guides given" in the session form: suggestions follow the ticked topics, ticked guides are
stored in the saved session, and the form's keyboard flow is unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.ui.guides.picker import GuidePicker
from homesupport.ui.sessions.form import SessionForm
from tests.ui.guides.conftest import PROFILE


@pytest.fixture
def store(data_dir, clock, memory_keyring) -> Iterator[Store]:
    opened = open_store(Paths.resolve(data_dir), clock)
    opened.save_profile(PROFILE)
    yield opened
    opened.close()


@pytest.fixture
def service(store, codes, municipalities, clock) -> SessionService:
    return SessionService(store.session_factory, codes, municipalities, clock)


def open_form(qtbot, service, kit, desk, session=None) -> SessionForm:
    form = SessionForm(service, kit, session or service.new_session(), guides=desk)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def slugs_listed(picker: GuidePicker) -> list[str]:
    return [
        picker.list.item(row).data(Qt.ItemDataRole.UserRole + 1)
        for row in range(picker.list.count())
    ]


def test_suggestions_follow_the_ticked_topics(qtbot, desk, kit):
    picker = GuidePicker(desk, kit)
    qtbot.addWidget(picker)
    assert picker.list.count() == 0 and picker.guides() == ()
    picker.set_topics(["omakanta"])
    assert slugs_listed(picker)[0] == "omakanta-renew-prescription"
    assert picker.list.item(0).text() == "Renew a prescription in My Kanta"
    assert picker.guides() == ()  # suggested, not given
    picker.list.item(0).setCheckState(Qt.CheckState.Checked)
    picker.set_topics(["email"])
    assert picker.guides() == ("omakanta-renew-prescription",)  # a given guide stays
    assert "email-attachment" in slugs_listed(picker)


def test_add_another_guide_and_print_the_ticked(qtbot, desk, kit):
    picker = GuidePicker(desk, kit)
    qtbot.addWidget(picker)
    assert not picker.print_button.isEnabled()
    picker._add_chosen(picker.add.findData("video-call"))
    picker._add_chosen(picker.add.findData("connect-wifi"))
    assert picker.guides() == ("video-call", "connect-wifi")
    booklet = picker.print_ticked()
    qtbot.waitUntil(lambda: booklet.print_button.isEnabled(), timeout=10_000)
    assert booklet.chosen() == ["video-call", "connect-wifi"]
    assert booklet.preview.page_count() > 2
    booklet.reject()


def test_guides_given_are_saved_with_the_session(qtbot, service, kit, desk):
    form = open_form(qtbot, service, kit, desk)
    form.topic_picker.set_topics(("omakanta",))
    picker = form.guide_picker
    assert picker is not None
    assert "omakanta-renew-prescription" in slugs_listed(picker)
    row = slugs_listed(picker).index("omakanta-renew-prescription")
    picker.list.item(row).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(form.saved) as saved:
        form.save()
    stored = saved.args[0]
    assert stored.guides == ("omakanta-renew-prescription",)
    assert service.get(stored.id).guides == ("omakanta-renew-prescription",)
    again = open_form(qtbot, service, kit, desk, service.get(stored.id))
    assert again.guide_picker.guides() == ("omakanta-renew-prescription",)


def test_the_picker_takes_no_focus_and_needs_no_input(qtbot, service, kit, desk):
    plain = SessionForm(service, kit, service.new_session())
    qtbot.addWidget(plain)
    plain.show()
    qtbot.waitExposed(plain)
    first_plain = QApplication.focusWidget()
    plain_name = first_plain.accessibleName() if first_plain else None
    plain.close()
    form = open_form(qtbot, service, kit, desk)
    focused = QApplication.focusWidget()
    assert (focused.accessibleName() if focused else None) == plain_name
    assert not form.guide_picker.isAncestorOf(focused)
    # The picker comes after every field of the form in the Tab order.
    chain, widget = [], form.date
    for _ in range(200):
        widget = widget.nextInFocusChain()
        if widget is form.date:
            break
        chain.append(widget)
    assert chain.index(form.guide_picker.list) > chain.index(form.notes)
    with qtbot.waitSignal(form.saved) as saved:
        form.save()  # untouched picker: saves like before, no guides
    assert saved.args[0].guides == ()


def test_the_twelve_keystroke_visit_is_unchanged_with_the_picker(qtbot, service, kit, desk, clock):
    # The same visit as tests/ui/sessions/test_session_form.py, with "Guides given" in the form.
    service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    form = open_form(qtbot, service, kit, desk)
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()))
    saved = []
    form.saved.connect(saved.append)
    presses = 0
    alt, ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
    for key, modifier in (
        (Qt.Key.Key_3, alt),
        (Qt.Key.Key_O, alt),
        (Qt.Key.Key_H, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_T, alt),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_U, alt),
        (Qt.Key.Key_S, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_S, ctrl),
    ):
        presses += 1
        QTest.keyClick(QApplication.focusWidget(), key, modifier)
        QApplication.processEvents()
    assert presses <= 12
    assert len(saved) == 1
    session = service.get(saved[0].id)
    assert (session.minutes, session.mode, session.outcome) == (45, "home_visit", "solved")
    assert session.topics == ("device_settings", "updates_apps")
    assert form.guide_picker.list.count() > 0  # suggestions appeared for those topics
    assert session.guides == ()  # nothing is recorded as given unless ticked
