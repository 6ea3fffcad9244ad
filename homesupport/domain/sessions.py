"""A support session (visit) and the rules that make one valid (DESIGN.md §4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.i18n import N_

MIN_MINUTES = 1
MAX_MINUTES = 600
MAX_TRAVEL_MINUTES = 600
MAX_PARTICIPANTS = 500
MAX_NOTES = 500
# Sessions are logged after they happen; a little slack forgives a clock set a day wrong.
MAX_DAYS_AHEAD = 1
EARLIEST_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Session:
    """One session as the supporter sees it. ``id`` is None until it is stored.

    For a linked client the client attributes (age band, language, municipality) are copies
    taken when the session was saved, so statistics never change with the client record.
    """

    date: dt.date
    minutes: int
    mode: str
    programme: str
    start: dt.time | None = None
    travel_minutes: int = 0
    client_id: int | None = None
    age_band: str | None = None
    language: str | None = None
    municipality: str | None = None
    participants: int | None = None
    topics: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    outcome: str | None = None
    guides: tuple[str, ...] = ()
    follow_up: dt.date | None = None
    notes: str = ""
    id: int | None = None
    client_nickname: str | None = dataclass_field(default=None, compare=False)


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field. ``message`` is an untranslated catalogue id whose
    ``{placeholders}`` are filled from ``params`` after translation."""

    field: str
    message: str
    params: dict[str, str] = dataclass_field(default_factory=dict)


def validate_session(
    session: Session,
    codes: CodeList,
    municipalities: Municipalities,
    today: dt.date,
) -> list[Problem]:
    problems: list[Problem] = []

    def add(field_name: str, message: str, **params: object) -> None:
        problems.append(Problem(field_name, message, {k: str(v) for k, v in params.items()}))

    if session.date < EARLIEST_DATE:
        add("date", N_("The date {value} is too far in the past."), value=session.date)
    if session.date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        add("date", N_("The date {value} is in the future."), value=session.date)
    if not MIN_MINUTES <= session.minutes <= MAX_MINUTES:
        add(
            "minutes",
            N_("Duration must be between {low} and {high} minutes, not {value}."),
            low=MIN_MINUTES,
            high=MAX_MINUTES,
            value=session.minutes,
        )
    if not 0 <= session.travel_minutes <= MAX_TRAVEL_MINUTES:
        add(
            "travel_minutes",
            N_("Travel time must be between 0 and {high} minutes, not {value}."),
            high=MAX_TRAVEL_MINUTES,
            value=session.travel_minutes,
        )
    for list_name, value in (
        ("mode", session.mode),
        ("programme", session.programme),
        ("age_band", session.age_band),
        ("language", session.language),
        ("outcome", session.outcome),
    ):
        if value is not None and not codes.is_valid(list_name, value):
            add(list_name, N_("Unknown code: {value}."), value=value)
    for list_name, values in (("topic", session.topics), ("device", session.devices)):
        for value in values:
            if not codes.is_valid(list_name, value):
                add(list_name + "s", N_("Unknown code: {value}."), value=value)
    if session.municipality is not None and session.municipality not in municipalities:
        add("municipality", N_("Unknown municipality: {value}."), value=session.municipality)
    if session.mode == "group":
        if session.participants is None or not 1 <= session.participants <= MAX_PARTICIPANTS:
            add(
                "participants",
                N_("A group session needs between 1 and {high} participants."),
                high=MAX_PARTICIPANTS,
            )
    elif session.participants not in (None, 1):
        add("participants", N_("Only group sessions have several participants."))
    if session.follow_up is not None and session.follow_up < session.date:
        add("follow_up", N_("The follow-up date is before the session date."))
    if len(session.notes) > MAX_NOTES:
        add(
            "notes",
            N_("Notes can hold at most {high} characters, not {value}."),
            high=MAX_NOTES,
            value=len(session.notes),
        )
    return problems


@dataclass(frozen=True)
class SessionFilter:
    """What the session table shows. Empty fields do not filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    mode: str | None = None
    programme: str | None = None
    topic: str | None = None
    text: str = ""  # searched in notes (and the client's nickname)
    client_id: int | None = None


# Columns the session table can be sorted by.
SORT_KEYS = ("date", "minutes", "mode", "programme", "outcome", "client")
