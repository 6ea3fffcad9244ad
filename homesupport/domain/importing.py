"""Session import and export rules of DESIGN.md §8, on plain tables (no files, no database).

A table is its header row followed by one row per session. Cells are what a reader produces:
CSV gives strings; XLSX gives typed cells (``int``, ``float``, ``bool``, ``datetime``,
``date``, ``time``, ``timedelta``) or ``None``. :func:`parse_sessions` turns a table into
:class:`ImportedSession` values, or into :class:`ImportProblem` values naming the row as the
spreadsheet shows it (header = row 1) and the column by its header text as written.
**All rows or none**: whenever there is a problem, no sessions are returned.

Header names (case-insensitive; surrounding whitespace, a BOM, a trailing ``(...)`` such as
``Kesto (min)`` are ignored, and ``_``/``-`` count as spaces), English / Finnish / Swedish:

=============== ================================================ =============================
column          Finnish                                          Swedish
=============== ================================================ =============================
date *          päivämäärä, päivä, pvm                           datum
start           alku, alkuaika, aloitus, klo                     början, starttid, start, kl
minutes *       minuutit, kesto                                  minuter, längd
travel_minutes  matka-aika, matka                                restid
mode *          tapa, muoto, asiointitapa                        form, sätt
programme *     ohjelma                                          program
client          asiakas, lempinimi                               klient, smeknamn
age_band        ikäryhmä, ikä                                    åldersgrupp, ålder
language        kieli                                            språk
municipality    kunta                                            kommun
participants    osallistujat, osallistujia                       deltagare
topics          aiheet, aihe                                     ämnen, ämne
devices         laitteet, laite                                  enheter, enhet
outcome         tulos                                            resultat
follow_up       jatkokäynti, seuranta                            uppföljning
notes           muistiinpanot, huomiot, lisätiedot               anteckningar
=============== ================================================ =============================

English also accepts ``duration``, ``travel time``, ``program``, ``nickname``, ``age group``,
``topic``, ``device``, ``follow-up date``. Columns marked * are required: a session cannot be
counted without its date, length, mode and programme. Every other column is optional, and an
empty cell means "not given" (travel time 0). A column with an unknown header is a problem
rather than being ignored, so that a misspelt header never drops data silently.

Cell formats: dates ``YYYY-MM-DD``, ``D.M.YYYY`` or ``DD.MM.YYYY`` (or a date cell); start
``HH:MM`` or ``H.MM``; whole numbers also as ``45,0``/``45.0`` (Excel); codes or labels in any
of the three languages; municipality as a code or a Finnish/Swedish name. Topics and devices
are separated by ``;`` (or line breaks inside the cell) — never ``,``, which occurs inside
labels such as "Kuvat, tiedostot ja tulostus".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from homesupport.domain.codes import TAXONOMY_VERSION, CodeList, Municipalities
from homesupport.domain.formatting import NOT_A_TIME
from homesupport.domain.formulas import strip_keeping_protection
from homesupport.domain.sessions import Session, validate_session
from homesupport.i18n import N_

Cell = str | int | float | dt.date | dt.time | dt.timedelta | None
_T = TypeVar("_T")

COLUMNS = (
    "date",
    "start",
    "minutes",
    "travel_minutes",
    "mode",
    "programme",
    "client",
    "age_band",
    "language",
    "municipality",
    "participants",
    "topics",
    "devices",
    "outcome",
    "follow_up",
    "notes",
)
REQUIRED = ("date", "minutes", "mode", "programme")
HEADER_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "date": ("päivämäärä", "päivä", "pvm", "datum"),
        "start": ("start time", "alku", "alkuaika", "aloitus", "klo", "början", "starttid", "kl"),
        "minutes": ("duration", "minuutit", "kesto", "minuter", "längd"),
        "travel_minutes": ("travel", "travel time", "matka-aika", "matka", "restid"),
        "mode": ("tapa", "muoto", "asiointitapa", "form", "sätt"),
        "programme": ("program", "ohjelma"),
        "client": ("nickname", "asiakas", "lempinimi", "klient", "smeknamn"),
        "age_band": ("age group", "ikäryhmä", "ikä", "åldersgrupp", "ålder"),
        "language": ("kieli", "språk"),
        "municipality": ("kunta", "kommun"),
        "participants": ("osallistujat", "osallistujia", "deltagare"),
        "topics": ("topic", "aiheet", "aihe", "ämnen", "ämne"),
        "devices": ("device", "laitteet", "laite", "enheter", "enhet"),
        "outcome": ("tulos", "resultat"),
        "follow_up": ("follow-up date", "jatkokäynti", "seuranta", "uppföljning"),
        "notes": ("muistiinpanot", "huomiot", "lisätiedot", "anteckningar"),
    }
)
# Files bigger than this are refused before anything is parsed (a year of daily sessions is
# a few thousand rows; these limits only stop accidents and hostile files).
MAX_ROWS = 200_000
MAX_PROBLEMS = 1_000
SESSIONS_FORMAT = "homesupport.sessions/1"

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0?0:00(?::00)?)?")
_FI_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?")
_INTEGER = re.compile(r"([+-]?\d+)(?:[.,]0*)?")
_MULTI_SEPARATOR = re.compile(r"[;\n]")
# XML 1.0 (so XLSX) cannot hold these; they are never meaningful in a cell anyway.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARENTHESISED = re.compile(r"\(.*?\)")


EXPORT_FORMATS = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file. ``row`` is None for the whole file; ``column`` is the
    header as written (or the English column name when the column is missing)."""

    row: int | None
    column: str | None
    message: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedSession:
    """A parsed, valid row. ``client_nickname`` is linked to a client record by the service."""

    row: int
    session: Session
    client_nickname: str | None


