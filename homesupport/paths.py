"""Where HomeSupport keeps its files. Nothing is created or read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "HomeSupport"
DATA_DIR_ENV = "HOMESUPPORT_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    log_dir: Path
    cache_dir: Path  # what can be made again (e.g. coloured icons); safe to delete

    @classmethod
    def resolve(
        cls, data_dir: str | Path | None = None, environ: dict[str, str] | None = None
    ) -> Paths:
        """``--data-dir`` wins, then ``HOMESUPPORT_DATA_DIR``, then the platform's user dir.
        With an explicit data dir the logs go inside it, so one folder holds everything."""
        env = os.environ if environ is None else environ
        chosen = data_dir or env.get(DATA_DIR_ENV)
        if chosen:
            base = Path(chosen).expanduser().resolve()
            return cls(data_dir=base, log_dir=base / "logs", cache_dir=base / "cache")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "homesupport.db"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def preferences(self) -> Path:
        return self.data_dir / "preferences.json"

    @property
    def user_guides(self) -> Path:
        return self.data_dir / "guides"
