"""Follow-ups due, in buckets (overdue / this week / later): mark done, reschedule, or log the
follow-up session straight away. ``count_changed`` feeds the navigation badge."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.follow_ups import BUCKET_LABELS, Bucket, FollowUp
from homesupport.domain.formatting import date_text, relative_day
from homesupport.domain.sessions import Session
from homesupport.i18n import N_, _
from homesupport.services.clients import ClientGone, ClientService
from homesupport.services.follow_ups import FollowUpService, FollowUpView, InvalidFollowUp
from homesupport.services.sessions import SessionService
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.session_opening import OpenSessionForm
from homesupport.ui.common.tasks import PERSONAL_DATA, Changed, Tasks, touches
from homesupport.ui.common.widgets import button, label, page_header, page_shortcuts
from homesupport.ui.follow_ups.reschedule import RescheduleDialog

FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1


class FollowUpColumn(IntEnum):
    DUE = 0
    CLIENT = 1
    TOPICS = 2
    SESSION = 3
    NOTES = 4


HEADERS = (N_("Due"), N_("Client"), N_("Topics"), N_("Session"), N_("Notes"))
WIDTHS = {
    FollowUpColumn.DUE: 150,
    FollowUpColumn.CLIENT: 220,
    FollowUpColumn.TOPICS: 260,
    FollowUpColumn.SESSION: 150,
}  # the notes take the rest
ROW = QSize(0, 34)  # the style sheet pads table rows, not tree rows


def follow_up_model(view: FollowUpView, kit: Kit) -> QStandardItemModel:
    """Buckets as top rows (with their exact counts), follow-ups under them."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels([_(h) for h in HEADERS])
    for bucket in Bucket:
        items = view.buckets[bucket]
        head = QStandardItem(f"{_(BUCKET_LABELS[bucket])} ({view.counts[bucket]})")
        font = QFont()
        font.setBold(True)
        head.setFont(font)
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        head.setData(bucket.value, FOLLOW_UP_ROLE)
        head.setSizeHint(QSize(0, 40))
        for item in items:
            cells = (
                relative_day(item.due, view.today),
                item.client_label or _("No client linked"),
                kit.labels("topic", item.topics),
                date_text(item.session_date),
                item.notes.replace("\n", " "),
            )
            row = [QStandardItem(text) for text in cells]
            for cell in row:
                cell.setEditable(False)
                cell.setData(item, FOLLOW_UP_ROLE)
                cell.setSizeHint(ROW)
            head.appendRow(row)
        filler = [QStandardItem() for _column in HEADERS[1:]]
        for cell in filler:
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
        model.appendRow([head, *filler])
    return model


