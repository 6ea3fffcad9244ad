"""Settings of one coordinator process, built once by the CLI or an ASGI factory.

Every field can be set from the environment as ``HOMESUPPORT_COORDINATOR_<FIELD>`` (the
database URL as ``HOMESUPPORT_COORDINATOR_DB``), so a server keeps them in one environment
file (packaging/coordinator/coordinator.env.example) and ``serve --workers N`` hands them to
each worker process unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "homesupport-coordinator"
ENV_PREFIX = "HOMESUPPORT_COORDINATOR_"
ENV_DB = ENV_PREFIX + "DB"
ENV_PUBLIC_URL = ENV_PREFIX + "PUBLIC_URL"


def default_db_url() -> str:
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'coordinator.sqlite3'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, validate_by_name=True, extra="forbid"
    )

    db_url: str = Field(default_factory=default_db_url, validation_alias=ENV_DB)
    public_url: str | None = None
    max_report_bytes: int = Field(64 * 1024, gt=0)
    # Per-token requests in one window; a device sends a few reports a month.
    api_requests_per_window: int = Field(120, gt=0)
    api_window_seconds: int = Field(60, gt=0)
    # Enrolment attempts per client address in one window (guessing codes must not pay off).
    enrol_attempts_per_window: int = Field(20, gt=0)
    enrol_window_seconds: int = Field(600, gt=0)
    # Failed logins in one window: per address and user name, and per address over all names.
    login_failures_allowed: int = Field(5, gt=0)
    login_address_failures_allowed: int = Field(20, gt=0)
    login_window_seconds: int = Field(900, gt=0)
    login_session_hours: int = Field(12, gt=0)
    code_expiry_days: int = Field(14, gt=0)
    # A period's figures appear only when at least this many devices reported in it.
    min_devices: int = Field(2, ge=1)
    # How often each process folds newly received reports into the month sums (0: only when
    # a dashboard page or an export needs them).
    fold_interval_seconds: float = Field(2.0, ge=0)

    def with_overrides(self, **changes: Any) -> Settings:
        return self.model_copy(update=changes)


class SettingsError(ValueError):
    """A setting read from the environment is not valid; the message names each one."""


def settings_from_environment(**given: Any) -> Settings:
    """The settings of a server process: defaults, overridden by the environment, overridden
    by what the command line ``given``."""
    try:
        return Settings(**given)
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            name = ".".join(str(part) for part in problem["loc"])
            if not name.startswith(ENV_PREFIX):
                name = ENV_PREFIX + name.upper()
            problems.append(f"{name}: {problem['msg']}")
        raise SettingsError("; ".join(problems)) from None
