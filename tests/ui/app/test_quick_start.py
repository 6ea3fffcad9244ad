"""PySide's scan of every new module for ``__feature__`` imports is off in the app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from homesupport.ui.app.quick_start import pause_collector

# In a fresh interpreter: whether PySide recorded a module imported after the switch, and
# whether a widget module still works with the default spelling of the Qt API.
CHECK = """
import json, sys
from homesupport.ui.app.quick_start import skip_feature_scan

off = skip_feature_scan() if sys.argv[1] == "off" else False
import PySide6.QtCore
feature = sys.modules.get("shibokensupport.feature") or sys.modules["PySide6.support.feature"]
from homesupport.ui.common.widgets import button
from PySide6.QtWidgets import QApplication

app = QApplication([])
button = button("Tallenna")
print(json.dumps({
    "off": off,
    "scanned": "homesupport.ui.common.widgets" in feature.pyside_feature_dict,
    "text": button.text(),
}))
"""


@pytest.mark.parametrize("scan", ["on", "off"])
def test_the_feature_scan_can_be_turned_off(scan):
    done = subprocess.run(
        [sys.executable, "-c", CHECK, scan],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["off"] is (scan == "off")
    assert seen["scanned"] is (scan == "on")  # the switch is what stops the scan
    assert seen["text"] == "Tallenna"


def test_the_collector_pauses_and_starts_again_as_it_was():
    import gc

    assert gc.isenabled()
    resume = pause_collector()
    try:
        assert not gc.isenabled()
    finally:
        resume()
    assert gc.isenabled()

    gc.disable()  # someone else turned it off: starting again leaves it so
    try:
        pause_collector()()
        assert not gc.isenabled()
    finally:
        gc.enable()
