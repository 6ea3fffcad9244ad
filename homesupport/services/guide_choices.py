"""The supporter's side of the coordinator's guide updates: which guides came from the
coordinator (and when), which of their own edited copies the coordinator has updated since,
what differs, and their choice: use the coordinator's version, or keep their own.

Using the coordinator's version never loses the supporter's copy: it is moved, with its
pictures, to ``<data_dir>/guides-replaced/<slug>/<language>-<time>/`` and can be put back
(the page offers Undo). Keeping their own is remembered for that version only, so the next
update asks again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homesupport.domain.guide_changes import GuideComparison, compare_guides
from homesupport.services.guide_updates import received_guides
from homesupport.services.guides import GuideLibrary, LibraryGuide, UnknownGuideError

DECISIONS_FILE = ".decisions.json"  # in the coordinator's folder; dot: the library skips it
REPLACED_FOLDER = "guides-replaced"  # in the data dir, beside the supporter's own guides


@dataclass(frozen=True)
class Received:
    """When this laptop received the coordinator's version of a guide."""

    version: int
    received_on: dt.date | None


@dataclass(frozen=True)
class PendingUpdate:
    """The coordinator updated a guide the supporter has their own copy of (one language)."""

    slug: str
    language: str
    version: int
    received_on: dt.date | None


@dataclass(frozen=True)
class SetAside:
    """A supporter's copy moved out of use; :meth:`GuideChoices.bring_back` restores it."""

    slug: str
    language: str
    folder: Path
    version: int


class GuideChoices:
    def __init__(
        self, library: GuideLibrary, clock: Callable[[], dt.datetime] = dt.datetime.now
    ) -> None:
        if library.coordinator_dir is None:
            raise ValueError("the library has no folder for the coordinator's guides")
        self._library = library
        self._folder = library.coordinator_dir
        self._replaced = library.data_dir / REPLACED_FOLDER
        self._clock = clock

    def received(self, slug: str) -> Received | None:
        """The coordinator's version of ``slug`` in use on this laptop, if any."""
        held = received_guides(self._folder).get(slug)
        if not isinstance(held, dict) or not (self._folder / slug).is_dir():
            return None
        return Received(int(held.get("version", 0)), _date(held.get("received_at")))

    def pending(self, entry: LibraryGuide) -> PendingUpdate | None:
        """Whether to offer "see changes" for this guide: it is the supporter's own copy, the
        coordinator's version arrived while that copy existed, the supporter has not chosen
        for that version, and the two really differ."""
        if not entry.editable or not entry.overrides_bundled:
            return None
        held = received_guides(self._folder).get(entry.slug)
        if not isinstance(held, dict) or entry.language not in held.get("own_copies", ()):
            return None
        version = int(held.get("version", 0))
        if self._decisions().get(entry.slug, {}).get(entry.language) == version:
            return None
        theirs = self._library.bundled(entry.slug, entry.language)
        if theirs is None or not theirs.from_coordinator:
            return None
        if not compare_guides(entry.guide, theirs.guide).differs:
            return None
        return PendingUpdate(entry.slug, entry.language, version, _date(held.get("received_at")))

    def compare(self, slug: str, language: str) -> GuideComparison:
        """The supporter's copy against the coordinator's version, in one language."""
        mine = self._library.require(slug, language)
        theirs = self._library.bundled(slug, language)
        if theirs is None or not mine.editable:
            raise UnknownGuideError(slug, language)
        return compare_guides(mine.guide, theirs.guide)

    def keep_mine(self, update: PendingUpdate) -> None:
        """Not asked again until the coordinator publishes a newer version."""
        self._decide(update.slug, update.language, update.version)

    def use_coordinators(self, update: PendingUpdate) -> SetAside:
        """Moves the supporter's copy (this language, with the pictures it uses) aside; the
        coordinator's version is then the one in use."""
        entry = self._library.require(update.slug, update.language)
        if not entry.editable:
            raise UnknownGuideError(update.slug, update.language)
        stamp = self._clock().strftime("%Y%m%d-%H%M%S")
        target = self._replaced / update.slug / f"{update.language}-{stamp}"
        number = 2
        while target.exists():
            target = target.with_name(f"{update.language}-{stamp}-{number}")
            number += 1
        target.mkdir(parents=True)
        for name in entry.guide.images:
            shutil.copy2(entry.folder / name, target / name)
        os.replace(entry.path, target / entry.path.name)  # one rename: never half moved
        self._decide(update.slug, update.language, update.version)
        self._library.delete_leftovers(update.slug)
        self._library.reload()
        return SetAside(update.slug, update.language, target, update.version)

    def bring_back(self, aside: SetAside) -> LibraryGuide:
        """The supporter's copy in use again, as it was, and the update offered again."""
        folder = self._library.user_dir / aside.slug
        folder.mkdir(parents=True, exist_ok=True)
        for file in sorted(aside.folder.iterdir()):
            if file.suffix != ".toml" and not (folder / file.name).exists():
                shutil.copy2(file, folder / file.name)
        os.replace(aside.folder / f"{aside.language}.toml", folder / f"{aside.language}.toml")
        shutil.rmtree(aside.folder, ignore_errors=True)
        self._decide(aside.slug, aside.language, None)
        self._library.reload()
        return self._library.require(aside.slug, aside.language)

    # -- decisions ---------------------------------------------------------------------------

    def _decisions(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads((self._folder / DECISIONS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _decide(self, slug: str, language: str, version: int | None) -> None:
        decisions = self._decisions()
        chosen = decisions.setdefault(slug, {})
        if version is None:
            chosen.pop(language, None)
        else:
            chosen[language] = version
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / DECISIONS_FILE
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(decisions, sort_keys=True, indent=1), encoding="utf-8")
        os.replace(temporary, path)


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None
