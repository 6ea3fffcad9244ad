"""Fitting the window, its dialogs and its tables to a small laptop screen (1366×768, less the
taskbar): a dialog is never taller or wider than the screen's free area, long content scrolls
inside it, and a table's columns share the width they have instead of scrolling sideways."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget

# Room left around a dialog for the window frame and title bar the system draws.
FRAME_WIDTH = 40
FRAME_HEIGHT = 60


def screen_area(widget: QWidget) -> QRect:
    """The free area (without taskbar or dock) of the screen the widget (or its parent) is on."""
    return (widget.parentWidget() or widget).screen().availableGeometry()


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """Sizes a dialog to ``width``×``height``, or to the screen's free area when that is smaller;
    it can never grow past that area."""
    area = screen_area(dialog)
    most_width, most_height = area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT
    dialog.setMaximumSize(most_width, most_height)
    dialog.resize(min(width, most_width), min(height, most_height))


class ColumnFit(QObject):
    """Keeps a table's columns within its view, so it never scrolls sideways. Each column wants
    a width (measured in the table's font by the caller) and, when there is room, the width of
    its heading; the ``stretch`` column takes what is left over. With too little room the
    headings are cut first, then the columns narrow in proportion towards their ``least``.

    It follows the horizontal header, which the table keeps exactly as wide as its viewport
    (a scroll bar appearing narrows both). Not the viewport itself: that widget is made by Qt,
    and the first such widget handed to Python makes PySide set up every widget class it might
    be (15-20 ms, on the way to the first frame)."""

    def __init__(
        self, table: QTableView, wanted: Sequence[int], least: Sequence[int], stretch: int
    ) -> None:
        super().__init__(table)
        self._table = table
        self._wanted = list(wanted)
        self._least = [min(low, width) for low, width in zip(least, wanted, strict=True)]
        self._stretch = stretch
        head = table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        (table.viewport() if head.isHidden() else head).installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def widths(self, room: int) -> list[int]:
        head = self._table.horizontalHeader()
        wanted = self._wanted[: head.count()]
        short = [
            max(0, head.sectionSizeFromContents(column).width() - width)
            for column, width in enumerate(wanted)
        ]
        spare = room - sum(wanted)
        if spare < 0:
            least = self._least[: len(wanted)]
            if sum(least) >= room:
                return [int(low * room / sum(least)) for low in least]
            give = [width - low for width, low in zip(wanted, least, strict=True)]
            cut = -spare / sum(give)
            return [int(width - g * cut) for width, g in zip(wanted, give, strict=True)]
        share = min(1.0, spare / max(1, sum(short)))
        widths = [int(width + gap * share) for width, gap in zip(wanted, short, strict=True)]
        widths[self._stretch] += room - sum(widths)
        return widths

    def fit(self) -> None:
        head = self._table.horizontalHeader()
        room = self._table.viewport().width() if head.isHidden() else head.width()
        if room <= 0 or not self._wanted:
            return
        for column, width in enumerate(self.widths(room)[:-1]):
            self._table.setColumnWidth(column, width)  # the last one stretches to the edge


class FilterCombo(QComboBox):
    """A filter's drop-down that shares a row's width: it narrows to its minimum contents
    length (set by the caller) but never so far that its first entry ("All …") is cut."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        metrics = self.fontMetrics()
        first = metrics.horizontalAdvance(self.itemText(0))
        room = metrics.horizontalAdvance("x" * self.minimumContentsLength())
        return QSize(hint.width() + max(0, first - room), hint.height())
