"""The local-store commands of DESIGN.md §7, run as a user runs them."""

import datetime as dt
import io
import json
import re
import subprocess
import sys

import pytest

from homesupport.cli.main import run

RECOVERY = re.compile(r"([A-Z2-7]{4}-){13}[A-Z2-7]{4}")


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_demo_export_import_round_trip_in_every_format(tmp_path, key_file):
    source, target = tmp_path / "source", tmp_path / "target"
    code, out, err = cli("--data-dir", str(source), "demo", "--sessions", "300", "--seed", "7")
    assert code == 0
    assert code == 0 and "300" in out
    assert "recovery key" in err.lower()  # a new store tells its recovery key once

    for fmt in ("csv", "xlsx", "json"):
        code, out, _ = cli(
            "--data-dir", str(source), "export", "--format", fmt, "-o", str(tmp_path / f"all.{fmt}")
        )
        assert code == 0, out
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert len(document["sessions"]) == 300

    code, out, err = cli(
        "--data-dir", str(target), "--lang", "en", "import", str(tmp_path / "all.xlsx")
    )
    assert code == 0, err
    assert "300" in out
    cli("--data-dir", str(target), "export", "--format", "csv", "-o", str(tmp_path / "b.csv"))
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "all.csv").read_bytes()


def test_a_bad_file_imports_nothing_and_names_row_and_column(tmp_path, key_file):
    data = tmp_path / "data"
    cli("--data-dir", str(data), "demo", "--sessions", "5")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date;minutes;mode;programme\n1.3.2026;45;home_visit;home\n31.2.2026;45;home_visit;home\n",
        encoding="utf-8",
    )
    code, _, err = cli("--data-dir", str(data), "--lang", "en", "import", str(bad))
    assert code == 2
    assert "Row 3" in err and "date" in err and "nothing was imported" in err
    cli("--data-dir", str(data), "export", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert len(json.loads((tmp_path / "x.json").read_text())["sessions"]) == 5


def test_backup_and_restore_from_the_command_line(tmp_path, key_file, monkeypatch):
    data = tmp_path / "data"
    _, _, first_err = cli("--data-dir", str(data), "demo", "--sessions", "20")
    backup = tmp_path / "saved.hsbackup"
    assert cli("--data-dir", str(data), "backup", "-o", str(backup))[0] == 0
    assert b"home_visit" not in backup.read_bytes()  # encrypted
    # A new laptop opened with another passphrase: the old data's recovery key is needed.
    other = tmp_path / "other-key.txt"
    other.write_text("another scripted passphrase\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(other))
    fresh = tmp_path / "fresh"
    cli("--data-dir", str(fresh), "demo", "--sessions", "3")
    code, _, err = cli("--data-dir", str(fresh), "--lang", "en", "restore", str(backup))
    assert code == 2 and "--recovery-key-file" in err
    recovery = tmp_path / "recovery.txt"
    recovery.write_text(RECOVERY.search(first_err).group(0))
    code, out, err = cli(
        "--data-dir", str(fresh), "restore", str(backup), "--recovery-key-file", str(recovery)
    )
    assert code == 0 and "before" in out, err
    cli("--data-dir", str(fresh), "export", "--format", "json", "-o", str(tmp_path / "r.json"))
    assert len(json.loads((tmp_path / "r.json").read_text())["sessions"]) == 20

    garbage = tmp_path / "garbage.hsbackup"
    garbage.write_bytes(b"not a backup at all" * 50)
    code, _, err = cli("--data-dir", str(fresh), "--lang", "en", "restore", str(garbage))
    assert code == 2 and "not a HomeSupport backup" in err


def test_a_new_computer_restores_with_the_same_passphrase(tmp_path, key_file, monkeypatch):
    """All a new computer needs: the backup file and the passphrase (or the recovery key)."""
    data = tmp_path / "data"
    assert cli("--data-dir", str(data), "demo", "--sessions", "12")[0] == 0
    backup = tmp_path / "usb-stick" / "saved.hsbackup"
    assert cli("--data-dir", str(data), "backup", "-o", str(backup))[0] == 0

    new_computer = tmp_path / "new-computer"  # a fresh data dir: no keyinfo.json of the old
    code, out, err = cli("--data-dir", str(new_computer), "--lang", "en", "restore", str(backup))
    assert code == 0 and "restored" in out, err
    exported = tmp_path / "r.json"
    code, _, err = cli(
        "--data-dir", str(new_computer), "export", "--format", "json", "-o", str(exported)
    )
    assert code == 0, err
    assert len(json.loads(exported.read_text())["sessions"]) == 12

    # Opened with another secret, the passphrase comes in a file, as the recovery key does.
    other = tmp_path / "other-key.txt"
    other.write_text("another scripted passphrase\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(other))
    third = tmp_path / "third-computer"
    code, _, err = cli("--data-dir", str(third), "--lang", "en", "restore", str(backup))
    assert code == 2 and "recovery key or the passphrase" in err and "--recovery-key-file" in err
    code, out, err = cli(
        "--data-dir", str(third), "restore", str(backup), "--recovery-key-file", str(key_file)
    )
    assert code == 0 and "restored" in out, err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase")
    code, _, err = cli(
        "--data-dir", str(third), "--lang", "en", "restore", str(backup),
        "--recovery-key-file", str(wrong),
    )  # fmt: skip
    assert code == 2 and "does not open" in err


def test_demo_refuses_a_store_that_has_data(tmp_path, key_file):
    data = tmp_path / "data"
    cli("--data-dir", str(data), "demo", "--sessions", "2")
    code, _, err = cli("--data-dir", str(data), "demo", "--sessions", "2")
    assert code == 2 and err


def test_wrong_key_file_is_a_clear_error(tmp_path, key_file):
    data = tmp_path / "data"
    cli("--data-dir", str(data), "demo", "--sessions", "2")
    key_file.write_text("another passphrase")
    code, _, err = cli(
        "--data-dir",
        str(data),
        "--lang",
        "en",
        "export",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "x.csv"),
    )
    assert code == 2 and "does not open" in err
    assert not (tmp_path / "x.csv").exists()


def test_the_installed_command_runs_headless_without_a_key(tmp_path):
    """No keyring, no key file, no terminal: exit 2 with advice, no traceback."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "HOMESUPPORT_DATA_DIR": str(tmp_path / "d"),
        "LANG": "en_US.UTF-8",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "homesupport",
            "export",
            "--format",
            "csv",
            "-o",
            str(tmp_path / "x.csv"),
        ],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "HOMESUPPORT_KEY_FILE" in result.stderr and "Traceback" not in result.stderr
    version = subprocess.run(
        [sys.executable, "-m", "homesupport", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert version.returncode == 0 and version.stdout.startswith("HomeSupport ")


def test_imported_history_older_than_retention_keeps_statistics_only(tmp_path, key_file):
    data = tmp_path / "data"
    sheet = tmp_path / "history.csv"
    today = dt.date.today()
    old, recent = "1.3.2020", f"{today.day}.{today.month}.{today.year}"
    sheet.write_text(
        "date;minutes;mode;programme;client;notes;topics\n"
        f"{old};45;home_visit;home;Oldnickname;Oldnotetext;omakanta\n"
        f"{recent};30;phone;home;Newnickname;Newnotetext;email\n",
        encoding="utf-8",
    )
    code, out, err = cli("--data-dir", str(data), "--lang", "en", "import", str(sheet))
    assert code == 0, err
    assert "older than the retention period" in out
    target = tmp_path / "all.json"
    cli("--data-dir", str(data), "export", "--format", "json", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert "Oldnickname" not in text and "Oldnotetext" not in text
    assert "Newnickname" in text and "Newnotetext" in text
    assert len(json.loads(text)["sessions"]) == 2


def test_a_store_busy_in_another_window_is_a_clear_error(tmp_path, key_file, monkeypatch):
    from homesupport.paths import Paths
    from homesupport.services.store import open_store

    data = tmp_path / "data"
    cli("--data-dir", str(data), "demo", "--sessions", "5")
    monkeypatch.setattr("homesupport.storage.connection.BUSY_TIMEOUT_MS", 200)
    other = open_store(Paths.resolve(data), dt.datetime.now)  # "another window", writing
    connection = other.engine.raw_connection()
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("UPDATE settings SET value = value")
    try:
        code, _, err = cli("--data-dir", str(data), "--lang", "en", "demo", "--sessions", "5")
    finally:
        connection.execute("ROLLBACK")
        connection.close()
        other.close()
    assert code == 1 and "in use by another HomeSupport window" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("weak", ["x", "  short  ", "123456789"])
def test_a_new_store_is_never_made_from_a_weak_passphrase(tmp_path, monkeypatch, no_keyring, weak):
    key = tmp_path / "key.txt"
    key.write_text(weak)
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(key))
    data = tmp_path / "data"
    code, out, err = cli("--data-dir", str(data), "--lang", "en", "demo", "--sessions", "3")
    assert code == 2 and out == ""
    assert "at least 10 characters" in err
    assert not (data / "homesupport.db").exists() and not (data / "keyinfo.json").exists()
    # A recovery key is never weak.
    from homesupport.storage import keys

    key.write_text(keys.recovery_key(keys.new_key()))
    assert cli("--data-dir", str(data), "demo", "--sessions", "3")[0] == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "Varmuuskopiotiedostoa ei ole: {path}."),
        ("sv", "Det finns ingen säkerhetskopia i {path}."),
        ("en", "There is no backup file at {path}."),
    ],
)
def test_a_backup_error_is_in_the_language_chosen(tmp_path, key_file, language, expected):
    data, missing = tmp_path / "data", tmp_path / "nowhere.hsbackup"
    cli("--data-dir", str(data), "demo", "--sessions", "3")
    code, _, err = cli("--data-dir", str(data), "--lang", language, "restore", str(missing))
    assert code == 2
    assert err == f"homesupport: {expected.format(path=missing)}\n"
