"""A live privacy hint under a notes field: says why a note looks like something that must not
be stored (identity code, bank or card number, password, a third person's phone). It warns and
never blocks; the check itself lives in domain/privacy.py."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from homesupport.domain.privacy import PrivacyWarning
from homesupport.i18n import _

Check = Callable[[str], list[PrivacyWarning]]
# Checked shortly after typing pauses, not on every keystroke.
DELAY_MS = 250


class PrivacyHint(QLabel):
    def __init__(
        self, editor: QPlainTextEdit | QLineEdit, check: Check, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._check = check
        self.warnings: list[PrivacyWarning] = []
        self.setProperty("role", "note")
        self.setWordWrap(True)
        self.setAccessibleName(_("Privacy warning"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        editor.textChanged.connect(self._timer.start)
        self.hide()

    def _text(self) -> str:
        if isinstance(self._editor, QPlainTextEdit):
            return self._editor.toPlainText()
        return self._editor.text()

    def refresh(self) -> None:
        self._timer.stop()
        self.warnings = self._check(self._text())
        # One sentence per kind of finding: three phone numbers need one explanation.
        reasons = list(dict.fromkeys(w.reason for w in self.warnings))
        self.setText("\n".join("⚠ " + _(reason) for reason in reasons))
        self.setAccessibleDescription(self.text())
        self.setVisible(bool(reasons))