def describe(problem: ImportProblem, translate: Callable[[str], str]) -> str:
    """The problem as one line of text in the language of ``translate`` (e.g. ``i18n._``)."""
    text = _fill(translate, problem.message, problem.params)
    if problem.row is not None and problem.column is not None:
        where = _fill(
            translate, N_("Row {row}, column “{column}”"), row=problem.row, column=problem.column
        )
    elif problem.row is not None:
        where = _fill(translate, N_("Row {row}"), row=problem.row)
    else:
        return text
    return f"{where}: {text}"


def _fill(
    translate: Callable[[str], str],
    message: str,
    params: Mapping[str, object] | None = None,
    **more: object,
) -> str:
    values = {**(params or {}), **more}
    try:
        return translate(message).format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation falls back to English
        return message.format(**values)


def normalise_header(text: str) -> str:
    cleaned = _PARENTHESISED.sub(" ", text.replace("\ufeff", "")).casefold()
    return " ".join(cleaned.replace("_", " ").replace("-", " ").split())


def header_lookup() -> dict[str, str]:
    """Normalised header text → column name."""
    lookup = {normalise_header(name): name for name in COLUMNS}
    for name, aliases in HEADER_ALIASES.items():
        lookup.update({normalise_header(alias): name for alias in aliases})
    return lookup


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how a spreadsheet names a column without a header."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _letter_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _header_text(cell: Cell) -> str:
    return _text(_clean(cell)).replace("\ufeff", "").strip()


def map_header(
    header: Sequence[Cell],
) -> tuple[dict[str, tuple[int, str]], list[int], list[ImportProblem]]:
    """Column name → (position, header as written); positions without a header; problems."""
    lookup = header_lookup()
    found: dict[str, tuple[int, str]] = {}
    unnamed: list[int] = []
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header):
        written = _header_text(cell)
        if not written:
            unnamed.append(index)
            continue
        name = lookup.get(normalise_header(written))
        if name is None:
            problems.append(
                ImportProblem(1, written, N_("Unknown column “{column}”."), {"column": written})
            )
        elif name in found:
            first = found[name][1]
            problems.append(
                ImportProblem(
                    1,
                    written,
                    N_("The columns “{first}” and “{column}” mean the same thing."),
                    {"first": first, "column": written},
                )
            )
        else:
            found[name] = (index, written)
    for name in REQUIRED:
        if name not in found:
            problems.append(
                ImportProblem(
                    1, name, N_("The required column “{column}” is missing."), {"column": name}
                )
            )
    return found, unnamed, problems


