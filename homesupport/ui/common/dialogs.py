"""Every file chooser, question and warning the app shows goes through one :class:`Dialogs`
object, carried in the :class:`~homesupport.ui.common.kit.Kit`. The app uses Qt's own dialogs; the
tests hand in a double that answers with a chosen path or button (tests/ui/answers.py), so a
test presses the real button and the flow runs to the end."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Qt's dialogs load when first shown: making their Python classes costs 4 ms, and the window's
# first frame needs none of them.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget


class Dialogs:
    def save_file_as(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> tuple[Path, str] | None:
        """Where to save, and the file type left chosen (one of ``filters``, ";;"-separated);
        None if cancelled."""
        from PySide6.QtWidgets import QFileDialog

        chosen, chosen_filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return (Path(chosen), chosen_filter) if chosen else None

    def open_files(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str, many: bool
    ) -> list[Path]:
        """The files chosen to open (at most one unless ``many``); empty if cancelled."""
        from PySide6.QtWidgets import QFileDialog

        start = str(folder or "")
        if many:
            chosen, _filter = QFileDialog.getOpenFileNames(parent, title, start, filters)
            return [Path(path) for path in chosen]
        one, _filter = QFileDialog.getOpenFileName(parent, title, start, filters)
        return [Path(one)] if one else []

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        chosen = QFileDialog.getExistingDirectory(parent, title)
        return Path(chosen) if chosen else None

    def ask(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Yes or Cancel, Cancel the default: True only for Yes."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)

    def run(self, dialog: QDialog) -> bool:
        """A dialog of Qt's that must be answered before going on (the printer dialog)."""
        from PySide6.QtWidgets import QDialog

        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_file(self, path: Path) -> None:
        """Opens a written file in the computer's own viewer (to print it from there)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- the shapes most callers want ---------------------------------------------------------
    def save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        chosen = self.save_file_as(parent, title, suggested, filters)
        return chosen[0] if chosen else None

    def open_file(
        self, parent: QWidget | None, title: str, folder: Path | None, filters: str
    ) -> Path | None:
        chosen = self.open_files(parent, title, folder, filters, many=False)
        return chosen[0] if chosen else None
