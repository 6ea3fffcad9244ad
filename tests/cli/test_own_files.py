"""No command writes over the data dir's own files or into its private folders (symbolic
and hard links followed): exit 2, a clear message, nothing changed."""

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pytest

from homesupport.cli.main import run
from homesupport.paths import Paths
from homesupport.services.destinations import ProtectedDestination, check_destination
from homesupport.services.store import open_store


@pytest.fixture
def data(tmp_path, monkeypatch, no_keyring) -> Path:
    key = tmp_path / "key.txt"
    key.write_text("a scripted passphrase\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(key))
    folder = tmp_path / "data"
    assert cli("--data-dir", str(folder), "demo", "--sessions", "20")[0] == 0
    return folder


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        # the database's own bytes change as it is opened (checkpoints): its content and
        # soundness are checked below
        if p.is_file() and not p.name.startswith("homesupport.")
    }


def content(data: Path, tmp_path: Path) -> str:
    out = tmp_path / "content.json"
    assert cli("--data-dir", str(data), "export", "--format", "json", "-o", str(out))[0] == 0
    store = open_store(Paths.resolve(data), dt.datetime.now)
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        store.close()
    return out.read_text(encoding="utf-8")


def targets(data: Path, tmp_path: Path) -> list[Path]:
    link = tmp_path / "innocent.csv"
    link.symlink_to(data / "homesupport.db")
    (data / "backups").mkdir(exist_ok=True)
    return [
        data / "homesupport.db",
        data / "keyinfo.json",
        data / "homesupport.db-wal",
        data / "preferences.json",
        data / "backups" / "mine.hsbackup",
        data / "logs" / "x.pdf",
        data / "guides" / "x.zip",
        tmp_path / "data" / "." / "homesupport.db",
        link,
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "-o"],
        ["export", "--format", "csv", "-o"],
        ["export", "--format", "xlsx", "-o"],
        ["guides", "pdf", "connect-wifi", "-o"],
    ],
)
def test_no_command_writes_over_the_stores_own_files(data, tmp_path, command):
    sessions = content(data, tmp_path)
    for target in targets(data, tmp_path):
        before = fingerprint(data)
        code, out, err = cli("--data-dir", str(data), *command, str(target))
        assert code == 2, (target, out, err)
        assert "part of HomeSupport's own data" in err and str(target) in err
        assert fingerprint(data) == before, target
    assert content(data, tmp_path) == sessions  # the store is sound and holds the same
    # a file beside the store is fine
    beside = data / "my-export.csv"
    assert cli("--data-dir", str(data), "export", "--format", "csv", "-o", str(beside))[0] == 0
    assert cli("--data-dir", str(data), "backup", "-o", str(tmp_path / "ok.hsbackup"))[0] == 0


def test_a_hard_link_to_the_database_is_refused(data, tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    link = other / "copy.hsbackup"
    os.link(data / "homesupport.db", link)
    with pytest.raises(ProtectedDestination):
        check_destination(data, link)
    assert check_destination(data, other / "new.hsbackup") == other / "new.hsbackup"
    assert check_destination(Paths.resolve(data).data_dir, data / "notes.csv")
