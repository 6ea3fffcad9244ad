"""A full disk is called a full disk, read-only media read-only: never "wrong key", never an
unexpected error; exit 2 and nothing lost. Runs on a real small file system (tmpfs)."""

import io
import json
import logging
import os
import subprocess
from pathlib import Path

import pytest

from homesupport.cli.main import run

pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="mounting a small file system needs root"
)


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """A file taking all but ``leave`` bytes of the disk."""
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    filler = disk / "filler"
    with filler.open("wb") as handle:
        os.posix_fallocate(handle.fileno(), 0, max(free - leave, 1))
    return filler


def session_count(data: Path, tmp_path: Path) -> int:
    out = tmp_path / "count.json"
    code, _, err = cli("--data-dir", str(data), "export", "--format", "json", "-o", str(out))
    assert code == 0, err
    return len(json.loads(out.read_text(encoding="utf-8"))["sessions"])


def test_a_full_disk_is_a_full_disk_when_opening_and_when_importing(disk, tmp_path, key_file):
    data = disk / "data"
    assert cli("--data-dir", str(data), "demo", "--sessions", "30")[0] == 0
    big = tmp_path / "big.csv"
    other = tmp_path / "other"
    assert cli("--data-dir", str(other), "demo", "--sessions", "3000")[0] == 0
    assert cli("--data-dir", str(other), "export", "--format", "csv", "-o", str(big))[0] == 0

    filler = fill(disk, leave=0)  # opening needs room for the journal's shared memory
    code, _, err = cli("--data-dir", str(data), "export", "--format", "json", "-o", "x.json")
    assert code == 2 and "is full" in err and "does not open" not in err
    filler.unlink()

    filler = fill(disk, leave=600 * 1024)  # opens, but 3,000 sessions do not fit
    code, _, err = cli("--data-dir", str(data), "import", str(big))
    assert code == 2, err
    assert "is full" in err and "Nothing was lost" in err and "unexpected" not in err
    filler.unlink()
    assert session_count(data, tmp_path) == 30  # nothing lost, nothing half-imported
    assert cli("--data-dir", str(data), "import", str(big))[0] == 0  # with room, it works
    assert session_count(data, tmp_path) == 3030


def test_read_only_media_is_named_as_such(disk, tmp_path, key_file):
    data = disk / "data"
    assert cli("--data-dir", str(data), "demo", "--sessions", "30")[0] == 0
    for handler in logging.getLogger("homesupport").handlers:
        handler.close()  # the log file was open for writing on that disk
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    for command in (["export", "--format", "json", "-o", str(tmp_path / "x.json")], ["demo"]):
        code, _, err = cli("--data-dir", str(data), *command)
        assert code == 2, err
        assert "cannot be written to (read-only)" in err and "does not open" not in err
    subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert session_count(data, tmp_path) == 30
