"""Import mapping v1 (DESIGN.md §8): sheets with their own headings and words.

A mapping says which of the sheet's headings holds which field of §8, which code each of the
sheet's words means, which tick columns (one column per choice, as survey tools export a
multiple-choice question) add a code, what every row gets for a field the sheet lacks, and
how multi-value cells are split. It is a TOML file (:func:`load_mapping`,
:func:`render_toml`), or the mapping dialog's state.

* :func:`find_header_row` finds the row of headings below title rows and merged title cells.
* :class:`Suggester` recognises headings and words (fi/sv/en labels of ``codes.csv``, the
  synonyms of :mod:`homesupport.domain.import_words`, dash and spacing variants such as
  "75-84 v", parenthesised hints such as "etätuki (video)", unique prefixes such as
  "Pankkitunnukset"); :func:`suggest` turns a whole sheet into a :class:`Draft`: the mapping
  it could fill in and what a person still has to complete.
* :func:`parse_mapped` turns the sheet into sessions with a mapping, **all rows or none**,
  reading cells as people type them (:mod:`homesupport.domain.import_cells`). The rows are
  handed to the standard parser as §8 rows, so every rule of a session is checked once, in
  one place; problems name the row as the spreadsheet shows it and the sheet's own heading.

Value keys compare with case, surrounding and repeated spaces and dash variants ignored
(:func:`value_key`); headings with case and spacing ignored (:func:`heading_key`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TypeVar

from homesupport.domain import import_words
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_cells import parse_clock, parse_date_time, parse_duration
from homesupport.domain.importing import (
    COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    REQUIRED,
    Cell,
    ImportedSession,
    ImportProblem,
    column_letter,
    header_lookup,
    map_header,
    normalise_header,
    parse_sessions,
)
from homesupport.i18n import N_

IGNORE = "ignore"
# Fields whose cells hold codes, and the list of codes.csv they come from.
FIELD_LISTS: Mapping[str, str] = {
    "mode": "mode",
    "programme": "programme",
    "age_band": "age_band",
    "language": "language",
    "outcome": "outcome",
    "topics": "topic",
    "devices": "device",
}
CODED_FIELDS = (*FIELD_LISTS, "municipality")
MULTI_FIELDS = ("topics", "devices")
# Several columns may feed these (e.g. "Aihe 1", "Aihe 2"; "Huom." and "Lisätiedot").
SHARED_FIELDS = ("topics", "devices", "notes")
DEFAULT_SPLIT = (";",)
FLAG_FIELDS = ("topics", "devices", "mode")  # tick columns recognised by their heading
HEADER_SEARCH_ROWS = 30
PROFILE_LIMIT = 2_000  # distinct values kept per column: a coded column has a few dozen

_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_AGE_SUFFIX = re.compile(r"\s*(?:v|v\.|vuotta|vuotiaat|-vuotiaat|år|years|yrs)$")
_PARENTHESES = re.compile(r"^(.*?)\((.*?)\)(.*)$")
_PART_SEPARATORS = re.compile(r"\s*(?:/|&|\+|\bja\b|\boch\b|\band\b)\s*")
_CHOICE_SEPARATORS = re.compile(r"\s+[-–]\s+|\s*[:|/»›]\s*|\s*_\s*")
_TRAILING = ".:?!*"
_TICKS = frozenset({"1", "x", "kyllä", "ja", "yes", "true", "tosi", "sant", "✓", "✔", "valittu"})
_UNKNOWN_CODE = "Unknown code or label: {value}."  # importing's message, made mapping-aware
_MUNICIPALITY_SUFFIX = re.compile(r"\s+(?:kaupunki|kunta|stad|kommun)$")

Translate = Callable[[str], str]


def value_key(text: str) -> str:
    """How a cell's word is compared: case, spaces and dash variants ignored."""
    return _DASHES.sub("-", " ".join(text.casefold().split()))


def heading_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").casefold().split())


