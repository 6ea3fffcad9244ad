"""The mapping dialog, driven through the Sessions page's real Import button: a team's own
sheet is matched, counted live, imported all rows or none, remembered for next month, saved
and loaded as a mapping file; a 10,000-row sheet imports without freezing the window."""

import datetime as dt
import itertools
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid

from homesupport.domain.import_mapping import load_mapping
from homesupport.domain.sessions import SessionFilter
from homesupport.ui.sessions.import_mapping_tables import (
    ChoiceColumn,
    ChoiceModel,
    ChoiceRow,
    PreviewModel,
)
from homesupport.ui.sessions.page import SessionsPage
from tests.importing.team_sheets import VISITS, team_csv, team_workbook, visit_rows


@pytest.fixture
def page(qtbot, service, transfer, tasks, kit, clock):
    widget = SessionsPage(service, lambda: transfer, tasks, kit, lambda: clock().date())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    # a dialog is a window of its own: closing the page leaves it open, its next live
    # check due after this test's background helper is gone
    dialog = getattr(widget, "mapping_dialog", None)
    if dialog is not None and isValid(dialog):
        dialog.done(0)
    tasks.wait()


@pytest.fixture
def answer_open(answers):
    """The files the person picks in the next file dialogs, in order (tests/ui/answers.py)."""
    return answers.paths


def open_dialog(qtbot, page, answer_open, path):
    answer_open.append(path)
    page.import_button.click()
    qtbot.waitUntil(lambda: getattr(page, "mapping_dialog", None) is not None, timeout=10000)
    dialog = page.mapping_dialog
    qtbot.waitUntil(lambda: dialog.check is not None and not dialog.progress.isVisible())
    return dialog


def choose(view, row, value):
    """Picks ``value`` in the combo box of a chooser table's row, as a person does."""
    combo = view.indexWidget(view.model().index(row, ChoiceColumn.CHOICE))
    found = combo.findData(value)
    assert found >= 0, value
    combo.setCurrentIndex(found)


def row_of(model, text):
    return next(i for i, row in enumerate(model.rows) if row.text == text)


def shown(problems_dialog):
    """The rows of a problems dialog's table: row, heading, what is wrong."""
    model = problems_dialog.model
    return [
        tuple(model.data(model.index(row, column)) for column in range(3))
        for row in range(model.rowCount())
    ]


def wait_count(qtbot, dialog, text):
    qtbot.waitUntil(lambda: dialog.count.text() == text, timeout=10000)


def test_a_team_sheet_is_matched_and_imported_through_the_import_button(
    qtbot, page, service, answer_open, tmp_path
):
    rows = [
        *VISITS,
        (
            dt.datetime(2026, 10, 21),
            60,
            "jalkautuva",
            "75-84 v",
            "Jämsä",
            None,
            "ratkesi",
            None,
            None,
            None,
            1,
        ),
    ]
    dialog = open_dialog(qtbot, page, answer_open, team_workbook(tmp_path / "lokakuu.xlsx", rows))
    assert dialog.isVisible()
    # the sheet's first rows, below its title row
    assert dialog.preview_model.headerData(0, Qt.Orientation.Horizontal) == "Päiväys"
    assert dialog.preview_model.data(dialog.preview_model.index(0, 2)) == "kotikäynti"
    assert "row 3" in dialog.subtitle.text()
    # suggestions filled in; the unknown word highlighted; no programme yet
    columns = dialog.columns_model
    assert columns.choice_of("Asiointitapa") == "mode"
    assert columns.choice_of("OmaKanta") == "flag:topics:omakanta"
    modes = dialog.word_models["mode"]
    assert modes.choice_of("etätuki (video)") == "video"
    assert modes.open_rows() == ["jalkautuva"]
    unknown = modes.index(row_of(modes, "jalkautuva"), ChoiceColumn.TEXT)
    assert modes.data(unknown, Qt.ItemDataRole.BackgroundRole) is not None  # highlighted
    assert dialog.count.text() == "0 rows ready, 1 problem"
    assert not dialog.import_button.isEnabled()

    dialog.default_choices["programme"].setCurrentIndex(
        dialog.default_choices["programme"].findData("home")
    )
    wait_count(qtbot, dialog, "4 rows ready, 1 problem")
    dialog.problems_button.click()
    assert shown(dialog.problems_dialog) == [
        ("8", "Asiointitapa", "“jalkautuva” is not in the mapping: choose its code, or ignore it.")
    ]
    dialog.problems_dialog.accept()
    view = dialog.words.widget(dialog.words.indexOf(dialog.words.currentWidget()))
    choose(view, row_of(modes, "jalkautuva"), "home_visit")
    wait_count(qtbot, dialog, "5 rows ready, 0 problems")
    assert service.count(SessionFilter()) == 0  # nothing stored before Import

    dialog.import_button.click()
    qtbot.waitUntil(lambda: service.count(SessionFilter()) == 5, timeout=10000)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    sessions = sorted(service.all(), key=lambda s: s.date)
    assert [s.mode for s in sessions][-1] == "home_visit"
    first = next(s for s in sessions if s.date == dt.date(2026, 10, 12))
    assert (first.start, first.minutes, first.programme) == (dt.time(14, 3), 45, "home")
    assert set(first.topics) == {"omakanta", "bank_ids"}
    assert "5 sessions imported from lokakuu.xlsx" in page.notice.text.text()


