"""What a screen reader is told about a window, read through Qt's own accessibility interfaces
(QAccessible): the tree of controls, their roles, names and label relations."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

# Their children are rows, cells and menu entries, named by their data; the view is the stop.
_LEAVES = {
    QAccessible.Role.Table,
    QAccessible.Role.List,
    QAccessible.Role.Tree,
    QAccessible.Role.ComboBox,
    QAccessible.Role.PageTabList,
}
# On Linux a combo box's name is its value (Qt's AT-SPI bridge): its caption reaches Orca only
# through the labelled-by relation, so a combo needs a label, not only an accessible name.
_NEEDS_LABEL = {QAccessible.Role.ComboBox}


def interfaces(root: QWidget) -> Iterator[QAccessibleInterface]:
    """Every accessible object under ``root`` that is on screen, depth first."""
    stack = [QAccessible.queryAccessibleInterface(root)]
    while stack:
        node = stack.pop()
        if node is None or not node.isValid() or node.state().invisible:
            continue
        yield node
        if node.role() not in _LEAVES:
            stack.extend(reversed([node.child(i) for i in range(node.childCount())]))


def labels_of(node: QAccessibleInterface) -> list[str]:
    """The names of the labels that label ``node`` (AT-SPI's labelled-by)."""
    return [
        other.text(QAccessible.Text.Name)
        for other, relation in node.relations(QAccessible.RelationFlag.Label)
        if other is not None
    ]


def describe(node: QAccessibleInterface) -> str:
    widget = node.object()
    parts = [node.role().name, type(widget).__name__]
    if isinstance(widget, QWidget):
        if widget.objectName():
            parts.append(f"'{widget.objectName()}'")
        chain = []
        parent = widget.parentWidget()
        while parent is not None and len(chain) < 3:
            chain.append(type(parent).__name__)
            parent = parent.parentWidget()
        parts.append("in " + " < ".join(chain))
        if tip := widget.toolTip():
            parts.append(f"tip {tip!r}")
    return " ".join(parts)


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable controls a screen reader would announce without a name (a combo box without
    a label relation counts: Orca would read only its value)."""
    problems = []
    for node in interfaces(root):
        if not node.state().focusable:
            continue
        if node.role() in _NEEDS_LABEL:
            if not [name for name in labels_of(node) if name.strip()]:
                problems.append(f"{describe(node)}: no label relation")
        elif not node.text(QAccessible.Text.Name).strip():
            problems.append(f"{describe(node)}: no name")
    return problems
