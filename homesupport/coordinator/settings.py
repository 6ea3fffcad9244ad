"""Settings of one coordinator process, built once by the CLI or an ASGI factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "homesupport-coordinator"
ENV_DB = "HOMESUPPORT_COORDINATOR_DB"
ENV_PUBLIC_URL = "HOMESUPPORT_COORDINATOR_PUBLIC_URL"


def default_db_url() -> str:
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'coordinator.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    db_url: str
    public_url: str | None = None
    max_report_bytes: int = 64 * 1024
    # Per-token requests in one window; a device sends a few reports a month.
    api_requests_per_window: int = 120
    api_window_seconds: int = 60
    # Enrolment attempts per client address in one window (guessing codes must not pay off).
    enrol_attempts_per_window: int = 20
    enrol_window_seconds: int = 600
    # Failed logins in one window: per address and user name, and per address over all names.
    login_failures_allowed: int = 5
    login_address_failures_allowed: int = 20
    login_window_seconds: int = 900
    login_session_hours: int = 12
    code_expiry_days: int = 14
    # A period's figures appear only when at least this many devices reported in it.
    min_devices: int = 2
    # How often each process folds newly received reports into the month sums (0: only when
    # a dashboard page or an export needs them).
    fold_interval_seconds: float = 2.0

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def settings_from_environment(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    return Settings(
        db_url=env.get(ENV_DB) or default_db_url(),
        public_url=env.get(ENV_PUBLIC_URL) or None,
    )
