"""The administrator's machine-wide configuration (pre-configuration by IT).

One TOML file in the platform's site config dir (platformdirs), e.g.
``/etc/xdg/HomeSupport/config.toml``, ``C:\\ProgramData\\HomeSupport\\config.toml``,
``/Library/Application Support/HomeSupport/config.toml``; ``HOMESUPPORT_SITE_CONFIG`` names
another file (tests, trials). Format (every key optional; packaging/config.example.toml)::

    coordinator_url = "https://digituki.example.fi"
    language = "fi"              # first-start language; people may switch
    municipality = "091"         # offered as the supporter's home municipality
    retention_months = 12        # 1-120
    idle_lock_minutes = 10       # 1-60
    locked = ["coordinator_url", "retention_months"]

Values are the defaults of a new installation; the person may change them, except the ones
named in ``locked`` (only coordinator_url, retention_months and idle_lock_minutes can be:
they are the organisation's policy; language and municipality are the person's own). A file
that cannot be read, or a value that is wrong, never stops the app: the problem goes to the
log and that value falls back to the built-in default.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from homesupport.domain.settings import Preferences
from homesupport.i18n import SUPPORTED
from homesupport.paths import APP_NAME
from homesupport.sync.links import AddressError, check_server_url

log = logging.getLogger(__name__)

SITE_CONFIG_ENV = "HOMESUPPORT_SITE_CONFIG"
FILE_NAME = "config.toml"
LOCKABLE = ("coordinator_url", "retention_months", "idle_lock_minutes")
RANGES = {"retention_months": (1, 120), "idle_lock_minutes": (1, 60)}


@dataclass(frozen=True)
class SiteConfig:
    coordinator_url: str | None = None
    language: str | None = None
    municipality: str | None = None
    retention_months: int | None = None
    idle_lock_minutes: int | None = None
    locked: frozenset[str] = frozenset()
    source: Path | None = None  # the file read, for the About dialog and logs
    problems: tuple[str, ...] = field(default=(), compare=False)

    def is_locked(self, name: str) -> bool:
        """True when the person may not change this preference (the UI shows it read-only)."""
        return name in self.locked

    def apply(self, preferences: Preferences, *, first_start: bool) -> Preferences:
        """The site's values as defaults of a new installation; locked ones always."""
        values: dict[str, Any] = {}
        for name in ("coordinator_url", "language", "retention_months", "idle_lock_minutes"):
            value = getattr(self, name)
            if value is not None and (first_start or name in self.locked):
                values[name] = value
        return replace(preferences, **values)


def site_config_path(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(SITE_CONFIG_ENV):
        return Path(env[SITE_CONFIG_ENV]).expanduser()
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def load_site_config(environ: dict[str, str] | None = None) -> SiteConfig:
    path = site_config_path(environ)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SiteConfig()
    except (OSError, UnicodeDecodeError) as error:
        log.warning("ignoring the administrator configuration %s: %s", path, error)
        return SiteConfig(source=path, problems=(str(error),))
    import tomllib  # most computers have no such file: its parser loads only for one

    from homesupport.domain.toml_text import load_toml

    try:
        raw = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        log.warning("ignoring the administrator configuration %s: %s", path, error)
        return SiteConfig(source=path, problems=(str(error),))
    config = parse_site_config(raw, path)
    for problem in config.problems:
        log.warning("administrator configuration %s: %s", path, problem)
    return config


def parse_site_config(raw: dict[str, Any], source: Path | None = None) -> SiteConfig:
    """Keeps every valid value and names each invalid or unknown one in ``problems``."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        if key == "locked":
            continue
        try:
            values[key] = _check(key, value)
        except ValueError as error:
            problems.append(f"{key}: {error}")
    locked = raw.get("locked", [])
    if not isinstance(locked, list):
        problems.append("locked: a list of setting names is expected")
        locked = []
    for name in locked:
        if name not in LOCKABLE:
            problems.append(f"locked: only {', '.join(LOCKABLE)} can be locked, not {name!r}")
        elif name not in values:
            problems.append(f"locked: {name} has no valid value to lock")
    valid = frozenset(name for name in locked if name in LOCKABLE and name in values)
    return SiteConfig(**values, locked=valid, source=source, problems=tuple(problems))


def _check(key: str, value: object) -> object:
    if key == "coordinator_url" and isinstance(value, str):
        try:
            return check_server_url(value)
        except AddressError as error:
            raise ValueError(str(error)) from None
    if key == "language" and value in SUPPORTED:
        return value
    if key == "municipality" and isinstance(value, str) and re.fullmatch(r"\d{3}", value):
        return value
    if key in RANGES and isinstance(value, int) and not isinstance(value, bool):
        low, high = RANGES[key]
        if low <= value <= high:
            return value
        raise ValueError(f"{value} is not between {low} and {high}")
    if key not in (*LOCKABLE, "language", "municipality"):
        raise ValueError("unknown setting")
    raise ValueError(f"invalid value {value!r}")
