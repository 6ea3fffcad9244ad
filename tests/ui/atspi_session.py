"""Inside a private D-Bus session (``dbus-run-session``): starts Xvfb, the app from the venv
with Qt's AT-SPI bridge on, and the reader under the system's Python; writes the reader's JSON
to OUT (not to stdout, which the bus's activated daemons share). The accessibility bus and its
registry start on demand (D-Bus activation of org.a11y.Bus).

Usage: dbus-run-session -- VENV_PYTHON atspi_session.py DATA_DIR SYSTEM_PYTHON OUT [PRESS SHOWN]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
READY_SECONDS = 30


def _display(xvfb: subprocess.Popen[bytes]) -> str:
    """Xvfb writes the display number it chose on the descriptor given (-displayfd)."""
    assert xvfb.stdout is not None
    number = xvfb.stdout.readline().decode().strip()
    if not number:
        raise SystemExit("Xvfb did not start")
    return f":{number}"


def main() -> None:
    data_dir, system_python, out, *press = sys.argv[1:]
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        env = dict(
            os.environ,
            DISPLAY=_display(xvfb),
            QT_QPA_PLATFORM="xcb",
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
            NO_AT_BRIDGE="0",
        )
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.atspi_app", data_dir],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
        )
        assert app.stdout is not None
        started = time.monotonic()
        line = app.stdout.readline().decode().strip()  # "ready" once painted
        if line != "ready":
            raise SystemExit(f"the app did not start ({line!r})")
        print(f"app ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
        reader = subprocess.run(
            [system_python, str(HERE / "atspi_reader.py"), str(app.pid), *press],
            env=env,
            capture_output=True,
            text=True,
            timeout=READY_SECONDS,
        )
        sys.stderr.write(reader.stderr)
        if reader.returncode != 0:
            raise SystemExit(f"the reader failed ({reader.returncode})")
        Path(out).write_text(reader.stdout, encoding="utf-8")
    finally:
        for process in (app, xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main()
