"""A second start on the same data hands over to the running app (ui/one_app.py): its window
comes to the front, and an enrol link it was opened with opens the connect dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from homesupport.ui.app.launch import Gui


def handed_over(gui: Gui, link: str | None) -> None:
    """Another start on this data ended here: this window comes to the front, and an enrol
    link opens the connect dialog (after unlocking, when the window is locked)."""
    window = gui.window
    if window is None:
        return
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if not link:
        return
    lock = gui.client_side.screen_lock if gui.client_side is not None else None
    if lock is not None and lock.locked:

        def after_unlock(locked: bool) -> None:
            if not locked:
                lock.locked_changed.disconnect(after_unlock)
                open_enrol_link(gui, link)

        lock.locked_changed.connect(after_unlock)
        return
    open_enrol_link(gui, link)


def open_enrol_link(gui: Gui, link: str) -> None:
    """The Statistics page with the connect dialog, the link filled in."""
    if gui.window is None:
        return
    gui.window.show_page("statistics")

    def connect() -> None:
        assert gui.statistics is not None  # show_page("statistics") has made it
        gui.statistics.page.connect_with_link(link)

    QTimer.singleShot(0, connect)
