"""Guides from the coordinator: at each sync the laptop reads the coordinator's catalogue
(one small 304 when nothing changed), downloads new and changed guides, checks each like an
import (hash, archive, every file and image) and puts it in place in one rename, so a cut
download or a bad file leaves the previous version. They live in
``<data_dir>/coordinator-guides/<slug>/`` and take the place of the bundled guide of the same
slug; a supporter's own copy still wins, and is told about the update. A guide the
coordinator withdraws disappears from that folder, never from the supporter's own copies.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homesupport.domain.guide_archive import MAX_ARCHIVE_BYTES, read_guide_archive
from homesupport.domain.guides import SLUG_PATTERN, GuideError
from homesupport.files import atomic_write
from homesupport.services.guides import COORDINATOR_GUIDES, GuideLibrary
from homesupport.sync.outcomes import CoordinatorError, PublishedGuide

if TYPE_CHECKING:
    from homesupport.sync.client import CoordinatorClient

log = logging.getLogger(__name__)
STATE_FILE = ".received.json"  # dot: the library skips it
# Published guides are sheets with a few pictures: far below an import's limit.
MAX_PUBLISHED_BYTES = min(MAX_ARCHIVE_BYTES, 20 * 1024 * 1024)


@dataclass(frozen=True)
class ReceivedGuide:
    slug: str
    version: int
    own_copy: bool  # the supporter's own copy stays in use: tell them


@dataclass(frozen=True)
class GuideUpdates:
    received: tuple[ReceivedGuide, ...] = ()
    withdrawn: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()  # left as they were: a cut download, a bad file
    offline: bool = False


class CoordinatorGuides:
    """The coordinator's guides on this laptop, and bringing them up to date."""

    def __init__(self, library: GuideLibrary, clock: Callable[[], dt.datetime]) -> None:
        if library.coordinator_dir is None:
            raise ValueError("the library has no folder for the coordinator's guides")
        self._library: GuideLibrary | None = library
        self._folder = library.coordinator_dir
        self._user_dir = library.user_dir
        self._topics = library.topics
        self._clock = clock

    @classmethod
    def of_data_dir(
        cls, data_dir: Path, topics: frozenset[str], clock: Callable[[], dt.datetime]
    ) -> CoordinatorGuides:
        """Without a library to reload: the window's sync runs off the GUI thread, so the
        window reloads its own library when told that guides changed."""
        guides = cls.__new__(cls)
        guides._library = None
        guides._folder = data_dir / COORDINATOR_GUIDES
        guides._user_dir = data_dir / "guides"
        guides._topics = topics
        guides._clock = clock
        return guides

    def received(self) -> dict[str, dict[str, Any]]:
        """slug -> {"version", "sha256", "received_at", "own_copies"} of each guide in place;
        ``own_copies``: the languages the supporter had their own copy of when it arrived."""
        return received_guides(self._folder)

    def update(self, client: CoordinatorClient) -> GuideUpdates:
        """One pass over the catalogue; never raises for network trouble or bad guides."""
        state = self._state()
        try:
            catalogue = client.guide_catalogue(state.get("etag"))
        except CoordinatorError as error:
            log.info("guide catalogue not available: %s", type(error.outcome).__name__)
            return GuideUpdates(offline=True)
        if catalogue is None:
            return GuideUpdates()  # unchanged since the last look
        held: dict[str, dict[str, Any]] = dict(self.received())
        received, failed = [], []
        for guide in catalogue.guides:
            have = held.get(guide.slug, {})
            same = have.get("version") == guide.version and have.get("sha256") == guide.sha256
            if same and (self._folder / guide.slug).is_dir():
                continue
            if self._install(client, guide):
                own = self._own_copies(guide.slug)
                held[guide.slug] = {
                    "version": guide.version,
                    "sha256": guide.sha256,
                    "received_at": self._clock().isoformat(timespec="seconds"),
                    "own_copies": own,
                }
                received.append(ReceivedGuide(guide.slug, guide.version, bool(own)))
            else:
                failed.append(guide.slug)
        published = {g.slug for g in catalogue.guides}
        withdrawn = sorted(slug for slug in held if slug not in published)
        for slug in withdrawn:
            self._remove(slug)
            del held[slug]
        # The ETag is kept only when every guide arrived, so a failed one is tried again.
        self._save_state({"etag": None if failed else catalogue.etag, "guides": held})
        if (received or withdrawn) and self._library is not None:
            self._library.reload()
        return GuideUpdates(tuple(received), tuple(withdrawn), tuple(failed))

    # -- in place ----------------------------------------------------------------------------

    def _install(self, client: CoordinatorClient, guide: PublishedGuide) -> bool:
        try:
            data = client.guide_archive(guide, MAX_PUBLISHED_BYTES)
            archive = read_guide_archive(data, f"{guide.slug} v{guide.version}")
            if archive.slug != guide.slug:
                raise GuideError([])
            archive.guides(archive.slug, self._topics)
        except CoordinatorError as error:
            log.info("guide not received: %s", type(error.outcome).__name__)
            return False
        except GuideError as error:
            log.warning("a published guide failed its checks (%s problems)", len(error.problems))
            return False
        self._folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self._folder, prefix=".incoming-") as tmp:
            incoming = Path(tmp) / guide.slug
            incoming.mkdir()
            for name, content in archive.files.items():
                (incoming / name).write_bytes(content)
            target = self._folder / guide.slug
            if target.exists():
                old = Path(tmp) / "previous"
                os.replace(target, old)  # removed with the temporary folder
            os.replace(incoming, target)
        return True

    def _remove(self, slug: str) -> None:
        if SLUG_PATTERN.fullmatch(slug):
            shutil.rmtree(self._folder / slug, ignore_errors=True)

    def _own_copies(self, slug: str) -> list[str]:
        return sorted(file.stem for file in (self._user_dir / slug).glob("*.toml"))

    def _state(self) -> dict[str, Any]:
        return _read_state(self._folder)

    def _save_state(self, state: dict[str, Any]) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / STATE_FILE
        atomic_write(path, json.dumps(state, sort_keys=True, indent=1))


def received_guides(folder: Path) -> dict[str, dict[str, Any]]:
    """The state of the coordinator's guides in ``folder`` (see :meth:`received`)."""
    guides = _read_state(folder).get("guides")
    return guides if isinstance(guides, dict) else {}


def _read_state(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
