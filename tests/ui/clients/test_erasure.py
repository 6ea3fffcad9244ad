import datetime as dt

from PySide6.QtWidgets import QMessageBox

from homesupport.domain.sessions import SessionFilter
from tests.clients.rawdb import everything_on_disk
from tests.ui.clients.pages import clients_page, labels

NICK = "Zorbulonia"
NOTE = "Quixotrandel muistiinpano"


def confirm(qtbot, page, client_id: int, answer: str) -> None:
    """Answers the question; the erasure is asked for in the background."""
    box = page.erase_client(client_id)
    button = next(b for b in box.buttons() if b.text() == answer)
    button.click()
    qtbot.waitUntil(lambda: not page._erasures.busy)


def test_confirmation_names_what_happens(qtbot, services, kit, tasks):
    client = services.client(NICK)
    services.session(dt.date(2026, 11, 2), client_id=client.id, notes=NOTE)
    services.session(dt.date(2026, 11, 9), client_id=client.id, follow_up=dt.date(2026, 11, 30))
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(client.id)
    page.history.erase_button.click()
    text = page.confirm.informativeText()
    assert f"{NICK} is removed from the client register." in text
    assert "Their 2 sessions stay in the statistics but lose the link" in text
    assert "1 open follow-up is cancelled." in text
    assert "You can undo for 30 seconds." in text
    page.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert services.clients.get(client.id) is not None  # nothing happened


def test_erase_undo_within_the_window_then_final_and_gone_from_disk(qtbot, services, kit, tasks):
    client = services.client(NICK, notes="Vexillmortag")
    services.session(dt.date(2026, 11, 2), client_id=client.id, notes=NOTE)
    page = clients_page(qtbot, services, kit, tasks)
    bar = page.erasure_bar

    confirm(qtbot, page, client.id, "Erase client")
    assert labels(page) == [] and bar.isVisible()
    assert bar.text.text() == f"{NICK} will be erased in 30 seconds."
    services.clock.advance(seconds=12)
    page._erasures.tick()
    assert bar.text.text() == f"{NICK} will be erased in 18 seconds."
    bar.undo_button.click()  # undo within the window
    qtbot.waitUntil(lambda: not page._erasures.busy)
    assert labels(page) == [NICK] and not bar.isVisible()
    assert services.clients.get(client.id).notes == "Vexillmortag"

    confirm(qtbot, page, client.id, "Erase client")
    services.clock.advance(seconds=31)
    finalised = []
    page._erasures.finalised.connect(finalised.append)
    page._erasures.tick()
    qtbot.waitUntil(lambda: len(finalised) == 1)
    assert finalised[0].clients == 1 and not bar.isVisible()
    assert not services.privacy.cancel_erasure(client.id)  # final: no undo
    (session,) = services.sessions.page(SessionFilter())
    assert session.client_id is None and session.notes == ""  # stays, anonymous
    disk = everything_on_disk(services.store.paths.database, _key(services))
    for secret in (NICK, NOTE, "Vexillmortag"):
        assert secret.encode() not in disk


def test_closing_the_app_makes_a_pending_erasure_final(qtbot, services, kit, tasks):
    client = services.client(NICK)
    page = clients_page(qtbot, services, kit, tasks)
    confirm(qtbot, page, client.id, "Erase client")
    assert page._erasures.finalise_all().clients == 1
    assert services.privacy.pending_erasures() == []
    assert not services.privacy.cancel_erasure(client.id)


def _key(services) -> bytes:
    from homesupport.storage import keys  # the test may look under the hood; the ui may not

    return keys.key_from_recovery(services.store.recovery_key_text())