def cell_text(cell: Cell) -> str:
    """A cell as the text a person sees (integral floats without ``.0``)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


# --- the mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportMapping:
    """The contents of a mapping file. Keys are written as in the sheet."""

    columns: Mapping[str, str] = field(default_factory=dict)  # heading -> field or IGNORE
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> word -> code
    flags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> heading -> code
    defaults: Mapping[str, str] = field(default_factory=dict)  # field -> value
    split: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> separators
    header_row: int | None = None

    def target_of(self, heading: str) -> tuple[str, str | None] | None:
        """(field, None) for a column, (field, code) for a tick column, or None."""
        key = heading_key(heading)
        for written, target in self.columns.items():
            if heading_key(written) == key:
                return target, None
        for field_name, flags in self.flags.items():
            for written, code in flags.items():
                if heading_key(written) == key:
                    return field_name, code
        return None

    def separators(self, field_name: str) -> tuple[str, ...]:
        return self.split.get(field_name) or DEFAULT_SPLIT


@dataclass(frozen=True)
class Draft:
    """A mapping and what a person still has to complete: headings without a field, words
    without a code, required fields without a column or default."""

    mapping: ImportMapping
    open_columns: tuple[str, ...] = ()
    open_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    open_defaults: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.open_columns or any(self.open_values.values()) or self.open_defaults)


def _mapping_problem(message: str, **params: object) -> ImportProblem:
    return ImportProblem(None, None, message, {k: str(v) for k, v in params.items()})


def load_mapping(
    text: str, codes: CodeList, municipalities: Municipalities
) -> tuple[ImportMapping | None, list[ImportProblem]]:
    """A mapping file's text, checked against the fields and code lists; codes may also be
    written as labels. Problems name the section and key."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [
            _mapping_problem(N_("The mapping is not valid TOML: {reason}."), reason=error)
        ]
    problems: list[ImportProblem] = []
    known = {"header_row", "columns", "values", "flags", "defaults", "split"}
    for key in document:
        if key not in known:
            problems.append(_mapping_problem(N_("Unknown section “{name}”."), name=key))
    header_row = document.get("header_row")
    if header_row is not None and (
        not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1
    ):
        problems.append(_mapping_problem(N_("header_row must be a row number, 1 or more.")))
        header_row = None

    def table(name: str) -> dict[str, object]:
        value = document.get(name, {})
        if isinstance(value, dict):
            return value
        problems.append(_mapping_problem(N_("“{name}” must be a table."), name=name))
        return {}

    columns: dict[str, str] = {}
    for heading, target in table("columns").items():
        if not isinstance(target, str) or (target not in COLUMNS and target != IGNORE):
            problems.append(
                _mapping_problem(
                    N_("[columns] “{heading}”: “{target}” is not a field; write one of {fields}."),
                    heading=heading,
                    target=target,
                    fields=", ".join((*COLUMNS, IGNORE)),
                )
            )
        else:
            columns[heading] = target

    def code_of(section: str, field_name: str, key: str, value: object) -> str | None:
        resolved = _resolve_code(field_name, value, codes, municipalities)
        if resolved is None:
            problems.append(
                _mapping_problem(
                    N_("[{section}] “{key}”: “{value}” is not a code of {field}."),
                    section=section,
                    key=key,
                    value=value,
                    field=field_name,
                )
            )
        return resolved

    values: dict[str, dict[str, str]] = {}
    for field_name, words in table("values").items():
        section = f"values.{field_name}"
        if field_name not in CODED_FIELDS or not isinstance(words, dict):
            problems.append(_not_coded(section, field_name))
            continue
        checked: dict[str, str] = {}
        for word, value in words.items():
            if value == IGNORE:
                checked[word] = IGNORE
            elif (code := code_of(section, field_name, word, value)) is not None:
                checked[word] = code
        values[field_name] = checked
    flags: dict[str, dict[str, str]] = {}
    for field_name, headings in table("flags").items():
        section = f"flags.{field_name}"
        if field_name not in FIELD_LISTS or not isinstance(headings, dict):
            problems.append(_not_coded(section, field_name))
            continue
        flags[field_name] = {
            heading: code
            for heading, value in headings.items()
            if (code := code_of(section, field_name, heading, value)) is not None
        }
    defaults: dict[str, str] = {}
    for field_name, value in table("defaults").items():
        if field_name not in COLUMNS:
            problems.append(
                _mapping_problem(N_("[defaults] “{name}” is not a field."), name=field_name)
            )
        elif field_name in CODED_FIELDS:
            if (code := code_of("defaults", field_name, field_name, value)) is not None:
                defaults[field_name] = code
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            defaults[field_name] = cell_text(value)
        else:
            problems.append(
                _mapping_problem(N_("[defaults] “{name}” needs a value."), name=field_name)
            )
    split: dict[str, tuple[str, ...]] = {}
    for field_name, separators in table("split").items():
        if field_name not in MULTI_FIELDS:
            problems.append(
                _mapping_problem(
                    N_("[split] “{name}”: only {fields} hold several values."),
                    name=field_name,
                    fields=", ".join(MULTI_FIELDS),
                )
            )
        elif not (
            isinstance(separators, list)
            and separators
            and all(isinstance(s, str) and s for s in separators)
        ):
            problems.append(
                _mapping_problem(
                    N_('[split] “{name}” must be a list of separators, e.g. [";", ","].'),
                    name=field_name,
                )
            )
        else:
            split[field_name] = tuple(separators)
    if problems:
        return None, problems
    mapping = ImportMapping(columns, values, flags, defaults, split, header_row)
    return mapping, []


def _not_coded(section: str, field_name: str) -> ImportProblem:
    return _mapping_problem(
        N_("[{section}]: “{name}” is not a field with codes."), section=section, name=field_name
    )


def _resolve_code(
    field_name: str, value: object, codes: CodeList, municipalities: Municipalities
) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if field_name == "municipality":
        return municipalities.resolve(text)
    return codes.resolve(FIELD_LISTS[field_name], text)


# --- writing TOML -----------------------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        f"\\u{ord(c):04X}" if (ord(c) < 0x20 or ord(c) == 0x7F) else c for c in escaped
    )
    return f'"{escaped}"'


