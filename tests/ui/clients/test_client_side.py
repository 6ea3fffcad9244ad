"""The whole app with the client side wired in by launch.py."""

import datetime as dt

from homesupport.domain.clients import Client
from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.privacy import RetentionReport
from homesupport.ui.app.launch import Gui
from homesupport.ui.app.retention import retention_text


def test_pages_badge_and_retention_notice_on_open(qtbot, gui, clock):
    window = gui.build_window()
    side = gui.client_side
    assert [b for b in window.navigation.buttons] == [
        "sessions",
        "clients",
        "follow_ups",
        *[k for k in window.navigation.buttons if k not in ("sessions", "clients", "follow_ups")],
    ]
    old = side.clients.save(Client("Vanha"))
    side.clients.save(Client("Uusi"))
    sessions = window.page("sessions")._service
    sessions.save(
        Session(dt.date(2025, 3, 3), 45, "home_visit", "home", client_id=old.id, notes="x")
    )
    sessions.save(
        Session(clock().date(), 45, "home_visit", "home", follow_up=dt.date(2026, 11, 21))
    )
    side.refresh_badge()
    badge = window.navigation.buttons["follow_ups"].badge
    assert badge.text() == "1" and not badge.isHidden()

    window.show()
    side.on_open()  # a job on the store, off the GUI thread
    qtbot.waitUntil(lambda: not gui.tasks.busy)
    notice = window.page(window.current_key()).notice
    assert notice.text.text() == "Removed 1 client and the notes of 1 session older than 12 months."
    assert [c.client.nickname for c in side.clients.search("")] == ["Uusi"]


def test_a_session_saved_on_the_sessions_page_refreshes_the_badge(qtbot, gui, clock):
    window = gui.build_window()
    page = window.page("sessions")
    form = page.open_form(
        Session(clock().date(), 45, "home_visit", "home", follow_up=dt.date(2026, 11, 21))
    )
    form.save_button.click()  # the page tells data_changed; the badge listens
    assert window.navigation.buttons["follow_ups"].badge.text() == "1"


def test_the_daily_pass_waits_while_a_form_is_open(qtbot, gui, clock):
    window = gui.build_window()
    window.show()
    side = gui.client_side
    side.on_open()
    qtbot.waitUntil(lambda: not gui.tasks.busy)
    clock.advance(days=1, minutes=1)
    ran = []
    side.retention.ran.connect(ran.append)
    form = window.page("sessions").open_form(window.page("sessions")._service.new_session())
    assert not side.retention.run_if_due()  # not under someone typing
    form.reject()
    assert side.retention.run_if_due()
    qtbot.waitUntil(lambda: len(ran) == 1)
    assert ran[0].ran


def test_retention_text_counts_only():
    report = RetentionReport(ran=True, clients_removed=3, sessions_anonymised=5, notes_removed=12)
    assert retention_text(report, 12) == (
        "Removed 3 clients and the notes of 12 sessions older than 12 months."
    )
    assert retention_text(RetentionReport(ran=True), 12) is None
    skipped = RetentionReport(ran=False, skipped="Old data was already checked today.")
    assert retention_text(skipped, 12) == "Old data was already checked today."


def test_settings_the_organisation_locked_are_shown_but_not_editable(
    qtbot, qapp, data_dir, clock, memory_keyring, tmp_path, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text('retention_months = 24\nlocked = ["retention_months"]\n', encoding="utf-8")
    monkeypatch.setenv("HOMESUPPORT_SITE_CONFIG", str(config))
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    assert gui.unlock()
    gui.store.save_profile(SupporterProfile(name="Aino Tukija"))
    window = gui.build_window()
    qtbot.addWidget(window)
    card = gui.client_side.privacy_card()
    qtbot.addWidget(card)
    assert card.retention.value() == 24 and not card.retention.isEnabled()
    assert card.retention.toolTip() == "Set by your organisation"
    assert card.idle.isEnabled()  # not locked: the person's own choice
    gui.close()
