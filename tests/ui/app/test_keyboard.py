"""The keyboard as a person uses it: a typical visit typed with real key events from Ctrl+N to
the saved row, the topic search's Enter, and the passphrase dialog's Tab order."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from homesupport.domain.sessions import Session
from homesupport.i18n import set_language
from homesupport.ui.common.unlock_dialog import UnlockDialog
from homesupport.ui.sessions.page import SessionsPage
from tests.ui.fixtures import make_kit

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


class Keyboard:
    """Presses keys into whatever has the focus, the way a person does, and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        QTest.keyClick(widget, key, modifier)
        QApplication.processEvents()

    def type(self, letter: str) -> None:
        self.count += 1
        QTest.keyClicks(QApplication.focusWidget(), letter)
        QApplication.processEvents()

    def topic(self, picker, code: str, label: str) -> None:
        """Types the topic's name letter by letter until it is the highlighted best match,
        as a person watching the list does, then Enter ticks it."""
        for letter in label.lower():
            self.type(letter)
            if picker.best_match() == code:
                break
        assert picker.tree.currentIndex().data() == label  # what Enter ticks is highlighted
        self.press(Qt.Key.Key_Return)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_typical_home_visit_typed_from_ctrl_n_to_the_saved_row(
    qtbot, service, transfer, tasks, codes, municipalities, clock, language
):
    set_language(language)
    kit = make_kit(codes, municipalities, language)
    today = clock().date()
    # Earlier this month the usual topics; the last visit differed in everything else, so
    # the duration, mode and outcome must all be chosen.
    for days, topics in ((9, ("omakanta",)), (6, ("bank_ids", "email"))):
        day = today - dt.timedelta(days=days)
        service.save(Session(day, 60, "home_visit", "home", topics=topics))
    service.save(Session(today - dt.timedelta(days=1), 30, "phone", "home", topics=("scams",)))
    page = SessionsPage(service, lambda: transfer, tasks, kit, lambda: clock().date())
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    keys = Keyboard()

    keys.press(Qt.Key.Key_N, CTRL)  # a new session: the form opens in the topic search
    form = page.form
    qtbot.waitUntil(lambda: form.topic_picker.search.hasFocus())
    keys.topic(form.topic_picker, "omakanta", kit.label("topic", "omakanta"))
    keys.topic(form.topic_picker, "bank_ids", kit.label("topic", "bank_ids"))
    keys.press(Qt.Key.Key_3, ALT)  # 45 minutes
    keys.press(Qt.Key.Key_O, ALT)  # to the mode…
    keys.type(kit.label("mode", "home_visit")[0].lower())  # …home visit
    keys.press(Qt.Key.Key_U, ALT)  # to the outcome…
    keys.type(kit.label("outcome", "solved")[0].lower())  # …solved
    keys.press(Qt.Key.Key_S, CTRL)

    assert keys.count <= 12, keys.count
    # The figures in the README. In Swedish "b" first means the latest topic, "Bedrägerier".
    assert keys.count == {"fi": 11, "sv": 12, "en": 11}[language]
    qtbot.waitUntil(lambda: page.form is None)
    saved = page.model.session_at(0)  # the new row, on top and selected
    assert page.table.selectionModel().isRowSelected(0)
    assert (saved.date, saved.minutes, saved.mode) == (today, 45, "home_visit")
    assert saved.topics == ("bank_ids", "omakanta") and saved.outcome == "solved"
    assert service.get(saved.id) == saved


def test_enter_in_the_topic_search_ticks_the_best_match_not_the_first_row(
    qtbot, service, kit, clock
):
    from homesupport.ui.sessions.form import SessionForm

    form = SessionForm(service, kit, service.new_session())
    qtbot.addWidget(form)
    form.show()
    search = form.topic_picker.search
    qtbot.waitUntil(search.hasFocus)
    # "pa" is inside "Online shopping and payments" too; a name starting with it wins.
    QTest.keyClicks(search, "ban")
    assert form.topic_picker.tree.currentIndex().data() == "Bank IDs and online banking"
    QTest.keyClick(search, Qt.Key.Key_Return)
    assert form.topic_picker.topics() == ("bank_ids",)
    assert search.text() == "" and form.isVisible()  # Enter did not save the form
    QTest.keyClicks(search, "kanta")  # a word inside the name ("My Kanta")
    QTest.keyClick(search, Qt.Key.Key_Enter)  # the keypad's Enter as well
    assert form.topic_picker.topics() == ("bank_ids", "omakanta")


def test_the_passphrase_dialog_tabs_from_passphrase_to_repeat(qtbot):
    dialog = UnlockDialog(True, lambda secret: secret, QIcon())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.secret.setFocus()
    qtbot.waitUntil(dialog.secret.hasFocus)
    QTest.keyClicks(dialog.secret, "a long passphrase here")
    QTest.keyClick(dialog.secret, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.again
    QTest.keyClicks(dialog.again, "a long passphrase here")
    QTest.keyClick(dialog.again, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.show_secret  # "Show" comes after both
    assert isinstance(dialog.secret, QLineEdit) and dialog.ok.isEnabled()
