"""Every visible, enabled button and action of the window, on every page and in every dialog
it opens, pressed once through its real signal. pytest-qt fails the test on any exception in
a slot; file choosers and questions are answered "cancel" through the seam
(tests/ui/answers.py), and a dialog that runs its own event loop is walked and closed from
inside it, so nothing blocks. The clients page is walked with a client chosen: its history's
buttons, the erasure (answered yes by the walk, then undone) and the way back to the list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from homesupport.ui.app.launch import Gui
from tests.ui.answers import Answers
from tests.ui.walking import Walker, demo_window


@pytest.fixture
def gui(qapp, data_dir, clock, memory_keyring) -> Iterator[Gui]:
    with demo_window(qapp, data_dir, clock) as app:
        yield app


# The offscreen platform cannot raise windows or grab the keyboard for a popup (the calendar's
# month menu): it says so, and that is all.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_button_of_every_page_and_dialog(qtbot, gui):
    window = gui.window

    walker = Walker(lambda: qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000))
    try:
        for page_key in list(window.navigation.buttons):
            window.show_page(page_key)
            page = window.page(page_key)
            if page_key == "guides":  # the library loads in the background
                qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)  # noqa: B023
            # Again while presses show more: a client's history opened from the list, its
            # buttons, then the list again with a client selected.
            for _round in range(4):
                if not walker.press_all(page_key, page):
                    break
            if page_key == "clients":  # the erasure pressed last closed the client's history
                page.open_button.click()
                assert page.stack.currentWidget() is page.history
                walker.press(page_key, page.history.back_button)
                assert page.stack.currentIndex() == 0
            qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)
            assert gui.window is window  # nothing rebuilt the window (a restore, a language)
        walker.press_all("window", window.statusBar())
        walker.press_each("navigation", window.navigation.buttons.values())
        qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=20_000)
    finally:
        walker.stop()
    pressed = "\n".join(walker.pressed)
    for expected in (
        "sessions: Import…",
        "sessions: Export…",
        "sessions: New session",
        "guides: Booklet…",
        "guides: New guide",
        "guides: Edit",
        "guides: Export…",
        "guides: Save as PDF…",
        "GuideEditor: Save guide",
        "statistics: Save as file…",
        "settings: Restore from file…",
        "settings: Restore selected…",
        "settings: Save a copy…",
        "settings: Print the recovery sheet…",
        "settings: Connect…",
        "statistics: Connect to a coordinator…",
        "clients: New client",
        "clients: Open",
        "clients: Edit…",
        "clients: New session for this client",
        "clients: Export data…",
        "clients: Erase client…",
        "clients: All clients",
        "SessionForm: ",
        "GuideEditor: ",
        "BookletDialog: ",
        "ConnectDialog: Connect",
    ):
        assert f"\n{expected}" in f"\n{pressed}", (expected, pressed)
    assert {"SessionForm", "ConnectDialog", "AboutDialog", "GuideEditor", "BookletDialog"} <= set(
        walker.dialogs
    ), walker.dialogs
    assert len(walker.pressed) > 80
    answers = gui.dialogs
    assert isinstance(answers, Answers)
    kinds = {kind for kind, _title in answers.asked}
    assert {"save", "open", "folder", "ask", "run"} <= kinds  # asked, and cancelled
