"""Retention and erasure leave the GUI thread (STORE jobs, ui/tasks.py), pressed through the
real buttons; while one runs its buttons wait, and a failure leaves the store as it was."""

from __future__ import annotations

import datetime as dt
import threading

from homesupport.domain.clients import Client
from homesupport.domain.privacy import AuditAction
from homesupport.domain.sessions import Session, SessionFilter
from homesupport.storage.audit_repo import AuditRepository
from homesupport.ui.common.tasks import Tasks
from tests.ui.clients.pages import clients_page, labels

NICK = "Zorbulonia"
NOTE = "Quixotrandel"
WAIT = 10  # seconds


def test_retention_runs_off_the_gui_thread_from_the_notices_button(qtbot, gui, clock, monkeypatch):
    window = gui.build_window()
    window.show()
    side = gui.client_side
    side.on_open()  # the first pass, on an empty register
    qtbot.waitUntil(lambda: not gui.tasks.busy)
    old = side.clients.save(Client("Vanha"))
    window.page("sessions")._service.save(
        Session(clock().date(), 45, "home_visit", "home", client_id=old.id, notes=NOTE)
    )
    clock.advance(days=400)  # a year and more later, or a clock gone wrong: the app asks
    privacy = side.privacy
    seen: dict[str, int] = {}
    run_retention = privacy.run_retention

    def recorded(months: int, **options: bool):
        seen["thread"] = threading.get_ident()
        return run_retention(months, **options)

    monkeypatch.setattr(privacy, "run_retention", recorded)
    busy: list[tuple[bool, str]] = []
    gui.tasks.busy_changed.connect(lambda on, text: busy.append((on, text)))
    assert side.retention.run_if_due()
    notice = window.page(window.current_key()).notice
    qtbot.waitUntil(lambda: notice.action.isVisible())
    assert "clock" in notice.text.text().lower() or "date" in notice.text.text().lower()
    assert side.clients.search("") != []  # skipped: nothing removed on a doubtful clock

    ran = []
    side.retention.ran.connect(ran.append)
    seen.clear()
    notice.action.click()  # "The date is right"
    assert side.retention.busy
    qtbot.waitUntil(lambda: len(ran) == 1, timeout=WAIT * 1000)
    assert seen["thread"] != threading.get_ident()  # the pass ran in a worker
    assert ran[0].clients_removed == 1
    assert (True, "Removing old data…") in busy and busy[-1] == (False, "")
    assert not side.retention.busy
    assert side.clients.search("") == []


def test_erasure_runs_off_the_gui_thread_and_its_buttons_wait(qtbot, services, kit, tasks):
    client = services.client(NICK)
    services.session(dt.date(2026, 11, 2), client_id=client.id, notes=NOTE)
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(client.id)
    privacy = services.privacy
    release = threading.Event()
    threads: dict[str, int] = {}
    request, finalise = privacy.request_erasure, privacy.finalise_due_erasures

    def slow_request(client_id: int):
        threads["request"] = threading.get_ident()
        release.wait(WAIT)  # held until the test has looked at the page
        return request(client_id)

    def recorded_finalise(everything: bool = False):
        threads["finalise"] = threading.get_ident()
        return finalise(everything)

    privacy.request_erasure = slow_request  # type: ignore[method-assign]
    privacy.finalise_due_erasures = recorded_finalise  # type: ignore[method-assign]
    page.history.erase_button.click()
    box = page.confirm
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Erase client").click()
    assert page.confirm is None  # the question is gone before the work starts
    qtbot.waitUntil(lambda: "request" in threads)
    assert threads["request"] != threading.get_ident()
    assert page._erasures.busy and tasks.busy
    assert not page.history.erase_button.isEnabled()
    assert not page.history.edit_button.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: page.erasure_bar.isVisible(), timeout=WAIT * 1000)
    assert labels(page) == [] and not page._erasures.busy

    finalised = []
    page._erasures.finalised.connect(finalised.append)
    services.clock.advance(seconds=31)  # the undo window is over: the next tick makes it final
    qtbot.waitUntil(lambda: len(finalised) == 1, timeout=WAIT * 1000)
    assert threads["finalise"] != threading.get_ident()
    assert not page.erasure_bar.isVisible()
    (session,) = services.sessions.page(SessionFilter())  # stays, anonymous
    assert session.client_id is None and session.notes == ""


def test_a_failing_erasure_leaves_the_store_as_it_was(qtbot, services, kit, monkeypatch):
    errors: list[BaseException] = []
    tasks = Tasks(report=errors.append)  # the default error path, seen by the test
    client = services.client(NICK, notes="Vexillmortag")
    stored = services.session(dt.date(2026, 11, 2), client_id=client.id, notes=NOTE)
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(client.id)
    page.history.erase_button.click()
    box = page.confirm
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Erase client").click()
    qtbot.waitUntil(lambda: page.erasure_bar.isVisible(), timeout=WAIT * 1000)

    add = AuditRepository.add

    def failing_add(self, action, *args, **kwargs):
        if action is AuditAction.CLIENT_ERASED:  # after the rows were changed, same transaction
            raise OSError(5, "Input/output error")
        return add(self, action, *args, **kwargs)

    monkeypatch.setattr(AuditRepository, "add", failing_add)
    services.clock.advance(seconds=31)
    page._erasures.tick()  # as its timer does
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=WAIT * 1000)
    assert isinstance(errors[0], OSError)
    assert not page._erasures.busy and not tasks.busy
    assert not page._erasures._timer.isActive()  # not tried again every second
    # Rolled back: still waiting (undo possible), the session keeps its link and notes.
    assert [p.client_id for p in services.privacy.pending_erasures()] == [client.id]
    session = services.sessions.get(stored.id)
    assert session is not None and session.client_id == client.id and session.notes == NOTE
    monkeypatch.undo()
    page.erasure_bar.undo_button.click()
    qtbot.waitUntil(lambda: labels(page) == [NICK], timeout=WAIT * 1000)
    assert services.clients.get(client.id).notes == "Vexillmortag"
    tasks.wait()
