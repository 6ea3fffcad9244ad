"""A PDF shown exactly as it will print: the renderer's bytes in a QPdfView."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from homesupport.i18n import _
from homesupport.ui.guides.printing import load_pdf


class GuidePreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.data: bytes | None = None
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setAccessibleName(_("Print preview"))
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Down scroll it
        self.message = QLabel()
        self.message.setProperty("role", "subtitle")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_message(_("Choose a guide to see it as it will print."))

    def show_pdf(self, data: bytes) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self.data = data
        self._buffer = load_pdf(data, self.document)
        self.stack.setCurrentWidget(self.view)

    def show_message(self, text: str) -> None:
        """Instead of a PDF: nothing chosen, rendering, or why it cannot be printed."""
        self.data = None
        self.document.close()
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def page_count(self) -> int:
        return self.document.pageCount() if self.data is not None else 0
