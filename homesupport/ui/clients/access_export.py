"""Right of access from the GUI: one Save dialog, then the PDF and the JSON side by side,
written off the GUI thread. File names never carry the nickname (DESIGN.md §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from homesupport.i18n import _
from homesupport.services.access_export import AccessExportService
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.tasks import Kind, Tasks


def choose_access_file(parent: QWidget, dialogs: Dialogs, today: dt.date) -> Path | None:
    suggested = Path.home() / _("client-data-{date}.pdf").format(date=today.isoformat())
    path = dialogs.save_file(
        parent,
        _("Export the client's data"),
        suggested,
        _("PDF, with a JSON file beside it (*.pdf)"),
    )
    if path is None:
        return None
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def export_access(
    service: AccessExportService,
    tasks: Tasks,
    client_id: int,
    language: str,
    pdf: Path,
    on_done: Callable[[tuple[Path, Path] | None], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Writes ``pdf`` and the same name with .json; ``on_done`` gets both paths, or None
    when the client no longer exists."""
    json_path = pdf.with_suffix(".json")

    def work() -> tuple[Path, Path] | None:
        record = service.export(client_id, language, json_path, pdf)
        return None if record is None else (pdf, json_path)

    # Reads the store in one transaction of its own: beside a backup, not behind it.
    tasks.run(work, on_done, on_error, _("Exporting the client's data…"), kind=Kind.BESIDE)