def render_toml(
    draft: Draft,
    codes: CodeList,
    language: str,
    translate: Translate,
    title: Sequence[str] = (),
) -> str:
    """The draft as a mapping file: known entries as TOML, open ones as commented lines with
    the choices listed, so a person completes the file by removing ``#`` and filling in."""
    mapping = draft.mapping
    lines = [f"# {line}" for line in title]
    if mapping.header_row is not None:
        lines.append(f"header_row = {mapping.header_row}")
    lines += ["", "[columns]"]
    lines += [f"{toml_string(h)} = {toml_string(t)}" for h, t in mapping.columns.items()]
    if draft.open_columns:
        lines.append(
            "# " + translate(N_("Not recognised: choose a field or “ignore” and remove the #."))
        )
        lines.append("# " + ", ".join((*COLUMNS, IGNORE)))
        lines += [f'# {toml_string(h)} = ""' for h in draft.open_columns]
    for field_name, flags in mapping.flags.items():
        if flags:
            lines += ["", f"[flags.{field_name}]"]
            lines += [f"{toml_string(h)} = {toml_string(c)}" for h, c in flags.items()]
    fields = [f for f in CODED_FIELDS if mapping.values.get(f) or draft.open_values.get(f)]
    for field_name in fields:
        lines += ["", f"[values.{field_name}]"]
        words = mapping.values.get(field_name, {})
        lines += [f"{toml_string(w)} = {toml_string(c)}" for w, c in words.items()]
        open_words = draft.open_values.get(field_name, ())
        if open_words:
            lines.append(
                "# " + translate(N_("Not recognised: write a code or “ignore” and remove the #."))
            )
            lines += _code_choices(field_name, codes, language)
            lines += [f'# {toml_string(w)} = ""' for w in open_words]
    if mapping.defaults or draft.open_defaults:
        lines += ["", "[defaults]"]
        lines += [f"{f} = {toml_string(v)}" for f, v in mapping.defaults.items()]
        for field_name in draft.open_defaults:
            lines.append(
                "# "
                + translate(N_("No column holds “{field}”: give every row a value.")).format(
                    field=field_name
                )
            )
            lines += _code_choices(field_name, codes, language)
            lines.append(f'# {field_name} = ""')
    if mapping.split:
        lines += ["", "[split]"]
        for field_name, separators in mapping.split.items():
            listed = ", ".join(toml_string(s) for s in separators)
            lines.append(f"{field_name} = [{listed}]")
    return "\n".join(lines).lstrip("\n") + "\n"


def _code_choices(field_name: str, codes: CodeList, language: str) -> list[str]:
    if field_name not in FIELD_LISTS:
        return []
    return [
        f"#   {code.code} = {code.label(language)}" for code in codes.of(FIELD_LISTS[field_name])
    ]


# --- the sheet --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    index: int
    heading: str  # as written; "" when the column has none

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class Sheet:
    """Every row of a file as read, and which of them holds the headings (0-based)."""

    rows: Sequence[Sequence[Cell]]
    header_index: int

    @property
    def header_row(self) -> int:
        """The heading row as the spreadsheet numbers it."""
        return self.header_index + 1

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        header = self.rows[self.header_index] if self.rows else ()
        width = max((len(row) for row in self.rows[self.header_index :]), default=0)
        return tuple(
            Column(i, cell_text(header[i]) if i < len(header) else "") for i in range(width)
        )

    @property
    def data(self) -> Sequence[Sequence[Cell]]:
        return self.rows[self.header_index + 1 :]

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(c.heading for c in self.columns if c.heading)


def open_sheet(rows: Sequence[Sequence[Cell]], header_row: int | None = None) -> Sheet:
    """The sheet with its heading row: the one given (1-based), else the one found."""
    if header_row is not None:
        return Sheet(rows, min(header_row - 1, max(len(rows) - 1, 0)))
    return Sheet(rows, find_header_row(rows) - 1)


def is_standard(rows: Sequence[Sequence[Cell]]) -> bool:
    """The §8 headings in the first row (what the plain import reads without a mapping)."""
    if not rows or not any(cell_text(cell) for cell in rows[0]):
        return False
    _found, _unnamed, problems = map_header(rows[0])
    return not problems


def find_header_row(rows: Sequence[Sequence[Cell]], suggester: Suggester | None = None) -> int:
    """The row (1-based) of headings: the first near the top with two or more headings it
    recognises, else the first whose cells are text (no dates or numbers) and fill at least
    half the width. Title rows above it (one cell, or merged cells) are passed over."""
    headings = suggester.field_for_heading if suggester else _heading_field
    top = rows[:HEADER_SEARCH_ROWS]
    filled = [sum(1 for cell in row if cell_text(cell)) for row in top]
    widest = max(filled, default=0)
    fallback: int | None = None
    for index, row in enumerate(top):
        texts = [cell for cell in row if isinstance(cell, str) and cell.strip()]
        if filled[index] < 2 or len(texts) < filled[index]:
            continue
        if any(_looks_like_data(cell) for cell in texts):
            continue
        if sum(1 for text in texts if headings(text) is not None) >= 2:
            return index + 1
        if fallback is None and filled[index] * 2 >= widest:
            fallback = index + 1
    if fallback is not None:
        return fallback
    return next((i + 1 for i, count in enumerate(filled) if count), 1)


