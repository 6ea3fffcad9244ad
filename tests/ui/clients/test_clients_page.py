import datetime as dt

from PySide6.QtCore import Qt

from homesupport.domain.clients import Client
from homesupport.domain.sessions import SessionFilter
from homesupport.ui.clients.model import ClientColumn, HistoryColumn
from tests.ui.clients.pages import clients_page, labels, press

TODAY = dt.date(2026, 11, 20)


def test_a_client_is_created_in_the_dialog_with_ctrl_s(qtbot, services, kit, tasks):
    page = clients_page(qtbot, services, kit, tasks)
    assert page.list_stack.currentWidget() is page.empty  # no clients yet
    dialog = page.new_client()
    dialog.nickname.setText("Aino")
    dialog.age_band.setCurrentIndex(dialog.age_band.findData("75_84"))
    dialog.language.setCurrentIndex(dialog.language.findData("fi"))
    dialog.municipality.setText("Helsingfors")  # the Swedish name resolves too
    dialog.consent_given.setChecked(True)
    dialog.consent_date.setDate(dialog.consent_date.date().addDays(-3))
    dialog.scopes["follow_up_contact"].setChecked(True)
    dialog.notes.setPlainText("Prefers mornings")
    press(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    (choice,) = services.clients.search("")
    client = choice.client
    assert (client.nickname, client.age_band, client.language, client.municipality) == (
        "Aino",
        "75_84",
        "fi",
        "091",
    )
    assert client.consent_date == TODAY - dt.timedelta(days=3)
    assert client.consent_scope == ("follow_up_contact",)
    assert labels(page) == ["Aino"] and page.list_stack.currentWidget() is page.table
    assert page.model.data(page.model.index(0, ClientColumn.MUNICIPALITY)) == "Helsinki"


def test_invalid_input_is_shown_at_its_field_and_nothing_is_saved(qtbot, services, kit, tasks):
    page = clients_page(qtbot, services, kit, tasks)
    dialog = page.new_client()
    dialog.municipality.setText("Atlantis")
    dialog.save()
    assert dialog.isVisible() and dialog._errors["municipality"].isVisible()
    dialog.municipality.clear()
    dialog.save()  # no nickname
    assert dialog.isVisible()
    assert dialog._errors["nickname"].text() == "A client needs a nickname."
    assert services.clients.count() == 0
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and services.clients.count() == 0


def test_editing_changes_the_client_and_the_list(qtbot, services, kit, tasks):
    aino = services.client("Aino")
    page = clients_page(qtbot, services, kit, tasks)
    page.select(aino.id)
    dialog = page.edit_client(page.selected_id())
    assert dialog.nickname.text() == "Aino" and dialog.age_band.currentData() == "75_84"
    dialog.nickname.setText("Aino-mummo")
    dialog.save()
    assert services.clients.get(aino.id).nickname == "Aino-mummo"
    assert labels(page) == ["Aino-mummo"] and page.selected_id() == aino.id


def test_duplicate_nicknames_are_allowed_and_shown_apart(qtbot, services, kit, tasks):
    services.client("Aino", age_band="75_84", municipality="091")
    page = clients_page(qtbot, services, kit, tasks)
    dialog = page.new_client()
    dialog.nickname.setText("aino ")
    assert dialog.duplicate_hint.isVisible()  # warns, does not block
    dialog.age_band.setCurrentIndex(dialog.age_band.findData("85plus"))
    dialog.municipality.setText("Espoo")
    dialog.save()
    assert sorted(labels(page)) == ["Aino (75–84, Helsinki)", "aino (85 or over, Espoo)"]
    page.search.setText("ain")
    assert len(labels(page)) == 2
    page.search.setText("b")
    assert labels(page) == [] and page.list_stack.currentWidget() is page.empty


def test_history_shows_sessions_topics_guides_and_open_follow_ups(qtbot, services, kit, tasks):
    aino = services.client("Aino", notes="Hears poorly")
    other = services.client("Bertil")
    services.session(dt.date(2026, 10, 2), client_id=aino.id, topics=("omakanta",))
    services.session(
        dt.date(2026, 11, 3),
        client_id=aino.id,
        topics=("omakanta", "bank_ids"),
        guides=("omakanta-login",),
        follow_up=dt.date(2026, 11, 27),
        notes="Practised logging in",
    )
    services.session(dt.date(2026, 11, 4), client_id=other.id, topics=("email",))
    page = clients_page(qtbot, services, kit, tasks)
    page.select(aino.id)
    page.open_button.click()
    view = page.history
    assert page.stack.currentWidget() is view
    assert view.title.text() == "Aino"
    assert "last session 3.11.2026" in view.details.text() and view.notes.text() == "Hears poorly"
    assert view.sessions_model.rowCount() == 2 and view.sessions_title.text() == "2 sessions"
    assert (
        view.sessions_model.data(view.sessions_model.index(0, HistoryColumn.NOTES))
        == "Practised logging in"
    )
    assert [view.follow_ups.item(i).text() for i in range(view.follow_ups.count())] == [
        "27.11.2026 · Bank IDs and online banking, My Kanta (from the session of 3.11.2026)"
    ]
    assert view.guides.item(0).text() == "3.11.2026 · Guide omakanta-login"
    topics = view.topics_model
    headers = [topics.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Topic", "10/2026", "11/2026", "All"]
    rows = [[topics.data(topics.index(r, c)) for c in range(4)] for r in range(2)]
    assert rows == [["My Kanta", "1", "1", "2"], ["Bank IDs and online banking", "", "1", "1"]]
    view.back_button.click()
    assert page.stack.currentIndex() == 0


def test_new_session_for_this_client_is_one_action_and_prefilled(qtbot, services, kit, tasks):
    aino = services.client("Aino", age_band="85plus", language="sv", municipality="049")
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(aino.id)
    page.history.new_session_button.click()
    form = page.form
    assert form is not None and form.isVisible()
    assert form.client_picker.client_id == aino.id
    assert form.client_picker.edit.text() == "Aino"
    assert form.age_band.currentData() == "85plus" and form.language.currentData() == "sv"
    assert form.municipality.text() == "Espoo"
    form.save()
    (saved,) = services.sessions.page(SessionFilter(client_id=aino.id))
    assert (saved.client_id, saved.age_band, saved.municipality) == (aino.id, "85plus", "049")
    assert page.history.sessions_model.rowCount() == 1  # the history refreshed


def test_a_client_erased_meanwhile_sends_the_page_back_to_the_list(qtbot, services, kit, tasks):
    aino = services.client("Aino")
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(aino.id)
    services.privacy.erase_now(aino.id)
    page.page_shown()
    assert page.stack.currentIndex() == 0 and labels(page) == []
    assert page.new_session_for(aino.id) is None


def test_privacy_hint_under_client_notes_warns_with_the_reason(qtbot, services, kit, tasks):
    page = clients_page(qtbot, services, kit, tasks)
    dialog = page.new_client()
    dialog.notes.setPlainText("Likes cats")
    dialog.privacy_hint.refresh()
    assert not dialog.privacy_hint.isVisible()
    dialog.notes.setPlainText("hetu 131052-308T")
    qtbot.waitUntil(dialog.privacy_hint.isVisible)  # after the typing pause
    assert "personal identity code" in dialog.privacy_hint.text()
    dialog.nickname.setText("Aino")
    dialog.save()  # a warning never blocks
    assert services.clients.search("aino")[0].client.notes == "hetu 131052-308T"


def test_every_control_has_a_name_and_tab_reaches_the_save_button(qtbot, services, kit, tasks):
    page = clients_page(qtbot, services, kit, tasks)
    dialog = page.new_client()
    dialog.nickname.setFocus()
    seen = []
    for _step in range(40):
        widget = dialog.focusWidget()
        seen.append(widget)
        assert widget.accessibleName(), type(widget).__name__
        if widget is dialog.save_button:
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert dialog.save_button in seen and dialog.notes in seen and dialog.consent_given in seen


def test_client_model_passes_qtmodeltester(qtmodeltester, services, kit, tasks, qtbot):
    services.client("Aino", consent_date=TODAY, consent_scope=("sessions",))
    services.clients.save(Client(nickname="Bertil"))
    page = clients_page(qtbot, services, kit, tasks)
    qtmodeltester.check(page.model)
    assert (
        page.model.data(page.model.index(0, ClientColumn.CONSENT)) == "20.11.2026 · Sessions stored"
    )
    assert page.model.data(page.model.index(1, ClientColumn.CONSENT)) == "Not recorded"
