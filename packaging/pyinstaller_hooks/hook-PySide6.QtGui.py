"""Replaces PyInstaller's QtGui hook: the same collection minus Qt plugins a desktop app on a
laptop never loads, which would drag in large libraries (the virtual keyboard pulls QtQuick and
QtQml, the GTK theme a private copy of GTK 3, the PDF image format QtPdf)."""

import sys
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import buildinfo

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if not buildinfo.unwanted_qt_plugin(entry[0])]