def _looks_like_data(text: str) -> bool:
    stripped = text.strip()
    return (
        parse_date_time(stripped) is not None
        or stripped.replace(",", "").replace(".", "").isdigit()
    )


@cache
def _heading_table() -> dict[str, str]:
    table = {_heading_words(k): v for k, v in header_lookup().items()}
    for name, words in import_words.HEADINGS.items():
        for word in words:
            table.setdefault(_heading_words(word), name)
    return table


def _heading_words(text: str) -> str:
    return " ".join(
        w.strip(_TRAILING) for w in normalise_header(text).split() if w.strip(_TRAILING)
    )


def _heading_field(text: str) -> str | None:
    """The field a heading names: the whole heading, else its longest run of words that
    names one ("Käynnin kesto" → minutes, "Asiakkaan kotikunta" → municipality)."""
    table = _heading_table()
    words = _heading_words(text).split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            found = table.get(" ".join(words[start : start + size]))
            if found is not None:
                return found
    return None


# --- suggestions ------------------------------------------------------------------------


class Suggester:
    """Recognises headings and words; built once per code list (cheap to ask)."""

    def __init__(self, codes: CodeList, municipalities: Municipalities) -> None:
        self._codes = codes
        self._municipalities = municipalities
        self._exact: dict[str, dict[str, str]] = {}
        self._labels: dict[str, list[tuple[str, str]]] = {}
        for list_name in {*FIELD_LISTS.values()}:
            exact: dict[str, str] = {}
            labels: list[tuple[str, str]] = []
            for code in codes.of(list_name):
                exact[value_key(code.code)] = code.code
            for code in codes.of(list_name):
                for label in code.labels.values():
                    exact.setdefault(value_key(label), code.code)
                    labels.append((value_key(label), code.code))
            for code_name, words in import_words.VALUES.get(list_name, {}).items():
                for word in words:
                    exact.setdefault(value_key(word), code_name)
            self._exact[list_name] = exact
            self._labels[list_name] = labels
        self._cache: dict[tuple[str, str], str | None] = {}

    def field_for_heading(self, heading: str) -> str | None:
        return _heading_field(heading)

    def code_for(self, field_name: str, text: str) -> str | None:
        """The code a cell's word most likely means, or None when it is not clear."""
        key = (field_name, text)
        if key not in self._cache:
            self._cache[key] = self._code_for(field_name, text)
        return self._cache[key]

    def _code_for(self, field_name: str, text: str) -> str | None:
        word = value_key(text)
        if not word:
            return None
        if field_name == "municipality":
            return self._municipality(text)
        list_name = FIELD_LISTS.get(field_name)
        if list_name is None:
            return None
        found = self._simple(list_name, word)
        if found is not None:
            return found
        candidates: set[str] = set()
        parts: list[str] = []
        if match := _PARENTHESES.match(word):
            parts += [(match[1] + match[3]).strip(), match[2].strip()]
        parts += _PART_SEPARATORS.split(word)
        for part in parts:
            if part and part != word and (code := self._simple(list_name, part)) is not None:
                candidates.add(code)
        if len(candidates) == 1:
            return candidates.pop()
        if len(word) >= 4:
            prefixed = {
                code
                for label, code in self._labels[list_name]
                if label.startswith((word + " ", word + "-"))
            }
            if len(prefixed) == 1:
                return prefixed.pop()
        return None

    def _simple(self, list_name: str, word: str) -> str | None:
        exact = self._exact[list_name]
        found = exact.get(word) or exact.get(word.strip(_TRAILING))
        if found is None and list_name == "age_band":
            found = exact.get(_AGE_SUFFIX.sub("", word))
        return found

    def _municipality(self, text: str) -> str | None:
        cleaned = text.strip()
        found = self._municipalities.resolve(cleaned)
        if found is None:
            bare = _MUNICIPALITY_SUFFIX.sub("", cleaned.casefold())
            found = self._municipalities.resolve(bare)
            if found is None and bare.endswith("n"):  # genitive: "Jyväskylän kaupunki"
                found = self._municipalities.resolve(bare[:-1])
        return found

    def plain_name(self, text: str) -> bool:
        """A municipality name or code the import recognises without a mapping."""
        return self._municipalities.resolve(text) is not None

    def flag_for_heading(self, heading: str) -> tuple[str, str] | None:
        """(field, code) when a heading names one choice ("OmaKanta", "Aiheet: Kela",
        "Asiointitapa - Puhelin": the question, when it names a field, decides the list)."""
        pieces = [p for p in _CHOICE_SEPARATORS.split(heading.strip()) if p]
        choice = pieces[-1] if pieces else heading
        if len(pieces) > 1:
            question = _heading_field(" ".join(pieces[:-1]))
            if question is not None and question in FIELD_LISTS:
                code = self.code_for(question, choice)
                return None if code is None else (question, code)
        for part in dict.fromkeys([heading, choice]):
            for field_name in FLAG_FIELDS:
                code = self.code_for(field_name, part)
                if code is not None:
                    return field_name, code
        return None


