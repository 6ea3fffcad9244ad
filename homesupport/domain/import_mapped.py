"""Importing a sheet with a mapping (DESIGN.md §8, import mapping v1).

:func:`parse_mapped` turns the sheet into sessions with a mapping, **all rows or none**,
reading cells as people type them (:mod:`homesupport.domain.import_cells`). The rows are
handed to the standard parser as §8 rows, so every rule of a session is checked once, in
one place; problems name the row as the spreadsheet shows it and the sheet's own heading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from homesupport.domain import import_words
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_cells import parse_clock, parse_date_time, parse_duration
from homesupport.domain.import_mapping import (
    CODED_FIELDS,
    FIELD_LISTS,
    IGNORE,
    MULTI_FIELDS,
    SHARED_FIELDS,
    ImportMapping,
    cell_text,
    value_key,
)
from homesupport.domain.import_sheet import Sheet, split_items
from homesupport.domain.importing import (
    COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    REQUIRED,
    Cell,
    ImportedSession,
    ImportProblem,
    parse_sessions,
)
from homesupport.i18n import N_

_UNKNOWN_CODE = "Unknown code or label: {value}."  # importing's message, made mapping-aware


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
