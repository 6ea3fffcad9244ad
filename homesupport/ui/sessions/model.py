"""The session table: a lazy model that fetches pages of frozen ``Session`` values from the
service as the view scrolls, and sorts and filters in the database, never in memory."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from homesupport.domain.formatting import minutes_text, relative_day, time_text
from homesupport.domain.sessions import Session, SessionFilter
from homesupport.i18n import N_, _
from homesupport.ui.common.kit import Kit

if TYPE_CHECKING:
    from homesupport.services.sessions import SessionService

SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str  # msgid
    sort_key: str | None
    text: Callable[[Session, Kit, dt.date], str]
    numeric: bool = False


def _topics(s: Session, kit: Kit, _today: dt.date) -> str:
    return ", ".join(kit.label("topic", t) for t in s.topics)


class SessionColumn(IntEnum):
    """Where each of :data:`COLUMNS` stands."""

    DATE = 0
    START = 1
    DURATION = 2
    MODE = 3
    TOPICS = 4
    OUTCOME = 5
    PROGRAMME = 6
    NOTES = 7


LONG_TEXTS = (SessionColumn.TOPICS, SessionColumn.NOTES)  # cut in the table: tooltips
COLUMNS = (
    Column(N_("Date"), "date", lambda s, k, today: relative_day(s.date, today)),
    Column(N_("Start"), None, lambda s, k, t: time_text(s.start) if s.start else ""),
    Column(N_("Duration"), "minutes", lambda s, k, t: minutes_text(s.minutes), numeric=True),
    Column(N_("Mode"), "mode", lambda s, k, t: k.label("mode", s.mode)),
    Column(N_("Topics"), None, _topics),
    Column(N_("Outcome"), "outcome", lambda s, k, t: k.label("outcome", s.outcome)),
    Column(N_("Programme"), "programme", lambda s, k, t: k.label("programme", s.programme)),
    Column(N_("Notes"), None, lambda s, k, t: s.notes.replace("\n", " ")),
)


class SessionTableModel(QAbstractTableModel):
    def __init__(
        self,
        service: SessionService,
        kit: Kit,
        today: Callable[[], dt.date],
        page_size: int = PAGE_SIZE,
        first: tuple[Sequence[Session], int | None] | None = None,
    ) -> None:
        """``first``: the first page in the default order (newest first, no filter) and the
        total, already read (None: not counted yet, see :meth:`count`); the service is asked
        only for what comes after."""
        super().__init__()
        self._service = service
        self._kit = kit
        self._today = today
        self._page_size = page_size
        self._filter = SessionFilter()
        self.loaded_at: float | None = None  # monotonic time of the last reload
        self._sort = "date"
        self._descending = True
        self._rows: list[Session] = list(first[0]) if first else []
        self._total: int | None = first[1] if first else 0
        if first is not None:
            self.loaded_at = time.monotonic()
        self._today_date = today()
        # A colour, which the view turns into a brush: making a QBrush here would load
        # its Python type and enums, a twentieth of the app's start.
        self._today_colour = QColor(kit.theme.accent_soft)
        self._bold = QFont()
        self._bold.setBold(True)

    # --- what the page controls -------------------------------------------------------------
    @property
    def total(self) -> int | None:
        """How many sessions match the filter; None until :meth:`count` when the first page
        came without a count."""
        return self._total

    def count(self) -> None:
        """Counts the sessions, if the first page came without a count and scrolling has not
        reached the end since."""
        if self._total is None:
            self._total = self._service.count(self._filter)

    @property
    def session_filter(self) -> SessionFilter:
        return self._filter

    @property
    def sort_order(self) -> tuple[str, bool]:
        return self._sort, self._descending

    def set_filter(self, session_filter: SessionFilter) -> None:
        self._filter = session_filter
        self.reload()

    def reload(self) -> None:
        self.loaded_at = time.monotonic()
        self.beginResetModel()
        self._today_date = self._today()
        self._total = self._service.count(self._filter)
        self._rows = self._fetch(0)
        self.endResetModel()

    def session_at(self, row: int) -> Session:
        return self._rows[row]

    def row_of(self, session_id: int) -> int | None:
        return next((i for i, s in enumerate(self._rows) if s.id == session_id), None)

    @staticmethod
    def is_sortable(column: int) -> bool:
        return COLUMNS[column].sort_key is not None

    # --- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid():
            return False
        return self._total is None or len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        more = self._fetch(len(self._rows))
        if not more:
            self._total = len(self._rows)  # the data shrank since counting; stop asking
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort_key if 0 <= column < len(COLUMNS) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (self.loaded_at is not None and (key, descending) == self.sort_order):
            return  # e.g. turning sorting on in the view: the rows are in this order already
        self._sort = key
        self._descending = descending
        self.reload()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _(COLUMNS[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        session = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(session, self._kit, self._today_date)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in LONG_TEXTS:
            return column.text(session, self._kit, self._today_date) or None
        if role == SESSION_ROLE:
            return session
        if role == Qt.ItemDataRole.BackgroundRole and session.date == self._today_date:
            return self._today_colour
        if role == Qt.ItemDataRole.FontRole and index.column() == SessionColumn.DATE:
            week_start = self._today_date - dt.timedelta(days=self._today_date.weekday())
            return self._bold if session.date >= week_start else None
        return None

    def _fetch(self, offset: int) -> list[Session]:
        return self._service.page(
            self._filter, self._sort, self._descending, offset, self._page_size
        )
