"""The fixtures every GUI test under tests/ui/ has (tests/ui/conftest.py takes them in):
``kit`` (icons, theme, codes, dialogs that answer as a test prepares), ``answers`` (those
dialogs, tests/ui/answers.py) and ``tasks`` (the background runner, waited for at the end).
A test module that builds its own kit or answers overrides the name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.resources import resource
from homesupport.ui.common.icons import Icons
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.common.theme import make_theme
from tests.ui.answers import Answers


def make_kit(
    codes: CodeList, municipalities: Municipalities, language: str = "en", dark: bool = False
) -> Kit:
    """The kit with :class:`Answers` for its dialogs: they cancel unless a test prepares one."""
    theme = make_theme(dark, 1.0, 10.0)
    icons = Icons(resource("icons"), theme.text, theme.accent, theme.accent_text)
    return Kit(icons, theme, codes, municipalities, language, Answers())


@pytest.fixture
def kit(qapp: object, codes: CodeList, municipalities: Municipalities) -> Kit:
    return make_kit(codes, municipalities)


@pytest.fixture
def answers(kit: Kit) -> Answers:
    """How the kit's file choosers and questions answer (tests/ui/answers.py)."""
    assert isinstance(kit.dialogs, Answers)
    return kit.dialogs


@pytest.fixture
def tasks(qapp: object) -> Iterator[Tasks]:
    runner = Tasks()
    yield runner
    runner.wait()
