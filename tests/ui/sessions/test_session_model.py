from PySide6.QtCore import QModelIndex, Qt

from homesupport.domain.importing import ImportProblem
from homesupport.domain.sessions import SessionFilter
from homesupport.ui.sessions.import_export import ProblemColumn, ProblemModel
from homesupport.ui.sessions.model import COLUMNS, SESSION_ROLE, SessionColumn, SessionTableModel
from tests.ui.conftest import add_sessions


def test_the_model_passes_qtmodeltester_while_it_fetches_lazily(qtmodeltester, service, kit, clock):
    add_sessions(service, clock().date(), 130)
    model = SessionTableModel(service, kit, lambda: clock().date(), page_size=50)
    model.reload()
    assert model.rowCount() == 50 and model.total == 130
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # the tester itself fetches more rows
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 130
    assert not model.canFetchMore(QModelIndex())


def test_newest_first_with_today_named_and_labels_not_codes(service, kit, clock):
    add_sessions(service, clock().date(), 5)
    model = SessionTableModel(service, kit, lambda: clock().date())
    model.reload()
    assert model.data(model.index(0, SessionColumn.DATE)) == "Today"
    assert model.data(model.index(1, SessionColumn.DATE)) == "Yesterday"
    assert model.data(model.index(0, SessionColumn.MODE)) == "Home visit"
    assert model.data(model.index(0, SessionColumn.TOPICS)) == "Bank IDs and online banking"
    assert (
        model.data(model.index(0, SessionColumn.DATE), Qt.ItemDataRole.BackgroundRole) is not None
    )
    assert model.data(model.index(1, SessionColumn.DATE), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(0, SessionColumn.DATE), SESSION_ROLE).date == clock().date()


def test_sorting_happens_in_the_database(service, kit, clock):
    add_sessions(service, clock().date(), 300)
    model = SessionTableModel(service, kit, lambda: clock().date(), page_size=20)
    model.reload()
    model.sort(2, Qt.SortOrder.AscendingOrder)  # duration
    assert model.session_at(0).minutes == 1
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.session_at(0).minutes == 300  # the longest of all, though only 20 are loaded
    model.sort(4, Qt.SortOrder.AscendingOrder)  # topics: not sortable, nothing changes
    assert model.sort_order == ("minutes", True)


def test_filters_reach_the_database(service, kit, clock):
    add_sessions(service, clock().date(), 60)
    model = SessionTableModel(service, kit, lambda: clock().date())
    model.set_filter(SessionFilter(mode="phone"))
    assert model.total == 20
    assert {model.session_at(r).mode for r in range(model.rowCount())} == {"phone"}
    model.set_filter(SessionFilter(text="kalastelu"))
    assert model.total == 6
    model.set_filter(SessionFilter(topic="bank_ids", programme="home"))
    assert model.total == 15


def test_problem_model_passes_qtmodeltester(qtmodeltester):
    problems = [
        ImportProblem(2, "date", "Not a date: {value}", {"value": "31.2.2026"}),
        ImportProblem(None, None, "The file is empty."),
    ]
    model = ProblemModel(problems)
    qtmodeltester.check(model)
    assert model.data(model.index(0, ProblemColumn.WHAT)) == "Not a date: 31.2.2026"
    assert model.data(model.index(1, ProblemColumn.ROW)) == ""


def test_every_column_has_its_name():
    assert len(SessionColumn) == len(COLUMNS)
    assert COLUMNS[SessionColumn.TOPICS].title == "Topics"
    assert COLUMNS[SessionColumn.NOTES].title == "Notes"
