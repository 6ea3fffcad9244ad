"""The optional, pseudonymous client register (DESIGN.md §4).

A client is known by a nickname the supporter chooses; nothing in the register identifies a
person on its own. Duplicate nicknames are allowed and told apart by their age band and
municipality wherever they are shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.sessions import MAX_NICKNAME as MAX_NICKNAME  # the one limit
from homesupport.domain.sessions import Problem, Session, text_problems
from homesupport.i18n import N_

MAX_CLIENT_NOTES = 500
# What the client agreed to: their sessions being stored, and being contacted for follow-ups.
CONSENT_SCOPES = ("sessions", "follow_up_contact")
CONSENT_SCOPE_LABELS = {
    "sessions": N_("Sessions stored"),
    "follow_up_contact": N_("Follow-up contact"),
}


@dataclass(frozen=True)
class Client:
    """One client as the supporter sees it. ``id`` is None until it is stored."""

    nickname: str
    age_band: str | None = None
    language: str | None = None
    municipality: str | None = None
    consent_date: dt.date | None = None
    consent_scope: tuple[str, ...] = ()  # codes of CONSENT_SCOPES, in that order
    notes: str = ""
    id: int | None = None
    created_at: dt.datetime | None = None


class ClientAttributes(Protocol):
    """What a session copies from its client: a :class:`Client` or a stored client row."""

    @property
    def age_band(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def municipality(self) -> str | None: ...


def with_client_attributes(session: Session, client: ClientAttributes) -> Session:
    """A session linked to ``client`` takes the client's age band, language and municipality
    (DESIGN.md §4); what the client record leaves empty keeps what the session has."""
    return dataclasses.replace(
        session,
        age_band=client.age_band or session.age_band,
        language=client.language or session.language,
        municipality=client.municipality or session.municipality,
    )


def nickname_key(nickname: str) -> str:
    """The form type-ahead compares: case-folded, inner whitespace collapsed.

    The stored copy of this (clients.nickname_key) is kept by the repository; migration 0002
    has its own frozen copy of the rule."""
    return " ".join(nickname.casefold().split())


def normalise_scope(scope: Iterable[str]) -> tuple[str, ...]:
    chosen = set(scope)
    return tuple(s for s in CONSENT_SCOPES if s in chosen)


def validate_client(
    client: Client, codes: CodeList, municipalities: Municipalities, today: dt.date
) -> list[Problem]:
    problems: list[Problem] = []

    def add(field_name: str, message: str, **params: object) -> None:
        problems.append(Problem(field_name, message, {k: str(v) for k, v in params.items()}))

    if not client.nickname.strip():
        add("nickname", N_("A client needs a nickname."))
    else:
        problems += text_problems(
            "nickname", client.nickname.strip(), MAX_NICKNAME, multiline=False
        )
    for list_name, value in (("age_band", client.age_band), ("language", client.language)):
        if value is not None and not codes.is_valid(list_name, value):
            add(list_name, N_("Unknown code: {value}."), value=value)
    if client.municipality is not None and client.municipality not in municipalities:
        add("municipality", N_("Unknown municipality: {value}."), value=client.municipality)
    for scope in client.consent_scope:
        if scope not in CONSENT_SCOPES:
            add("consent_scope", N_("Unknown code: {value}."), value=scope)
    if client.consent_date is not None and client.consent_date > today:
        add("consent_date", N_("The date {value} is in the future."), value=client.consent_date)
    if client.consent_scope and client.consent_date is None:
        add("consent_date", N_("Give the date the consent was given."))
    problems += text_problems("notes", client.notes, MAX_CLIENT_NOTES, multiline=True)
    return problems


def client_labels(
    clients: Sequence[Client],
    codes: CodeList,
    municipalities: Municipalities,
    language: str,
    duplicate_keys: Iterable[str] = (),
) -> dict[int, str]:
    """Client id -> how the client is named on screen.

    A unique nickname is shown alone; one shared with another client (among ``clients`` or
    named in ``duplicate_keys``, for lists that show only some of the register) gets the age
    band and municipality: "Aino (75–84, Helsinki)". If even those are the same, the client
    number tells them apart."""
    shared = set(duplicate_keys)
    counts = Counter(nickname_key(c.nickname) for c in clients)
    shared |= {key for key, n in counts.items() if n > 1}

    labels: dict[int, str] = {}
    for client in clients:
        assert client.id is not None, "only stored clients have labels"
        name = client.nickname.strip()
        if nickname_key(client.nickname) not in shared:
            labels[client.id] = name
            continue
        parts = []
        if client.age_band:
            parts.append(codes.label("age_band", client.age_band, language))
        if client.municipality:
            parts.append(municipalities.label(client.municipality, language))
        labels[client.id] = f"{name} ({', '.join(parts)})" if parts else name
    # "Aino" and "aino" with nothing else to tell them apart look the same to a person.
    collisions = Counter(nickname_key(label) for label in labels.values())
    for client in clients:
        assert client.id is not None
        label = labels[client.id]
        if collisions[nickname_key(label)] > 1:
            labels[client.id] = (
                f"{label[:-1]}, #{client.id})" if label.endswith(")") else f"{label} (#{client.id})"
            )
    return labels
