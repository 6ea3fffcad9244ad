import datetime as dt

import pytest
from PySide6.QtCore import Qt

from homesupport.domain.sessions import SessionFilter
from homesupport.services.privacy import retention_cutoff
from homesupport.ui.sessions.form import SessionForm


def open_form(qtbot, services, kit, session=None) -> SessionForm:
    form = SessionForm(
        services.sessions, kit, session or services.sessions.new_session(), clients=services.clients
    )
    qtbot.addWidget(form)
    form.show()
    return form


# The offscreen platform cannot raise a popup or grab the keyboard for it; it says so.
POPUP = pytest.mark.qt_log_ignore("This plugin does not support")


@POPUP
def test_type_ahead_links_the_client_and_copies_their_attributes(qtbot, services, kit):
    services.client("Aino", age_band="75_84", municipality="091")
    twin = services.client("Aino", age_band="85plus", language="sv", municipality="049")
    services.client("Bertil")
    form = open_form(qtbot, services, kit)
    picker = form.client_picker
    qtbot.keyClicks(picker.edit, "ai")
    popup = picker.completer.popup()
    items = [picker.suggestions.item(r).text() for r in range(picker.suggestions.rowCount())]
    assert items == ["Aino (75–84, Helsinki)", "Aino (85 or over, Espoo)"]
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.client_id == twin.id and picker.edit.text() == "Aino (85 or over, Espoo)"
    assert form.age_band.currentData() == "85plus" and form.language.currentData() == "sv"
    assert form.municipality.text() == "Espoo"
    form.save()
    (saved,) = services.sessions.page(SessionFilter())
    assert saved.client_id == twin.id and saved.municipality == "049"


@POPUP
def test_typing_after_choosing_unlinks(qtbot, services, kit):
    aino = services.client("Aino")
    session = services.session(dt.date(2026, 11, 19), client_id=aino.id)
    form = open_form(qtbot, services, kit, services.sessions.get(session.id))
    assert form.client_picker.client_id == aino.id and form.client_picker.edit.text() == "Aino"
    qtbot.keyClick(form.client_picker.edit, Qt.Key.Key_Backspace)
    assert form.client_picker.client_id is None and form.client_picker.hint.isVisible()
    form.client_picker.edit.clear()
    form.save()
    assert services.sessions.get(session.id).client_id is None


def test_a_new_client_is_created_inline_and_linked(qtbot, services, kit):
    form = open_form(qtbot, services, kit)
    form.age_band.setCurrentIndex(form.age_band.findData("65_74"))
    qtbot.keyClicks(form.client_picker.edit, "Helmi")
    dialog = form.client_picker.new_client()
    assert dialog.nickname.text() == "Helmi" and dialog.age_band.currentData() == "65_74"
    dialog.save()
    (choice,) = services.clients.search("helmi")
    assert form.client_picker.client_id == choice.client.id
    assert form.client_picker.edit.text() == "Helmi"
    form.save()
    (saved,) = services.sessions.page(SessionFilter())
    assert saved.client_id == choice.client.id and saved.age_band == "65_74"


def test_privacy_hint_under_session_notes(qtbot, services, kit):
    form = open_form(qtbot, services, kit)
    assert not form.privacy_hint.isVisible()
    form.notes.setPlainText("Asiakkaan hetu on 131052-308T ja salasana: kissa123")
    qtbot.waitUntil(form.privacy_hint.isVisible)
    text = form.privacy_hint.text()
    assert "personal identity code" in text and "password, PIN or bank code" in text
    form.notes.setPlainText("Harjoiteltiin pankkitunnuksia")
    form.privacy_hint.refresh()
    assert not form.privacy_hint.isVisible()


def test_retention_while_a_form_is_open_does_not_bring_data_back(qtbot, services, kit):
    old = dt.date(2025, 6, 2)  # long before the 12-month cutoff
    aino = services.client("Aino")
    session = services.session(old, client_id=aino.id, notes="Vanha muistiinpano")
    form = open_form(qtbot, services, kit, services.sessions.get(session.id))
    assert form.notes.toPlainText() == "Vanha muistiinpano"
    assert old < retention_cutoff(services.clock().date(), 12)

    report = services.privacy.run_retention(12)  # meanwhile: the daily pass
    assert report.clients_removed == 1
    form.minutes.setValue(50)
    form.save()  # the stale form still holds the client and the note

    stored = services.sessions.get(session.id)
    assert stored.minutes == 50
    assert stored.client_id is None and stored.notes == ""
    assert services.clients.search("aino") == []
