"""The whole app as a supporter meets it: unlocking, first-run setup, settings, language."""

import threading

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout

from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session, SessionFilter
from homesupport.domain.settings import TEXT_SCALES
from homesupport.i18n import current_language
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.idle_lock import IdleLock
from homesupport.services.preferences import load_preferences
from homesupport.services.store import open_store
from homesupport.storage import keys  # the test may look under the hood; the ui may not
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.unlock_dialog import UnlockDialog, passphrase_strength
from tests.ui.answers import Answers


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def gui(qapp, data_dir, clock, answers):
    app = Gui(
        qapp,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language="en",
        dark=False,
        dialogs=answers,
    )
    yield app
    if app.window is not None:
        app.window.close()
    app.close()


def test_first_run_wizard_end_to_end(qtbot, gui, answers, memory_keyring, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # where a sheet named by mistake would land
    assert gui.unlock()
    store = gui.store
    assert store.created and gui.needs_setup()
    wizard = gui.setup_wizard()
    qtbot.addWidget(wizard)
    wizard.show()

    sv = next(b for b in wizard.language_buttons.buttons() if b.text() == "svenska")
    sv.setChecked(True)  # the steps are rebuilt in Swedish at once
    assert current_language() == "sv" and wizard.language == "sv"
    assert wizard.profile_form.programme.itemText(0) == "Digitalt stöd i hemmet"
    wizard.next.click()

    wizard.next.click()  # no name yet: stays, says why
    assert wizard.steps.currentIndex() == 1 and wizard.profile_form.error.isVisible()
    wizard.profile_form.name.setText("Aino Tukija")
    wizard.profile_form.contact.setText("aino@example.fi")
    wizard.profile_form.municipality.setText("Esbo")
    wizard.profile_form.programme.setCurrentIndex(wizard.profile_form.programme.findData("youth"))
    wizard.next.click()

    assert wizard.steps.currentIndex() == 2
    assert not wizard.next.isEnabled()  # not before the key is safe
    chosen = tmp_path / "sheets" / "avain"
    chosen.parent.mkdir()
    answers.paths.append(chosen)
    wizard.print_button.click()
    sheet = chosen.with_name("avain.pdf")
    assert answers.asked == [("save", "Spara återställningsbladet")]
    assert answers.shown_files == [sheet] and wizard.sheet == sheet
    assert [p.name for p in chosen.parent.iterdir()] == ["avain.pdf"]
    assert not list(work.iterdir()) and not list(tmp_path.rglob("False*"))
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    groups = store.recovery_key.split("-")
    assert all(group in text for group in groups) and "Aino Tukija" in text
    wizard.stored.setChecked(True)
    wizard.next.click()

    # The screen-lock PIN (a secure keyring exists): a too easy one is refused with a reason.
    assert wizard.pin_fields is not None and wizard.pin_fields.isVisible()
    wizard.pin_fields.pin.setText("1111")
    wizard.pin_fields.again.setText("1111")
    wizard.next.click()
    assert wizard.pin_fields.error.isVisible() and wizard.steps.currentIndex() == 3
    wizard.pin_fields.pin.setText("4071")
    wizard.pin_fields.again.setText("4071")
    wizard.next.click()
    assert IdleLock.for_store(store, gui.clock).unlock("4071").unlocked
    wizard.next.click()  # the coordinator step: nothing to connect yet
    assert wizard.result() == wizard.DialogCode.Accepted

    profile = store.profile()
    assert (profile.name, profile.municipality, profile.programme, profile.language) == (
        "Aino Tukija",
        "049",
        "youth",
        "sv",
    )
    assert load_preferences(gui.paths.preferences).language == "sv"
    assert not gui.needs_setup() or store.created  # created stays true for this run only
    window = gui.build_window()
    qtbot.addWidget(window)
    assert window.navigation.buttons["sessions"].isChecked()


def test_unlock_with_the_recovery_key_after_a_wrong_one(qtbot, data_dir, clock, memory_keyring):
    paths = Paths.resolve(data_dir)
    first = open_store(paths, clock)
    recovery = first.recovery_key
    first.close()
    memory_keyring.secrets.clear()  # the keyring was lost

    opened = []
    dialog = UnlockDialog(
        False,
        lambda s: opened.append(open_store(paths, clock, secret=s)) or opened[-1],
        QApplication.windowIcon(),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.secret.setText(keys.recovery_key(keys.new_key()))
    dialog.submit()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not open the data" in dialog.error.text()
    dialog.secret.setText(recovery.lower())
    dialog.submit()
    assert not dialog.isVisible() and dialog.result_value is opened[-1]
    opened[-1].close()


def test_a_new_passphrase_must_be_typed_twice_and_be_long_enough(qtbot, qapp):
    dialog = UnlockDialog(True, lambda s: s, qapp.windowIcon())
    qtbot.addWidget(dialog)
    dialog.secret.setText("short")
    dialog.again.setText("short")
    assert not dialog.ok.isEnabled() and dialog.strength_text.text() == "Too short"
    dialog.secret.setText("kahvi ja pulla kotikäynnillä")
    assert not dialog.ok.isEnabled()  # not the same twice yet
    dialog.again.setText("kahvi ja pulla kotikäynnillä")
    assert dialog.ok.isEnabled()
    assert passphrase_strength("kahvi ja pulla kotikäynnillä")[0] >= 3


def test_gui_unlock_asks_when_there_is_no_keyring(qtbot, gui, no_keyring, monkeypatch):
    asked = []

    def fake_exec(dialog):  # what a person would type into the modal dialog
        asked.append(dialog._new)
        dialog.secret.setText("ein langer Satz als Passwort")
        dialog.again.setText("ein langer Satz als Passwort")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", fake_exec)
    assert gui.unlock()
    assert asked == [True] and gui.store.created


def test_backup_and_restore_from_settings(qtbot, gui, answers, memory_keyring, clock):
    assert gui.unlock()
    store = gui.store
    store.save_profile(SupporterProfile(name="Aino"))
    window = gui.build_window()
    qtbot.addWidget(window)
    assert window.status.saved.text() == "Saved · no backup yet"
    window.show_page("settings")
    settings = window.page("settings")
    sessions = window.page("sessions")
    sessions._service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    settings.backup_button.click()
    assert gui.tasks.busy or window.status.progress.isVisible() or settings.backup_table.rowCount()
    qtbot.waitUntil(lambda: settings.backup_table.rowCount() == 1)
    assert window.status.saved.text() == "Saved · last backup today 14:30"

    sessions._service.save(Session(date=clock().date(), minutes=60, mode="phone", programme="home"))
    clock.advance(minutes=5)
    settings.backup_table.selectRow(0)
    answers.yes.append(True)
    settings.restore_button.click()
    assert answers.asked[-1] == ("ask", "Restore a backup")
    qtbot.waitUntil(lambda: gui.window is not window)  # rebuilt on the restored data
    new_sessions = gui.window.page("sessions")
    assert new_sessions.model.total == 1
    assert new_sessions._service.count(SessionFilter()) == 1
    assert gui.window.current_key() == "settings"
    assert "Before a restore" in gui.window.page("settings").notice.text.text()
    reasons = {b.reason for b in gui.store.backups.list()}
    assert "pre-restore" in reasons  # the undo


def test_switching_language_at_run_time_relabels_codes(qtbot, gui, memory_keyring, clock):
    assert gui.unlock()
    store = gui.store
    store.save_profile(SupporterProfile(name="Aino"))
    window = gui.build_window()
    qtbot.addWidget(window)
    window.page("sessions")._service.save(
        Session(date=clock().date(), minutes=45, mode="home_visit", programme="home")
    )
    window.page("sessions").reload()
    window.show_page("settings")
    settings = window.page("settings")
    settings.language.setCurrentIndex(settings.language.findData("sv"))
    rebuilt = gui.window
    qtbot.addWidget(rebuilt)
    assert rebuilt is not window and rebuilt.current_key() == "settings"
    model = rebuilt.page("sessions").model
    assert model.data(model.index(0, 3)) == "Hembesök"
    assert rebuilt.page("sessions").filters.mode.itemText(1) == "Hembesök"
    assert store.profile().language == "sv"
    rebuilt.page("settings").language.setCurrentIndex(
        rebuilt.page("settings").language.findData("fi")
    )
    model = gui.window.page("sessions").model
    qtbot.addWidget(gui.window)
    assert model.data(model.index(0, 3)) == "Kotikäynti"


def test_text_size_is_saved_and_applied(qtbot, gui, memory_keyring, qapp):
    gui.unlock()
    before = qapp.font().pointSizeF()
    gui.set_text_scale(1.3)
    assert qapp.font().pointSizeF() == pytest.approx(before * 1.3, rel=0.01)
    assert load_preferences(gui.paths.preferences).text_scale == 1.3
    gui.set_text_scale(1.0)


def test_daily_backup_runs_at_start_and_once_a_day(qtbot, gui, memory_keyring, clock):
    assert gui.unlock()
    store = gui.store
    store.save_profile(SupporterProfile(name="Aino"))
    window = gui.build_window()
    qtbot.addWidget(window)
    gui.auto_backup.start()
    qtbot.waitUntil(lambda: "last backup today" in window.status.saved.text())
    assert len(store.backups.list()) == 1
    gui.auto_backup.check()
    gui.tasks.wait()
    QApplication.processEvents()
    assert len(store.backups.list()) == 1  # not due yet
    clock.advance(days=1, minutes=1)
    gui.auto_backup.check()
    qtbot.waitUntil(lambda: not gui.tasks.busy)
    assert len(store.backups.list()) == 2
    gui.auto_backup.stop()


def test_closing_during_a_backup_closes_once_it_has_finished(qtbot, gui, memory_keyring):
    assert gui.unlock()
    gui.store.save_profile(SupporterProfile(name="Aino"))
    window = gui.build_window()
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    gui.tasks.run(lambda: release.wait(10), label="Backing up…")  # a backup that takes a while
    window.close()
    assert window.isVisible()  # no dialog to answer: the window says what it waits for
    assert window.status.saved.text() == "Closing as soon as the work in progress has finished…"
    window.close()  # asking twice changes nothing
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not gui.tasks.busy


def test_without_a_secure_keyring_the_wizard_skips_the_pin(qtbot, gui, no_keyring, monkeypatch):
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(gui.paths.data_dir / "passphrase"))
    gui.paths.data_dir.mkdir(parents=True, exist_ok=True)
    (gui.paths.data_dir / "passphrase").write_text("a long passphrase for this test")
    assert gui.unlock()
    wizard = gui.setup_wizard()
    qtbot.addWidget(wizard)
    assert wizard.pin_fields is None


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_settings_forms_share_one_label_column(
    qtbot, qapp, data_dir, clock, memory_keyring, language
):
    """Profile, language and privacy fields start at one edge, every caption clear of its
    field ("Tekstin koko" sat close to its box), also after a larger text size is chosen."""
    gui = Gui(
        qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language=language, dark=False
    )
    try:
        assert gui.unlock()
        gui.store.save_profile(SupporterProfile(name="Aino", language=language))
        window = gui.build_window()
        qtbot.addWidget(window)
        window.resize(1366, 728)
        window.show()
        window.navigation.buttons["settings"].click()
        page = window.page("settings")

        def left_edges() -> set[int]:
            QApplication.processEvents()
            edges = set()
            for form in page.findChildren(QFormLayout):
                for row in range(form.rowCount()):
                    caption = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                    field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                    if caption is None or field is None or not caption.widget().text():
                        continue  # a row across the form, or the error line
                    caption, field = caption.widget(), field.widget()
                    assert caption.width() >= caption.sizeHint().width(), caption.text()
                    assert field.x() - caption.geometry().right() >= 14, caption.text()
                    edges.add(field.mapTo(page, field.rect().topLeft()).x())
            return edges

        assert len(left_edges()) == 1
        page.text_size.setFocus()
        QTest.keyClick(page.text_size, Qt.Key.Key_End)  # the largest text
        assert page.text_size.currentData() == max(TEXT_SCALES)
        qtbot.waitUntil(lambda: len(left_edges()) == 1)
        QTest.keyClick(page.text_size, Qt.Key.Key_Home)
    finally:
        gui.set_text_scale(1.0)
        if gui.window is not None:
            gui.window.close()
        gui.close()
