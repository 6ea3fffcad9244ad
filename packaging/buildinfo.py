"""What the packaging needs to know about the project, read from its one source (pyproject.toml).

Used by homesupport.spec, the build scripts (``python packaging/buildinfo.py version``) and
tests/packaging. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import plistlib
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "HomeSupport"
APP_ID = "fi.homesupport.HomeSupport"
# The executables homesupport.spec builds; the installers and tests refer to these names.
WINDOWS_GUI_EXE = "HomeSupport.exe"  # windowed
WINDOWS_CLI_EXE = "homesupport-cli.exe"  # the same program with a console, for scripts
LINUX_EXE = "homesupport"
URL_SCHEME = "homesupport"

# Qt modules the app may import (PySide6 module names). Everything else is excluded from the
# bundle; tests/packaging/test_bundle_contents.py fails if a large unused Qt library slips in.
QT_MODULES_USED = (
    "QtCore", "QtGui", "QtWidgets", "QtSvg", "QtSvgWidgets", "QtPrintSupport",
    "QtPdf", "QtPdfWidgets", "QtCharts", "QtNetwork", "QtOpenGL", "QtOpenGLWidgets", "QtDBus",
)  # fmt: skip
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtConcurrent", "QtDataVisualization", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtPositioning", "QtQml", "QtQuick",
    "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtQuickTest", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    "QtXml", "QtCanvasPainter",
)  # fmt: skip
# Qt plugins for embedded devices and input methods, and ones that drag in big libraries: the
# virtual keyboard (QtQuick, QtQml), the GTK theme (a copy of GTK 3), the PDF image format (QtPdf).
QT_PLUGINS_EXCLUDED = (
    "platforminputcontexts/qtvirtualkeyboardplugin", "platformthemes/qgtk3",
    "egldeviceintegrations/", "generic/", "platforms/qeglfs", "platforms/qlinuxfb",
    "platforms/qvnc", "platforms/qvkkhrdisplay", "platforms/qminimalegl", "imageformats/qpdf",
    "imageformats/qtga", "imageformats/qwbmp", "imageformats/qtiff",
)  # fmt: skip
# Qt's own translations (standard dialogs) in the app's languages only.
QT_TRANSLATIONS = ("fi", "sv", "en")


def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        table: dict[str, Any] = tomllib.load(handle)["project"]
    return table


def version() -> str:
    return str(project()["version"])


def windows_version(text: str) -> str:
    """Windows file versions are four numbers: ``0.1.0rc1`` -> ``0.1.0.0``."""
    match = re.match(r"\d+(\.\d+){0,3}", text)
    numbers = match.group(0).split(".") if match else []
    return ".".join((numbers + ["0"] * 4)[:4])


def unwanted_qt_plugin(path: str) -> bool:
    """``.../plugins/platformthemes/libqgtk3.so`` -> True; works for .dll and .dylib too."""
    file = Path(path)
    name = f"{file.parent.name}/{file.name.split('.')[0].removeprefix('lib')}"
    return any(name.startswith(prefix) for prefix in QT_PLUGINS_EXCLUDED)


def mac_info_plist() -> dict[str, Any]:
    """packaging/macos/Info.plist with the version filled in from pyproject."""
    with (ROOT / "packaging" / "macos" / "Info.plist").open("rb") as handle:
        values: dict[str, Any] = plistlib.load(handle)
    values["CFBundleShortVersionString"] = version()
    values["CFBundleVersion"] = version()
    return values


if __name__ == "__main__":
    if sys.argv[1:] == ["version"]:
        print(version())
    elif sys.argv[1:] == ["windows-version"]:
        print(windows_version(version()))
    else:
        sys.exit("usage: buildinfo.py version|windows-version")
