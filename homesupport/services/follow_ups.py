"""Follow-ups due: the list in buckets, the navigation badge, done and reschedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.clients import client_labels, nickname_key
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.follow_ups import Bucket, FollowUp, bucketed, end_of_week
from homesupport.i18n import N_, current_language
from homesupport.services.clients import follow_up_of
from homesupport.storage.clients_repo import ClientRepository, FollowUpRepository, to_domain
from homesupport.storage.models import SessionRow

Clock = Callable[[], dt.datetime]
# The view lists this many follow-ups (soonest first); the bucket counts are always exact.
VIEW_LIMIT = 300


class InvalidFollowUp(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.msgid = message


@dataclass(frozen=True)
class FollowUpView:
    today: dt.date
    buckets: dict[Bucket, tuple[FollowUp, ...]]  # every bucket present, soonest first
    counts: dict[Bucket, int]  # exact, even when the lists are cut at VIEW_LIMIT

    @property
    def badge(self) -> int:
        return self.counts[Bucket.OVERDUE] + self.counts[Bucket.THIS_WEEK]


class FollowUpService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        codes: CodeList,
        municipalities: Municipalities,
        clock: Clock,
        language: Callable[[], str] = current_language,
    ) -> None:
        self._factory = session_factory
        self._codes = codes
        self._municipalities = municipalities
        self._clock = clock
        self._language = language

    def today(self) -> dt.date:
        return self._clock().date()

    def badge_count(self) -> int:
        """Overdue and due this week: the number on the navigation item."""
        with self._factory() as orm:
            return FollowUpRepository(orm).count_due(end_of_week(self.today()))

    def view(self, limit: int = VIEW_LIMIT) -> FollowUpView:
        today = self.today()
        with self._factory() as orm:
            repository = FollowUpRepository(orm)
            rows = repository.open_rows(limit)
            clients = {r.client.id: to_domain(r.client) for r in rows if r.client is not None}
            shared = ClientRepository(orm).shared_keys(
                {nickname_key(c.nickname) for c in clients.values()}
            )
            labels = client_labels(
                list(clients.values()),
                self._codes,
                self._municipalities,
                self._language(),
                duplicate_keys=shared,
            )
            items = [
                follow_up_of(r, labels.get(r.client_id) if r.client_id else None) for r in rows
            ]
            counts = self._counts(orm, today)
        return FollowUpView(today=today, buckets=bucketed(items, today), counts=counts)

    def _counts(self, orm: OrmSession, today: dt.date) -> dict[Bucket, int]:
        due = SessionRow.follow_up
        query = select(
            func.sum(case((due < today, 1), else_=0)),
            func.sum(case(((due >= today) & (due <= end_of_week(today)), 1), else_=0)),
            func.sum(case((due > end_of_week(today), 1), else_=0)),
        ).where(*FollowUpRepository(orm).open_conditions())
        overdue, week, later = orm.execute(query).one()
        return {
            Bucket.OVERDUE: int(overdue or 0),
            Bucket.THIS_WEEK: int(week or 0),
            Bucket.LATER: int(later or 0),
        }

    def mark_done(self, session_id: int) -> bool:
        """Clears the follow-up date; False when the session is gone."""
        with self._factory.begin() as orm:
            return FollowUpRepository(orm).set_date(session_id, None, self._clock()) is not None

    def reschedule(self, session_id: int, due: dt.date) -> bool:
        """Moves the follow-up; it cannot move before today or before its session."""
        if due < self.today():
            raise InvalidFollowUp(N_("A follow-up cannot be moved into the past."))
        with self._factory.begin() as orm:
            row = orm.get(SessionRow, session_id)
            if row is not None and due < row.date:
                raise InvalidFollowUp(N_("The follow-up date is before the session date."))
            return FollowUpRepository(orm).set_date(session_id, due, self._clock()) is not None
