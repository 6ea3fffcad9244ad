"""The app's start in two steps: the window with the first screen before the data layer, then
everything else right after the first frame. Whatever a person does in between must work."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.sessions import SessionService
from homesupport.services.store import open_store
from homesupport.services.unlock import unlock
from homesupport.ui.app.launch import Gui
from homesupport.ui.app.store_opening import FIRST_SCREEN_ROWS

PASSPHRASE = "a passphrase for the start test"
# Run as the `homesupport` command; reports what was loaded at the first frame and after
# step 2, then quits.
WATCH = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import homesupport.app
from homesupport.ui.app import launch

HEAVY = {"sqlalchemy", "alembic", "keyring", "openpyxl", "reportlab", "httpx"}
HEAVY_MODULES = {"logging.handlers"}
seen = {}

def loaded():
    packages = HEAVY & {name.split(".")[0] for name in sys.modules}
    return sorted(packages | (HEAVY_MODULES & set(sys.modules)))

def watched(gui):
    window = opened(gui)

    def first_frame():
        page = window.page("sessions")
        seen["first"] = {
            "loaded": loaded(),
            "rows": page.model.rowCount(),
            "total": page.model.total,
            "count": page.count_label.text(),
        }

    def after():
        if gui.client_side is None:
            QTimer.singleShot(5, after)
            return
        seen["after"] = {
            "loaded": loaded(),
            "count": window.page("sessions").count_label.text(),
            "badge": window.navigation.buttons["follow_ups"].badge.text(),
        }
        print(json.dumps(seen), flush=True)
        QApplication.instance().quit()

    window.first_painted.connect(first_frame)
    window.first_painted.connect(lambda: QTimer.singleShot(0, after))
    return window

opened, launch.Gui.open_window = launch.Gui.open_window, watched
sys.exit(homesupport.app.main(["--data-dir", sys.argv[1], "--lang", "en"]))
"""


@pytest.fixture
def logged(data_dir, tmp_path, codes, municipalities):
    """A store with a profile and more sessions than the first screen, opened by key file."""
    key_file = tmp_path / "key"
    key_file.write_text(PASSPHRASE, encoding="utf-8")
    environ = {"HOMESUPPORT_KEY_FILE": str(key_file)}
    store = open_store(Paths.resolve(data_dir), dt.datetime.now, environ=environ)
    store.save_profile(SupporterProfile(name="Aino"))
    today = dt.date.today()
    service = SessionService(store.session_factory, codes, municipalities, dt.datetime.now)
    service.add_many(
        [Session(today - dt.timedelta(days=i), 30, "phone", "home") for i in range(150)]
    )
    service.save(Session(today, 45, "home_visit", "home", follow_up=today))
    store.close()
    return environ


@pytest.fixture(params=["key file", "keyring"])
def started_with(request, data_dir, logged):
    """The environment of a start with the key in the key file, or in the keyring (as every
    day): found by a second process either way (storage/key_ahead.py)."""
    if request.param == "key file":
        return logged
    environ = request.getfixturevalue("file_keyring")
    unlock(Paths.resolve(data_dir), secret=PASSPHRASE, environ={})  # remembered in the keyring
    return environ


def test_the_window_shows_before_the_data_layer_loads(data_dir, started_with):
    env = {**os.environ, **started_with, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", WATCH, str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    first, after = seen["first"], seen["after"]
    # No SQLAlchemy, keyring (the key came from the child), spreadsheets, PDF or log file yet.
    assert first["loaded"] == []
    # The newest sessions show at once; counting them all waits for step 2.
    assert first["rows"] == FIRST_SCREEN_ROWS and first["total"] is None and first["count"] == ""
    assert "sqlalchemy" in after["loaded"] and after["badge"] == "1"
    assert after["count"] == "151 sessions logged"


@pytest.fixture
def logged_gui(qapp, data_dir, clock, memory_keyring, codes, municipalities):
    """Makes a Gui, unlocked, over a store with a profile and 80 sessions."""
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    SessionService(store.session_factory, codes, municipalities, clock).add_many(
        [Session(clock().date() - dt.timedelta(days=i), 30, "phone", "home") for i in range(80)]
    )
    store.close()
    made = []

    def make(**options):
        made.append(
            Gui(
                qapp,
                ServiceContext.load(Paths.resolve(data_dir), clock),
                language="en",
                dark=False,
                **options,
            )
        )
        assert made[-1].unlock()
        return made[-1]

    yield make
    for app in made:
        if app.window is not None:
            app.window.close()
        app.close()


@pytest.fixture
def gui(logged_gui):
    return logged_gui()


def test_a_session_saved_before_the_rest_has_loaded(qtbot, gui, clock):
    window = gui.build_window()
    qtbot.addWidget(window)
    page = window.page("sessions")
    assert gui.client_side is None and page.model.rowCount() == FIRST_SCREEN_ROWS
    form = page.open_form(Session(clock().date(), 45, "home_visit", "home"))
    form.save()
    assert page.model.total == 81 and page.notice.text.text().startswith("Session of")
    # Scrolling past the first screen reads on through the data layer, in the same order.
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 81)
    dates = [page.model.session_at(i).date for i in range(81)]
    assert dates == sorted(dates, reverse=True)


