"""Saving (and opening, to print) the recovery-key sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from homesupport.i18n import _
from homesupport.services.destinations import ProtectedDestination, check_destination
from homesupport.ui.errors import error_text


def save_recovery_sheet(
    parent: QWidget,
    recovery_key: str,
    owner: str,
    data_dir: Path,
    today: dt.date,
    target: Path | None = None,
    open_after: bool = True,
) -> Path | None:
    """Asks where to save the sheet (unless ``target``), writes it and opens it for printing.
    Returns the file written, or None."""
    if target is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent,
            _("Save the recovery sheet"),
            str(Path.home() / _("HomeSupport recovery key.pdf")),
            _("PDF document (*.pdf)"),
        )
        if not chosen:
            return None
        target = Path(chosen)
    # reportlab loads only when a sheet is made: it is not needed to start the app.
    from homesupport.pdf.recovery import write_recovery_sheet

    try:
        check_destination(data_dir, target)
        write_recovery_sheet(target, recovery_key, owner, str(data_dir), today)
    except (OSError, ProtectedDestination) as error:
        QMessageBox.warning(parent, _("Recovery key"), error_text(error))
        return None
    if open_after:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target
