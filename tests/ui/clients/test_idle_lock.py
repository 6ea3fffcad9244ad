import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QWidget

from homesupport.services.idle_lock import IdleLock
from homesupport.ui.app.screen_lock import ScreenLock
from tests.ui.clients.pages import clients_page

NICK = "Zorbulonia"
PIN = "4826"


def visible_texts(window: QWidget) -> str:
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            texts.append(widget.text())
        model = getattr(widget, "model", None)
        if callable(model) and model() is not None:
            m = model()
            texts += [str(m.index(r, 0).data()) for r in range(m.rowCount())]
    return "\n".join(texts)


@pytest.fixture
def locked_app(qtbot, qapp, services, kit, tasks):
    """A window showing a client, an open dialog, and a screen lock of 1 minute."""
    client = services.client(NICK)
    window = QMainWindow()
    page = clients_page(qtbot, services, kit, tasks)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    page.show_client(client.id)
    lock = IdleLock.for_store(services.store, services.clock)
    lock.set_pin(PIN)
    screen_lock = ScreenLock(qapp, lock, services.clock, minutes=1)
    screen_lock.attach(window, kit)
    yield window, page, screen_lock
    screen_lock.stop()


def test_idle_time_locks_and_hides_every_bit_of_data(qtbot, services, locked_app):
    window, page, screen_lock = locked_app
    dialog = page.edit_client(page.history.history.client.id)
    assert NICK in visible_texts(window) and dialog.isVisible()
    services.clock.advance(seconds=59)
    screen_lock.check()
    assert not screen_lock.locked
    services.clock.advance(seconds=2)
    screen_lock.check()
    assert screen_lock.locked and screen_lock.screen.isVisible()
    assert not dialog.isVisible()  # open dialogs are hidden too
    assert NICK not in visible_texts(window)
    assert "HomeSupport is locked" in visible_texts(window)
    image = window.grab().toImage()
    assert image.size() == window.size()
    assert screen_lock.screen.geometry() == window.rect()  # covers it all

    screen_lock.screen.secret.setText(PIN)
    screen_lock.screen.unlock_button.click()
    assert not screen_lock.locked and NICK in visible_texts(window)
    assert dialog.isVisible()  # the half-typed form is back
    assert dialog.nickname.text() == NICK


def test_activity_keeps_it_open(qtbot, services, locked_app):
    _window, page, screen_lock = locked_app
    services.clock.advance(seconds=50)
    qtbot.mouseMove(page.table)  # activity through the application-wide filter
    qtbot.keyClick(page.search, "a")
    services.clock.advance(seconds=50)
    screen_lock.check()
    assert not screen_lock.locked


def test_wrong_tries_are_throttled_and_the_recovery_key_still_works(services, locked_app):
    _window, _page, screen_lock = locked_app
    screen_lock.lock()
    screen = screen_lock.screen
    for _try in range(3):
        screen.secret.setText("0000")
        screen.try_unlock()
    assert screen_lock.locked and "Too many wrong tries" in screen.message.text()
    screen.secret.setText(PIN)
    screen.try_unlock()  # the right PIN must wait too
    assert screen_lock.locked
    screen.secret.setText(services.store.recovery_key_text())
    screen.try_unlock()
    assert not screen_lock.locked


def test_while_locked_input_outside_the_lock_screen_is_swallowed(qtbot, locked_app):
    _window, page, screen_lock = locked_app
    screen_lock.lock()
    qtbot.keyClicks(page.search, "abc")  # e.g. a stray shortcut or a hidden field
    assert page.search.text() == ""
    qtbot.keyClicks(screen_lock.screen.secret, PIN)
    assert screen_lock.screen.secret.text() == PIN


def test_a_person_who_chose_a_passphrase_is_asked_for_it(
    qtbot, qapp, kit, tmp_path, data_dir, clock
):
    """No secure keyring: the store was made with a passphrase, and there is no PIN."""
    import keyring
    from keyring.backends import fail
    from PySide6.QtCore import Qt

    from homesupport.paths import Paths
    from homesupport.services.store import open_store

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    key_file = tmp_path / "passphrase"
    key_file.write_text("my own long passphrase", encoding="utf-8")
    store = open_store(
        Paths.resolve(data_dir), clock, environ={"HOMESUPPORT_KEY_FILE": str(key_file)}
    )
    window = QMainWindow()
    window.setCentralWidget(QLabel("the data"))
    qtbot.addWidget(window)
    window.show()
    screen_lock = ScreenLock(qapp, IdleLock.for_store(store, clock), clock, minutes=1)
    try:
        screen_lock.attach(window, kit)
        screen_lock.lock()
        screen = screen_lock.screen
        assert "passphrase" in screen.intro.text() and "PIN" not in screen.intro.text()
        assert screen.secret.placeholderText() == "Passphrase or recovery key"
        qtbot.keyClicks(screen.secret, "not it at all")
        qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
        assert screen.message.text() == "That is not the passphrase or the recovery key."
        qtbot.keyClicks(screen.secret, "my own long passphrase")
        qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
        assert not screen_lock.locked
    finally:
        screen_lock.stop()
        store.close()
        keyring.set_keyring(previous)
