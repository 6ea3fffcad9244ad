"""The administrator's machine-wide configuration: defaults, locks, and never a failed start."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from homesupport.domain.settings import Preferences
from homesupport.services.preferences import load_preferences, save_preferences
from homesupport.services.site_config import (
    SITE_CONFIG_ENV,
    SiteConfig,
    load_site_config,
    parse_site_config,
    site_config_path,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "packaging" / "config.example.toml"


def write(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {SITE_CONFIG_ENV: str(path)}


def test_the_documented_example_is_valid() -> None:
    config = load_site_config({SITE_CONFIG_ENV: str(EXAMPLE)})
    assert config.problems == ()
    assert config.coordinator_url == "https://digituki.example.fi"
    assert (config.language, config.municipality) == ("fi", "091")
    assert (config.retention_months, config.idle_lock_minutes) == (12, 10)
    assert config.locked == {"coordinator_url", "retention_months"}


def test_without_the_environment_variable_the_platform_site_dir_is_used() -> None:
    path = site_config_path({})
    assert path.name == "config.toml" and path.parent.name == "HomeSupport"


def test_no_file_means_no_configuration(tmp_path: Path) -> None:
    assert load_site_config({SITE_CONFIG_ENV: str(tmp_path / "absent.toml")}) == SiteConfig()


def test_a_broken_file_is_logged_and_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    environ = write(tmp_path, 'coordinator_url = "https://x.fi\nlanguage = ')
    with caplog.at_level(logging.WARNING, logger="homesupport"):
        config = load_site_config(environ)
    assert config.coordinator_url is None and config.locked == frozenset()
    assert "ignoring the administrator configuration" in caplog.text
    assert str(tmp_path / "config.toml") in caplog.text


def test_a_deeply_nested_file_is_a_broken_file(tmp_path: Path) -> None:
    config = load_site_config(write(tmp_path, "x = " + "[" * 1000 + "]" * 1000))
    assert config.coordinator_url is None
    assert config.problems and "nested too deeply" in config.problems[0]


def test_each_wrong_value_is_named_and_the_valid_ones_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    environ = write(
        tmp_path,
        """
        coordinator_url = "http://coordinator.example.fi"
        language = "de"
        municipality = "91"
        retention_months = 0
        idle_lock_minutes = 5
        colour = "blue"
        locked = ["coordinator_url", "language", "idle_lock_minutes"]
        """,
    )
    with caplog.at_level(logging.WARNING, logger="homesupport"):
        config = load_site_config(environ)
    assert config.idle_lock_minutes == 5
    assert config.locked == {"idle_lock_minutes"}
    assert (config.coordinator_url, config.language, config.municipality) == (None, None, None)
    problems = "\n".join(config.problems)
    for key in ("coordinator_url", "language", "municipality", "retention_months", "colour"):
        assert f"{key}:" in problems
    assert "not 'language'" in problems  # the person's language cannot be locked
    assert "coordinator_url has no valid value to lock" in problems
    assert caplog.text.count("administrator configuration") == len(config.problems)


def test_booleans_are_not_numbers() -> None:
    assert parse_site_config({"retention_months": True}).retention_months is None


def test_site_values_start_a_new_installation(tmp_path: Path) -> None:
    site = parse_site_config(
        {"coordinator_url": "https://c.example.fi", "language": "sv", "retention_months": 24}
    )
    preferences = load_preferences(tmp_path / "preferences.json", site)
    assert preferences.coordinator_url == "https://c.example.fi"
    assert preferences.language == "sv"
    assert preferences.retention_months == 24
    assert preferences.idle_lock_minutes == Preferences().idle_lock_minutes


def test_the_person_overrides_what_is_not_locked_and_never_what_is(tmp_path: Path) -> None:
    site = parse_site_config(
        {
            "coordinator_url": "https://c.example.fi",
            "language": "sv",
            "retention_months": 24,
            "idle_lock_minutes": 5,
            "locked": ["coordinator_url", "retention_months"],
        }
    )
    path = tmp_path / "preferences.json"
    chosen = Preferences(
        language="en", retention_months=6, idle_lock_minutes=30, coordinator_url="https://o.fi"
    )
    save_preferences(path, chosen)
    preferences = load_preferences(path, site)
    assert (preferences.language, preferences.idle_lock_minutes) == ("en", 30)
    assert preferences.coordinator_url == "https://c.example.fi"
    assert preferences.retention_months == 24
    assert site.is_locked("retention_months") and not site.is_locked("idle_lock_minutes")


def test_load_preferences_reads_the_machine_config_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SITE_CONFIG_ENV, str(EXAMPLE))
    path = tmp_path / "preferences.json"
    path.write_text(json.dumps({"retention_months": 3}), encoding="utf-8")
    assert load_preferences(path).retention_months == 12  # locked in the example