class FollowUpsPage(QWidget):
    """What it changes it tells through ``tasks.notify``; what others change reloads it
    when in view (and it reloads whenever it comes into view)."""

    count_changed = Signal(int)  # overdue + this week: the navigation badge

    def __init__(
        self,
        follow_ups: FollowUpService,
        clients: ClientService,
        sessions: SessionService,
        kit: Kit,
        tasks: Tasks,
        parent: QWidget | None = None,
        *,
        open_session_form: OpenSessionForm,
    ) -> None:
        super().__init__(parent)
        self._open_session_form = open_session_form
        self._tasks = tasks
        self._follow_ups = follow_ups
        self._clients = clients
        self._sessions = sessions
        self._kit = kit
        self.form: QDialog | None = None
        self.reschedule_dialog: RescheduleDialog | None = None
        self.view: FollowUpView | None = None
        icons = kit.icons

        self.title = label(_("Follow-ups"), "title")
        self.summary = label("", "subtitle")
        self.log_button = button(
            _("Log the follow-up session"), icons.get("add", "on_accent"), "primary"
        )
        self.log_button.setIconSize(QSize(20, 20))
        self.log_button.setToolTip(
            _("A new session for the same client; the follow-up is then marked done (Enter)")
        )
        self.log_button.clicked.connect(self.log_session)
        header = page_header(self.title, self.summary, self.log_button)

        self.tree = QTreeView()
        self.tree.setAccessibleName(_("Follow-ups due"))
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setWordWrap(False)
        self.tree.activated.connect(lambda _index: self.log_session())
        self.model = QStandardItemModel()
        self.tree.setModel(self.model)
        self.empty = label(
            _("No follow-ups planned.\nPlan one in the session form with “Follow up on”."),
            "subtitle",
            wrap=True,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)

        self.done_button = button(_("Mark done"), icons.get("check"))
        self.done_button.setToolTip(_("The follow-up is done; its date is cleared (Ctrl+D)"))
        self.done_button.clicked.connect(self.mark_done)
        self.reschedule_button = button(_("Reschedule…"), icons.get("calendar"))
        self.reschedule_button.clicked.connect(self.reschedule)
        actions = QHBoxLayout()
        self.selection_label = label("", "muted")
        actions.addWidget(self.selection_label, 1)
        actions.addWidget(self.reschedule_button)
        actions.addWidget(self.done_button)

        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 16)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        page_shortcuts(self, (QKeySequence("Ctrl+D"), self.mark_done))
        # Loaded when first shown (page_shown), not at start-up: the badge has its own count.
        tasks.data_changed.connect(self._data_changed)

    def page_shown(self) -> None:
        self.reload()

    def _data_changed(self, changes: Changed, initiator: object) -> None:
        if initiator is not self and self.isVisible() and touches(changes, PERSONAL_DATA):
            self.reload()

    def reload(self, select: int | None = None) -> None:
        selected = self.selected()
        self.view = self._follow_ups.view()
        self.model = follow_up_model(self.view, self._kit)
        self.tree.setModel(self.model)
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, self.tree.rootIndex(), True)
        head = self.tree.header()
        head.setStretchLastSection(True)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            self.tree.setColumnWidth(column, width)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        counts = self.view.counts
        self.summary.setText(" · ".join(f"{_(BUCKET_LABELS[b])}: {counts[b]}" for b in Bucket))
        self.stack.setCurrentWidget(self.tree if sum(counts.values()) else self.empty)
        wanted = select if select is not None else (selected.session_id if selected else None)
        if wanted is None or not self.select(wanted):
            self._select_first()
        self._selection_changed()
        self.count_changed.emit(self.view.badge)

    def select(self, session_id: int) -> bool:
        for bucket_row in range(self.model.rowCount()):
            head = self.model.item(bucket_row)
            for row in range(head.rowCount()):
                item = head.child(row).data(FOLLOW_UP_ROLE)
                if isinstance(item, FollowUp) and item.session_id == session_id:
                    index = self.model.indexFromItem(head.child(row))
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def _select_first(self) -> None:
        for bucket_row in range(self.model.rowCount()):
            head = self.model.item(bucket_row)
            if head.rowCount():
                self.tree.setCurrentIndex(self.model.indexFromItem(head.child(0)))
                return

    def selected(self) -> FollowUp | None:
        model = self.tree.selectionModel()
        rows = model.selectedRows() if model is not None else []
        value = rows[0].data(FOLLOW_UP_ROLE) if rows else None
        return value if isinstance(value, FollowUp) else None

    def _selection_changed(self, *_args: object) -> None:
        item = self.selected()
        for widget in (self.log_button, self.done_button, self.reschedule_button):
            widget.setEnabled(item is not None)
        self.selection_label.setText(
            _("Due {date}").format(date=date_text(item.due)) if item is not None else ""
        )

    # --- actions ----------------------------------------------------------------------------
    def mark_done(self) -> None:
        item = self.selected()
        if item is None:
            return
        self._follow_ups.mark_done(item.session_id)
        self.reload()
        self.notice.show_message(_("Follow-up marked done."))
        self._tasks.notify(Changed.FOLLOW_UPS | Changed.SESSIONS, self)

    def reschedule(self) -> RescheduleDialog | None:
        item = self.selected()
        if item is None:
            return None
        self.reschedule_dialog = RescheduleDialog(item, self._follow_ups.today(), self)
        self.reschedule_dialog.chosen.connect(lambda day: self._rescheduled(item, day))
        self.reschedule_dialog.open()
        return self.reschedule_dialog

    def _rescheduled(self, item: FollowUp, day: dt.date) -> None:
        try:
            self._follow_ups.reschedule(item.session_id, day)
        except InvalidFollowUp as invalid:
            self._kit.dialogs.warn(self, _("Reschedule"), error_text(invalid))
            return
        self.reload(select=item.session_id)
        self.notice.show_message(_("Follow-up moved to {date}.").format(date=date_text(day)))
        self._tasks.notify(Changed.FOLLOW_UPS | Changed.SESSIONS, self)

    def log_session(self) -> QDialog | None:
        item = self.selected()
        if item is None:
            return None
        session = self._follow_up_session(item)
        if session is None:
            self.reload()
            return None
        self.form = self._open_session_form(session, self, lambda saved: self._logged(item, saved))
        return self.form

    def _follow_up_session(self, item: FollowUp) -> Session | None:
        """A new session for the same client, or like the original unlinked one."""
        base = self._sessions.new_session()
        if item.client_id is not None:
            try:
                return self._clients.prefill(base, item.client_id)
            except ClientGone:
                return None
        original = self._sessions.get(item.session_id)
        if original is None:
            return None
        return dataclasses.replace(
            base,
            age_band=original.age_band,
            language=original.language,
            municipality=original.municipality,
        )

    def _logged(self, item: FollowUp, _saved: Session) -> None:
        self._follow_ups.mark_done(item.session_id)
        self.reload()
        self.notice.show_message(_("Session saved; the follow-up is marked done."))
        self._tasks.notify(Changed.FOLLOW_UPS | Changed.SESSIONS, self)
