"""The background-work rule (ui/tasks.py), with real worker threads: STORE jobs one at a time,
BESIDE jobs next to them; an error nobody handles goes to the app's one message; and a change
made in the background reaches the sessions page by the ``data_changed`` signal, no timer."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox

from homesupport.domain.sessions import Session
from homesupport.ui.app.unexpected import UnexpectedErrors
from homesupport.ui.common.tasks import Changed, Kind, Tasks
from homesupport.ui.sessions.page import SessionsPage

WAIT = 10  # seconds a worker waits for the other before the test counts it as blocked


def test_two_store_jobs_never_overlap(qtbot, tasks):
    lock = threading.Lock()
    running, most, workers = [0], [0], set()
    done: list[int] = []

    def job(n: int) -> int:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            workers.add(threading.get_ident())
        time.sleep(0.05)  # long enough for a second worker to join in, were there one
        with lock:
            running[0] -= 1
        return n

    for n in range(4):
        tasks.run(lambda n=n: job(n), done.append)  # STORE is the default
    qtbot.waitUntil(lambda: len(done) == 4, timeout=WAIT * 1000)
    assert most[0] == 1
    assert done == [0, 1, 2, 3]  # in the order asked
    assert threading.get_ident() not in workers


def test_a_beside_job_runs_while_a_store_job_runs(qtbot, tasks):
    beside_ran = threading.Event()
    results: list[object] = []

    def store_job() -> bool:
        # Finishes only once the BESIDE job has run: it must not wait behind this one.
        return beside_ran.wait(WAIT)

    tasks.run(store_job, results.append, kind=Kind.STORE)
    tasks.run(beside_ran.set, lambda _r: results.append("beside"), kind=Kind.BESIDE)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=(WAIT + 5) * 1000)
    assert results == ["beside", True]


def test_changes_are_told_after_the_job_and_only_after_success(qtbot, tasks):
    told: list[tuple[object, object]] = []
    tasks.data_changed.connect(lambda changes, who: told.append((changes, who)))
    initiator = object()
    failed: list[Exception] = []
    tasks.run(lambda: 1 / 0, on_error=failed.append, changes=Changed.SESSIONS)
    tasks.run(lambda: None, changes=Changed.CLIENTS, initiator=initiator)
    qtbot.waitUntil(lambda: len(told) == 1 and len(failed) == 1)
    assert told == [(Changed.CLIENTS, initiator)]


@pytest.fixture
def unexpected(qapp, tmp_path: Path) -> Iterator[UnexpectedErrors]:
    errors = UnexpectedErrors(tmp_path / "homesupport.log")
    errors.install()
    yield errors
    errors.uninstall()
    if errors.box is not None and shiboken6.isValid(errors.box):
        errors.box.close()
        errors.box.deleteLater()


@pytest.mark.qt_no_exception_capture  # the app's own hook, not pytest-qt's, sees the error
def test_an_error_in_a_job_without_a_handler_shows_the_message(qtbot, unexpected):
    tasks = Tasks()
    finished: list[object] = []

    def broken() -> None:
        raise OSError(28, "No space left on device")

    tasks.run(broken, finished.append, label="Backing up…")
    qtbot.waitUntil(lambda: unexpected.box is not None and unexpected.box.isVisible())
    box = unexpected.box
    assert box is not None
    assert "Something went wrong. Your data is safe" in box.text()
    assert finished == [] and not tasks.busy
    box.button(QMessageBox.StandardButton.Ok).click()  # as the person answers it
    qtbot.waitUntil(lambda: not box.isVisible())
    tasks.wait()


def test_a_session_stored_by_a_job_shows_on_the_sessions_page_without_a_timer(
    qtbot, service, transfer, tasks, kit, clock
):
    page = SessionsPage(service, lambda: transfer, tasks, kit, lambda: clock().date())
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert page.model.total == 0
    day = clock().date() - dt.timedelta(days=1)

    def store() -> None:
        service.save(Session(date=day, minutes=30, mode="phone", programme="home"))

    tasks.run(store, changes=Changed.SESSIONS)  # from anywhere but the page itself
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert page.model.session_at(0).date == day
    assert page.count_label.text() == "1 session logged"


def test_a_hidden_sessions_page_reloads_when_shown_and_only_then(
    qtbot, service, transfer, tasks, kit, clock
):
    page = SessionsPage(service, lambda: transfer, tasks, kit, lambda: clock().date())
    qtbot.addWidget(page)
    loads: list[int] = []
    reload = page.model.reload
    page.model.reload = lambda *a, **k: (loads.append(1), reload(*a, **k))[1]  # type: ignore[method-assign]
    page.page_shown()  # nothing changed meanwhile: no load
    assert loads == []
    service.save(Session(date=clock().date(), minutes=30, mode="phone", programme="home"))
    tasks.notify(Changed.SESSIONS)
    assert loads == []  # not in view: later
    page.show()
    page.page_shown()
    assert loads == [1] and page.model.total == 1
    tasks.notify(Changed.GUIDES)  # not what the page shows
    page.page_shown()
    assert loads == [1]
