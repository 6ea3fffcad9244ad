"""Settings: the profile printed on guides, language and text size, backups and restore, the
recovery sheet, and the coordinator connection's state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import date_text, moment_text, time_text
from homesupport.domain.settings import TEXT_SCALES, Preferences
from homesupport.i18n import LANGUAGE_NAMES, N_, _
from homesupport.services.store import BackupFile, BackupSecretNeeded, Store
from homesupport.ui.common.connect_dialog import connect_to_coordinator
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.profile_form import ProfileForm
from homesupport.ui.common.recovery_sheet import save_recovery_sheet
from homesupport.ui.common.sync_runner import SyncRunner
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.common.widgets import Card, button, keyed, label, named
from homesupport.ui.settings.about_dialog import AboutDialog

REASONS = {
    "daily": N_("Daily"),
    "manual": N_("By hand"),
    "pre-migration": N_("Before an update"),
    "pre-restore": N_("Before a restore"),
}
SCALE_NAMES = {1.0: N_("Normal"), 1.15: N_("Larger"), 1.3: N_("Large"), 1.5: N_("Largest")}


class SettingsPage(QWidget):
    backed_up = Signal(object)  # BackupFile, for the status bar
    restored = Signal(object)  # the pre-restore BackupFile (the undo)

    def __init__(
        self,
        store: Store,
        tasks: Tasks,
        kit: Kit,
        preferences: Preferences,
        today: Callable[[], dt.date],
        on_language: Callable[[str | None], None],
        on_text_scale: Callable[[float], None],
        parent: QWidget | None = None,
        privacy_card: QWidget | None = None,
        sync: SyncRunner | None = None,
        default_server: str = "",
    ) -> None:
        """``privacy_card``: retention, idle lock and PIN (ui/privacy_settings.py); ``sync``:
        the sender, for connecting to a coordinator (``default_server``: the site's)."""
        super().__init__(parent)
        self._sync = sync
        self._default_server = default_server
        self._store = store
        self._tasks = tasks
        self._kit = kit
        self._today = today
        self._on_language = on_language
        self._on_text_scale = on_text_scale

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(28, 22, 28, 22)
        column.setSpacing(16)
        column.addWidget(label(_("Settings"), "title"))
        column.addWidget(self._profile_card())
        column.addWidget(self._appearance_card(preferences))
        if privacy_card is not None:
            column.addWidget(privacy_card)
        column.addWidget(self._backup_card())
        column.addWidget(self._recovery_card())
        column.addWidget(self._coordinator_card())
        column.addWidget(self._about_card())
        column.addStretch(1)
        self._content = content
        self._align_label_columns()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setAccessibleName(_("Settings"))  # focusable: arrow keys scroll it
        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(28, 0, 28, 12)
        notice_row.addWidget(self.notice)
        layout.addLayout(notice_row)
        self.refresh_backups()

    def page_shown(self) -> None:
        self.refresh_backups()
        self._show_connection()

    def _align_label_columns(self) -> None:
        """The fields of every card's form (profile, language, privacy) start at one edge,
        after the widest caption: each form alone sizes its captions by their own text, which
        put the fields of each card somewhere else and short captions ("Tekstin koko") close
        to their fields."""
        captions = [
            caption
            for form in self._content.findChildren(QFormLayout)
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and (caption := item.widget()) is not None
        ]
        for caption in captions:
            caption.setMinimumWidth(0)
        width = max((caption.sizeHint().width() for caption in captions), default=0)
        for caption in captions:
            caption.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # Another text size: measured again once every caption has its new font.
            QTimer.singleShot(0, self, self._align_label_columns)

    # --- profile ----------------------------------------------------------------------------
    def _profile_card(self) -> Card:
        card = Card(_("Your profile"))
        card.add(
            label(
                _("Printed on the guide sheets you give to clients. Never sent anywhere."),
                "muted",
                wrap=True,
            )
        )
        self.profile_form = ProfileForm(self._kit)
        self.profile_form.set_profile(self._store.profile())
        card.add(self.profile_form)
        self.save_profile_button = button(_("Save profile"), role="primary")
        self.save_profile_button.clicked.connect(self.save_profile)
        card.add(_right(self.save_profile_button))
        return card

    def save_profile(self) -> None:
        profile = self.profile_form.profile(self._kit.language)
        if profile is None:
            return
        self._store.save_profile(profile)
        self.notice.show_message(_("Profile saved."))

    # --- language and text size -------------------------------------------------------------
    def _appearance_card(self, preferences: Preferences) -> Card:
        card = Card(_("Language and text size"))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        self.language = named(QComboBox(), _("Interface language"))
        self.language.addItem(_("Same as the computer"), None)
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(preferences.language)))
        self.language.currentIndexChanged.connect(
            lambda: self._on_language(self.language.currentData())
        )
        self.text_size = named(QComboBox(), _("Text size"))
        for scale in TEXT_SCALES:
            name = _(SCALE_NAMES.get(scale, "")) or f"{round(scale * 100)} %"
            self.text_size.addItem(f"{name} ({round(scale * 100)} %)", scale)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(preferences.text_scale)))
        self.text_size.currentIndexChanged.connect(
            lambda: self._on_text_scale(self.text_size.currentData())
        )
        for text, widget in (
            (keyed(_("Language"), "L"), self.language),
            (keyed(_("Text size"), "T"), self.text_size),
        ):
            caption = label(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        card.add(form)
        card.add(label(_("Changes apply at once."), "muted"))
        return card

    # --- backups ----------------------------------------------------------------------------
    def _backup_card(self) -> Card:
        card = Card(_("Backups"))
        self.backup_state = label("", "muted", wrap=True)
        card.add(self.backup_state)
        self.backup_table = QTableWidget(0, 3)
        self.backup_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.backup_table.setAccessibleName(_("Backups on this computer"))
        self.backup_table.setHorizontalHeaderLabels([_("Made"), _("Why"), _("Size")])
        self.backup_table.verticalHeader().hide()
        self.backup_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backup_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backup_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backup_table.setShowGrid(False)
        self.backup_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_table.setMinimumHeight(180)
        self.backup_table.itemSelectionChanged.connect(self._backup_selection_changed)
        card.add(self.backup_table)
        icons = self._kit.icons
        self.backup_button = button(_("Back up now"), icons.get("backup"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.copy_button = button(_("Save a copy…"), icons.get("export"))
        self.copy_button.setToolTip(_("An encrypted copy, e.g. on a USB stick"))
        self.copy_button.clicked.connect(self.save_copy)
        self.restore_button = button(_("Restore selected…"), icons.get("restore"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = button(_("Restore from file…"), icons.get("import"))
        self.restore_file_button.clicked.connect(self.restore_from_file)
        row = QHBoxLayout()
        for widget in (self.backup_button, self.copy_button):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.restore_button, self.restore_file_button):
            row.addWidget(widget)
        card.add(row)
        card.add(
            label(
                _(
                    "A restore first backs up your current data, so it can be undone by "
                    "restoring that backup."
                ),
                "muted",
                wrap=True,
            )
        )
        return card

    def refresh_backups(self) -> None:
        backups = sorted(self._store.backups.list(), key=lambda b: b.created, reverse=True)
        self._backups = backups
        self.backup_table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            cells = (
                f"{date_text(backup.created.date())} {time_text(backup.created)}",
                _(REASONS.get(backup.reason, backup.reason)),
                f"{max(1, backup.size // 1024)} kB",
            )
            for column, text in enumerate(cells):
                self.backup_table.setItem(row, column, QTableWidgetItem(text))
        if backups:
            self.backup_state.setText(
                _(
                    "Last backup {when}. Backups are encrypted like your data and kept in {folder}."
                ).format(
                    when=moment_text(backups[0].created, self._today()),
                    folder=self._store.paths.backups,
                )
            )
        else:
            self.backup_state.setText(_("No backup yet."))
        self._backup_selection_changed()

    def _backup_selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.backup_table.selectionModel().selectedRows()))

    def _busy(self, busy: bool) -> None:
        for widget in (
            self.backup_button,
            self.copy_button,
            self.restore_button,
            self.restore_file_button,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self._backup_selection_changed()

    def back_up_now(self) -> None:
        self._busy(True)
        self._tasks.run(self._store.backup_now, self._backed_up, self._failed, _("Backing up…"))

    def _backed_up(self, backup: BackupFile) -> None:
        self._busy(False)
        self.refresh_backups()
        self.backed_up.emit(backup)
        self.notice.show_message(_("Backup made."))

    def save_copy(self) -> None:
        target = self._kit.dialogs.save_file(
            self,
            _("Save a copy of the data"),
            Path.home() / f"homesupport-{self._today().isoformat()}.hsbackup",
            _("HomeSupport backup (*.hsbackup)"),
        )
        if target is None:
            return
        self._busy(True)
        self._tasks.run(
            lambda: self._store.backup_to(target), self._copied, self._failed, _("Saving a copy…")
        )

    def _copied(self, path: Path) -> None:
        self._busy(False)
        self.notice.show_message(_("Copy saved to {path}.").format(path=path))

    def restore_selected(self) -> None:
        rows = self.backup_table.selectionModel().selectedRows()
        if rows:
            backup = self._backups[rows[0].row()]
            self.restore(backup.path, moment_text(backup.created, self._today()))

    def restore_from_file(self) -> None:
        chosen = self._kit.dialogs.open_file(
            self,
            _("Restore from a backup file"),
            Path.home(),
            _("HomeSupport backup (*.hsbackup);;All files (*)"),
        )
        if chosen:
            self.restore(chosen, chosen.name)

    def restore(self, path: Path, description: str, confirm: bool = True) -> None:
        if confirm and not self._kit.dialogs.ask(
            self,
            _("Restore a backup"),
            _(
                "Replace all your data with the backup from {what}?\n\nYour current data is "
                "backed up first, so you can go back by restoring that backup."
            ).format(what=description),
        ):
            return
        self._restore_with(path, None)

    def _restore_with(self, path: Path, secret: str | None) -> None:
        self._busy(True)
        self._tasks.run(
            lambda: self._store.restore(path, secret),
            self._restored,
            lambda error: self._restore_failed(path, error),
            _("Restoring…"),
        )

    def _restore_failed(self, path: Path, error: Exception) -> None:
        """A backup made with another key (another computer, or data made anew) opens with
        the recovery key or passphrase of the data it was made from: ask for it."""
        if not isinstance(error, BackupSecretNeeded):
            self._failed(error)
            return
        self._busy(False)
        from homesupport.ui.common.unlock_dialog import UnlockDialog

        dialog = UnlockDialog(
            False,
            lambda secret: self._store.backup_key(path, secret),
            self.windowIcon(),
            self,
            title=_("Open the backup"),
            intro=_(
                "This backup was made from data with another key, for example on another "
                "computer. Type the recovery key (from its printed sheet) or the passphrase "
                "of that data."
            ),
            ok_text=_("Restore"),
            cancel_text=_("Cancel"),
        )
        if dialog.exec():
            self._restore_with(path, dialog.secret.text())

    def _restored(self, safety: BackupFile) -> None:
        self._busy(False)
        self.refresh_backups()
        self.restored.emit(safety)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self.refresh_backups()
        self._kit.dialogs.warn(self, _("Backups"), error_text(error))

    # --- recovery key and coordinator -------------------------------------------------------
    def _recovery_card(self) -> Card:
        card = Card(_("Recovery key"))
        card.add(
            label(
                _(
                    "If this computer's password store is lost, the recovery key opens "
                    "your data. Print a new sheet if the old one is lost."
                ),
                "muted",
                wrap=True,
            )
        )
        self.print_button = button(_("Print the recovery sheet…"), self._kit.icons.get("print"))
        self.print_button.clicked.connect(self.print_recovery_sheet)
        card.add(_right(self.print_button, left=True))
        return card

    def print_recovery_sheet(self) -> Path | None:
        profile = self._store.profile()
        return save_recovery_sheet(
            self,
            self._kit.dialogs,
            self._store.recovery_key_text(),
            profile.name if profile else "",
            self._store.paths.data_dir,
            self._today(),
        )

    def _coordinator_card(self) -> Card:
        card = Card(_("Coordinator"))
        self.coordinator_state = label("", "muted", wrap=True)
        card.add(self.coordinator_state)
        self.connect_button = button(_("Connect…"), self._kit.icons.get("sync"))
        self.connect_button.setToolTip(_("Connect to a coordinator"))
        self.connect_button.clicked.connect(self.connect_coordinator)
        self.connect_button.setVisible(self._sync is not None)
        card.add(_right(self.connect_button, left=True))
        self._show_connection()
        return card

    def _show_connection(self) -> None:
        connection = self._sync.service.connection() if self._sync is not None else None
        if connection is None:
            self.coordinator_state.setText(
                _(
                    "Not connected to a coordinator. Nothing leaves this computer. When your "
                    "coordinator gives you a connection code, press “Connect…”."
                )
            )
            self.connect_button.setText(_("Connect…"))
        else:
            self.coordinator_state.setText(
                _(
                    "Connected to {server}. Only anonymous monthly counts are sent; see them "
                    "on the Statistics page."
                ).format(server=connection.server)
            )
            self.connect_button.setText(_("Connect again…"))

    def connect_coordinator(self) -> None:
        if self._sync is not None and connect_to_coordinator(
            self, self._sync, self._default_server
        ):
            self.notice.show_message(_("Connected. Closed months are sent in the background."))
        self._show_connection()

    # --- about (version and licences) -------------------------------------------------------
    def _about_card(self) -> Card:
        card = Card(_("About HomeSupport"))
        self.about_button = button(_("Version and licences…"), self._kit.icons.get("info"))
        self.about_button.clicked.connect(self.show_about)
        card.add(_right(self.about_button, left=True))
        return card

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self._kit.icons.app_icon(), self)
        dialog.open()
        return dialog


def _right(widget: QWidget, left: bool = False) -> QHBoxLayout:
    row = QHBoxLayout()
    if not left:
        row.addStretch(1)
    row.addWidget(widget)
    if left:
        row.addStretch(1)
    row.setAlignment(Qt.AlignmentFlag.AlignVCenter)
    return row
