"""A sheet with headings of its own (DESIGN.md §8, import mapping v1): where its headings
are, and what a mapping for it could be.

* :func:`find_header_row` finds the row of headings below title rows and merged title cells.
* :class:`Suggester` recognises headings and words (fi/sv/en labels of ``codes.csv``, the
  synonyms of :mod:`homesupport.domain.import_words`, dash and spacing variants such as
  "75-84 v", parenthesised hints such as "etätuki (video)", unique prefixes such as
  "Pankkitunnukset"); :func:`suggest` turns a whole sheet into a :class:`Draft`: the mapping
  it could fill in and what a person still has to complete.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from homesupport.domain import import_words
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_cells import parse_clock, parse_date_time, parse_duration
from homesupport.domain.import_mapping import (
    CODED_FIELDS,
    DEFAULT_SPLIT,
    FIELD_LISTS,
    IGNORE,
    MULTI_FIELDS,
    SHARED_FIELDS,
    Draft,
    ImportMapping,
    cell_text,
    value_key,
)
from homesupport.domain.importing import (
    REQUIRED,
    Cell,
    column_letter,
    header_lookup,
    map_header,
    normalise_header,
)

FLAG_FIELDS = ("topics", "devices", "mode")  # tick columns recognised by their heading
HEADER_SEARCH_ROWS = 30
PROFILE_LIMIT = 2_000  # distinct values kept per column: a coded column has a few dozen
_AGE_SUFFIX = re.compile(r"\s*(?:v|v\.|vuotta|vuotiaat|-vuotiaat|år|years|yrs)$")
_PARENTHESES = re.compile(r"^(.*?)\((.*?)\)(.*)$")
_PART_SEPARATORS = re.compile(r"\s*(?:/|&|\+|\bja\b|\boch\b|\band\b)\s*")
_CHOICE_SEPARATORS = re.compile(r"\s+[-–]\s+|\s*[:|/»›]\s*|\s*_\s*")
_TRAILING = ".:?!*"
_TICKS = frozenset({"1", "x", "kyllä", "ja", "yes", "true", "tosi", "sant", "✓", "✔", "valittu"})
_MUNICIPALITY_SUFFIX = re.compile(r"\s+(?:kaupunki|kunta|stad|kommun)$")


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
