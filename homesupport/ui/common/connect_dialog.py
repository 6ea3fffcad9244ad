"""Connect to a coordinator: its address and the one-time code, or a pasted
``homesupport://enrol`` link. Enrolment runs in the background; the dialog says what went wrong
in words a supporter understands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from homesupport.i18n import _
from homesupport.services.sync import Connection, SyncProblem
from homesupport.sync.links import LINK_SCHEME
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.widgets import label, named

if TYPE_CHECKING:
    from homesupport.ui.common.sync_runner import SyncRunner

# (work, on_done, on_error): runs work() off the GUI thread
Runner = Callable[[Callable[[], object], Callable[[Any], None], Callable[[Exception], None]], None]


class ConnectDialog(AsksBeforeDiscarding, QDialog):
    """Esc, Cancel and the window's close button ask before throwing away a typed address
    or code; an unchanged form simply closes."""

    def __init__(
        self,
        enrol: Callable[[str, str], Connection],
        enrol_link: Callable[[str], Connection],
        run: Runner,
        server: str = "",
        parent: QWidget | None = None,
        code: str = "",
    ) -> None:
        """``code`` may hold an enrolment link the app was opened with (a coordinator's
        e-mailed ``homesupport://enrol`` link): the person only confirms it."""
        super().__init__(parent)
        self.setWindowTitle(_("Connect to a coordinator"))
        self.setMinimumWidth(640)  # the code field shows its whole hint
        self._enrol, self._enrol_link, self._run = enrol, enrol_link, run
        self.connection: Connection | None = None
        intro = label(
            _(
                "Your coordinator gives you a one-time connection code, or a link that holds "
                "both the address and the code. Only anonymous monthly counts are ever sent."
            ),
            "muted",
            wrap=True,
        )
        self.server = QLineEdit(server)
        self.server.setPlaceholderText("https://")
        named(self.server, _("Coordinator address"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. K7QF-2MXD, or paste the homesupport:// link"))
        named(self.code, _("Connection code or link"))
        self.code.textChanged.connect(self._code_changed)
        self.code.setText(code)
        form = QFormLayout()
        form.addRow(_("Coordinator address"), self.server)
        form.addRow(_("Connection code or link"), self.code)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(_("Connect"))
        self.connect_button.setProperty("role", "primary")  # the look of the app's other forms
        for standard in self.buttons.buttons():
            standard.setIcon(QIcon())  # not the platform's odd check and cross
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(label(_("Connect to a coordinator"), "section"))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.code if server or code else self.server).setFocus()
        self.watch_changes(lambda: (self.server.text().strip(), self.code.text().strip()))

    def _is_link(self) -> bool:
        return self.code.text().strip().lower().startswith(f"{LINK_SCHEME}:")

    def _code_changed(self) -> None:
        # The link carries its own address.
        self.server.setEnabled(not self._is_link())

    def submit(self) -> None:
        code, server = self.code.text().strip(), self.server.text().strip()
        if self._is_link():
            work = lambda: self._enrol_link(code)  # noqa: E731
        else:
            work = lambda: self._enrol(server, code)  # noqa: E731
        self.error.hide()
        self.connect_button.setEnabled(False)
        self.connect_button.setText(_("Connecting…"))
        self._run(work, self._connected, self._failed)

    def _connected(self, connection: Connection) -> None:
        self.connection = connection
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.connect_button.setEnabled(True)
        self.connect_button.setText(_("Connect"))
        if isinstance(error, SyncProblem):
            text = _(error.msgid).format(**error.params)
        else:
            text = _("Connecting failed unexpectedly. Please try again.")
        self.error.setText(text)
        self.error.show()


def connect_to_coordinator(
    parent: QWidget, runner: SyncRunner, default_server: str, link: str = ""
) -> bool:
    """The dialog, from Statistics or Settings (``link``: one the app was opened with). Once
    connected, the closed months start on their way at once. True when connected."""
    service = runner.service
    current = service.connection()
    dialog = ConnectDialog(
        service.enrol,
        service.enrol_link,
        runner.call,
        current.server if current else default_server,
        parent,
        code=link,
    )
    accepted = dialog.exec() == ConnectDialog.DialogCode.Accepted
    dialog.deleteLater()  # made for this one use
    if not accepted:
        return False
    runner.run(now=True)
    return True
