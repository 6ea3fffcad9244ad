"""Follow-ups due: a session's follow-up date, put in the bucket the supporter acts on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from homesupport.i18n import N_


class Bucket(Enum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    LATER = "later"


BUCKET_LABELS = {
    Bucket.OVERDUE: N_("Overdue"),
    Bucket.THIS_WEEK: N_("This week"),
    Bucket.LATER: N_("Later"),
}


@dataclass(frozen=True)
class FollowUp:
    """One open follow-up: the session that promised it, and the client if it is linked."""

    session_id: int
    due: dt.date
    session_date: dt.date
    client_id: int | None
    client_label: str | None  # as shown (duplicates told apart); None for unlinked sessions
    topics: tuple[str, ...]
    notes: str


def bucket_of(due: dt.date, today: dt.date) -> Bucket:
    """Before today is overdue; today up to Sunday of this ISO week is this week (so on a
    Sunday "this week" is today only); everything after is later."""
    if due < today:
        return Bucket.OVERDUE
    return Bucket.THIS_WEEK if due <= end_of_week(today) else Bucket.LATER


def end_of_week(today: dt.date) -> dt.date:
    """The Sunday of today's ISO week (Finnish weeks start on Monday)."""
    return today + dt.timedelta(days=6 - today.weekday())


def bucketed(follow_ups: Iterable[FollowUp], today: dt.date) -> dict[Bucket, tuple[FollowUp, ...]]:
    """Every bucket present (possibly empty), each sorted by due date then session."""
    buckets: dict[Bucket, list[FollowUp]] = {b: [] for b in Bucket}
    for item in sorted(follow_ups, key=lambda f: (f.due, f.session_id)):
        buckets[bucket_of(item.due, today)].append(item)
    return {b: tuple(items) for b, items in buckets.items()}
