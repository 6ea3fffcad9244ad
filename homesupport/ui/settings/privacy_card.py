"""The Settings card for data protection: how long personal data is kept, when the window
locks itself, and the PIN that unlocks it."""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QSpinBox, QWidget

from homesupport.domain.settings import Preferences
from homesupport.i18n import _, ngettext
from homesupport.services.idle_lock import IdleLock
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.pin_dialog import PinDialog
from homesupport.ui.common.widgets import Card, button, keyed, label, named

IDLE_MINUTES = (1, 2, 5, 10, 15, 30, 60)
MAX_RETENTION_MONTHS = 120


class PrivacyCard(Card):
    def __init__(
        self,
        kit: Kit,
        preferences: Preferences,
        lock: IdleLock,
        on_retention: Callable[[int], None],
        on_idle_minutes: Callable[[int], None],
        parent: QWidget | None = None,
        locked: Collection[str] = (),
    ) -> None:
        """``locked``: preference names the organisation has fixed (packaging's site config);
        their controls show the value but cannot change it."""
        super().__init__(_("Data protection"), parent)
        self._lock = lock
        self.dialog: PinDialog | None = None
        self.retention = named(QSpinBox(), _("Keep personal data for months"))
        self.retention.setRange(1, MAX_RETENTION_MONTHS)
        self.retention.setValue(preferences.retention_months)
        self.retention.setSuffix(" " + _("months"))
        self.retention.setMaximumWidth(160)
        self.retention.valueChanged.connect(on_retention)
        self.idle = named(QComboBox(), _("Lock after minutes idle"))
        for minutes in sorted({*IDLE_MINUTES, preferences.idle_lock_minutes}):
            self.idle.addItem(
                ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes), minutes
            )
        self.idle.setCurrentIndex(self.idle.findData(preferences.idle_lock_minutes))
        self.idle.currentIndexChanged.connect(lambda: on_idle_minutes(self.idle.currentData()))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        for text, widget in (
            (keyed(_("Keep clients and notes"), "K"), self.retention),
            (keyed(_("Lock when idle for"), "I"), self.idle),
        ):
            caption = label(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        for name, widget in (
            ("retention_months", self.retention),
            ("idle_lock_minutes", self.idle),
        ):
            if name in locked:
                widget.setEnabled(False)
                widget.setToolTip(_("Set by your organisation"))
        self.add(form)
        self.add(
            label(
                _(
                    "Clients with no session in this time are removed, and so are older "
                    "session notes. The statistics keep their counts. Checked at start and daily."
                ),
                "muted",
                wrap=True,
            )
        )
        self.pin_state = label("", "muted", wrap=True)
        self.pin_button = button(_("Set a PIN…"), kit.icons.get("key"))
        self.pin_button.clicked.connect(self.choose_pin)
        row = QHBoxLayout()
        row.addWidget(self.pin_state, 1)
        row.addWidget(self.pin_button)
        self.add(row)
        self._show_pin_state()

    def _show_pin_state(self) -> None:
        possible = self._lock.pin_possible()
        has_pin = possible and self._lock.has_pin()
        if not possible:
            text = _(
                "This computer has no secure password store, so no PIN: your passphrase or the "
                "recovery key unlocks."
            )
        elif has_pin:
            text = _("A PIN is set. The recovery key also unlocks.")
        else:
            text = _("No PIN yet: unlocking needs the recovery key.")
        self.pin_state.setText(text)
        self.pin_button.setVisible(possible)
        self.pin_button.setText(_("Change the PIN…") if has_pin else _("Set a PIN…"))
        self.pin_button.setAccessibleName(self.pin_button.text().rstrip("…"))

    def choose_pin(self) -> PinDialog:
        self.dialog = PinDialog(self._lock, self)
        self.dialog.accepted.connect(self._show_pin_state)
        self.dialog.open()
        return self.dialog
