"""Asking for the secret that opens the data: the recovery key or passphrase of an existing
store, or (no secure keyring, first start) a new passphrase typed twice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.passphrase import MIN_PASSPHRASE
from homesupport.domain.passphrase import passphrase_strength as strength_score
from homesupport.i18n import _
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.widgets import button, label, named, repolish


def passphrase_strength(text: str) -> tuple[int, str]:
    """0–4 and a word for it (the rule itself is the domain's, shared by every way in)."""
    score = strength_score(text)
    words = (_("Too short"), _("Weak"), _("Fair"), _("Good"), _("Strong"))
    return score, words[score]


class UnlockDialog(QDialog):
    """``attempt(secret)`` opens the store or raises (WrongSecret…); the dialog stays open
    with the reason until it succeeds or the person cancels. ``result_value`` holds what
    ``attempt`` returned."""

    def __init__(
        self,
        new: bool,
        attempt: Callable[[str], object],
        icon: QIcon,
        parent: QWidget | None = None,
        *,
        title: str | None = None,
        intro: str | None = None,
        ok_text: str | None = None,
        cancel_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._new = new
        self._attempt = attempt
        self.result_value: object = None
        self.setWindowTitle("HomeSupport")
        self.setWindowIcon(icon)
        self.setMinimumWidth(520)
        title = title or (_("Protect your data") if new else _("Open your data"))
        intro = intro or (
            _(
                "This computer has no secure password store, so HomeSupport protects your data "
                "with a passphrase. Choose one of at least {n} characters — a short sentence is "
                "easy to remember and hard to guess."
            ).format(n=MIN_PASSPHRASE)
            if new
            else _("Type your recovery key (from the printed sheet) or your passphrase.")
        )
        self.secret = named(
            QLineEdit(), _("Passphrase") if new else _("Recovery key or passphrase")
        )
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(
            _("Passphrase") if new else _("ABCD-EFGH-… or your passphrase")
        )
        self.again = named(QLineEdit(), _("Passphrase again"))
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setPlaceholderText(_("The same passphrase again"))
        self.again.setVisible(new)
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(False)
        self.strength.setAccessibleName(_("Passphrase strength"))
        self.strength_text = label("", "muted")
        self.strength.setVisible(new)
        self.strength_text.setVisible(new)
        self.show_secret = button(_("Show"), name=_("Show what I typed"))
        self.show_secret.setCheckable(True)
        self.show_secret.toggled.connect(self._toggle_echo)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.ok = button(ok_text or (_("Create") if new else _("Open")), role="primary")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        cancel = button(cancel_text or _("Quit"))
        cancel.clicked.connect(self.reject)
        self.secret.textChanged.connect(self._changed)
        self.again.textChanged.connect(self._changed)

        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.show_secret)
        strength = QHBoxLayout()
        strength.addWidget(self.strength, 1)
        strength.addWidget(self.strength_text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(label(title, "title"))
        layout.addWidget(label(intro, "subtitle", wrap=True))
        layout.addLayout(row)
        layout.addWidget(self.again)
        layout.addLayout(strength)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        # Typed twice in a row: "Show" comes after the repeat, not between the two.
        QWidget.setTabOrder(self.secret, self.again)
        QWidget.setTabOrder(self.again, self.show_secret)
        self._changed()

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.secret.setEchoMode(mode)
        self.again.setEchoMode(mode)

    def _changed(self) -> None:
        self.error.hide()
        if self._new:
            score, word = passphrase_strength(self.secret.text())
            self.strength.setValue(score)
            self.strength_text.setText(word)
            self.ok.setEnabled(score > 0 and self.secret.text() == self.again.text())
        else:
            self.ok.setEnabled(bool(self.secret.text().strip()))

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = self._attempt(self.secret.text())
        except Exception as error:  # shown to the person; they try again or quit
            self.error.setText(error_text(error))
            self.error.show()
            self.secret.selectAll()
            self.secret.setFocus()
            self.secret.setProperty("invalid", True)
            repolish(self.secret)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
