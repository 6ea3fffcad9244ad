"""Guards against changing or losing work by accident: a form with changes asks before it is
thrown away, and the mouse wheel scrolls the page instead of changing a field the person never
clicked into."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QWidget,
)

from homesupport.i18n import _

# Fields whose value the wheel turns (date and time fields are spin boxes too).
WHEEL_TURNED = (QComboBox, QAbstractSpinBox)
_UNREADABLE = object()  # a half-typed value the form cannot read yet


def _read(state: Callable[[], object]) -> object:
    try:
        return state()
    except (ValueError, TypeError):
        return _UNREADABLE


class AsksBeforeDiscarding:
    """Mixed into a dialog, before ``QDialog``: Esc, Cancel and the window's close button
    (all of which reject the dialog) ask before throwing away changes, and simply close an
    unchanged form. The dialog calls :meth:`watch_changes` once its values are loaded."""

    discard_question: QMessageBox | None = None
    _state: Callable[[], object] | None = None
    _unchanged: object = None

    def watch_changes(self, state: Callable[[], object]) -> None:
        """``state()`` reads the form's values (anything comparable); what it reads now counts
        as unchanged."""
        self._state = state
        self._unchanged = _read(state)

    def has_changes(self) -> bool:
        return self._state is not None and _read(self._state) != self._unchanged

    def reject(self) -> None:
        if self.has_changes():
            self._ask_before_discarding()
        else:
            self.discard()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The window's close button asks (Qt rejects the dialog); closing from code, as when
        # the window is rebuilt, does not.
        if not event.spontaneous():
            self._state = None
        super().closeEvent(event)  # type: ignore[misc]

    def discard(self) -> None:
        """Closes without saving and without asking."""
        QDialog.reject(self)  # type: ignore[arg-type]

    def _ask_before_discarding(self) -> None:
        if self.discard_question is not None and self.discard_question.isVisible():
            return
        dialog: QWidget = self  # type: ignore[assignment]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            dialog.windowTitle(),
            _("Discard your changes?"),
            parent=dialog,
        )
        box.setInformativeText(_("What you changed in this form has not been saved."))
        discard = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: self._answered(box.clickedButton() is discard))
        self.discard_question = box
        box.open()

    def _answered(self, discard: bool) -> None:
        if discard:
            self.discard()


class WheelGuard(QObject):
    """Installed on the application: a drop-down, number or date field takes the wheel only
    once the person has clicked or tabbed into it; until then the wheel scrolls the page
    around it. Such fields get the focus by click or Tab, never by the wheel."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        for widget in app.allWidgets():  # made before the guard; later ones on their polish
            _steady(widget)
        app.installEventFilter(self)

    def remove(self) -> None:
        self._app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, WHEEL_TURNED) and not watched.hasFocus():
                event.ignore()  # Qt passes an ignored wheel on to the parent: the page scrolls
                return True
        elif kind == QEvent.Type.Polish:
            _steady(watched)
        return False


def _steady(widget: QObject) -> None:
    if isinstance(widget, WHEEL_TURNED) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
