"""Saving (and opening, to print) the recovery-key sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from homesupport.i18n import _
from homesupport.services.destinations import ProtectedDestination, check_destination
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.errors import error_text


def save_recovery_sheet(
    parent: QWidget,
    dialogs: Dialogs,
    recovery_key: str,
    owner: str,
    data_dir: Path,
    today: dt.date,
) -> Path | None:
    """Asks where to save the sheet, writes it and opens it for printing. Returns the file
    written, or None."""
    target = dialogs.save_file(
        parent,
        _("Save the recovery sheet"),
        Path.home() / _("HomeSupport recovery key.pdf"),
        _("PDF document (*.pdf)"),
    )
    if target is None:
        return None
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    # reportlab loads only when a sheet is made: it is not needed to start the app.
    from homesupport.pdf.recovery import write_recovery_sheet

    try:
        check_destination(data_dir, target)
        write_recovery_sheet(target, recovery_key, owner, str(data_dir), today)
    except (OSError, ProtectedDestination) as error:
        dialogs.warn(parent, _("Recovery key"), error_text(error))
        return None
    dialogs.show_file(target)
    return target
