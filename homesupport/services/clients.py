"""The client register: add and edit clients, find them as the supporter types, and see a
client's history. One transaction per action; everything returned is a frozen dataclass."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.clients import (
    Client,
    client_labels,
    nickname_key,
    validate_client,
    with_client_attributes,
)
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.follow_ups import FollowUp
from homesupport.domain.privacy import PrivacyWarning, check_text
from homesupport.domain.sessions import Problem, Session, SessionFilter
from homesupport.i18n import N_, current_language
from homesupport.storage.clients_repo import ClientRepository, FollowUpRepository
from homesupport.storage.models import SessionRow
from homesupport.storage.profile_repo import ProfileRepository, StoredSettings
from homesupport.storage.sessions_repo import SessionRepository

Clock = Callable[[], dt.datetime]
SEARCH_LIMIT = 20
HISTORY_SESSIONS = 500
# Written by the retention pass (services/privacy.py): sessions dated before it hold no notes.
RETENTION_CUTOFF_KEY = "privacy.retention_cutoff"


class InvalidClient(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message.format(**p.params) for p in problems))
        self.problems = problems


class ClientGone(Exception):
    """The client was erased (or is being erased) while the form was open."""

    def __init__(self) -> None:
        super().__init__(N_("This client has been erased."))


@dataclass(frozen=True)
class ClientChoice:
    """One type-ahead suggestion; ``label`` tells apart clients with the same nickname."""

    client: Client
    label: str


@dataclass(frozen=True)
class TopicMonth:
    period: str  # YYYY-MM
    topic: str  # code
    sessions: int


@dataclass(frozen=True)
class GuideGiven:
    date: dt.date
    slug: str
    session_id: int


@dataclass(frozen=True)
class ClientHistory:
    client: Client
    label: str
    sessions: tuple[Session, ...]  # newest first
    topics: tuple[TopicMonth, ...]  # oldest month first
    guides: tuple[GuideGiven, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # soonest first
    last_session: dt.date | None


def follow_up_of(row: SessionRow, label: str | None) -> FollowUp:
    assert row.follow_up is not None
    return FollowUp(
        session_id=row.id,
        due=row.follow_up,
        session_date=row.date,
        client_id=row.client_id,
        client_label=label,
        topics=tuple(t.code for t in row.topics),
        notes=row.notes,
    )


def link_client(orm: OrmSession, session: Session) -> Session:
    """What a session looks like when it is saved, as far as its client is concerned.

    - A newly linked client (a new session, or the link changed) has its age band, language
      and municipality copied onto the session (DESIGN.md §4); a value the client lacks keeps
      the form's. Re-saving an old session with the same client keeps the copies it has, so
      an already-reported month does not change when the client record did.
    - A client erased while the form was open (the id no longer exists) is unlinked; for an
      existing session the erasure already removed its notes and follow-up, and a stale form
      must not write them back.
    - A session dated before the last retention cutoff cannot get notes back either.
    """
    stored = orm.get(SessionRow, session.id) if session.id is not None else None
    if session.client_id is not None:
        client = ClientRepository(orm).row(session.client_id)
        if client is None:
            session = dataclasses.replace(session, client_id=None, client_nickname=None)
            if stored is not None:
                session = dataclasses.replace(session, notes="", follow_up=None)
        else:
            if stored is None or stored.client_id != client.id:
                session = with_client_attributes(session, client)
            session = dataclasses.replace(session, client_nickname=client.nickname)
    cutoff = StoredSettings(orm).get(RETENTION_CUTOFF_KEY)
    if cutoff and session.notes and session.date < dt.date.fromisoformat(cutoff):
        session = dataclasses.replace(session, notes="")
    return session


class ClientService:
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

    def validate(self, client: Client) -> list[Problem]:
        return validate_client(client, self._codes, self._municipalities, self._clock().date())

    def privacy_warnings(self, text: str) -> list[PrivacyWarning]:
        """Warnings for a note or nickname as it is typed; the supporter's own phone (printed on
        guides anyway) is not warned about."""
        with self._factory() as orm:
            profile = ProfileRepository(orm).get()
        return check_text(text, own_phones=(profile.contact,) if profile else ())

    def save(self, client: Client) -> Client:
        """Adds or updates; raises InvalidClient, or ClientGone for an erased client."""
        problems = self.validate(client)
        if problems:
            raise InvalidClient(problems)
        now = self._clock()
        with self._factory.begin() as orm:
            repository = ClientRepository(orm)
            if client.id is None:
                client_id = repository.add(client, now)
            else:
                if not repository.update(client, now):
                    raise ClientGone()
                client_id = client.id
            saved = repository.get(client_id)
        assert saved is not None
        return saved

    def get(self, client_id: int) -> Client | None:
        with self._factory() as orm:
            return ClientRepository(orm).get(client_id)

    def count(self) -> int:
        with self._factory() as orm:
            return ClientRepository(orm).count()

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[ClientChoice]:
        """Type-ahead: clients whose nickname starts with ``text``, alphabetically."""
        with self._factory() as orm:
            repository = ClientRepository(orm)
            found = repository.search(text, limit)
            shared = repository.shared_keys({nickname_key(c.nickname) for c in found})
        labels = self._labels(found, shared)
        return [ClientChoice(client=c, label=labels[c.id]) for c in found if c.id is not None]

    def label(self, client_id: int) -> str | None:
        with self._factory() as orm:
            repository = ClientRepository(orm)
            client = repository.get(client_id)
            if client is None:
                return None
            shared = repository.shared_keys({nickname_key(client.nickname)})
        return self._labels([client], shared)[client_id]

    def _labels(self, clients: Sequence[Client], shared: set[str]) -> dict[int, str]:
        return client_labels(
            clients, self._codes, self._municipalities, self._language(), duplicate_keys=shared
        )

    def prefill(self, session: Session, client_id: int) -> Session:
        """A (new) session form for this client: linked, with the client's attributes."""
        client = self.get(client_id)
        if client is None:
            raise ClientGone()
        linked = dataclasses.replace(session, client_id=client.id, client_nickname=client.nickname)
        return with_client_attributes(linked, client)

    def history(self, client_id: int) -> ClientHistory | None:
        with self._factory() as orm:
            clients = ClientRepository(orm)
            client = clients.get(client_id)
            if client is None:
                return None
            shared = clients.shared_keys({nickname_key(client.nickname)})
            label = self._labels([client], shared)[client_id]
            sessions = SessionRepository(orm).page(
                SessionFilter(client_id=client_id), "date", True, 0, HISTORY_SESSIONS
            )
            topics = tuple(TopicMonth(p, t, n) for p, t, n in clients.topics_by_month(client_id))
            guides = tuple(GuideGiven(d, s, i) for d, s, i in clients.guides_given(client_id))
            follow_ups = tuple(
                follow_up_of(row, label)
                for row in FollowUpRepository(orm).open_rows(HISTORY_SESSIONS, client_id)
            )
        return ClientHistory(
            client=client,
            label=label,
            sessions=tuple(sessions),
            topics=topics,
            guides=guides,
            follow_ups=follow_ups,
            last_session=sessions[0].date if sessions else None,
        )
