"""The test double of :class:`homesupport.ui.common.dialogs.Dialogs`: answers every file chooser and
question the way the test says, and records what was asked. Unprepared, it cancels, like a
person closing the dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from homesupport.ui.common.dialogs import Dialogs


class Answers(Dialogs):
    def __init__(self) -> None:
        self.paths: list[Path | list[Path]] = []  # the next file choices, in order
        self.yes: list[bool] = []  # the next answers to questions
        self.asked: list[tuple[str, str]] = []  # (kind, title) of each dialog shown
        self.warnings: list[str] = []  # their texts
        self.shown_files: list[Path] = []  # files opened in the computer's viewer
        self.accept_dialogs = False  # Qt's own dialogs (the printer's): accept or cancel

    def _next_path(self) -> Path | list[Path] | None:
        return self.paths.pop(0) if self.paths else None

    def save_file_as(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> tuple[Path, str] | None:
        self.asked.append(("save", title))
        path = self._next_path()
        assert not isinstance(path, list)
        return None if path is None else (path, filters.split(";;")[0])

    def open_files(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str, many: bool
    ) -> list[Path]:
        self.asked.append(("open", title))
        path = self._next_path()
        return [] if path is None else path if isinstance(path, list) else [path]

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None:
        self.asked.append(("folder", title))
        path = self._next_path()
        assert not isinstance(path, list)
        return path

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.asked.append(("ask", title))
        return self.yes.pop(0) if self.yes else False

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.asked.append(("warn", title))
        self.warnings.append(text)

    def run(self, dialog: QDialog) -> bool:
        self.asked.append(("run", dialog.windowTitle()))
        return self.accept_dialogs

    def show_file(self, path: Path) -> None:
        self.shown_files.append(path)


class WhenModal:
    """Acts on the next modal dialog of ``kind`` from inside its own event loop: a test presses
    a button whose slot runs ``dialog.exec()``, and ``act`` types and clicks in the dialog as
    a person would. ``seen`` holds the dialogs acted on."""

    def __init__(self, kind: type[QDialog], act: Callable[[Any], None], times: int = 1) -> None:
        self.seen: list[QDialog] = []
        self._kind, self._act, self._times = kind, act, times
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, self._kind) and dialog not in self.seen:
            self.seen.append(dialog)
            if len(self.seen) >= self._times:
                self._timer.stop()
            self._act(dialog)

    def stop(self) -> None:
        self._timer.stop()


def forget_dialogs() -> None:
    """After a test: a hidden dialog stays the active window (offscreen, nothing else takes
    over) and would take the next test's shortcuts, so every dialog goes."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and shiboken6.isValid(widget):
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
