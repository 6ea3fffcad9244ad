"""Private files are private: the data, log, cache and backup folders are 0700 and the files
in them 0600 on POSIX, also when an older version left them readable by others."""

import io
import os
import stat
from pathlib import Path

import pytest

from homesupport.cli.main import run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def cli(*args: str) -> int:
    return run(list(args), out=io.StringIO(), err=io.StringIO())


def modes_under(data: Path) -> dict[str, int]:
    return {str(p.relative_to(data)): mode(p) for p in [data, *data.rglob("*")]}


def test_a_new_store_its_folders_logs_and_backups_are_private(tmp_path, key_file):
    previous = os.umask(0o022)  # what most desktops use
    try:
        data = tmp_path / "data"
        assert cli("--data-dir", str(data), "demo", "--sessions", "5") == 0
        backup = tmp_path / "saved.hsbackup"
        assert cli("--data-dir", str(data), "backup", "-o", str(backup)) == 0
        assert os.umask(0o022) == 0o022  # the command put the process's umask back
    finally:
        os.umask(previous)
    found = modes_under(data)
    for name in (".", "logs", "cache", "backups", "partial"):
        assert found.pop(name) == 0o700, name
    assert {"homesupport.db", "keyinfo.json", "logs/homesupport.log"} <= set(found)
    assert all(value == 0o600 for value in found.values()), found
    assert mode(backup) == 0o600


def test_existing_folders_and_files_are_made_private_at_start(tmp_path, key_file):
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "demo", "--sessions", "5") == 0
    (data / "backups" / "old.hsbackup").write_bytes(b"x")
    theirs = data / "readme.txt"  # not ours: a data dir may be a folder with other things
    theirs.write_text("hello")
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert cli("--data-dir", str(data), "guides", "list") == 0
    found = modes_under(data)
    assert found.pop("readme.txt") == 0o644
    assert found.pop(".") == 0o700 and found.pop("backups") == 0o700
    assert found["backups/old.hsbackup"] == 0o600 and found["homesupport.db"] == 0o600
    assert all(value in (0o600, 0o700) for value in found.values()), found