def test_a_page_opened_before_the_rest_has_loaded_brings_it_along(qtbot, gui):
    window = gui.build_window()
    qtbot.addWidget(window)
    assert gui.client_side is None and gui.statistics is None
    window.show_page("follow_ups")
    assert gui.client_side is not None and gui.client_side.window is window
    assert window.page("follow_ups") is gui.client_side.follow_ups_page
    window.show_page("statistics")
    assert window.page("statistics") is gui.statistics.page
    gui.finish_start()  # the step that was waiting: attaches nothing twice
    assert gui.client_side.window is window
    # ... and makes the start-up backup, whose time the status bar shows.
    qtbot.waitUntil(lambda: "last backup today" in window.status.saved.text())
    gui.tasks.wait()


def test_a_store_that_cannot_be_opened_after_the_first_frame_is_told_and_closes(
    qtbot, gui, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    from homesupport.services import store as store_module
    from homesupport.storage.connection import DatabaseLocked

    def taken(*_args, **_kwargs):
        raise DatabaseLocked("database is locked")

    told = []
    monkeypatch.setattr(store_module, "open_unlocked", taken)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: told.append(text))
    window = gui.build_window()
    qtbot.addWidget(window)
    window.show()
    gui.finish_start()
    assert told and not window.isVisible() and gui.client_side is None


def test_the_count_follows_in_step_two(qtbot, qtmodeltester, gui):
    window = gui.build_window()
    qtbot.addWidget(window)
    page = window.page("sessions")
    assert page.model.total is None and page.count_label.text() == ""
    assert page.stack.currentWidget() is page.table
    qtmodeltester.check(page.model)  # not counted yet, and still a sound model
    gui.finish_start()
    assert page.model.total == 80 and page.count_label.text() == "80 sessions logged"
    qtbot.waitUntil(lambda: not gui.tasks.busy)  # the start-up backup


def test_a_store_that_fits_on_the_first_screen_is_counted_at_once(
    qtbot, qapp, data_dir, clock, memory_keyring, codes, municipalities
):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    SessionService(store.session_factory, codes, municipalities, clock).add_many(
        [Session(clock().date(), 30, "phone", "home") for _ in range(3)]
    )
    store.close()
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    try:
        assert gui.unlock()
        window = gui.build_window()
        qtbot.addWidget(window)
        page = window.page("sessions")
        assert gui.client_side is None  # still step 1
        assert page.model.total == 3 and page.count_label.text() == "3 sessions logged"
    finally:
        gui.close()


def test_the_stylesheet_is_set_over_the_finished_window(qtbot, qapp, data_dir, clock, logged_gui):
    qapp.setStyleSheet("")  # as in a new process
    gui = logged_gui()
    assert qapp.styleSheet() == ""  # building with a sheet in place costs more
    window = gui.build_window()
    qtbot.addWidget(window)
    assert "QPushButton" in qapp.styleSheet()
    gui.finish_start()
    sheet = qapp.styleSheet()
    gui.set_text_scale(1.5)  # later changes apply at once
    assert qapp.styleSheet() != sheet and "QPushButton" in qapp.styleSheet()


def test_a_dialog_before_the_window_is_styled(qapp, data_dir, clock, memory_keyring):
    qapp.setStyleSheet("")
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    try:
        assert gui.unlock() and gui.needs_setup()  # a new store: the setup wizard comes first
        wizard = gui.setup_wizard()
        assert "QPushButton" in qapp.styleSheet()
        wizard.deleteLater()
    finally:
        gui.close()