@dataclass(frozen=True)
class ColumnValues:
    """The distinct cells of one column: text as first seen per value key, and row counts."""

    column: Column
    filled: int
    counts: Mapping[str, tuple[str, int]]  # value key -> (text as first seen, rows)
    raw: Mapping[Cell, int]  # the cells as read (at most PROFILE_LIMIT of them)
    complete: bool  # False when the column had more distinct cells than PROFILE_LIMIT


def profile(sheet: Sheet) -> dict[int, ColumnValues]:
    """Every column's distinct cells (counted once; the sheet may have 10,000 rows)."""
    data = sheet.data
    profiles: dict[int, ColumnValues] = {}
    for column in sheet.columns:
        index = column.index
        raw = Counter(row[index] for row in data if index < len(row))
        raw.pop(None, None)
        counts: dict[str, tuple[str, int]] = {}
        filled = 0
        limited = dict(raw.most_common(PROFILE_LIMIT)) if len(raw) > PROFILE_LIMIT else raw
        for cell, rows in limited.items():
            text = cell_text(cell)
            if not text:
                continue
            filled += rows
            key = value_key(text)
            first, seen = counts.get(key, (text, 0))
            counts[key] = (first, seen + rows)
        if len(raw) > PROFILE_LIMIT:
            filled = sum(rows for cell, rows in raw.items() if cell_text(cell))
        profiles[index] = ColumnValues(column, filled, counts, limited, len(raw) <= PROFILE_LIMIT)
    return profiles


def field_values(
    profiles: Mapping[int, ColumnValues], indexes: Iterable[int], separators: Sequence[str]
) -> dict[str, tuple[str, int]]:
    """The distinct words of the columns feeding one field (multi-value cells split)."""
    words: dict[str, tuple[str, int]] = {}
    for index in indexes:
        for text, rows in profiles[index].counts.values():
            for item in split_items(text, separators) if separators else [text]:
                key = value_key(item)
                first, seen = words.get(key, (item, 0))
                words[key] = (first, seen + rows)
    return words


def split_items(
    text: str, separators: Sequence[str], known: Callable[[str], bool] | None = None
) -> list[str]:
    """A multi-value cell's items. Line breaks always separate; each separator splits only the
    parts that are not already a known word (so a label with a comma survives ``,``)."""
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    for separator in separators:
        next_parts: list[str] = []
        for part in parts:
            if separator in part and not (known and known(part)):
                next_parts += [p.strip() for p in part.split(separator) if p.strip()]
            else:
                next_parts.append(part)
        parts = next_parts
    return parts


def _tick_like(values: ColumnValues, choice: str) -> bool:
    """A survey's tick column: 1/x/yes (or the choice's own text) where ticked, 0/no/empty
    where not."""
    if not values.complete or values.filled == 0:
        return False
    ticked = False
    for cell in values.raw:
        if isinstance(cell, bool):
            ticked |= cell
            continue
        if isinstance(cell, int | float):
            if cell not in (0, 1):
                return False
            ticked |= cell == 1
            continue
        key = value_key(cell_text(cell))
        if key in import_words.UNTICKED or not key:
            continue
        if key in _TICKS or key == value_key(choice):
            ticked = True
            continue
        return False
    return ticked


