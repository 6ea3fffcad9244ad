"""The main window as a screen reader on Linux reads it: the live AT-SPI tree (Orca's view),
read by another process over the accessibility bus. The app runs from the venv under Xvfb and
a private D-Bus session with Qt's AT-SPI bridge on; the reader runs under the system's Python
with Debian's python3-pyatspi (see tests/ui/atspi_session.py). Skipped, saying what is missing,
where those system parts are not installed (CI installs them: .ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
)
NAVIGATION = ["Sessions", "Clients", "Follow-ups", "Guides", "Statistics", "Settings"]


def _missing() -> str | None:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is the Linux accessibility bus"
    for tool in ("Xvfb", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb, dbus)"
    if not any(Path(path).exists() for path in BUS_LAUNCHERS):
        return "at-spi-bus-launcher is not installed (Debian: at-spi2-core)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (Debian: python3-pyatspi)"
    return None


MISSING = _missing()


@pytest.fixture(autouse=True)
def _screen_reader_bus() -> None:
    """A laptop without the pieces skips; CI installs them (.ci/run), so there it must run."""
    if MISSING is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI installs the accessibility bus, but {MISSING}")
        pytest.skip(MISSING)


def _nodes(tree: dict) -> list[dict]:
    found = [tree]
    for child in tree["children"]:
        found += _nodes(child)
    return found


@pytest.fixture(scope="module")
def trees(tmp_path_factory) -> dict:
    """The tree as the window opens, and again after a screen reader pressed "Clients"."""
    folder = tmp_path_factory.mktemp("atspi")
    out = folder / "tree.json"
    session_script = [sys.executable, str(HERE / "atspi_session.py")]
    arguments = [str(folder / "data"), SYSTEM_PYTHON, str(out), "Clients", "Clients"]
    session = subprocess.run(
        ["dbus-run-session", "--", *session_script, *arguments],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert session.returncode == 0, session.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_navigation_is_read_with_names_and_actions(trees):
    nodes = _nodes(trees["before"])
    assert any(n["role"] == "frame" and n["name"] == "HomeSupport" for n in nodes)
    items = [n for n in nodes if n["name"] in NAVIGATION and "Press" in n["actions"]]
    assert [n["name"] for n in items] == NAVIGATION
    for item in items:
        assert {"focusable", "showing"} <= set(item["states"])
        assert item["role"] in {"check box", "toggle button", "radio button"}, item["role"]
    assert [n["name"] for n in items if "checked" in n["states"]] == ["Sessions"]


def test_the_sessions_table_and_the_labelled_filters_are_read(trees):
    nodes = _nodes(trees["before"])
    tables = [n for n in nodes if n["role"] == "table"]
    assert [t["name"] for t in tables] == ["Sessions"]
    assert "focusable" in tables[0]["states"]
    combos = [n for n in nodes if n["role"] == "combo box"]
    # Orca reads a combo box by its labelled-by relation: its name is its value.
    assert [c["labelled_by"] for c in combos] == [["Period"], ["Mode"], ["Topic"], ["Programme"]]


def test_every_focusable_object_shown_has_a_name(trees):
    for tree in (trees["before"], trees["after"]):
        unnamed = [
            f"{n['role']} {n['actions']}"
            for n in _nodes(tree)
            if "focusable" in n["states"]
            and not (n["labelled_by"] if n["role"] == "combo box" else n["name"].strip())
        ]
        assert not unnamed


def test_a_screen_readers_press_on_clients_shows_the_clients_page(trees):
    nodes = _nodes(trees["after"])
    checked = [n["name"] for n in nodes if n["name"] in NAVIGATION and "checked" in n["states"]]
    assert checked == ["Clients"]
    assert [n["name"] for n in nodes if n["role"] == "table"] == ["Clients"]
