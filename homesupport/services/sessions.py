"""Logging, editing, listing and deleting sessions: one transaction per action."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.sessions import Problem, Session, SessionFilter, validate_session
from homesupport.domain.topic_search import remember_topics
from homesupport.services.clients import link_client
from homesupport.storage.profile_repo import ProfileRepository, StoredSettings
from homesupport.storage.sessions_repo import SessionRepository

Clock = Callable[[], dt.datetime]
# The choices a new session form starts from: the last ones used.
REMEMBERED = (
    "minutes",
    "travel_minutes",
    "mode",
    "programme",
    "age_band",
    "language",
    "municipality",
    "devices",
)
DEFAULTS_KEY = "session_form_defaults"
RECENT_TOPICS_KEY = "recent_topics"  # the latest first: typing a topic finds these first
UNDO_WINDOW = dt.timedelta(days=30)


class InvalidSession(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message.format(**p.params) for p in problems))
        self.problems = problems


class SessionService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        codes: CodeList,
        municipalities: Municipalities,
        clock: Clock,
    ) -> None:
        self._factory = session_factory
        self._codes = codes
        self._municipalities = municipalities
        self._clock = clock

    def today(self) -> dt.date:
        return self._clock().date()

    def validate(self, session: Session) -> list[Problem]:
        return validate_session(session, self._codes, self._municipalities, self.today())

    def new_session(self) -> Session:
        """A blank form: today, the last choices, else the profile's programme and
        municipality, else a 45-minute home visit."""
        with self._factory() as orm:
            remembered = StoredSettings(orm).get(DEFAULTS_KEY, {}) or {}
            profile = ProfileRepository(orm).get()
        base = Session(
            date=self.today(),
            minutes=45,
            mode="home_visit",
            programme=profile.programme if profile else "home",
            municipality=profile.municipality if profile else None,
        )
        values = {k: v for k, v in remembered.items() if k in REMEMBERED}
        if "devices" in values:
            values["devices"] = tuple(values["devices"])
        candidate = dataclasses.replace(base, **values)
        # Remembered codes that no longer validate (taxonomy change) are dropped quietly.
        return candidate if not self.validate(candidate) else base

    def save(self, session: Session) -> Session:
        problems = self.validate(session)
        if problems:
            raise InvalidSession(problems)
        now = self._clock()
        with self._factory.begin() as orm:
            # Client link: copy the client's attributes, fill the nickname, and keep
            # a stale form from writing back what an erasure or retention removed.
            session = link_client(orm, session)
            repository = SessionRepository(orm)
            if session.id is None:
                session = dataclasses.replace(session, id=repository.add(session, now))
            else:
                repository.update(session, now)
            StoredSettings(orm).set(
                DEFAULTS_KEY,
                {
                    name: list(value) if isinstance(value, tuple) else value
                    for name in REMEMBERED
                    if (value := getattr(session, name)) is not None
                },
            )
            settings = StoredSettings(orm)
            recent = settings.get(RECENT_TOPICS_KEY, []) or []
            settings.set(RECENT_TOPICS_KEY, remember_topics(recent, session.topics))
        return session

    def recent_topics(self) -> tuple[str, ...]:
        """The topics of the latest sessions saved in the form, the latest first."""
        with self._factory() as orm:
            return tuple(StoredSettings(orm).get(RECENT_TOPICS_KEY, []) or [])

    def get(self, session_id: int) -> Session | None:
        with self._factory() as orm:
            return SessionRepository(orm).get(session_id)

    def duplicate(self, session_id: int) -> Session | None:
        """A copy for today, not yet saved; notes and follow-up are not copied."""
        original = self.get(session_id)
        if original is None:
            return None
        return dataclasses.replace(
            original, id=None, date=self.today(), start=None, notes="", follow_up=None
        )

    def delete(self, ids: Sequence[int]) -> int:
        with self._factory.begin() as orm:
            return SessionRepository(orm).mark_deleted(ids, self._clock())

    def undelete(self, ids: Sequence[int]) -> int:
        with self._factory.begin() as orm:
            return SessionRepository(orm).mark_deleted(ids, None)

    def purge_deleted(self) -> int:
        """Deleted sessions are kept for undo, then removed for good."""
        with self._factory.begin() as orm:
            return SessionRepository(orm).purge_deleted(self._clock() - UNDO_WINDOW)

    def count(self, session_filter: SessionFilter) -> int:
        with self._factory() as orm:
            return SessionRepository(orm).count(session_filter)

    def page(
        self,
        session_filter: SessionFilter,
        sort: str = "date",
        descending: bool = True,
        offset: int = 0,
        limit: int = 200,
    ) -> list[Session]:
        with self._factory() as orm:
            return SessionRepository(orm).page(session_filter, sort, descending, offset, limit)

    def all(self) -> list[Session]:
        with self._factory() as orm:
            return SessionRepository(orm).all()

    def add_many(self, sessions: Sequence[Session]) -> int:
        """Stores already-validated sessions in one transaction: all or none."""
        with self._factory.begin() as orm:
            return SessionRepository(orm).add_many(sessions, self._clock())
