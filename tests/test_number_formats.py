"""Numbers as each language writes them."""

from __future__ import annotations

import pytest

from homesupport.domain.formatting import count_text
from homesupport.i18n import current_language, set_language


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


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_month_names_are_the_ones_qt_gives(lang):
    # The names moved out of the ui (no Qt there); they must read as QLocale wrote them.
    from PySide6.QtCore import QLocale

    from homesupport.domain.formatting import month_name, short_month

    locale, long, short = (
        QLocale(lang),
        QLocale.FormatType.LongFormat,
        QLocale.FormatType.ShortFormat,
    )
    for month in range(1, 13):
        period = f"2026-{month:02d}"
        assert month_name(period, lang) == f"{locale.standaloneMonthName(month, long)} 2026"
        assert (
            short_month(period, lang)
            == f"{locale.standaloneMonthName(month, short).rstrip('.')} 26"
        )


def test_counts_are_grouped_as_qt_groups_them(language):
    from PySide6.QtCore import QLocale

    for lang in ("fi", "sv", "en"):
        assert count_text(1_234_567, lang) == QLocale(lang).toString(1_234_567)
