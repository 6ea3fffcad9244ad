"""Preferences in a plain JSON file next to the data: read before the store is unlocked (the
language of the unlock dialog), and free of anything personal."""

from __future__ import annotations

import json
from pathlib import Path

from homesupport.domain.settings import Preferences
from homesupport.files import atomic_write
from homesupport.services.site_config import SiteConfig, load_site_config


def load_preferences(path: Path, site: SiteConfig | None = None) -> Preferences:
    """The person's preferences over the administrator's machine-wide configuration (default:
    read from its standard place): its values start a new installation, locked ones win."""
    site = load_site_config() if site is None else site
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return site.apply(Preferences(), first_start=True)
    saved = Preferences.from_dict(raw if isinstance(raw, dict) else {})
    return site.apply(saved, first_start=False)


def save_preferences(path: Path, preferences: Preferences) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(preferences.to_dict(), indent=2))
