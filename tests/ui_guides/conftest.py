"""Fixtures for the guide screens: the real bundled guides with a user folder in a temporary
data dir, the real renderer, and the look (icons, theme) the app uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import set_language
from homesupport.resources import resource
from homesupport.services.guides import GuideLibrary
from homesupport.ui.guide_desk import GuideDesk
from homesupport.ui.guides_page import GuidesPage
from homesupport.ui.icons import Icons
from homesupport.ui.kit import Kit
from homesupport.ui.tasks import Tasks
from homesupport.ui.theme import make_theme

PROFILE = SupporterProfile(name="Aino Tukija", organisation="Digituki", contact="040 123 4567")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def codes() -> CodeList:
    return CodeList.from_csv(resource("data", "codes.csv"))


@pytest.fixture(scope="session")
def municipalities() -> Municipalities:
    return Municipalities.from_csv(resource("data", "municipalities_fi.csv"))


def make_kit(codes: CodeList, municipalities: Municipalities, language: str = "en") -> Kit:
    theme = make_theme(False, 1.0, 10.0)
    icons = Icons(resource("icons"), theme.text, theme.accent, theme.accent_text)
    return Kit(icons, theme, codes, municipalities, language)


@pytest.fixture
def kit(qapp, codes, municipalities) -> Kit:
    return make_kit(codes, municipalities)


@pytest.fixture
def tasks(qapp) -> Iterator[Tasks]:
    runner = Tasks()
    yield runner
    runner.wait()


@pytest.fixture
def library(data_dir: Path, codes: CodeList) -> GuideLibrary:
    return GuideLibrary.open(data_dir, codes)


@pytest.fixture
def desk(library, tasks) -> GuideDesk:
    return GuideDesk(library, tasks, lambda: PROFILE, lambda text: ["Aino", "Aili"])


@pytest.fixture
def page(qtbot, desk, kit) -> GuidesPage:
    widget = GuidesPage(desk, kit, lambda: dt.date(2026, 11, 20))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget
