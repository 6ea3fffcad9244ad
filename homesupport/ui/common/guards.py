"""Guards against changing or losing work by accident: a form with changes asks before it is
thrown away, and the mouse wheel scrolls the page instead of changing a field the person never
clicked into."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken

from homesupport.i18n import _

# Qt classes the first frame does without load when first used (PySide makes each class's
# enums then): message boxes and dialogs when a form first asks, spin boxes and windows with
# the first wheel or window the guard sees.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox
# Part of the app's stylesheet: Qt gives a field whose policy is WheelFocus the focus before
# any event filter sees the wheel, so such fields get StrongFocus (click or Tab) as they are
# polished, in Qt, with no Python call per widget. A policy set on purpose is left alone.
WHEEL_FIELDS_SHEET = (
    'QComboBox[focusPolicy="WheelFocus"], QAbstractSpinBox[focusPolicy="WheelFocus"]'
    " { qproperty-focusPolicy: StrongFocus; }"
)
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
        # A mixin: the QDialog after it in the MRO has the closeEvent mypy cannot see.
        super().closeEvent(event)  # type: ignore[misc]

    def discard(self) -> None:
        """Closes without saving and without asking."""
        from PySide6.QtWidgets import QDialog

        QDialog.reject(self)  # type: ignore[arg-type]  # mixed into QDialogs only

    def _ask_before_discarding(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.discard_question is not None and self.discard_question.isVisible():
            return
        dialog: QWidget = self  # type: ignore[assignment]  # mixed into QDialogs only
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
    """Installed for the application: a drop-down, number or date field takes the wheel only
    once the person has clicked or tabbed into it; until then the wheel scrolls the page
    around it. Such fields get the focus by click or Tab, never by the wheel.

    It watches windows, not widgets: a filter on the application would run Python for every
    event of every widget (thousands for the first frame, each C++-made widget wrapped for
    Python on the way: a tenth of the app's start). A wheel event reaches the window before
    any widget; the fields under the pointer are then given StrongFocus (in the app the
    stylesheet did that already, :data:`WHEEL_FIELDS_SHEET`) and this filter, which lets the
    wheel past a field without the focus, so Qt hands it on to the page. Windows are watched
    from when they first get the focus (and those open when the guard starts)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._watched: list[QObject] = []
        for window in app.topLevelWindows():
            self.watch(window)
        app.focusWindowChanged.connect(self._focus_window_changed)

    def watch(self, window: QWindow) -> None:
        """Guards the fields of ``window`` (one that may never get the focus, say)."""
        if window not in self._watched:
            window.installEventFilter(self)
            self._watched.append(window)

    def remove(self) -> None:
        self._app.focusWindowChanged.disconnect(self._focus_window_changed)
        for watched in self._watched:
            if Shiboken.isValid(watched):
                watched.removeEventFilter(self)
        self._watched.clear()

    def _focus_window_changed(self, window: QWindow | None) -> None:
        if window is not None and window not in self._watched:
            self._watched = [w for w in self._watched if Shiboken.isValid(w)]  # closed ones go
            self.watch(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        if isinstance(watched, QWindow):
            self._guard_fields_under(watched, event)
        elif isinstance(watched, QWidget) and not watched.hasFocus():  # a field, watched below
            event.ignore()  # Qt passes an ignored wheel on to the parent: the page scrolls
            return True
        return False

    def _guard_fields_under(self, window: QWindow, event: QWheelEvent) -> None:
        """Before Qt delivers the wheel: the fields under the pointer neither take the focus
        from it nor turn while they lack the focus."""
        if QApplication.activePopupWidget() is not None:
            return  # an open list takes the wheel itself
        root = QWidget.find(window.winId())
        widget = root.childAt(event.position().toPoint()) if root is not None else None
        turned = wheel_turned()
        while widget is not None and widget is not root:
            if isinstance(widget, turned) and widget not in self._watched:
                if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                widget.installEventFilter(self)
                self._watched.append(widget)
            widget = widget.parentWidget()


def wheel_turned() -> tuple[type[QWidget], ...]:
    """The fields whose value the wheel turns (date and time fields are spin boxes too)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

    return (QComboBox, QAbstractSpinBox)
