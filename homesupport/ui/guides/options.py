"""The print choices shown above a preview: print size, the client's nickname (typed, or
picked from the client register as one types) and, where asked for, the sheet's language."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.guides import GUIDE_LANGUAGES
from homesupport.i18n import _
from homesupport.ui.common.guide_desk import MAX_NICKNAME, ClientSearch, PrintChoice
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import keyed, named

NICKNAME_ROLE = Qt.ItemDataRole.UserRole + 1


class PrintOptionsBar(QWidget):
    changed = Signal()  # size or nickname (after a short pause in typing)
    language_changed = Signal(str)

    def __init__(
        self,
        kit: Kit,
        client_search: ClientSearch | None,
        with_language: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._client_search = client_search
        self.print_size = QComboBox()
        self.print_size.addItem(_("Normal (16 pt)"), "normal")
        self.print_size.addItem(_("Large (20 pt)"), "large")
        named(self.print_size, _("Print size"))
        self.print_size.currentIndexChanged.connect(lambda _i: self.changed.emit())

        self.client = QLineEdit()
        self.client.setMaxLength(MAX_NICKNAME)
        self.client.setClearButtonEnabled(True)
        self.client.setPlaceholderText(_("Client's nickname (optional)"))
        named(
            self.client,
            _("Client's nickname"),
            _("Printed as “Made for …” on the sheet"),
        )
        self.client.setToolTip(_("Printed as “Made for …” on the sheet"))
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(400)  # re-render once typing pauses, not on every key
        self._pause.timeout.connect(self.changed)
        self.client.textEdited.connect(self._typed)
        self.client.editingFinished.connect(self._flush)
        if client_search is not None:
            # The list shows each client as the register does; choosing one types the nickname.
            self._names = QStandardItemModel(self)
            completer = QCompleter(self._names, self.client)
            completer.setCompletionRole(NICKNAME_ROLE)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.activated.connect(lambda _text: self._flush())
            self.client.setCompleter(completer)

        self.language = QComboBox()
        for code in GUIDE_LANGUAGES:
            self.language.addItem(kit.label("language", code), code)
        named(self.language, _("Language of the sheet"))
        self.language.currentIndexChanged.connect(
            lambda _i: self.language_changed.emit(self.language.currentData())
        )
        self.language.setVisible(with_language)

        # Two lines, so the nickname has room: who it is for, then how it prints.
        first = QHBoxLayout()
        first.setSpacing(8)
        for_label = QLabel(keyed(_("For:"), "F"))
        for_label.setBuddy(self.client)
        first.addWidget(for_label)
        first.addWidget(self.client, 1)
        second = QGridLayout()  # the size's caption over it: beside it, no room in large text
        second.setHorizontalSpacing(8)
        second.setVerticalSpacing(2)
        size_label = QLabel(_("Size:"))
        size_label.setBuddy(self.print_size)  # the label relation a screen reader reads it by
        second.addWidget(size_label, 0, 0)
        second.addWidget(self.print_size, 1, 0)
        second.setColumnStretch(1, 1)
        self.language_label = QLabel(keyed(_("Print in language:"), "L"))
        self.language_label.setBuddy(self.language)
        self.language_label.setVisible(with_language)
        second.addWidget(self.language_label, 1, 2)
        second.addWidget(self.language, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(first)
        layout.addLayout(second)

    def choice(self) -> PrintChoice:
        return PrintChoice(size=self.print_size.currentData(), client=self.client.text().strip())

    def set_language(self, language: str, available: tuple[str, ...] = GUIDE_LANGUAGES) -> None:
        """Shows ``language`` without announcing it; languages the guide lacks are greyed."""
        model = self.language.model()
        assert isinstance(model, QStandardItemModel)  # a combo box's own model
        for row in range(self.language.count()):
            item = model.item(row)
            item.setEnabled(self.language.itemData(row) in available)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.blockSignals(False)

    def set_choice(self, choice: PrintChoice) -> None:
        """Shows the size and nickname chosen elsewhere (the Guides page), without announcing
        them."""
        self.print_size.blockSignals(True)
        self.print_size.setCurrentIndex(max(0, self.print_size.findData(choice.size)))
        self.print_size.blockSignals(False)
        self.client.setText(choice.client)

    def _typed(self, text: str) -> None:
        if self._client_search is not None and text.strip():
            self._names.clear()
            for nickname, shown in self._client_search(text.strip()):
                item = QStandardItem(shown)
                item.setData(nickname, NICKNAME_ROLE)
                item.setEditable(False)
                self._names.appendRow(item)
        self._pause.start()

    def _flush(self) -> None:
        if self._pause.isActive():
            self._pause.stop()
            self.changed.emit()
