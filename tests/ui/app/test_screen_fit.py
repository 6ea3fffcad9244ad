"""The window and every dialog fit a 1366×768 laptop with a taskbar (tests run on such a screen:
tests/laptop_screen.json), in Finnish, Swedish and English, at the normal and the large text
size. The dialogs are opened with the buttons people press."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget

from homesupport.domain.clients import Client
from homesupport.domain.formatting import short_month
from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import Session
from homesupport.i18n import set_language
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.connect_dialog import ConnectDialog
from homesupport.ui.common.fit import FilterCombo
from homesupport.ui.common.unlock_dialog import UnlockDialog
from homesupport.ui.settings.privacy_card import PrivacyCard
from homesupport.ui.statistics.charts import SLANT, ChartView
from tests.ui.answers import Answers

LAPTOP = QRect(0, 0, 1366, 728)
TEXT_SIZES = (1.0, 1.3)  # "Normal" and "Large" in Settings
LOADED = 30_000  # ms: a backup or an import on a busy test machine


@pytest.fixture
def gui(request, qtbot, qapp, data_dir, clock, memory_keyring, answers) -> Iterator[Gui]:
    language, scale = request.param
    font = QApplication.font()  # a Gui scales the font it finds: the next test starts afresh
    app = Gui(
        qapp,
        ServiceContext.load(Paths.resolve(data_dir), clock),
        language=language,
        dark=False,
        dialogs=answers,
    )
    app.set_text_scale(scale)
    assert app.unlock()
    store = app.store
    store.save_profile(SupporterProfile(name="Aino Tukija", municipality="091"))
    yield app
    app.close()
    QApplication.instance().setStyleSheet("")
    QApplication.setFont(font)
    set_language("en")


def fill(gui: Gui) -> None:
    """A register with two clients of the same nickname, sessions with topics, a follow-up."""
    window = gui.window
    clients = window.page("clients")._clients
    sessions = window.page("sessions")._service
    today = gui.today()
    for age, place in (("75_84", "091"), ("65_74", "297")):
        client = clients.save(
            Client(nickname="Aino", age_band=age, language="fi", municipality=place)
        )
    for days in range(0, 120, 3):
        sessions.save(
            Session(
                date=today - dt.timedelta(days=days),
                minutes=45,
                mode="home_visit",
                programme="home",
                topics=("omakanta", "kela", "bank_ids")[: 1 + days % 3],
                outcome="follow_up" if days == 30 else "solved",
                follow_up=today - dt.timedelta(days=10) if days == 30 else None,
                client_id=client.id,
                notes="Harjoiteltiin yhdessä.",
            )
        )


def assert_fits(widget: QWidget, what: str) -> None:
    area = widget.screen().availableGeometry()
    assert area == LAPTOP, "the tests' screen is the laptop's"
    frame = widget.frameGeometry()
    assert frame.width() <= area.width() and frame.height() <= area.height(), (what, frame)
    assert area.contains(frame), (what, frame)


def clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text, and filter drop-downs
    narrower than their "All …" entry."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QPushButton | QLabel) and widget.text():
            if isinstance(widget, QLabel) and widget.wordWrap():
                continue
            if widget.width() < widget.sizeHint().width():
                found.append(f"{widget.text()!r} {widget.width()} < {widget.sizeHint().width()}")
        elif isinstance(widget, FilterCombo) and widget.width() < widget.minimumSizeHint().width():
            found.append(f"{widget.itemText(0)!r} {widget.width()}")
    return found


def cut_sideways(root: QWidget) -> list[str]:
    """Scrolled content wider than its view where no sideways scroll bar can reach it."""
    return [
        area.accessibleName() or type(area.parentWidget()).__name__
        for area in root.findChildren(QScrollArea)
        if area.isVisible()
        and area.widget() is not None
        and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        and area.widget().width() > area.viewport().width()
    ]


def open_dialogs(qtbot, gui: Gui, folder: Path, answers: Answers) -> dict[str, QWidget]:
    """Every dialog of the window, opened as a person opens it; each is checked, then closed."""
    window = gui.window
    opened: dict[str, QWidget] = {}

    def keep(name: str, dialog: QWidget) -> None:
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert_fits(dialog, name)
        assert not clipped(dialog), (name, clipped(dialog))
        assert not cut_sideways(dialog), name
        opened[name] = dialog
        if hasattr(dialog, "discard"):
            dialog.discard()
        else:
            dialog.close()

    window.navigation.buttons["sessions"].click()
    sessions = window.page("sessions")
    sessions.new_button.click()
    keep("session form", sessions.form)
    sessions.table.selectRow(0)
    sessions.edit_button.click()
    keep("session form (edit)", sessions.form)
    sheet = folder / "visits.csv"  # chosen in the file dialog
    sheet.write_text("date,minutes,mode\nyesterday,lots,by bike\n", encoding="utf-8")
    answers.paths.append(sheet)
    sessions.import_button.click()  # lacking a programme column: the mapping dialog
    qtbot.waitUntil(lambda: getattr(sessions, "mapping_dialog", None) is not None, timeout=LOADED)
    keep("import mapping", sessions.mapping_dialog)

    window.navigation.buttons["clients"].click()
    clients = window.page("clients")
    clients.new_button.click()
    keep("new client", clients.dialog)
    clients.table.selectRow(0)
    clients.edit_button.click()
    keep("edit client", clients.dialog)

    window.navigation.buttons["follow_ups"].click()
    follow_ups = window.page("follow_ups")
    follow_ups.reschedule_button.click()
    keep("reschedule", follow_ups.reschedule_dialog)
    follow_ups.log_button.click()
    keep("follow-up session", follow_ups.form)

    window.navigation.buttons["guides"].click()
    guides = window.page("guides")
    guides.booklet_button.click()
    keep("booklet", guides.dialog)
    guides.new_button.click()
    keep("new guide", guides.dialog)
    guides.edit_button.click()
    keep("edit guide", guides.dialog)
    keep("guide problems", guides.show_library_problems())

    window.navigation.buttons["settings"].click()
    settings = window.page("settings")
    settings.about_button.click()
    keep("about", _last_dialog())
    privacy = settings.findChild(PrivacyCard)
    privacy.pin_button.click()
    keep("PIN", privacy.dialog)

    # Shown before the window exists, or by a button that waits for the dialog (exec).
    keep("connect", ConnectDialog(lambda *_a: None, lambda *_a: None, lambda *_a: None))
    keep("unlock", UnlockDialog(True, lambda secret: secret, QGuiApplication.windowIcon()))
    keep("setup", gui.setup_wizard())
    return opened


def _last_dialog() -> QWidget:
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isModal()]
    return shown[-1]


@pytest.mark.parametrize(
    "gui",
    [(language, scale) for language in ("fi", "sv", "en") for scale in TEXT_SIZES],
    indirect=True,
    ids=lambda param: f"{param[0]}-{param[1]}",
)
def test_the_window_and_every_dialog_fit_a_laptop_screen(qtbot, gui, tmp_path, answers):
    window = gui.open_window()
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    fill(gui)
    qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=LOADED)  # the start backup is done
    assert window.isMaximized()
    assert_fits(window, "window")

    for key in ("sessions", "clients", "follow_ups", "guides", "statistics", "settings"):
        window.navigation.buttons[key].click()
        page = window.page(key)
        if hasattr(page, "reload"):
            page.reload()
        qtbot.waitUntil(lambda: not gui.tasks.busy, timeout=LOADED)  # what the page started
        qtbot.wait(20)  # the layouts settle
        assert page.minimumSizeHint().width() <= page.width(), key
        assert not clipped(page), (key, clipped(page))
        assert not cut_sideways(page), key
        assert not clipped(window.navigation), key  # the page left it its room

    sessions = window.page("sessions")
    window.navigation.buttons["sessions"].click()
    QApplication.processEvents()
    assert sessions.table.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    head = sessions.table.horizontalHeader()
    assert head.length() <= sessions.table.viewport().width()

    statistics = window.page("statistics")
    window.navigation.buttons["statistics"].click()
    QApplication.processEvents()
    assert statistics.per_month.labels_fit()

    opened = open_dialogs(qtbot, gui, tmp_path, answers)
    assert len(opened) == 16


def test_month_names_slant_rather_than_overlap(qtbot, kit):
    chart = ChartView("Käynnit kuukausittain", kit.theme)
    qtbot.addWidget(chart)
    months = [short_month(f"2026-{month:02d}", "fi") for month in range(1, 13)]
    chart.show_bars(months, list(range(12)))
    chart.resize(1000, 300)
    chart.show()
    qtbot.waitExposed(chart)
    axis = next(a for a in chart.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert axis.labelsAngle() == 0 and chart.labels_fit()
    chart.resize(480, 300)  # a narrow window, or large text
    QApplication.processEvents()
    assert axis.labelsAngle() == SLANT and chart.labels_fit()
    chart.resize(1000, 300)
    QApplication.processEvents()
    assert axis.labelsAngle() == 0
