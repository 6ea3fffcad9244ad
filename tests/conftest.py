"""Shared test set-up. Qt runs offscreen on a laptop-sized screen; Qt warnings fail tests
(qt_log_level_fail)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.resources import resource
from tests.fakes import FILE_KEYRING_ENV, FileKeyring, MemoryKeyring

# The loopback coordinator and a laptop; the GUI tests' kit, answers and tasks.
pytest_plugins = ["tests.sync_fixtures"]

ROOT = Path(__file__).resolve().parents[1]  # where child processes find the tests package
# One screen the size of a small laptop's, less the taskbar: 1366×768 with 40 px taken.
LAPTOP_SCREEN = ROOT / "tests" / "laptop_screen.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={LAPTOP_SCREEN}")


class FixedClock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture(scope="session")
def codes() -> CodeList:
    return CodeList.from_csv(resource("data", "codes.csv"))


@pytest.fixture(scope="session")
def municipalities() -> Municipalities:
    return Municipalities.from_csv(resource("data", "municipalities_fi.csv"))


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A keyring that this process and the app's child processes share (a JSON file): the
    environment a child needs to use it is returned, and set here too."""
    environ = {
        "PYTHON_KEYRING_BACKEND": "tests.fakes.FileKeyring",
        FILE_KEYRING_ENV: str(tmp_path / "keyring.json"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    }
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield environ
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 20, 14, 30))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own data dir or key file."""
    monkeypatch.delenv("HOMESUPPORT_DATA_DIR", raising=False)
    monkeypatch.delenv("HOMESUPPORT_KEY_FILE", raising=False)


@pytest.fixture(autouse=True)
def message_boxes_fail_instead_of_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box in a test waits for a click that never comes (a window closing while a
    backup runs asks to wait, say): it fails the test instead. A test that expects one
    replaces it with its own stand-in."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:
        return
    for kind in ("information", "warning", "critical", "question"):

        def unexpected(*args: object, kind: str = kind, **_kwargs: object) -> None:
            text = args[2] if len(args) > 2 else args
            raise AssertionError(f"unexpected {kind} message box: {text}")

        monkeypatch.setattr(widgets.QMessageBox, kind, unexpected)
