"""Fakes for what cannot run here: an OS keyring (headless Linux has none)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking keyring that keeps secrets in memory for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


FILE_KEYRING_ENV = "HOMESUPPORT_FILE_KEYRING"


class FileKeyring(keyring.backend.KeyringBackend):
    """For a benchmark that starts the app as new processes, where a MemoryKeyring would be
    empty each time: secrets in the JSON file named by HOMESUPPORT_FILE_KEYRING, chosen with
    PYTHON_KEYRING_BACKEND=tests.fakes.FileKeyring. Plain text: never for real secrets."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        return Path(os.environ[FILE_KEYRING_ENV])

    def _secrets(self) -> dict[str, str]:
        try:
            return dict(json.loads(self._path().read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = {**self._secrets(), f"{service}/{username}": password}
        self._path().write_text(json.dumps(secrets), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._secrets()
        secrets.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(secrets), encoding="utf-8")
