"""A support session (visit) and the rules that make one valid (DESIGN.md §4)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.i18n import N_

MIN_MINUTES = 1
MAX_MINUTES = 600
MAX_TRAVEL_MINUTES = 600
MAX_PARTICIPANTS = 500
MAX_NOTES = 500
MAX_NICKNAME = 100  # a client's nickname (the register's, DESIGN.md §4)
# A client's nickname printed on a guide has to fit on one line.
MAX_PRINTED_NICKNAME = 40
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


# Refused in free text: control characters, invisible format characters (bidirectional
# overrides such as U+202E make a name read backwards in lists and exports), surrogates and
# line or paragraph separators. Joiners are format characters that emoji and some scripts
# need; notes may hold line breaks and tabs.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_ALLOWED_FORMAT = frozenset("\u200c\u200d")
_ALLOWED_IN_LINES = frozenset("\n\t")


def unprintable_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` that is not printable text (as ``U+202E``), or None."""
    for char in text:
        if char.isprintable() or char in _ALLOWED_FORMAT:
            continue
        if multiline and char in _ALLOWED_IN_LINES:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


def text_problems(field_name: str, text: str, high: int, *, multiline: bool) -> list[Problem]:
    """The one rule for free text, wherever it comes in (forms, import, dialogs): at most
    ``high`` characters, and printable text only."""
    problems = []
    if len(text) > high:
        problems.append(
            Problem(
                field_name,
                N_("This text can hold at most {high} characters, not {value}."),
                {"high": str(high), "value": str(len(text))},
            )
        )
    if (char := unprintable_character(text, multiline=multiline)) is not None:
        problems.append(
            Problem(
                field_name,
                N_("The text holds an invisible control character ({char}); remove it."),
                {"char": char},
            )
        )
    return problems


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
    problems += text_problems("notes", session.notes, MAX_NOTES, multiline=True)
    if session.client_nickname is not None:
        # An import names its client by nickname; the client made from it follows the
        # register's rule (the form picks stored clients, which already do).
        problems += text_problems(
            "client", session.client_nickname.strip(), MAX_NICKNAME, multiline=False
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
