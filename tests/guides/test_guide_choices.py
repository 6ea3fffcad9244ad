"""The supporter's choice about a coordinator update of a guide they edited: told only when
the update came after their copy, "keep mine" until the next version, "use the coordinator's"
sets their copy aside where it can be brought back, pictures and all."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from homesupport.domain.codes import CodeList
from homesupport.services.guide_choices import GuideChoices
from homesupport.services.guide_updates import STATE_FILE
from homesupport.services.guides import GuideLibrary, guide_text
from tests.guides.conftest import make_guide, write_guide_folder

SLUG = "text-size-phone"


def received(data_dir: Path, version: int, own_copies: list[str]) -> None:
    """What CoordinatorGuides leaves after receiving the coordinator's version."""
    folder = data_dir / "coordinator-guides"
    guide = make_guide("fi")
    changed = replace(
        guide, steps=(replace(guide.steps[0], text="Korjattu vaihe."), *guide.steps[1:])
    )
    write_guide_folder(folder, SLUG, languages=())
    (folder / SLUG / "fi.toml").write_text(guide_text(changed), encoding="utf-8")
    state = {
        "guides": {
            SLUG: {
                "version": version,
                "sha256": "x",
                "received_at": "2026-12-01T10:00:00",
                "own_copies": own_copies,
            }
        }
    }
    (folder / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")


def own_copy(data_dir: Path) -> Path:
    folder = write_guide_folder(data_dir / "guides", SLUG, languages=("fi",))
    return folder / "fi.toml"


def open_library(tmp_path: Path, data_dir: Path, codes: CodeList) -> GuideLibrary:
    write_guide_folder(tmp_path / "bundled", SLUG)
    return GuideLibrary.open(data_dir, codes, bundled_dir=tmp_path / "bundled")


def test_an_update_after_the_own_copy_is_offered_and_kept_mine_until_the_next(
    tmp_path: Path, data_dir: Path, codes: CodeList
) -> None:
    own_copy(data_dir)
    received(data_dir, 1, ["fi"])
    library = open_library(tmp_path, data_dir, codes)
    choices = GuideChoices(library)
    entry = library.require(SLUG, "fi")
    assert entry.overrides_bundled
    pending = choices.pending(entry)
    assert pending is not None and pending.version == 1
    assert pending.received_on == dt.date(2026, 12, 1)
    assert choices.compare(SLUG, "fi").differs
    assert choices.received(SLUG).version == 1

    choices.keep_mine(pending)
    assert choices.pending(entry) is None
    received(data_dir, 2, ["fi"])
    assert choices.pending(library.require(SLUG, "fi")).version == 2


def test_a_copy_made_after_the_update_is_not_offered(
    tmp_path: Path, data_dir: Path, codes: CodeList
) -> None:
    received(data_dir, 1, [])
    own_copy(data_dir)
    library = open_library(tmp_path, data_dir, codes)
    assert GuideChoices(library).pending(library.require(SLUG, "fi")) is None


def test_using_the_coordinators_sets_the_copy_aside_and_brings_it_back(
    tmp_path: Path, data_dir: Path, codes: CodeList
) -> None:
    mine = own_copy(data_dir)
    text = mine.read_text(encoding="utf-8")
    received(data_dir, 1, ["fi"])
    library = open_library(tmp_path, data_dir, codes)
    choices = GuideChoices(library, lambda: dt.datetime(2026, 12, 2, 9, 0))
    pending = choices.pending(library.require(SLUG, "fi"))
    assert pending is not None

    aside = choices.use_coordinators(pending)
    now = library.require(SLUG, "fi")
    assert now.from_coordinator and now.guide.steps[0].text == "Korjattu vaihe."
    assert not (data_dir / "guides" / SLUG).exists()
    assert aside.folder == data_dir / "guides-replaced" / SLUG / "fi-20261202-090000"
    assert (aside.folder / "fi.toml").read_text(encoding="utf-8") == text
    assert {p.name for p in aside.folder.iterdir()} >= {"fi.toml", "icon.png", "phone.png"}
    assert choices.pending(now) is None

    back = choices.bring_back(aside)
    assert back.editable and back.overrides_bundled
    assert mine.read_text(encoding="utf-8") == text and (mine.parent / "icon.png").is_file()
    assert not aside.folder.exists()
    assert choices.pending(back) is not None  # undone: the choice is open again
