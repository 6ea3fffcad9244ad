"""Topics as a grouped checklist from the code list: type to filter, arrows to move, Space to
tick; Enter in the search box ticks the highlighted best match (domain/topic_search.py) and
clears the box for the next topic."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeView, QVBoxLayout, QWidget

from homesupport.domain.topic_search import best_topic
from homesupport.i18n import _, ngettext
from homesupport.ui.common.kit import Kit

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


class _SearchBox(QLineEdit):
    """Down moves into the list; Enter ticks the first topic that matches."""

    down = Signal()
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text():
            self.enter.emit()
        else:
            super().keyPressEvent(event)


class TopicPicker(QWidget):
    changed = Signal()

    def __init__(self, kit: Kit, parent: QWidget | None = None, recent: Sequence[str] = ()) -> None:
        """``recent``: topics used lately, the latest first; typing finds them first."""
        super().__init__(parent)
        self._kit = kit
        self._recent = tuple(recent)
        self._searchable: list[tuple[str, str, tuple[str, ...]]] = []
        self.model = QStandardItemModel(self)
        self._items: dict[str, QStandardItem] = {}
        self._order: list[str] = []
        for group, topics in kit.codes.topics_by_group():
            title = kit.label("topic_group", group.code) if group else _("Other")
            parent_item = QStandardItem(title)
            parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent_item.font()
            font.setBold(True)
            parent_item.setFont(font)
            for topic in topics:
                item = QStandardItem(topic.label(kit.language))
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(topic.code, CODE_ROLE)
                # Found by its label in any language: supporters mix "OmaKanta" and "MittKanta".
                item.setData(" ".join([topic.code, *topic.labels.values()]), SEARCH_ROLE)
                parent_item.appendRow(item)
                self._items[topic.code] = item
                self._order.append(topic.code)
                names = (topic.code, *topic.labels.values())
                self._searchable.append((topic.code, topic.label(kit.language), names))
            self.model.appendRow(parent_item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)

        self.search = _SearchBox()
        self.search.setPlaceholderText(_("Type to find a topic"))
        self.search.setAccessibleName(_("Search topics"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.down.connect(self._enter_list)
        self.search.enter.connect(self._tick_best_match)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(_("Topics"))
        self.tree.expandAll()
        self.tree.setMinimumHeight(220)
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        self.model.itemChanged.connect(self._item_changed)
        self._update_summary()

    def topics(self) -> tuple[str, ...]:
        return tuple(c for c in self._order if self._items[c].checkState() == Qt.CheckState.Checked)

    def set_topics(self, codes: tuple[str, ...]) -> None:
        for code, item in self._items.items():
            item.setCheckState(Qt.CheckState.Checked if code in codes else Qt.CheckState.Unchecked)

    def _item_changed(self, _item: QStandardItem) -> None:
        self._update_summary()
        self.changed.emit()

    def _update_summary(self) -> None:
        chosen = self.topics()
        if not chosen:
            self.summary.setText(_("No topics chosen yet."))
            return
        names = ", ".join(self._kit.label("topic", c) for c in chosen)
        self.summary.setText(
            ngettext("{n} chosen: {names}", "{n} chosen: {names}", len(chosen)).format(
                n=len(chosen), names=names
            )
        )

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        best = self.best_match()
        if best is not None:  # highlighted: what Enter ticks
            index = self.proxy.mapFromSource(self._items[best].index())
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def best_match(self) -> str | None:
        """The topic Enter ticks for what is typed in the search box."""
        return best_topic(self.search.text(), self._searchable, self._recent)

    def _first_topic(self) -> QModelIndex | None:
        for row in range(self.proxy.rowCount()):
            group = self.proxy.index(row, 0)
            if self.proxy.rowCount(group):
                return self.proxy.index(0, 0, group)
        return None

    def _enter_list(self) -> None:
        first = self._first_topic()
        if first is not None:
            self.tree.setCurrentIndex(first)
        self.tree.setFocus(Qt.FocusReason.TabFocusReason)

    def _tick_best_match(self) -> None:
        best = self.best_match()
        if best is None:
            return
        self._items[best].setCheckState(Qt.CheckState.Checked)
        self.search.clear()
