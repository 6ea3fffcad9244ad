"""The guides shipped with the app, as the coordinator knows them: their slugs (which a
report's ``sessions.guide`` may name) and their titles (the dashboard's labels)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from homesupport.resources import resource


@dataclass(frozen=True)
class BundledGuides:
    titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # slug -> lang -> title

    @property
    def slugs(self) -> frozenset[str]:
        return frozenset(self.titles)

    @classmethod
    def load(cls, folder: Path | None = None) -> BundledGuides:
        root = folder or resource("guides")
        titles: dict[str, dict[str, str]] = {}
        for guide_dir in sorted(root.iterdir()) if root.is_dir() else []:
            for path in sorted(guide_dir.glob("*.toml")) if guide_dir.is_dir() else []:
                try:
                    title = tomllib.loads(path.read_text(encoding="utf-8")).get("title")
                except (OSError, ValueError):
                    continue  # the app's own checks report bad files; a label is not worth it
                if isinstance(title, str):
                    titles.setdefault(guide_dir.name, {})[path.stem] = title
        return cls(titles)