def _field_by_content(values: ColumnValues) -> str | None:
    """What the cells of an ambiguous or unknown heading hold: dates, times of day or
    durations."""
    cells = [cell for cell in values.raw if cell_text(cell)][:200]
    if not cells:
        return None
    if all(parse_date_time(c) is not None for c in cells) and not all(
        isinstance(c, int | float) for c in cells
    ):
        return "date"
    if all(isinstance(c, dt.time) or (isinstance(c, str) and ":" in c) for c in cells):
        clocks = [parse_clock(c) for c in cells]
        if all(clocks) and sorted(c.hour for c in clocks if c)[len(clocks) // 2] >= 6:
            return "start"
    if all(parse_duration(c) is not None for c in cells):
        return "minutes"
    return None


def suggest(
    sheet: Sheet,
    suggester: Suggester,
    base: ImportMapping | None = None,
    profiles: Mapping[int, ColumnValues] | None = None,
) -> Draft:
    """A complete draft mapping for the sheet: what ``base`` (e.g. a remembered mapping)
    already says, then what the headings and words make clear, the rest left open."""
    base = base or ImportMapping()
    profiles = profiles if profiles is not None else profile(sheet)
    columns: dict[str, str] = {}
    flags: dict[str, dict[str, str]] = {}
    open_columns: list[str] = []
    taken: set[str] = set()
    for column in sheet.columns:
        heading = column.heading
        if not heading or heading in columns or any(heading in f for f in flags.values()):
            continue
        cells = profiles[column.index]
        known = base.target_of(heading)
        if known is not None:
            field_name, code = known
            if code is None:
                columns[heading] = field_name
                taken.add(field_name)
            else:
                flags.setdefault(field_name, {})[heading] = code
            continue
        found = suggester.field_for_heading(heading)
        by_content = _field_by_content(cells)
        if _heading_words(heading) in import_words.AMBIGUOUS_HEADINGS:
            found = by_content or found
        elif found is None and by_content in ("date", "start"):
            found = by_content
        if found is not None and found in taken and found not in SHARED_FIELDS:
            found = None
        # ticks under a heading naming a choice: a survey's tick column, even when the
        # heading also names the question's field ("Aiheet: Kela")
        flag = suggester.flag_for_heading(heading)
        if flag is not None and _tick_like(cells, _CHOICE_SEPARATORS.split(heading.strip())[-1]):
            flags.setdefault(flag[0], {})[heading] = flag[1]
        elif found is not None:
            columns[heading] = found
            taken.add(found)
        elif cells.filled == 0:
            columns[heading] = IGNORE
        else:
            open_columns.append(heading)
    split = {f: base.separators(f) for f in MULTI_FIELDS if f in base.split}
    draft_mapping = ImportMapping(columns, {}, flags, dict(base.defaults), split, sheet.header_row)
    values, open_values, split = _suggest_values(
        sheet, draft_mapping, suggester, profiles, base, split
    )
    provided = {*columns.values(), *flags, *base.defaults}
    open_defaults = tuple(f for f in REQUIRED if f not in provided)
    mapping = ImportMapping(
        columns, values, flags, dict(base.defaults), split, base.header_row or sheet.header_row
    )
    return Draft(mapping, tuple(open_columns), open_values, open_defaults)


def _suggest_values(
    sheet: Sheet,
    mapping: ImportMapping,
    suggester: Suggester,
    profiles: Mapping[int, ColumnValues],
    base: ImportMapping,
    split: dict[str, tuple[str, ...]],
) -> tuple[dict[str, dict[str, str]], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    values: dict[str, dict[str, str]] = {}
    open_values: dict[str, tuple[str, ...]] = {}
    for field_name in CODED_FIELDS:
        indexes = [
            c.index
            for c in sheet.columns
            if c.heading and mapping.columns.get(c.heading) == field_name
        ]
        if not indexes:
            continue
        separators: tuple[str, ...] = ()
        if field_name in MULTI_FIELDS:
            separators = split.get(field_name) or _suggest_split(
                field_name, profiles, indexes, suggester
            )
            if separators != DEFAULT_SPLIT:
                split[field_name] = separators
        words = field_values(profiles, indexes, separators)
        known = {value_key(w): c for w, c in base.values.get(field_name, {}).items()}
        chosen: dict[str, str] = {}
        unknown: list[str] = []
        for key, (text, _rows) in sorted(words.items(), key=lambda kv: -kv[1][1]):
            if field_name == "municipality" and key not in known and suggester.plain_name(text):
                continue  # names are recognised without a mapping
            code = known.get(key) or suggester.code_for(field_name, text)
            if code is None:
                unknown.append(text)
            else:
                chosen[text] = code
        values[field_name] = chosen
        if unknown:
            open_values[field_name] = tuple(unknown)
    return values, open_values, split


def _suggest_split(
    field_name: str,
    profiles: Mapping[int, ColumnValues],
    indexes: Sequence[int],
    suggester: Suggester,
) -> tuple[str, ...]:
    """``;`` always; ``,`` too when cells hold comma-separated words that are each known."""

    def known(text: str) -> bool:
        return suggester.code_for(field_name, text) is not None

    for index in indexes:
        for text, _rows in profiles[index].counts.values():
            for part in split_items(text, DEFAULT_SPLIT):
                if "," in part and not known(part):
                    items = [p.strip() for p in part.split(",") if p.strip()]
                    if len(items) > 1 and all(known(item) for item in items):
                        return (";", ",")
    return DEFAULT_SPLIT


# --- importing with a mapping -----------------------------------------------------------


@dataclass(frozen=True)
class _Feed:
    """Where one field of a row comes from."""

    indexes: tuple[int, ...]
    flags: tuple[tuple[int, str], ...]


def check_columns(
    sheet: Sheet, mapping: ImportMapping
) -> tuple[dict[str, _Feed], list[ImportProblem]]:
    """Which columns feed which field, or the problems of the headings (each named by its
    heading on the heading row)."""
    feeds: dict[str, tuple[list[int], list[tuple[int, str]]]] = {}
    problems: list[ImportProblem] = []
    first_of: dict[str, str] = {}
    data = sheet.data
    row = sheet.header_row
    for column in sheet.columns:
        index = column.index
        has_values = any(index < len(r) and cell_text(r[index]) for r in data)
        if not column.heading:
            if has_values:
                message = N_("Column {column} has a value but no header.")
                problems.append(
                    ImportProblem(row, column.letter, message, {"column": column.letter})
                )
            continue
        target = mapping.target_of(column.heading)
        if target is None:
            if has_values:
                problems.append(
                    ImportProblem(
                        row,
                        column.heading,
                        N_(
                            "The column “{column}” is not in the mapping: "
                            "choose its field, or ignore it."
                        ),
                        {"column": column.heading},
                    )
                )
            continue
        field_name, code = target
        if field_name == IGNORE:
            continue
        indexes, flags = feeds.setdefault(field_name, ([], []))
        if code is not None:
            flags.append((index, code))
            continue
        if indexes and field_name not in SHARED_FIELDS:
            problems.append(
                ImportProblem(
                    row,
                    column.heading,
                    N_("The columns “{first}” and “{column}” mean the same thing."),
                    {"first": first_of[field_name], "column": column.heading},
                )
            )
            continue
        first_of.setdefault(field_name, column.heading)
        indexes.append(index)
    for field_name in REQUIRED:
        if field_name not in feeds and field_name not in mapping.defaults:
            problems.append(
                ImportProblem(
                    None,
                    None,
                    N_("No column holds “{field}”: choose its column, or give every row a value."),
                    {"field": field_name},
                )
            )
    return {k: _Feed(tuple(i), tuple(f)) for k, (i, f) in feeds.items()}, problems


def parse_mapped(
    sheet: Sheet,
    mapping: ImportMapping,
    codes: CodeList,
    municipalities: Municipalities,
    today: dt.date,
    *,
    max_rows: int = MAX_ROWS,
    max_problems: int = MAX_PROBLEMS,
) -> tuple[list[ImportedSession], list[ImportProblem]]:
    """Every session of the sheet read with the mapping, or none and every problem. Sessions
    carry the row number the spreadsheet shows."""
    feeds, problems = check_columns(sheet, mapping)
    if problems:
        return [], problems
    reader = _MappedRows(sheet, mapping, feeds, codes)
    sessions, found = parse_sessions(
        reader.rows(), codes, municipalities, today, max_rows=max_rows, max_problems=max_problems
    )
    offset = sheet.header_index
    problems = sorted(
        [*reader.problems, *(reader.relabel(p) for p in found)],
        key=lambda p: (p.row or 0, reader.position(p.column)),
    )
    if len(problems) > max_problems:
        problems = problems[:max_problems]
    if problems:
        return [], problems
    return [ImportedSession(s.row + offset, s.session, s.client_nickname) for s in sessions], []


class _MappedRows:
    """The sheet's rows as §8 rows: words turned into codes, cells typed as people type them
    read into dates and minutes. What cannot be read passes through unchanged, so the
    standard parser names the problem; it is then told with the sheet's row and heading."""

    def __init__(
        self,
        sheet: Sheet,
        mapping: ImportMapping,
        feeds: Mapping[str, _Feed],
        codes: CodeList,
    ) -> None:
        self._sheet = sheet
        self._mapping = mapping
        self._feeds = feeds
        self._codes = codes
        self.problems: list[ImportProblem] = []
        headings = {c.index: c.heading for c in sheet.columns}
        self._headings = headings
        self._column_of: dict[str, str] = {}
        for name, feed in feeds.items():
            source = feed.indexes[0] if feed.indexes else feed.flags[0][0] if feed.flags else None
            if source is not None:
                self._column_of[name] = headings[source]
        self._positions = {c.heading: c.index for c in reversed(sheet.columns) if c.heading}
        # the mapping's words, then codes and labels with dash variants ignored ("65 – 74")
        self._words: dict[str, dict[str, str]] = {}
        for name, list_name in FIELD_LISTS.items():
            known = {value_key(c.code): c.code for c in codes.of(list_name)}
            for code in codes.of(list_name):
                for label in code.labels.values():
                    known.setdefault(value_key(label), code.code)
            self._words[name] = known
        for name, words in mapping.values.items():
            self._words.setdefault(name, {}).update({value_key(w): c for w, c in words.items()})
        self._coders = {
            name: self._coder(name) for name in CODED_FIELDS if name not in MULTI_FIELDS
        }

    def position(self, column: str | None) -> int:
        if column is None:
            return -1
        return self._positions.get(column, len(self._positions))

    def relabel(self, problem: ImportProblem) -> ImportProblem:
        if problem.row is None:
            return problem
        row = problem.row + self._sheet.header_index
        column = problem.column
        if column in COLUMNS:
            column = self._column_of.get(column, column)
        params = dict(problem.params)
        message = problem.message
        if "row" in params:
            params["row"] = str(row)
        if message == _UNKNOWN_CODE:
            message = N_("“{value}” is not in the mapping: choose its code, or ignore it.")
        return ImportProblem(row, column, message, params)

    def rows(self) -> Iterator[list[Cell]]:
        """A header of §8 names, then one row per row of the sheet (empty ones stay empty, so
        the numbers keep step). Conversions are remembered per distinct cell: a sheet repeats
        its words, durations and dates on every row."""
        yield list(COLUMNS)
        feeds = self._feeds
        converters: dict[str, Callable[[Cell], Cell]] = {
            "minutes": _memo(_duration_cell),
            "travel_minutes": _memo(_duration_cell),
            "follow_up": _memo(_date_cell),
            "start": _memo(_clock_cell),
            **{name: _memo(coder) for name, coder in self._coders.items()},
        }
        plain = [
            (COLUMNS.index(name), feed.indexes[0], converters.get(name))
            for name, feed in feeds.items()
            if name != "date" and len(feed.indexes) == 1 and not feed.flags
            and name not in MULTI_FIELDS
        ]  # fmt: skip
        merged = [
            (COLUMNS.index(name), self._merger(name))
            for name, feed in feeds.items()
            if name in MULTI_FIELDS or feed.flags or len(feed.indexes) > 1
        ]
        fallback = [
            (COLUMNS.index(name), converters.get(name, _same)(value))
            for name, value in self._mapping.defaults.items()
        ]
        date_feed = feeds.get("date")
        date_index = date_feed.indexes[0] if date_feed and date_feed.indexes else None
        read_date = _memo(parse_date_time)
        start_at = COLUMNS.index("start")
        date_at = COLUMNS.index("date")
        for number, raw in enumerate(self._sheet.data, start=self._sheet.header_row + 1):
            out: list[Cell] = [None] * len(COLUMNS)
            if not any(cell is not None and cell != "" for cell in raw):
                yield out
                continue
            width = len(raw)
            for at, index, convert in plain:
                if index < width:
                    cell = raw[index]
                    if cell is not None and cell != "":
                        out[at] = convert(cell) if convert else cell
            if date_index is not None and date_index < width:
                cell = raw[date_index]
                if cell is not None and cell != "":
                    read = read_date(cell)
                    if read is None:
                        out[date_at] = cell
                    else:
                        out[date_at] = read[0]
                        if read[1] is not None and out[start_at] is None:
                            out[start_at] = read[1]
            for at, merge in merged:
                out[at] = merge(number, raw)
            for at, value in fallback:
                if out[at] is None or out[at] == "":
                    out[at] = value
            yield out

    def _coder(self, name: str) -> Callable[[Cell], Cell]:
        words = self._words.get(name, {})

        def code(cell: Cell) -> Cell:
            text = cell_text(cell)
            found = words.get(value_key(text))
            if found is None:
                return text or None  # a code or label, or the standard parser's problem
            return None if found == IGNORE else found

        return code

    def _merger(self, name: str) -> Callable[[int, Sequence[Cell]], Cell]:
        """What a field fed by several columns, or by tick columns, holds in one row."""
        feed = self._feeds[name]
        indexes, flags = feed.indexes, feed.flags
        ticked = _memo(_ticked)
        if name == "notes":

            def notes(_number: int, raw: Sequence[Cell]) -> Cell:
                texts = [cell_text(raw[i]) for i in indexes if i < len(raw)]
                return "\n".join(text for text in texts if text) or None

            return notes
        if name in MULTI_FIELDS:
            words = self._words.get(name, {})
            separators = self._mapping.separators(name)

            def items_of(cell: Cell) -> tuple[str, ...]:
                known = [
                    words.get(value_key(item), item)
                    for item in split_items(cell_text(cell), separators, _known_in(words))
                ]
                return tuple(item for item in known if item != IGNORE)

            cell_items = _memo(items_of)

            def several(_number: int, raw: Sequence[Cell]) -> Cell:
                width = len(raw)
                found: list[str] = []
                for index in indexes:
                    if index < width and raw[index] is not None:
                        found += cell_items(raw[index])
                for index, code in flags:
                    if index < width and ticked(raw[index]):
                        found.append(code)
                return ";".join(dict.fromkeys(found)) or None

            return several
        coder = _memo(self._coders[name])

        def one(number: int, raw: Sequence[Cell]) -> Cell:
            width = len(raw)
            chosen: list[tuple[int, str]] = []
            if indexes and indexes[0] < width and raw[indexes[0]] is not None:
                value = coder(raw[indexes[0]])
                if value is not None:
                    chosen.append((indexes[0], str(value)))
            for index, code in flags:
                if index < width and ticked(raw[index]):
                    chosen.append((index, code))
            if len({value for _i, value in chosen}) > 1:
                self._two_ticks(number, name, chosen[0][0], chosen[1][0])
            return chosen[0][1] if chosen else None

        return one

    def _two_ticks(self, number: int, name: str, first: int, second: int) -> None:
        self.problems.append(
            ImportProblem(
                number,
                self._headings[second],
                N_("Both “{first}” and “{column}” are ticked; a session has one {field}."),
                {"first": self._headings[first], "column": self._headings[second], "field": name},
            )
        )


_R = TypeVar("_R")


def _memo(convert: Callable[[Cell], _R]) -> Callable[[Cell], _R]:
    """``convert`` remembered per distinct cell (keyed with its type: 1, 1.0 and True differ)."""
    cache: dict[tuple[type, Cell], _R] = {}

    def remembered(cell: Cell) -> _R:
        key = (cell.__class__, cell)
        try:
            return cache[key]
        except KeyError:
            value = cache[key] = convert(cell)
            return value

    return remembered


def _known_in(words: Mapping[str, str]) -> Callable[[str], bool]:
    return lambda text: value_key(text) in words


def _same(cell: Cell) -> Cell:
    return cell


def _ticked(cell: Cell) -> bool:
    if cell is None or cell is False:
        return False
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell != 0
    key = value_key(cell_text(cell))
    return bool(key) and key not in import_words.UNTICKED


def _date_cell(cell: Cell) -> Cell:
    read = parse_date_time(cell)
    return cell if read is None else read[0]


def _clock_cell(cell: Cell) -> Cell:
    time = parse_clock(cell)
    return cell if time is None else time


def _duration_cell(cell: Cell) -> Cell:
    minutes = parse_duration(cell)
    return cell if minutes is None else minutes