def test_next_months_sheet_imports_in_one_click(qtbot, page, service, answer_open, tmp_path):
    dialog = open_dialog(qtbot, page, answer_open, team_workbook(tmp_path / "lokakuu.xlsx"))
    dialog.default_choices["programme"].setCurrentIndex(
        dialog.default_choices["programme"].findData("general")
    )
    wait_count(qtbot, dialog, "4 rows ready, 0 problems")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: service.count(SessionFilter()) == 4, timeout=10000)
    page.mapping_dialog = None

    november = [
        (
            dt.datetime(2026, 11, 2),
            30,
            "puhelinneuvonta",
            "yli 85",
            "Jämsä",
            "Kela",
            "ratkesi",
            None,
            None,
            None,
            None,
        )
    ]
    dialog = open_dialog(
        qtbot, page, answer_open, team_workbook(tmp_path / "marras.xlsx", november)
    )
    assert "last time" in dialog.subtitle.text()
    wait_count(qtbot, dialog, "1 row ready, 0 problems")
    dialog.import_button.click()  # the one click
    qtbot.waitUntil(lambda: service.count(SessionFilter()) == 5, timeout=10000)
    newest = max(service.all(), key=lambda s: s.date)
    assert (newest.mode, newest.programme, newest.topics) == ("phone", "general", ("kela",))


def test_a_column_chosen_by_hand_brings_its_words_and_cancel_stores_nothing(
    qtbot, page, service, answer_open, tmp_path
):
    path = tmp_path / "oma.csv"
    path.write_text(
        "Milloin;Kauanko;Miten;Palvelu\n"
        "1.10.2026;45;koti;yleinen\n"
        "2.10.2026;1 h;jalkautuva;nuoret\n",
        encoding="cp1252",
    )
    dialog = open_dialog(qtbot, page, answer_open, path)
    columns = dialog.columns_model
    assert columns.choice_of("Milloin") == "date"  # its cells are dates
    assert columns.open_rows() == ["Kauanko", "Miten", "Palvelu"]
    choose(dialog.columns, row_of(columns, "Kauanko"), "minutes")
    choose(dialog.columns, row_of(columns, "Miten"), "mode")
    choose(dialog.columns, row_of(columns, "Palvelu"), "programme")
    assert set(dialog.word_models) == {"mode", "programme"}
    assert dialog.word_models["programme"].choice_of("nuoret") == "youth"
    assert dialog.word_models["mode"].open_rows() == ["jalkautuva"]  # "koti" is suggested
    wait_count(qtbot, dialog, "1 row ready, 1 problem")
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    assert service.count(SessionFilter()) == 0


def test_a_mapping_is_saved_and_loaded_as_the_toml_file(
    qtbot, page, answer_open, monkeypatch, tmp_path, codes, municipalities
):
    dialog = open_dialog(qtbot, page, answer_open, team_workbook(tmp_path / "lokakuu.xlsx"))
    target = tmp_path / "tiimin-kartta"
    answer_open.append(target)
    dialog.save_button.click()
    saved = (tmp_path / "tiimin-kartta.toml").read_text(encoding="utf-8")
    assert dialog.note.text() == "Mapping saved to tiimin-kartta.toml."
    assert '# programme = ""' in saved  # still open: left for a person to complete
    mapping, problems = load_mapping(saved, codes, municipalities)
    assert problems == [] and mapping.columns["Asiointitapa"] == "mode"

    coordinator = tmp_path / "koordinaattori.toml"
    coordinator.write_text(
        saved.replace('# programme = ""', 'programme = "youth"').replace(
            '"puhelinneuvonta" = "phone"', '"puhelinneuvonta" = "video"'
        ),
        encoding="utf-8",
    )
    answer_open.append(coordinator)
    dialog.load_button.click()
    assert dialog.word_models["mode"].choice_of("puhelinneuvonta") == "video"
    assert "programme" not in dialog.default_choices or (
        dialog.default_choices["programme"].currentData() == "youth"
    )
    wait_count(qtbot, dialog, "4 rows ready, 0 problems")

    broken = tmp_path / "rikki.toml"
    broken.write_text('[columns]\n"Päiväys" = "datum"\n', encoding="utf-8")
    answer_open.append(broken)
    dialog.load_button.click()
    assert "“datum” is not a field" in shown(dialog.problems_dialog)[0][2]
    assert "rikki.toml cannot be used" in dialog.problems_dialog.findChildren(QLabel)[1].text()
    dialog.problems_dialog.accept()


def test_a_workbooks_sheet_is_chosen_in_the_dialog(qtbot, page, service, answer_open, tmp_path):
    import openpyxl

    path = team_workbook(tmp_path / "vuosi.xlsx")
    book = openpyxl.load_workbook(path)
    book.move_sheet("Lokakuu", offset=1)  # the totals come first
    book.save(path)
    dialog = open_dialog(qtbot, page, answer_open, path)
    assert dialog.sheet_choice.isVisible()
    assert dialog.sheet_choice.currentText() == "Yhteenveto"
    dialog.sheet_choice.setCurrentIndex(dialog.sheet_choice.findText("Lokakuu"))
    dialog.sheet_choice.activated.emit(dialog.sheet_choice.currentIndex())
    qtbot.waitUntil(
        lambda: dialog.preview_model.headerData(0, Qt.Orientation.Horizontal) == "Päiväys",
        timeout=10000,
    )
    assert dialog.columns_model.choice_of("Päiväys") == "date"


def test_ten_thousand_rows_import_with_progress_and_the_window_keeps_answering(
    qtbot, page, service, answer_open, tmp_path
):
    path = team_csv(tmp_path / "vuosi.csv", visit_rows(10_000))
    ticks: list[float] = []  # the event loop's heartbeat while the rows are stored
    timer = QTimer()
    dialog = None

    def beat():
        if dialog is None or dialog.outcome is None:
            ticks.append(time.perf_counter())

    timer.timeout.connect(beat)
    timer.start(20)
    answer_open.append(path)
    page.import_button.click()
    qtbot.waitUntil(lambda: getattr(page, "mapping_dialog", None) is not None, timeout=60000)
    dialog = page.mapping_dialog
    dialog.default_choices["programme"].setCurrentIndex(
        dialog.default_choices["programme"].findData("home")
    )
    wait_for = "10000 rows ready, 0 problems"
    qtbot.waitUntil(lambda: dialog.count.text() == wait_for, timeout=60000)
    ticks.clear()
    started = time.perf_counter()
    dialog.import_button.click()
    assert dialog.progress.isVisible()  # busy while it stores
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120000)
    took = time.perf_counter() - started
    timer.stop()
    assert service.count(SessionFilter()) == 10_000
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    # the window kept answering all through the import: at least five beats a second, and no
    # pause of half the import (on a shared, busy machine a beat may come late, but a window
    # blocked by the import would miss them all)
    assert len(ticks) >= took * 5 and max(gaps) < took / 2, (len(ticks), max(gaps), took)


def test_the_new_models_pass_qtmodeltester(qtmodeltester, kit):
    preview = PreviewModel()
    preview.set_sheet(["A", "B"], [["1", dt.date(2026, 1, 2)], [None]])
    qtmodeltester.check(preview)
    choices = ChoiceModel(("x", "y", "z"), QColor("#fff4d6"), kit.icons.get("warning"))
    choices.set_choices(
        [ChoiceRow("koti", "2 rows", "home_visit"), ChoiceRow("puh", "1 row", "")],
        [("home_visit", "Home visit")],
    )
    qtmodeltester.check(choices)
    assert choices.setData(choices.index(1, ChoiceColumn.CHOICE), "home_visit")
    assert choices.open_rows() == []
