"""What will be sent, format 1.1: after connecting to a coordinator that takes the guide
table, the month's readable report lists the guides given, the supporter's own as one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from homesupport.i18n import set_language
from homesupport.ui.common.connect_dialog import ConnectDialog
from homesupport.ui.common.sync_runner import SyncRunner
from homesupport.ui.statistics.page import StatisticsPage
from tests.conftest import FixedClock
from tests.sync_integration.laptop import CODES, MUNICIPALITIES, Laptop
from tests.ui.answers import WhenModal
from tests.ui.fixtures import make_kit

BUNDLED = "omakanta-renew-prescription"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def laptop(data_dir: Path, memory_keyring: object) -> Iterator[Laptop]:
    opened = Laptop(data_dir, FixedClock(dt.datetime(2026, 11, 20, 14, 30)))
    opened.month(2026, 10, 3, guides=(BUNDLED,))
    opened.month(2026, 10, 2, guides=("aino-oma-ohje",))
    yield opened
    opened.close()


def test_the_sent_month_lists_the_guides_given(qtbot, laptop, coordinator) -> None:
    runner = SyncRunner(laptop.sync, "en")
    page = StatisticsPage(laptop.reports, runner, make_kit(CODES, MUNICIPALITIES))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    code = coordinator.new_code()

    def type_code(dialog: ConnectDialog) -> None:
        QTest.keyClicks(dialog.server, coordinator.url)
        QTest.keyClicks(dialog.code, code)
        dialog.connect_button.click()

    modal = WhenModal(ConnectDialog, type_code)  # kept: it answers the dialog while alive
    try:
        with qtbot.waitSignal(runner.finished, timeout=20_000):
            page.connect_button.click()
        assert len(modal.seen) == 1 and laptop.entry("2026-10").acknowledged
        page.refresh()
        model = page.report_view.model
        lines = [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]
        start = next(i for i, line in enumerate(lines) if line[0] == "Sessions by guide given")
        assert lines[start][1:] == (BUNDLED, "3")
        assert lines[start + 1] == ("", "Your own guides", "2")
        assert not any("aino" in str(cell) for line in lines for cell in line)
    finally:
        runner.stop()
