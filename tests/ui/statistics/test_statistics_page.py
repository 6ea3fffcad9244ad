"""The Statistics page: the month's figures and charts, what will be sent, connecting through
the dialog to the real coordinator, and sending in the background."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from homesupport.i18n import set_language
from homesupport.ui.app.status import StatusBar
from homesupport.ui.common.connect_dialog import ConnectDialog
from homesupport.ui.common.sync_runner import SyncRunner
from homesupport.ui.statistics.page import StatisticsPage
from homesupport.ui.statistics.report_view import ReportColumn
from tests.conftest import FixedClock
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import CODES, MUNICIPALITIES, Laptop
from tests.ui.answers import WhenModal
from tests.ui.fixtures import make_kit


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def laptop(data_dir: Path, memory_keyring: object) -> Iterator[Laptop]:
    clock = FixedClock(dt.datetime(2026, 11, 20, 14, 30))  # October is last month
    opened = Laptop(data_dir, clock)
    opened.month(2026, 9, 20, topics=("kela", "omakanta"))
    opened.month(2026, 10, 12, mode="phone", topics=("bank_ids",))
    opened.month(2026, 10, 2, age_band="u18", topics=("wilma",))
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot, laptop: Laptop) -> Iterator[StatisticsPage]:
    runner = SyncRunner(laptop.sync, "en")
    shown = StatisticsPage(laptop.reports, runner, make_kit(CODES, MUNICIPALITIES))
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    shown.show()
    shown.refresh()
    yield shown
    runner.stop()


def test_the_month_figures_and_charts(page: StatisticsPage, qtmodeltester) -> None:
    assert page.month.currentData() == "2026-10"  # last month first
    assert page.tiles["sessions"][0].text() == "14"
    assert len(page.per_month.categories()) == 12
    assert page.per_month.categories()[-1].endswith("26")
    assert page.topics_chart.categories() == [
        CODES.label("topic", "bank_ids", "en"),
        CODES.label("topic", "wilma", "en"),
    ]
    assert page.modes_chart.categories() == [
        CODES.label("mode", "phone", "en"),
        CODES.label("mode", "home_visit", "en"),
    ]
    page.month.setCurrentIndex(page.month.findData("2026-09"))
    assert page.tiles["sessions"][0].text() == "20"
    qtmodeltester.check(page.report_view.model)
    qtmodeltester.check(page.months_model)
    qtmodeltester.check(page.receipts_model)


def test_what_will_be_sent_marks_suppressed_cells(page: StatisticsPage, laptop: Laptop) -> None:
    view = page.report_view
    preview = laptop.reports.preview("2026-10")
    values = [view.model.index(r, ReportColumn.VALUE).data() for r in range(view.model.rowCount())]
    assert "<5" in values  # the two young clients
    assert "stands for 1 to 4 clients" in view.explanation.text()
    assert view.raw.toPlainText().encode() == preview.payload
    view.raw_button.click()
    assert view.stack.currentWidget() is view.raw
    assert json.loads(view.raw.toPlainText())["period"] == "2026-10"


def test_connect_with_the_button_and_send_in_the_background(
    qtbot, page: StatisticsPage, laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    runner = page._runner
    status = StatusBar(lambda: laptop.clock().date())
    qtbot.addWidget(status)
    runner.status_changed.connect(status.set_sync_state)
    code = coordinator.new_code()

    def type_code(dialog: ConnectDialog) -> None:
        QTest.keyClicks(dialog.server, coordinator.url)
        QTest.keyClicks(dialog.code, code)
        assert dialog.server.isEnabled()
        dialog.connect_button.click()

    modal = WhenModal(ConnectDialog, type_code)
    assert page.connect_button.text() == "Connect to a coordinator…"
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        page.connect_button.click()  # returns once the dialog has connected
    assert len(modal.seen) == 1 and laptop.sync.connection().server == coordinator.url
    assert page.notice.text.text() == "Connected. Closed months are sent in the background."
    assert laptop.entry("2026-10").acknowledged
    assert "sent, coordinator confirmed 14 sessions" in status.sync.text()
    assert status.sync.text().startswith("October 2026")
    page.refresh()
    lines = [page.receipts_model.index(r).data() for r in range(page.receipts_model.rowCount())]
    assert any(
        line.startswith("October 2026 (revision 1): the coordinator received 14 sessions on")
        for line in lines
    )


def test_a_wrong_code_is_explained_in_the_dialog(
    qtbot, page: StatisticsPage, laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    dialog = ConnectDialog(
        laptop.sync.enrol, laptop.sync.enrol_link, page._runner.call, coordinator.url
    )
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.code, "WRONG-CODE")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "not accepted" in dialog.error.text()
    assert laptop.sync.connection() is None


def test_save_as_file_for_an_offline_handover(
    page: StatisticsPage, laptop: Laptop, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    page._kit.dialogs.paths.append(folder)
    page.tabs.setCurrentIndex(1)
    page.report_view.save_button.click()
    path = folder / "homesupport-report-2026-10-r1.json"
    assert [p.name for p in folder.iterdir()] == [path.name]
    assert path.read_bytes() == laptop.entry("2026-10").payload


def test_an_enrolment_link_the_app_was_opened_with_fills_the_dialog(
    qtbot, page: StatisticsPage, laptop: Laptop, coordinator: RunningCoordinator
) -> None:
    from homesupport.cli.main import run

    link = f"homesupport://enrol?server={coordinator.url}&code={coordinator.new_code()}"
    opened: list[object] = []
    assert run([link], open_app=lambda args: opened.append(args) or 0) == 0
    handed = getattr(opened[0], "enrol_link", None)
    assert handed == link

    def confirm(dialog: ConnectDialog) -> None:
        assert dialog.code.text() == link and not dialog.server.isEnabled()
        dialog.connect_button.click()

    modal = WhenModal(ConnectDialog, confirm)
    page.connect_with_link(handed)  # what the app does when opened by the link
    assert len(modal.seen) == 1
    assert laptop.sync.connection() is not None


@pytest.mark.parametrize(
    ("language", "item", "heading"),
    [
        ("fi", "Lokakuu 2026", "Mitä lokakuulta 2026 lähetetään (versio 1)"),
        ("sv", "Oktober 2026", "Det här skickas för oktober 2026 (revision 1)"),
        ("en", "October 2026", "What will be sent for October 2026 (revision 1)"),
    ],
)
def test_month_names_are_lower_case_in_running_text(qtbot, laptop, language, item, heading):
    set_language(language)
    runner = SyncRunner(laptop.sync, language)
    page = StatisticsPage(laptop.reports, runner, make_kit(CODES, MUNICIPALITIES, language))
    qtbot.addWidget(page)
    page.refresh()
    try:
        assert page.month.currentText() == item  # a list item starts with a capital
        assert page.report_view.heading.text() == heading
    finally:
        runner.stop()
