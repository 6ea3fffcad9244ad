"""Numbers as each language writes them."""

from __future__ import annotations

import pytest

from homesupport.i18n import current_language, set_language
from homesupport.ui.formats import count_text


@pytest.fixture
def language():
    before = current_language()
    yield set_language
    set_language(before)


@pytest.mark.parametrize(
    ("lang", "big", "bigger"),
    [
        ("fi", "100\u00a0150", "1\u00a0234\u00a0567"),
        ("sv", "100\u00a0150", "1\u00a0234\u00a0567"),
        ("en", "100,150", "1,234,567"),
    ],
)
def test_thousands_are_grouped_as_the_language_writes_them(language, lang, big, bigger):
    language(lang)
    assert count_text(999) == "999"
    assert count_text(100_150) == big
    assert count_text(1_234_567) == bigger
