import datetime as dt

import pytest

from homesupport.domain.follow_ups import Bucket, bucket_of
from homesupport.services.follow_ups import InvalidFollowUp

# The clock fixture says Friday 20 November 2026.
TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (dt.date(2026, 11, 19), Bucket.OVERDUE),
        (dt.date(2026, 11, 20), Bucket.THIS_WEEK),
        (dt.date(2026, 11, 22), Bucket.THIS_WEEK),  # Sunday
        (dt.date(2026, 11, 23), Bucket.LATER),  # next Monday
    ],
)
def test_buckets_follow_the_iso_week(due, bucket):
    assert bucket_of(due, TODAY) is bucket


def test_on_a_sunday_this_week_is_only_today():
    sunday = dt.date(2026, 11, 22)
    assert bucket_of(sunday, sunday) is Bucket.THIS_WEEK
    assert bucket_of(dt.date(2026, 11, 23), sunday) is Bucket.LATER


def make(app):
    aino = app.client("Aino")
    app.session(dt.date(2026, 11, 2), client_id=aino.id, follow_up=dt.date(2026, 11, 10))
    app.session(dt.date(2026, 11, 16), follow_up=dt.date(2026, 11, 21), notes="soita")
    app.session(dt.date(2026, 11, 18), client_id=aino.id, follow_up=dt.date(2026, 12, 3))
    app.session(dt.date(2026, 11, 18))  # no follow-up
    return aino


def test_the_view_puts_open_follow_ups_in_buckets_with_labels_and_counts(app):
    aino = make(app)
    view = app.follow_ups.view()
    assert [f.due for f in view.buckets[Bucket.OVERDUE]] == [dt.date(2026, 11, 10)]
    assert [f.notes for f in view.buckets[Bucket.THIS_WEEK]] == ["soita"]
    assert [f.client_label for f in view.buckets[Bucket.LATER]] == ["Aino"]
    assert view.buckets[Bucket.LATER][0].client_id == aino.id
    assert view.counts == {Bucket.OVERDUE: 1, Bucket.THIS_WEEK: 1, Bucket.LATER: 1}
    assert view.badge == 2 == app.follow_ups.badge_count()


def test_counts_stay_exact_when_the_list_is_cut(app):
    make(app)
    view = app.follow_ups.view(limit=1)
    assert sum(len(v) for v in view.buckets.values()) == 1
    assert sum(view.counts.values()) == 3


def test_done_clears_the_date_and_reschedule_moves_it(app):
    make(app)
    overdue = app.follow_ups.view().buckets[Bucket.OVERDUE][0]
    assert app.follow_ups.mark_done(overdue.session_id)
    assert app.sessions.get(overdue.session_id).follow_up is None
    later = app.follow_ups.view().buckets[Bucket.LATER][0]
    assert app.follow_ups.reschedule(later.session_id, dt.date(2026, 11, 21))
    assert app.follow_ups.badge_count() == 2
    with pytest.raises(InvalidFollowUp):
        app.follow_ups.reschedule(later.session_id, dt.date(2026, 11, 1))
    assert not app.follow_ups.mark_done(9999)


def test_deleted_sessions_and_clients_being_erased_have_no_follow_ups(app):
    aino = make(app)
    view = app.follow_ups.view()
    app.sessions.delete([view.buckets[Bucket.THIS_WEEK][0].session_id])
    app.privacy.request_erasure(aino.id)
    assert sum(app.follow_ups.view().counts.values()) == 0
    assert app.follow_ups.badge_count() == 0
    app.privacy.cancel_erasure(aino.id)
    assert app.follow_ups.view().counts[Bucket.LATER] == 1
