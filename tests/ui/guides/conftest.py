"""Fixtures for the guide screens: the real bundled guides with a user folder in a temporary
data dir, the real renderer, and the look (icons, theme) the app uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homesupport.domain.codes import CodeList
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import set_language
from homesupport.services.guide_choices import GuideChoices
from homesupport.services.guides import GuideLibrary
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.guides.page import GuidesPage

PROFILE = SupporterProfile(name="Aino Tukija", organisation="Digituki", contact="040 123 4567")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def library(data_dir: Path, codes: CodeList) -> GuideLibrary:
    return GuideLibrary.open(data_dir, codes)


@pytest.fixture
def desk(library, tasks) -> GuideDesk:
    clients = [("Aino", "Aino (75–84, Helsinki)"), ("Aili", "Aili")]
    return GuideDesk(
        lambda: library, tasks, lambda: PROFILE, lambda text: clients, lambda: GuideChoices(library)
    )


@pytest.fixture
def page(qtbot, desk, kit) -> GuidesPage:
    widget = GuidesPage(desk, kit, lambda: dt.date(2026, 11, 20))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget
