import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit

from homesupport.domain.sessions import SessionFilter
from homesupport.ui.sessions.import_export import ProblemColumn
from homesupport.ui.sessions.model import SessionColumn
from homesupport.ui.sessions.page import SessionsPage
from tests.ui.conftest import add_sessions


@pytest.fixture
def page(qtbot, service, transfer, tasks, kit, clock):
    widget = SessionsPage(service, lambda: transfer, tasks, kit, lambda: clock().date())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_empty_page_invites_the_first_session(page):
    assert page.stack.currentWidget() is page.empty
    assert "New session" in page.empty.text()
    assert page.count_label.text() == "0 sessions logged"


def test_delete_key_deletes_and_undo_brings_it_back(qtbot, page, service, clock):
    add_sessions(service, clock().date(), 3)
    page.reload()
    page.table.setFocus()
    page.table.selectRow(0)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert service.count(SessionFilter()) == 2 and page.model.total == 2
    assert page.notice.isVisible() and page.notice.action.text() == "Undo"
    qtbot.mouseClick(page.notice.action, Qt.MouseButton.LeftButton)
    assert service.count(SessionFilter()) == 3 and page.model.total == 3

    page.table.selectRow(1)
    page.delete_button.click()
    assert page.model.total == 2
    QTest.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert page.model.total == 3


def test_duplicate_opens_a_new_session_for_today(qtbot, page, service, clock):
    original = add_sessions(service, clock().date() - dt.timedelta(days=10), 1)[0]
    page.reload()
    page.table.selectRow(0)
    page.duplicate_button.click()
    form = page.form
    assert form.windowTitle() == "New session"
    assert form.date.date().toPython() == clock().date()
    assert form.notes.toPlainText() == ""
    form.save()
    stored = service.all()
    assert len(stored) == 2
    assert stored[-1].topics == original.topics and stored[-1].date == clock().date()
    assert page.model.session_at(0).id == stored[-1].id  # the new one is selected on top
    assert page.table.selectionModel().isRowSelected(0)


def test_enter_opens_the_session_for_editing(qtbot, page, service, clock):
    add_sessions(service, clock().date(), 2)
    page.reload()
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(1, SessionColumn.DATE))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    form = page.form
    assert form is not None and form.windowTitle().startswith("Edit session of")
    edited_id = page.model.session_at(1).id
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    form.minutes.setValue(77)
    QTest.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert service.get(edited_id).minutes == 77
    assert (
        page.model.data(page.model.index(page.model.row_of(edited_id), SessionColumn.DURATION))
        == "77 min"
    )


def test_filters_and_debounced_search(qtbot, page, service, clock):
    add_sessions(service, clock().date(), 40)
    page.reload()
    page.filters.mode.setCurrentIndex(page.filters.mode.findData("group"))
    assert page.model.total == 13
    assert page.count_label.text() == "13 sessions shown"
    page.filters.reset()
    assert page.model.total == 40
    QTest.keyClicks(page.filters.search, "kalastelu")
    assert page.model.total == 40  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.total == 4, timeout=2000)
    page.filters.search.clear()
    page.filters.period.setCurrentIndex(page.filters.period.findData("week"))
    qtbot.waitUntil(lambda: page.model.total == 5)  # Friday 20.11.2026: Mon…Fri
    assert page.filters.clear.isVisible()


def _next_with_tab(widget):
    """The control after ``widget`` in the Tab order (not one of its own parts)."""
    following = widget.nextInFocusChain()
    while widget.isAncestorOf(following):
        following = following.nextInFocusChain()
    return following


def test_chosen_dates_come_after_the_period_and_filter_by_their_range(qtbot, page, service, clock):
    add_sessions(service, clock().date(), 40)
    page.reload()
    filters = page.filters
    page.show()
    qtbot.waitExposed(page)
    assert filters.findChildren(QDateEdit) == []  # made when first chosen
    filters.period.setCurrentIndex(filters.period.findData("custom"))
    date_from, date_to = filters.dates()
    assert date_from.isVisible() and date_to.isVisible()
    assert date_from.date().toPython() == clock().date().replace(day=1)
    assert date_to.date().toPython() == clock().date()
    assert _next_with_tab(filters.period) is date_from
    assert _next_with_tab(date_from) is date_to
    assert filters.date_row.isVisible() and filters.date_row.isAncestorOf(date_to)
    assert filters.date_row.y() > filters.period.y()  # a row of its own, below

    date_from.setDate(QDate(2026, 11, 19))
    date_to.setDate(QDate(2026, 11, 20))
    days = {page.model.session_at(i).date for i in range(page.model.rowCount())}
    assert days == {dt.date(2026, 11, 19), dt.date(2026, 11, 20)}
    filters.period.setCurrentIndex(filters.period.findData("all"))
    assert not filters.date_row.isVisible() and page.model.total == 40


def test_import_with_problems_stores_nothing_and_lists_every_problem(
    qtbot, page, answers, service, tmp_path
):
    bad = tmp_path / "old-log.csv"
    bad.write_text(
        "date,minutes,mode,programme\n"
        "1.11.2026,45,home_visit,home\n"
        "31.2.2026,45,home_visit,home\n"
        "2.11.2026,9999,kotikäynti,home\n",
        encoding="utf-8",
    )
    answers.paths.append(bad)
    page.import_button.click()
    qtbot.waitUntil(lambda: getattr(page, "problems_dialog", None) is not None)
    dialog = page.problems_dialog
    rows = [
        dialog.model.data(dialog.model.index(r, ProblemColumn.ROW))
        for r in range(dialog.model.rowCount())
    ]
    assert "3" in rows and "4" in rows
    assert service.count(SessionFilter()) == 0
    dialog.accept()

    good = tmp_path / "good.csv"
    good.write_text(
        "päivämäärä;minuutit;tapa;ohjelma\n1.11.2026;45;Kotikäynti;home\n",
        encoding="utf-8",
    )
    answers.paths.append(good)
    page.import_button.click()
    qtbot.waitUntil(lambda: page.model.total == 1)
    assert "1 session imported" in page.notice.text.text()


def test_export_writes_the_file_off_the_gui_thread(qtbot, page, answers, service, clock, tmp_path):
    add_sessions(service, clock().date(), 5)
    target = tmp_path / "all.xlsx"
    answers.paths.append(target)
    page.export_button.click()
    assert not page.export_button.isEnabled()  # busy while it runs
    qtbot.waitUntil(lambda: page.export_button.isEnabled())
    assert target.stat().st_size > 0
    assert "5 sessions saved" in page.notice.text.text()
