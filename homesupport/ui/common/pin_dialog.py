"""Choosing the idle-lock PIN: typed twice, checked by services/idle_lock.py (digits only,
not too easy), kept as a hash in the OS keyring. Used by the setup wizard and Settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from homesupport.i18n import _
from homesupport.services.idle_lock import MAX_PIN, IdleLock, PinRejected
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.widgets import button, keyed, label, named


class PinFields(QWidget):
    """The PIN twice, and why it was not accepted."""

    def __init__(self, lock: IdleLock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.pin = named(QLineEdit(), _("New PIN"))
        self.again = named(QLineEdit(), _("The PIN again"))
        for field in (self.pin, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(MAX_PIN)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            field.setMaximumWidth(220)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for text, field in (
            (keyed(_("PIN (4–12 digits)"), "P"), self.pin),
            (keyed(_("Again"), "N"), self.again),
        ):
            caption = label(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow("", self.error)

    def is_empty(self) -> bool:
        return not self.pin.text() and not self.again.text()

    def save(self) -> bool:
        """Stores the PIN; False (with the reason shown) when it cannot be used."""
        if self.pin.text() != self.again.text():
            return self._fail(_("The two PINs differ."))
        try:
            self._lock.set_pin(self.pin.text())
        except PinRejected as rejected:
            return self._fail(error_text(rejected))
        self.error.hide()
        return True

    def _fail(self, text: str) -> bool:
        self.error.setText(text)
        self.error.show()
        self.pin.setFocus()
        self.pin.selectAll()
        return False


class PinDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, lock: IdleLock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose a PIN"))
        self.setAccessibleName(_("Choose a PIN"))
        self.fields = PinFields(lock)
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        save = button(_("Save PIN"), role="primary")
        save.setToolTip(_("Save (Ctrl+S)"))
        save.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(label(_("Choose a PIN"), "section"))
        layout.addWidget(
            label(
                _(
                    "The PIN unlocks HomeSupport after it has locked itself while you were "
                    "away. The recovery key always works too."
                ),
                "muted",
                wrap=True,
            )
        )
        layout.addWidget(self.fields)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        self.fields.pin.returnPressed.connect(self.fields.again.setFocus)
        self.fields.again.returnPressed.connect(self.save)
        self.watch_changes(lambda: (self.fields.pin.text(), self.fields.again.text()))

    def save(self) -> None:
        if self.fields.save():
            self.accept()
