"""Every preference of the app, declared once with its default.

``Preferences`` live in a plain JSON file (they are needed before the store is unlocked and hold
nothing personal); what belongs with the data lives in the encrypted store.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

TEXT_SCALES = (1.0, 1.15, 1.3, 1.5)


@dataclass(frozen=True)
class Preferences:
    language: str | None = None  # None: follow the OS
    text_scale: float = 1.0  # multiplies the system font size
    backups_to_keep: int = 10
    retention_months: int = 12
    idle_lock_minutes: int = 10
    coordinator_url: str = ""

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Preferences:
        """Unknown keys are ignored and wrong types fall back to defaults: a hand-edited file
        must never stop the app from starting."""
        defaults = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in raw:
                value, default = raw[f.name], getattr(defaults, f.name)
                if default is None or isinstance(value, type(default)):
                    values[f.name] = value
                elif isinstance(default, float) and isinstance(value, int):
                    values[f.name] = float(value)
        return replace(defaults, **values)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
