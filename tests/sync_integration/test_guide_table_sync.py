"""Format 1.1 over a real loopback sync: the coordinator publishes a guide, the laptop receives
it at ``homesupport sync``, and the next month it sends names that guide and the bundled ones
given, with the supporter's own guides only as "own"."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from homesupport.resources import resource
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import Laptop, stored_payloads
from tests.sync_integration.test_cli import cli
from tests.sync_integration.test_guides_from_coordinator import new_laptop, publish

BUNDLED = "omakanta-renew-prescription"
PUBLISHED = "kela-liitteen-lahetys"
OWN = "aino-virtanen-pankkitunnukset"  # a supporter's own guide: its slug must not leave


def coordinator_guide(folder: Path) -> Path:
    guide = folder / PUBLISHED
    shutil.copytree(resource("guides", BUNDLED), guide)
    for file in guide.glob("*.toml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(f'slug = "{BUNDLED}"', f'slug = "{PUBLISHED}"'), "utf-8")
    return guide


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "key.txt"
    path.write_text("a long passphrase for the tests\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(path))
    return path


def test_a_month_sent_after_sync_carries_the_guides_given(
    key_file, clock, tmp_path, coordinator: RunningCoordinator
):
    publish(coordinator, coordinator_guide(tmp_path / "published"))
    folder = new_laptop(tmp_path / "laptop", clock, coordinator)
    code, _out, err = cli(folder, "sync")  # receives the coordinator's guide
    assert code == 0, err
    assert (folder / "coordinator-guides" / PUBLISHED).is_dir()

    laptop = Laptop(folder, clock)
    october = dt.date(2026, 10, 5)
    laptop.session(october, guides=(BUNDLED, PUBLISHED))
    laptop.session(october, guides=(BUNDLED, OWN, "own-copy-2"))
    laptop.session(october, guides=(OWN,))
    laptop.session(october)
    laptop.close()

    code, _out, err = cli(folder, "sync")
    assert code == 0, err
    sent = stored_payloads(coordinator)[("2026-10", 1)]
    assert len(sent) == 1
    report = json.loads(sent[0])
    assert report["sessions"]["guide"] == {BUNDLED: 2, PUBLISHED: 1, "own": 2}
    assert report["totals"]["guides_given"] == 6
    assert OWN.encode() not in sent[0] and b"own-copy-2" not in sent[0]


def test_months_frozen_before_the_first_policy_read_are_sent_as_1_1_revision_1(
    laptop: Laptop, coordinator: RunningCoordinator
):
    laptop.month(2026, 9, 3, guides=(BUNDLED,))
    laptop.month(2026, 10, 2, guides=(OWN,))
    laptop.enrol(coordinator)
    laptop.reports.queue_closed_months()  # frozen as 1.0: the policy is not read yet
    assert "guide" not in json.loads(laptop.entry("2026-09").payload)["sessions"]

    result = laptop.sync.run(now=True)

    assert result.corrections == ()
    held = stored_payloads(coordinator)
    assert sorted(held) == [("2026-09", 1), ("2026-10", 1)]
    assert json.loads(held[("2026-09", 1)][0])["sessions"]["guide"] == {BUNDLED: 3}
    assert json.loads(held[("2026-10", 1)][0])["sessions"]["guide"] == {"own": 2}
    assert laptop.entry("2026-09").acknowledged and laptop.entry("2026-09").revision == 1
