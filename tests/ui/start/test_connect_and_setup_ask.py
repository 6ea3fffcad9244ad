"""The connect-to-coordinator dialog and the first-start setup ask before throwing away what was
typed, like the other forms: Esc (a real key event) and the Cancel button each ask; "Keep
editing" leaves the text where it was, "Discard changes" closes and nothing is saved. A form
nobody typed into closes without a word. (The window's close button takes the same way, through
AsksBeforeDiscarding; the offscreen platform cannot send a window-system close to test it.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.connect_dialog import ConnectDialog
from homesupport.ui.start.setup_wizard import SetupWizard
from tests.ui.answers import Answers, WhenModal, forget_dialogs


@pytest.fixture
def gui(qtbot, qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    app = Gui(
        qapp,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language="en",
        dark=False,
        dialogs=Answers(),
    )
    assert app.unlock()
    yield app
    if app.window is not None:
        app.window.close()
    app.close()
    forget_dialogs()


def press(widget: QWidget, key: Qt.Key) -> None:
    QTest.keyClick(widget, key)
    QApplication.processEvents()


def question_of(dialog: ConnectDialog | SetupWizard) -> QMessageBox:
    question = dialog.discard_question
    assert question is not None and question.isVisible()
    assert question.text() == "Discard your changes?"
    assert question.informativeText() == "What you changed in this form has not been saved."
    return question


def answer(dialog: ConnectDialog | SetupWizard, choice: str) -> None:
    """Clicks "Keep editing" or "Discard changes" in the question with the mouse."""
    button = next(b for b in question_of(dialog).buttons() if b.text() == choice)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def cancel_button(dialog: ConnectDialog) -> QPushButton:
    return next(b for b in dialog.buttons.buttons() if b.text() == "Cancel")


# --- connecting to a coordinator ------------------------------------------------------------


def test_an_untouched_connect_dialog_closes_on_escape_without_asking(qtbot, gui):
    gui.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    window = gui.build_window()
    window.show()
    window.navigation.buttons["settings"].click()
    settings = window.page("settings")

    def escape(dialog: ConnectDialog) -> None:
        press(dialog.server, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and dialog.discard_question is None

    modal = WhenModal(ConnectDialog, escape)
    settings.connect_button.click()  # returns once the dialog has closed
    assert len(modal.seen) == 1
    assert gui.statistics.runner.service.connection() is None


def test_a_typed_code_is_kept_or_discarded_as_answered(qtbot, gui):
    gui.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    window = gui.build_window()
    window.show()
    window.navigation.buttons["settings"].click()
    settings = window.page("settings")
    steps: list[str] = []

    def type_then_change_mind(dialog: ConnectDialog) -> None:
        dialog.code.setFocus()
        QTest.keyClicks(dialog.code, "K7QF-2MXD")
        press(dialog.code, Qt.Key.Key_Escape)
        assert dialog.isVisible()
        press(question_of(dialog), Qt.Key.Key_Escape)  # Esc in the question: keep editing
        assert dialog.isVisible() and dialog.code.text() == "K7QF-2MXD"
        steps.append("escape, kept")

        QTest.mouseClick(cancel_button(dialog), Qt.MouseButton.LeftButton)
        answer(dialog, "Keep editing")
        assert dialog.isVisible() and dialog.code.text() == "K7QF-2MXD"
        steps.append("cancel, kept")

        QTest.mouseClick(cancel_button(dialog), Qt.MouseButton.LeftButton)
        answer(dialog, "Discard changes")
        assert not dialog.isVisible()
        steps.append("cancel, discarded")

    modal = WhenModal(ConnectDialog, type_then_change_mind)
    settings.connect_button.click()
    assert len(modal.seen) == 1
    assert steps == ["escape, kept", "cancel, kept", "cancel, discarded"]
    assert gui.statistics.runner.service.connection() is None  # nothing enrolled or stored
    assert settings.connect_button.text() == "Connect…"


def test_escape_then_discard_closes_the_connect_dialog(qtbot, gui):
    gui.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    window = gui.build_window()
    window.show()
    window.navigation.buttons["statistics"].click()
    page = window.page("statistics")

    def type_and_discard(dialog: ConnectDialog) -> None:
        dialog.server.setFocus()
        dialog.server.selectAll()
        QTest.keyClicks(dialog.server, "https://koordinaattori.example.fi")
        press(dialog.server, Qt.Key.Key_Escape)
        answer(dialog, "Discard changes")
        assert not dialog.isVisible()

    modal = WhenModal(ConnectDialog, type_and_discard)
    page.connect_button.click()
    assert len(modal.seen) == 1 and gui.statistics.runner.service.connection() is None
    assert page.connect_button.text() == "Connect to a coordinator…"


# --- the first-start setup --------------------------------------------------------------------


@pytest.fixture
def wizard(qtbot, gui) -> SetupWizard:
    assert gui.needs_setup()
    made = gui.setup_wizard()
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_an_untouched_setup_closes_on_escape_without_asking(qtbot, gui, wizard):
    wizard.next.click()  # to the profile step, nothing typed
    press(wizard.profile_form.name, Qt.Key.Key_Escape)
    assert not wizard.isVisible() and wizard.discard_question is None
    assert wizard.result() == wizard.DialogCode.Rejected


def test_choosing_the_language_alone_is_no_change(qtbot, gui, wizard):
    suomi = next(b for b in wizard.language_buttons.buttons() if b.text() == "suomi")
    QTest.mouseClick(suomi, Qt.MouseButton.LeftButton)  # the steps are rebuilt in Finnish
    QApplication.processEvents()
    assert wizard.language == "fi" and not wizard.has_changes()
    QTest.mouseClick(wizard.cancel, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible() and wizard.discard_question is None


def test_a_typed_profile_is_kept_or_discarded_as_answered(qtbot, gui, wizard):
    wizard.next.click()
    form = wizard.profile_form
    form.name.setFocus()
    QTest.keyClicks(form.name, "Aino Tukija")

    press(form.name, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    answer(wizard, "Keep editing")
    assert wizard.isVisible() and form.name.text() == "Aino Tukija"
    assert wizard.steps.currentIndex() == 1  # where the person was

    QTest.mouseClick(wizard.cancel, Qt.MouseButton.LeftButton)
    press(question_of(wizard), Qt.Key.Key_Escape)  # Esc in the question: keep editing
    assert wizard.isVisible() and form.name.text() == "Aino Tukija"

    QTest.mouseClick(wizard.cancel, Qt.MouseButton.LeftButton)
    answer(wizard, "Discard changes")
    assert not wizard.isVisible() and wizard.result() == wizard.DialogCode.Rejected
    assert gui.store.profile() is None and gui.needs_setup()  # nothing saved


# The municipality's completer pops up a list, which the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_profile_gone_past_still_asks_on_a_later_step(qtbot, gui, wizard):
    wizard.next.click()
    form = wizard.profile_form
    QTest.keyClicks(form.name, "Aino Tukija")
    QTest.keyClicks(form.municipality, "Espoo")
    wizard.next.click()  # to the recovery key
    assert wizard.steps.currentIndex() == 2
    press(wizard.stored, Qt.Key.Key_Escape)
    answer(wizard, "Discard changes")
    assert not wizard.isVisible()
    assert gui.store.profile() is None


# The municipality's completer pops up a list, which the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_what_was_typed_stays_when_the_language_changes_on_the_way(qtbot, gui, wizard):
    wizard.next.click()
    form = wizard.profile_form
    for field, text in (
        (form.name, "Aino Tukija"),
        (form.organisation, "Digituki ry"),
        (form.contact, "040 123 4567"),
        (form.municipality, "Helsinki"),
    ):
        field.setFocus()
        QTest.keyClicks(field, text)
    form.programme.setFocus()
    QTest.keyClick(form.programme, Qt.Key.Key_Down)
    programme = form.programme.currentData()
    assert programme != "home"

    wizard.back.click()
    svenska = next(b for b in wizard.language_buttons.buttons() if b.text() == "svenska")
    QTest.mouseClick(svenska, Qt.MouseButton.LeftButton)  # the steps are rebuilt in Swedish
    QApplication.processEvents()
    assert wizard.language == "sv" and wizard.next.text() == "Nästa"
    wizard.next.click()

    form = wizard.profile_form
    assert wizard.steps.currentIndex() == 1
    assert form.name.text() == "Aino Tukija"
    assert form.organisation.text() == "Digituki ry"
    assert form.contact.text() == "040 123 4567"
    assert form.municipality.text() == "Helsingfors"  # the same place, named in Swedish
    assert form.programme.currentData() == programme
    assert wizard.has_changes()  # Cancel still asks before throwing it away

    wizard.next.click()  # the profile is sound: on to the recovery key
    assert wizard.steps.currentIndex() == 2
    assert wizard.profile is not None and wizard.profile.municipality == "091"
    assert wizard.profile.language == "sv" and wizard.profile.organisation == "Digituki ry"
