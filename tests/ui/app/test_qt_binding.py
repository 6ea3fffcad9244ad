"""Guards against a Qt binding that corrupts the interpreter (PySide6 6.12.0 on Python 3.11
lost a reference to None on every Qt call returning nothing, aborting the app)."""

import sys

from PySide6.QtWidgets import QComboBox, QLabel


def test_qt_calls_keep_none_alive(qtbot):
    label, combo = QLabel(), QComboBox()
    qtbot.addWidget(label)
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        combo.addItem("a", None)
    assert sys.getrefcount(None) - before > -100
