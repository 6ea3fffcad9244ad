import datetime as dt

from homesupport.domain.follow_ups import Bucket
from homesupport.domain.sessions import SessionFilter
from tests.ui.clients.pages import follow_ups_page

TODAY = dt.date(2026, 11, 20)  # a Friday


def fill(services):
    aino = services.client("Aino")
    twin = services.client("Aino", age_band="85plus", municipality="049")
    services.session(
        TODAY - dt.timedelta(days=10), client_id=aino.id, follow_up=dt.date(2026, 11, 18)
    )
    services.session(
        TODAY - dt.timedelta(days=4), client_id=twin.id, follow_up=dt.date(2026, 11, 22)
    )
    services.session(
        TODAY - dt.timedelta(days=2), age_band="65_74", follow_up=dt.date(2026, 11, 20)
    )
    later = services.session(TODAY, client_id=aino.id, follow_up=dt.date(2026, 12, 3))
    services.session(TODAY, notes="no follow-up")
    return aino, twin, later


def bucket_rows(page) -> dict[str, list[str]]:
    rows = {}
    for b in range(page.model.rowCount()):
        head = page.model.item(b)
        rows[head.text()] = [
            f"{head.child(r, 0).text()} | {head.child(r, 1).text()}" for r in range(head.rowCount())
        ]
    return rows


def test_buckets_counts_and_badge(qtbot, services, kit):
    fill(services)
    page = follow_ups_page(qtbot, services, kit)
    badges = []
    page.count_changed.connect(badges.append)
    page.reload()
    assert bucket_rows(page) == {
        "Overdue (1)": ["Wed 18.11. | Aino (75–84, Helsinki)"],
        "This week (2)": ["Today | No client linked", "22.11.2026 | Aino (85 or over, Espoo)"],
        "Later (1)": ["3.12.2026 | Aino (75–84, Helsinki)"],
    }
    assert badges == [3]  # overdue and this week
    assert page.summary.text() == "Overdue: 1 · This week: 2 · Later: 1"
    assert page.selected() is not None  # the first one, ready for Enter


def test_mark_done_clears_the_date_and_the_badge_drops(qtbot, services, kit):
    fill(services)
    page = follow_ups_page(qtbot, services, kit)
    badges = []
    page.count_changed.connect(badges.append)
    first = page.selected()
    assert page.view.counts[Bucket.OVERDUE] == 1 and first.due == dt.date(2026, 11, 18)
    page.done_button.click()
    assert services.sessions.get(first.session_id).follow_up is None
    assert badges == [2] and page.view.counts[Bucket.OVERDUE] == 0


def test_reschedule_moves_the_follow_up_to_the_picked_date(qtbot, services, kit):
    _aino, _twin, later = fill(services)
    page = follow_ups_page(qtbot, services, kit)
    assert page.select(later.id)
    dialog = page.reschedule()
    dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(3))
    chosen = dialog.date()
    dialog.findChildren(type(page.done_button))[-1].click()  # "Move the follow-up"
    assert services.sessions.get(later.id).follow_up == chosen
    assert page.selected().session_id == later.id and page.selected().due == chosen


def test_reschedule_cannot_pick_the_past(qtbot, services, kit):
    fill(services)
    page = follow_ups_page(qtbot, services, kit)
    dialog = page.reschedule()  # the overdue one
    assert dialog.calendar.minimumDate().toPython() == TODAY
    dialog.calendar.setSelectedDate(dialog.calendar.minimumDate().addDays(-5))
    assert dialog.date() == TODAY  # the calendar keeps to its minimum


def test_log_the_follow_up_session_opens_a_prefilled_form_and_marks_done(qtbot, services, kit):
    aino, _twin, _later = fill(services)
    page = follow_ups_page(qtbot, services, kit)
    item = page.selected()
    form = page.log_session()
    assert form.client_picker.client_id == aino.id and form.date.date().toPython() == TODAY
    form.save()
    assert services.sessions.get(item.session_id).follow_up is None
    assert services.sessions.count(SessionFilter(client_id=aino.id)) == 3
    assert page.view.counts[Bucket.OVERDUE] == 0


def test_follow_up_model_passes_qtmodeltester(qtmodeltester, qtbot, services, kit):
    fill(services)
    page = follow_ups_page(qtbot, services, kit)
    qtmodeltester.check(page.model)
