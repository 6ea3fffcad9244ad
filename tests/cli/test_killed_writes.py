"""No plaintext of personal data outside the store, also when killed: an export killed
halfway leaves nothing in the system temp dir, and what it left next to its target (and a
backup's unfinished file) is removed at the next start. Real processes, killed with SIGKILL."""

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from homesupport.cli.main import run
from homesupport.paths import Paths
from homesupport.services.housekeeping import tidy_at_start
from homesupport.storage.partial_files import PartialFiles

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def cli(*args: str) -> int:
    return run(list(args), out=io.StringIO(), err=io.StringIO())


def wait_for(condition, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.005)


def unfinished(folder: Path) -> list[Path]:
    return sorted(folder.glob(".homesupport-*"))


def test_an_xlsx_export_killed_halfway_leaves_nothing_behind(tmp_path, key_file):
    data, out, system_temp = tmp_path / "data", tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    system_temp.mkdir()
    assert cli("--data-dir", str(data), "demo", "--sessions", "30000") == 0
    command = ["--data-dir", str(data), "export", "--format", "xlsx", "-o", str(out / "all.xlsx")]
    child = subprocess.Popen(
        [sys.executable, "-m", "homesupport", *command],
        env={**os.environ, "TMPDIR": str(system_temp)},
    )
    try:
        # the rows are being written: the sheet's file next to the target has grown
        wait_for(lambda: any(p.stat().st_size > 100_000 for p in unfinished(out)))
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert not (out / "all.xlsx").exists()
    assert list(system_temp.iterdir()) == []  # nothing in clear in the system's temp dir
    assert unfinished(out)  # killed halfway: its unfinished file is still there...
    assert cli("--data-dir", str(data), "guides", "list") == 0  # ...until the next start
    assert unfinished(out) == []
    assert list((data / "partial").iterdir()) == []


def test_unfinished_backups_of_killed_runs_go_at_the_next_start(tmp_path):
    paths = Paths.resolve(tmp_path / "data")
    paths.backups.mkdir(parents=True)
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from homesupport.storage.partial_files import PartialFiles
        with PartialFiles(Path({str(paths.partial)!r})).writing(
            Path({str(paths.backups)!r}), ".hsbackup"
        ) as path:
            path.write_bytes(b"half a backup")
            Path(str(path) + "-journal").write_bytes(b"journal")
            print(path, flush=True)
            time.sleep(600)
        """
    )
    killed = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    alive = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        killed_file = Path(killed.stdout.readline().strip())
        alive_file = Path(alive.stdout.readline().strip())
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        # what an older version left: removed once it is an hour old
        old = paths.backups / "20260101T000000-daily.hsbackup.partial"
        old.write_bytes(b"x")
        recent = paths.backups / "20260101T000001-daily.hsbackup.partial-journal"
        recent.write_bytes(b"x")
        hour_ago = time.time() - 3700
        os.utime(old, (hour_ago, hour_ago))

        tidy_at_start(paths, dt.datetime.now())
        assert not killed_file.exists() and not Path(f"{killed_file}-journal").exists()
        assert alive_file.exists()  # another window is writing it right now
        assert not old.exists() and recent.exists()
    finally:
        alive.kill()
        alive.wait()
    assert PartialFiles(paths.partial).remove_leftovers() == 2  # its file and its journal
    assert not alive_file.exists()
