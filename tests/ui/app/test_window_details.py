"""Smaller things seen in the real window: clients of the same nickname told apart where a sheet
is printed for them, the booklet starting from the page's choices, the two language choices on
the Guides page saying which is which, the client's topics table showing its rows, and one
"unknown" age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from homesupport.domain.clients import Client
from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui

# Typing a nickname opens the suggestions, a popup the offscreen platform cannot raise.
pytestmark = pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")


@pytest.fixture
def gui(qtbot, qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    app = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert app.unlock()
    app.store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    window = app.open_window()
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    clients = window.page("clients")._clients
    for age, place in (("75_84", "091"), ("65_74", "297")):
        clients.save(Client(nickname="Aino", age_band=age, language="fi", municipality=place))
    yield app
    app.close()


def test_the_for_whom_suggestions_tell_two_ainos_apart(qtbot, gui):
    window = gui.window
    window.navigation.buttons["guides"].click()
    options = window.page("guides").options
    options.client.setFocus()
    QTest.keyClicks(options.client, "Ai")
    completer = options.client.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible(), timeout=10_000)
    shown = [completer.completionModel().index(row, 0).data() for row in range(2)]
    assert sorted(shown) == ["Aino (65–74, Kuopio)", "Aino (75–84, Helsinki)"]
    QTest.keyClick(completer.popup(), Qt.Key.Key_Down)
    QTest.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert options.client.text() == "Aino"  # the sheet says "Made for Aino"


def test_the_booklet_keeps_the_pages_size_and_nickname(qtbot, gui):
    window = gui.window
    window.navigation.buttons["guides"].click()
    page = window.page("guides")
    page.options.print_size.setCurrentIndex(page.options.print_size.findData("large"))
    page.options.client.setFocus()
    QTest.keyClicks(page.options.client, "Aino")
    page.booklet_button.click()
    booklet = page.dialog
    qtbot.waitExposed(booklet)
    assert booklet.options.choice() == page.options.choice()
    assert booklet.options.choice().size == "large" and booklet.options.client.text() == "Aino"
    booklet.reject()


def test_the_two_language_choices_on_the_guides_page_say_which_is_which(gui):
    window = gui.window
    window.navigation.buttons["guides"].click()
    page = window.page("guides")
    assert page.language_label.text() == "Show guides in:"
    assert page.language_label.buddy() is page.language
    assert page.options.language_label.text() == "Print in &language:"
    assert page.options.language_label.buddy() is page.options.language
    assert page.language_label.isVisible() and page.options.language_label.isVisible()


def test_the_clients_topics_over_time_show_every_topic(qtbot, gui, clock):
    window = gui.window
    clients = window.page("clients")
    aino = clients._clients.search("Aino")[0].client
    sessions = window.page("sessions")._service
    topics = ("omakanta", "kela", "bank_ids", "email")
    for days, topic in enumerate(topics):
        sessions.save(
            Session(
                date=clock().date() - dt.timedelta(days=days * 20),
                minutes=30,
                mode="home_visit",
                programme="home",
                topics=(topic,),
                client_id=aino.id,
            )
        )
    window.navigation.buttons["clients"].click()
    clients.reload()
    clients.table.selectRow(0)
    clients.open_button.click()
    table = clients.history.topics
    QApplication.processEvents()
    assert table.model().rowCount() == len(topics)
    last = table.visualRect(table.model().index(len(topics) - 1, 0))
    assert table.viewport().rect().contains(last)  # every row shows, not one


def test_a_new_clients_age_has_one_unknown_choice(gui):
    window = gui.window
    window.navigation.buttons["clients"].click()
    clients = window.page("clients")
    clients.new_button.click()
    ages = clients.dialog.age_band
    texts = [ages.itemText(row) for row in range(ages.count())]
    unknown = [t for t in texts if t in ("Unknown", "Not recorded")]
    assert unknown == ["Unknown"] and ages.itemData(0) is None
    clients.dialog.reject()