def parse_sessions(
    rows: Iterable[Sequence[Cell]],
    codes: CodeList,
    municipalities: Municipalities,
    today: dt.date,
    *,
    max_rows: int = MAX_ROWS,
    max_problems: int = MAX_PROBLEMS,
) -> tuple[list[ImportedSession], list[ImportProblem]]:
    """Every session of the table, or no sessions and every problem (up to ``max_problems``)."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(_header_text(cell) for cell in header):
        return [], [
            ImportProblem(None, None, N_("The file is empty; its first row must name the columns."))
        ]
    columns, unnamed, problems = map_header(header)
    if problems:  # rows read through a wrong header would only produce noise
        return [], problems
    parser = _RowParser(columns, unnamed, codes, municipalities, today)
    sessions: list[ImportedSession] = []
    for number, raw in enumerate(iterator, start=2):
        if number > max_rows + 1:
            limit = ImportProblem(
                None, None, N_("The file has more than {limit} rows."), {"limit": str(max_rows)}
            )
            return [], [limit]
        row = [_clean(cell) for cell in raw]
        if all(cell is None for cell in row):
            continue
        imported, row_problems = parser.parse(number, row)
        problems.extend(row_problems)
        if len(problems) >= max_problems:
            stop = N_("Too many problems; checking stopped at row {row}.")
            return [], [
                *problems[:max_problems],
                ImportProblem(number, None, stop, {"row": str(number)}),
            ]
        if imported is not None and not problems:
            sessions.append(imported)
    return ([], problems) if problems else (sessions, [])


_Failure = tuple[str, dict[str, str]]
_NOT_A_DATE = N_("“{value}” is not a date; write it as YYYY-MM-DD or D.M.YYYY.")
_NOT_A_NUMBER = N_("“{value}” is not a whole number.")
_UNKNOWN = N_("Unknown code or label: {value}.")


class _RowParser:
    """Parses rows against one header; remembers code look-ups, which repeat on every row."""

    def __init__(
        self,
        columns: dict[str, tuple[int, str]],
        unnamed: list[int],
        codes: CodeList,
        municipalities: Municipalities,
        today: dt.date,
    ) -> None:
        self._columns = columns
        self._unnamed = unnamed
        self._width = len(columns) + len(unnamed)
        self._codes = codes
        self._municipalities = municipalities
        self._today = today
        self._resolved: dict[tuple[str, str], str | None] = {}

    def parse(
        self, number: int, row: Sequence[Cell]
    ) -> tuple[ImportedSession | None, list[ImportProblem]]:
        failures: dict[str, _Failure] = {}
        problems: list[ImportProblem] = []
        for index in (*self._unnamed, *range(self._width, len(row))):
            if index < len(row) and row[index] is not None:
                letter = column_letter(index)
                message = N_("Column {column} has a value but no header.")
                problems.append(ImportProblem(number, letter, message, {"column": letter}))

        def cell(name: str) -> Cell:
            position = self._columns.get(name)
            if position is None or position[0] >= len(row):
                return None
            return row[position[0]]

        def take(name: str, value: _T | _Failed, placeholder: _T) -> _T:
            if isinstance(value, _Failed):
                failures[name] = value.failure
                return placeholder
            return value

        def code(list_name: str) -> Callable[[Cell], str | _Failed]:
            return lambda c: self._code(list_name, c)

        session = Session(
            date=take("date", _required(cell("date"), _date), self._today),
            minutes=take("minutes", _required(cell("minutes"), _integer), 1),
            mode=take("mode", _required(cell("mode"), code("mode")), ""),
            programme=take("programme", _required(cell("programme"), code("programme")), ""),
            start=take("start", _optional(cell("start"), _time), None),
            travel_minutes=take("travel_minutes", _optional(cell("travel_minutes"), _integer), None)
            or 0,
            age_band=take("age_band", _optional(cell("age_band"), code("age_band")), None),
            language=take("language", _optional(cell("language"), code("language")), None),
            municipality=take("municipality", self._municipality(cell("municipality")), None),
            participants=take("participants", _optional(cell("participants"), _integer), None),
            topics=take("topics", self._codes_of("topic", cell("topics")), ()),
            devices=take("devices", self._codes_of("device", cell("devices")), ()),
            outcome=take("outcome", _optional(cell("outcome"), code("outcome")), None),
            follow_up=take("follow_up", _optional(cell("follow_up"), _date), None),
            notes=_text(cell("notes")),
            client_nickname=_text(cell("client")) or None,
        )
        for name, (message, params) in failures.items():
            problems.append(ImportProblem(number, self._column(name), message, params))
        for problem in validate_session(session, self._codes, self._municipalities, self._today):
            if not _depends_on(problem.field, failures):
                column = self._column(problem.field)
                problems.append(ImportProblem(number, column, problem.message, problem.params))
        if problems:  # in the order of the columns, as a person reads the row
            return None, sorted(problems, key=self._position)
        return ImportedSession(number, session, session.client_nickname), []

    def _position(self, problem: ImportProblem) -> int:
        for index, written in self._columns.values():
            if written == problem.column:
                return index
        # a column without a header (named by its letter), or one missing from the file
        letter = problem.column or ""
        return self._width + 1 if not letter.isupper() else _letter_index(letter)

    def _column(self, name: str) -> str:
        position = self._columns.get(name)
        return position[1] if position else name

    def _resolve(self, list_name: str, text: str) -> str | None:
        key = (list_name, text)
        if key not in self._resolved:
            self._resolved[key] = self._codes.resolve(list_name, text)
        return self._resolved[key]

    def _code(self, list_name: str, cell: Cell) -> str | _Failed:
        text = _text(cell)
        code = self._resolve(list_name, text)
        return code if code is not None else _Failed((_UNKNOWN, {"value": text}))

    def _codes_of(self, list_name: str, cell: Cell) -> tuple[str, ...] | _Failed:
        found: list[str] = []
        unknown: list[str] = []
        for part in _MULTI_SEPARATOR.split(_text(cell)):
            text = part.strip()
            if not text:
                continue
            code = self._resolve(list_name, text)
            if code is None:
                unknown.append(text)
            elif code not in found:
                found.append(code)
        if unknown:
            return _Failed((_UNKNOWN, {"value": "; ".join(unknown)}))
        return tuple(found)

    def _municipality(self, cell: Cell) -> str | _Failed | None:
        text = _text(cell)
        if not text:
            return None
        code = self._municipalities.resolve(text)
        if code is None:
            return _Failed((N_("Unknown municipality: {value}."), {"value": text}))
        return code


@dataclass(frozen=True)
class _Failed:
    failure: _Failure


def _depends_on(field_name: str, failures: Mapping[str, _Failure]) -> bool:
    """A validation problem about a field that failed to parse (or whose rule reads one that
    did) would only repeat the parse problem with a placeholder value."""
    needs = {"participants": ("mode",), "follow_up": ("date",)}.get(field_name, ())
    return field_name in failures or any(name in failures for name in needs)


def _required(cell: Cell, parse: Callable[[Cell], _T | _Failed]) -> _T | _Failed:
    if cell is None:
        return _Failed((N_("A value is required."), {}))
    return parse(cell)


def _optional(cell: Cell, parse: Callable[[Cell], _T | _Failed]) -> _T | _Failed | None:
    return None if cell is None else parse(cell)


def _clean(cell: Cell) -> Cell:
    """Text trimmed, line breaks as ``\\n``, control characters dropped; empty text → None.
    Rows are cleaned once, so the per-field code below sees only cleaned cells."""
    if not isinstance(cell, str):
        return cell
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return strip_keeping_protection(_CONTROL.sub("", cell)) or None


def _text(cell: Cell) -> str:
    """A cleaned cell as text; integral floats lose their ``.0`` (Excel stores 91 as 91.0)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def _date(cell: Cell) -> dt.date | _Failed:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = _text(cell)
    if not isinstance(cell, str):
        return _Failed((_NOT_A_DATE, {"value": text}))
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FI_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return _Failed((_NOT_A_DATE, {"value": text}))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return _Failed((N_("There is no such day as {value}."), {"value": text}))


