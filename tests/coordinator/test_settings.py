"""The coordinator's settings come from the server's environment, checked, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from homesupport.coordinator.cli import main
from homesupport.coordinator.settings import SettingsError, settings_from_environment


def test_every_setting_is_read_from_its_environment_variable(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_DB", url)
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_PUBLIC_URL", "https://stats.example.fi")
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_MIN_DEVICES", "3")
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_LOGIN_FAILURES_ALLOWED", "8")
    settings = settings_from_environment()
    assert settings.db_url == url
    assert settings.public_url == "https://stats.example.fi"
    assert (settings.min_devices, settings.login_failures_allowed) == (3, 8)
    assert settings_from_environment(db_url="sqlite://").db_url == "sqlite://"  # the CLI wins


def test_defaults_without_environment(monkeypatch):
    for name in ("DB", "PUBLIC_URL", "MIN_DEVICES"):
        monkeypatch.delenv(f"HOMESUPPORT_COORDINATOR_{name}", raising=False)
    settings = settings_from_environment()
    assert settings.db_url.startswith("sqlite:///") and settings.public_url is None
    assert settings.min_devices == 2 and settings.max_report_bytes == 64 * 1024


@pytest.mark.parametrize(
    ("value", "problem"), [("0", "greater than or equal to 1"), ("two", "integer")]
)
def test_a_bad_value_names_its_variable(monkeypatch, value, problem):
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_MIN_DEVICES", value)
    with pytest.raises(SettingsError, match=f"HOMESUPPORT_COORDINATOR_MIN_DEVICES: .*{problem}"):
        settings_from_environment()


def test_the_command_line_says_which_setting_is_wrong(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setenv("HOMESUPPORT_COORDINATOR_MAX_REPORT_BYTES", "-1")
    code = main(["--db", f"sqlite:///{tmp_path / 'c.sqlite3'}", "devices"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "HOMESUPPORT_COORDINATOR_MAX_REPORT_BYTES" in err
    assert not (tmp_path / "c.sqlite3").exists()  # nothing was created
