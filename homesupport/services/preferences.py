"""Preferences in a plain JSON file next to the data: read before the store is unlocked (the
language of the unlock dialog), and free of anything personal."""

from __future__ import annotations

import json
import os
from pathlib import Path

from homesupport.domain.settings import Preferences


def load_preferences(path: Path) -> Preferences:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    return Preferences.from_dict(raw if isinstance(raw, dict) else {})


def save_preferences(path: Path, preferences: Preferences) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(preferences.to_dict(), indent=2), encoding="utf-8")
    os.replace(temporary, path)