def _time(cell: Cell) -> dt.time | _Failed:
    if isinstance(cell, dt.datetime):  # Excel keeps a time of day on 1899-12-30
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0, tzinfo=None)
    text = _text(cell)
    match = _TIME.fullmatch(text) if isinstance(cell, str) else None
    if match is None:
        return _Failed((NOT_A_TIME, {"value": text}))
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59 or int(match[3] or 0) > 59:
        return _Failed((N_("There is no such time as {value}."), {"value": text}))
    return dt.time(hour, minute)


def _integer(cell: Cell) -> int | _Failed:
    text = _text(cell)
    if isinstance(cell, bool | dt.date | dt.time | dt.timedelta):
        return _Failed((_NOT_A_NUMBER, {"value": text}))
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if math.isfinite(cell) and cell.is_integer() and abs(cell) < 1e9:
            return int(cell)
        return _Failed((_NOT_A_NUMBER, {"value": text}))
    match = _INTEGER.fullmatch(text)
    if match is None:
        return _Failed((_NOT_A_NUMBER, {"value": text}))
    if len(match[1].lstrip("+-")) > 9:  # also keeps int() far from its digit limit
        return _Failed((N_("The number {value} is too large."), {"value": text}))
    return int(match[1])


def export_rows(sessions: Iterable[Session]) -> Iterator[tuple[Cell, ...]]:
    """The §8 columns of each session, in :data:`COLUMNS` order, with codes. Dates and times
    stay typed so that a CSV writer can format them and an XLSX writer keep them as dates."""
    for s in sessions:
        yield (
            s.date,
            s.start,
            s.minutes,
            s.travel_minutes,
            s.mode,
            s.programme,
            s.client_nickname,
            s.age_band,
            s.language,
            s.municipality,
            s.participants,
            ";".join(s.topics),
            ";".join(s.devices),
            s.outcome,
            s.follow_up,
            s.notes,
        )


def sessions_document(sessions: Iterable[Session]) -> dict[str, object]:
    """The full JSON export (every field, ids and notes included), schema ``SESSIONS_FORMAT``."""
    items = [
        {
            "id": s.id,
            "date": s.date.isoformat(),
            "start": s.start.strftime("%H:%M") if s.start else None,
            "minutes": s.minutes,
            "travel_minutes": s.travel_minutes,
            "mode": s.mode,
            "programme": s.programme,
            "client_id": s.client_id,
            "client_nickname": s.client_nickname,
            "age_band": s.age_band,
            "language": s.language,
            "municipality": s.municipality,
            "participants": s.participants,
            "topics": list(s.topics),
            "devices": list(s.devices),
            "outcome": s.outcome,
            "guides": list(s.guides),
            "follow_up": s.follow_up.isoformat() if s.follow_up else None,
            "notes": s.notes,
        }
        for s in sessions
    ]
    return {"format": SESSIONS_FORMAT, "taxonomy": TAXONOMY_VERSION, "sessions": items}
