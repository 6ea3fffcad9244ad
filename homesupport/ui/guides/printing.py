"""Putting rendered PDF bytes on paper or on disk.

Printing draws each PDF page as an image onto the printer's painter, at the printer's
resolution up to :data:`MAX_DPI` (a 1200 dpi A4 page would be a 550 MB image, and large print
gains nothing beyond 300 dpi). QPainter on a QPrinter and QPdfDocument rendering both work off
the GUI thread, so a long booklet prints without freezing the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from homesupport.i18n import _
from homesupport.services.destinations import ProtectedDestination
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.tasks import Kind, Tasks

MAX_DPI = 300


class PrintFailed(RuntimeError):
    pass


def load_pdf(data: bytes, document: QPdfDocument) -> QBuffer:
    """Loads ``data`` into ``document``; keep the returned buffer as long as the document."""
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Prints the pages the printer asks for (all, or its from–to range); returns how many."""
    document = QPdfDocument()
    buffer = load_pdf(data, document)
    try:
        if document.status() != QPdfDocument.Status.Ready:
            raise PrintFailed(_("The PDF could not be read for printing."))
        count = document.pageCount()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        printer.setFullPage(True)  # the PDF carries its own margins
        dpi = min(printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(_("The printer could not be started."))
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                points = document.pagePointSize(number - 1)
                size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                image = document.render(number - 1, size)
                painter.drawImage(_fit(painter.viewport(), size), image)
        finally:
            painter.end()
        return last - first + 1
    finally:
        document.close()
        buffer.close()


def _fit(area: QRect, size: QSize) -> QRect:
    """The largest rectangle of ``size``'s shape centred in ``area`` (A4 onto Letter)."""
    scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = area.left() + (area.width() - scaled.width()) // 2
    top = area.top() + (area.height() - scaled.height()) // 2
    return QRect(left, top, scaled.width(), scaled.height())


def print_with_dialog(
    parent: QWidget,
    dialogs: Dialogs,
    data: bytes,
    tasks: Tasks,
    title: str,
    on_done: Callable[[int], None],
    on_error: Callable[[Exception], None],
) -> bool:
    """Asks for a printer, then prints in the background. False if the person cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    count = QPdfDocument()
    buffer = load_pdf(data, count)
    pages = count.pageCount()
    count.close()
    buffer.close()
    printer.setFromTo(1, max(1, pages))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {title}").format(title=title))
    dialog.setMinMax(1, max(1, pages))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if not dialogs.run(dialog):
        return False
    if printer.printRange() != QPrinter.PrintRange.PageRange:
        printer.setFromTo(0, 0)  # 0 to 0: every page
    tasks.run(
        lambda: print_pdf(data, printer),
        on_done,
        on_error,
        _("Printing {title}…").format(title=title),
        kind=Kind.BESIDE,  # the PDF only, never the store
    )
    return True


def choose_pdf_file(parent: QWidget, dialogs: Dialogs, suggested: Path) -> Path | None:
    target = dialogs.save_file(parent, _("Save as PDF"), suggested, _("PDF files (*.pdf)"))
    if target is None:
        return None
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


def save_pdf(
    parent: QWidget,
    dialogs: Dialogs,
    data: bytes,
    suggested: Path,
    write: Callable[[Path, bytes], object],
) -> Path | None:
    """Asks where and writes with ``write`` (the guide library's, which never replaces the
    data's own files); says so if it cannot."""
    target = choose_pdf_file(parent, dialogs, suggested)
    if target is None:
        return None
    try:
        write(target, data)
    except (OSError, ProtectedDestination) as error:
        dialogs.warn(parent, _("Save as PDF"), error_text(error))
        return None
    return target


def file_name(title: str) -> str:
    """A file name from a guide title: letters kept (ä, ö, å too), the rest becomes '-'."""
    cleaned = "".join(c if c.isalnum() else "-" for c in title.strip())
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "guide"
