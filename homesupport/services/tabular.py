"""Reading and writing session files: CSV, XLSX and JSON (DESIGN.md §7, §8).

Import: :func:`import_sessions` reads a ``.csv`` or ``.xlsx`` file and returns the parsed
sessions, or none and the list of problems (see :mod:`homesupport.domain.importing`). A file
that cannot be read at all (too large, undecodable, not really an XLSX, password-protected,
damaged) gives one problem, never an exception.

CSV is decoded as UTF-8 with BOM, UTF-8, then Windows-1252 (what Finnish Excel saves as
"CSV (semicolon delimited)"); a UTF-16 BOM (Excel's "Unicode text") is honoured too. The
delimiter is the most frequent of ``;``, ``,`` and tab in the header line, unless a first line
``sep=;`` names it (as Excel allows).

Export: :func:`export_sessions` writes CSV (UTF-8 with BOM, ``;``-separated: Excel in a
Finnish or Swedish locale splits such a file into columns on a double-click, and the BOM makes
it read the text as UTF-8), XLSX (bold frozen header, real date cells) or JSON (every field).
Each write goes to a temporary file in the target folder that replaces the target only when
complete, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import itertools
import json
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.formulas import protect_formula, unprotect_formula
from homesupport.domain.import_sheet import HEADER_SEARCH_ROWS
from homesupport.domain.importing import (
    COLUMNS,
    MAX_ROWS,
    Cell,
    ImportedSession,
    ImportProblem,
    export_rows,
    parse_sessions,
    sessions_document,
)
from homesupport.domain.sessions import Session
from homesupport.files import WriteFailed, replacing
from homesupport.i18n import N_
from homesupport.storage.partial_files import PartialFiles

MAX_FILE_BYTES = 50 * 1024 * 1024
# An XLSX is a zip: a small file can unpack to gigabytes (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
CSV_DELIMITER = ";"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls
_ZIP_MAGIC = b"PK\x03\x04"
_XLSX_WIDTHS = {"date": 12, "start": 8, "client": 16, "topics": 32, "devices": 20, "notes": 48}

Result = tuple[list[ImportedSession], list[ImportProblem]]


class ExportError(Exception):
    """Writing failed; nothing was changed. ``message`` is a catalogue id for ``params``."""

    def __init__(self, message: str, params: dict[str, str]) -> None:
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


class _Unreadable(Exception):
    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _file_problem(message: str, **params: object) -> ImportProblem:
    return ImportProblem(None, None, message, {k: str(v) for k, v in params.items()})


# --- import ------------------------------------------------------------------------------


def import_sessions(
    path: Path,
    codes: CodeList,
    municipalities: Municipalities,
    today: dt.date | None = None,
    sheet: str | None = None,
) -> Result:
    """The sessions of a ``.csv`` or ``.xlsx`` file (a workbook's ``sheet``, default the
    first), or none and every problem."""
    today = today or dt.date.today()
    kind, problem = _file_kind(path)
    if problem is not None:
        return [], [problem]
    if kind == "xlsx" and sheet is not None:
        table, problem = read_table(path, sheet)
        if table is None:
            return [], [problem] if problem else []
        return parse_sessions(table.rows, codes, municipalities, today)
    if kind == "xlsx":
        return import_xlsx(path, codes, municipalities, today)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = _file_problem(N_("Could not open the file: {reason}."), reason=_reason(exc))
        return [], [problem]
    return import_csv_bytes(data, codes, municipalities, today)


def _file_kind(path: Path) -> tuple[str, ImportProblem | None]:
    """``xlsx`` or ``csv`` by the file's ending, or the problem that stops it being read."""
    suffix = path.suffix.casefold()
    try:
        size = path.stat().st_size
    except OSError as exc:
        return "", _file_problem(N_("Could not open the file: {reason}."), reason=_reason(exc))
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return "", _file_problem(N_("The file is larger than {limit} MB."), limit=limit)
    if suffix == ".xlsx" or suffix == ".xlsm":
        return "xlsx", None
    if suffix in (".csv", ".txt"):
        return "csv", None
    if suffix in (".xls", ".ods", ".numbers"):
        message = N_("Save the sheet as an Excel workbook (.xlsx) or as CSV, then import that.")
        return "", _file_problem(message)
    return "", _file_problem(N_("Only .csv and .xlsx files can be imported."))


@dataclass(frozen=True)
class Table:
    """Every row of a file as read (for a workbook, of one sheet), before any parsing."""

    rows: list[list[Cell]]
    sheets: tuple[str, ...] = ()  # the workbook's sheets, in order; () for CSV
    sheet: str | None = None  # the sheet read


def read_table(path: Path, sheet: str | None = None) -> tuple[Table | None, ImportProblem | None]:
    """The rows of a ``.csv`` file, or of one sheet of an ``.xlsx`` workbook (``sheet`` by
    name; the first when None), or the one problem that stops it being read."""
    kind, problem = _file_kind(path)
    if problem is not None:
        return None, problem
    limit = MAX_ROWS + HEADER_SEARCH_ROWS
    too_many = _file_problem(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
    try:
        if kind == "csv":
            try:
                data = path.read_bytes()
            except OSError as exc:
                message = N_("Could not open the file: {reason}.")
                return None, _file_problem(message, reason=_reason(exc))
            rows = list(itertools.islice(csv_rows(data), limit + 1))
            return (None, too_many) if len(rows) > limit else (Table(rows), None)
        workbook = _open_workbook(path)
        try:
            sheets = {ws.title: ws for ws in workbook.worksheets}  # no chart sheets
            names = tuple(sheets)
            if not names:
                return None, _file_problem(N_("The workbook has no sheet to import."))
            chosen = names[0] if sheet is None else sheet
            if chosen not in names:
                message = N_("The workbook has no sheet “{sheet}”; its sheets are {sheets}.")
                return None, _file_problem(message, sheet=chosen, sheets=", ".join(names))
            rows = list(itertools.islice(_sheet_rows(sheets[chosen]), limit + 1))
            if len(rows) > limit:
                return None, too_many
            return Table(rows, names, chosen), None
        finally:
            workbook.close()
    except _Unreadable as exc:
        return None, exc.problem


def import_csv_bytes(
    data: bytes, codes: CodeList, municipalities: Municipalities, today: dt.date
) -> Result:
    try:
        rows = csv_rows(data)
        return parse_sessions(rows, codes, municipalities, today)
    except _Unreadable as exc:
        return [], [exc.problem]


def decode_text(data: bytes) -> str:
    """The text of a CSV file, in the order UTF-8 with BOM, UTF-8, Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE2_MAGIC):
        message = N_(
            "This is a spreadsheet file, not CSV; give it the .xlsx ending or save as CSV."
        )
        raise _Unreadable(_file_problem(message))
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable(
        _file_problem(N_("The text encoding is not readable; save the file as CSV UTF-8."))
    )


def detect_delimiter(text: str) -> str:
    """The most frequent of ``;``, ``,`` and tab outside quotes in the first line that has
    any (a title row typed above the headings may have none)."""
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "\n":
            if any(counts.values()):
                break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts.values())
    # ties (e.g. a one-column file) favour ',' , the format's default outside the Nordics
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def csv_rows(data: bytes) -> Iterator[list[Cell]]:
    """The rows of CSV bytes; every record counts as one row, like a spreadsheet shows it."""
    text = decode_text(data)
    # Excel honours (and hides) a first line "sep=;" naming the delimiter; so do we
    first, _, rest = text.partition("\n")
    if len(first.rstrip("\r")) == 5 and first.casefold().startswith("sep="):
        delimiter, text = first[4], rest
    else:
        delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ([unprotect_formula(cell) for cell in row] for row in reader)
    return _guarded(rows, N_("The CSV file is damaged near row {row}."))


def import_xlsx(
    path: Path, codes: CodeList, municipalities: Municipalities, today: dt.date
) -> Result:
    """The sessions on the first sheet of a workbook."""
    try:
        workbook = _open_workbook(path)
    except _Unreadable as exc:
        return [], [exc.problem]
    try:
        if not workbook.worksheets:
            return [], [_file_problem(N_("The workbook has no sheet to import."))]
        rows = _sheet_rows(workbook.worksheets[0])
        return parse_sessions(rows, codes, municipalities, today)
    except _Unreadable as exc:
        return [], [exc.problem]
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Any:
    """The workbook, read-only; raises :class:`_Unreadable` with what stops it opening."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        message = N_("Could not open the file: {reason}.")
        raise _Unreadable(_file_problem(message, reason=_reason(exc))) from exc
    if magic == _OLE2_MAGIC:
        message = N_(
            "The workbook is password-protected or in the old .xls format: remove the password "
            "or save it as an Excel workbook (.xlsx)."
        )
        raise _Unreadable(_file_problem(message))
    not_xlsx = _Unreadable(
        _file_problem(N_("The file is not an Excel workbook (.xlsx), or it is damaged."))
    )
    if not magic.startswith(_ZIP_MAGIC):
        raise not_xlsx
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_xlsx from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _Unreadable(_file_problem(N_("The workbook is too large to import.")))
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (validation, styles); the data is intact
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises a zoo (KeyError, ParseError, ...) on foreign zips
        raise not_xlsx from exc


def _sheet_rows(sheet: Any) -> Iterator[list[Cell]]:
    sheet.reset_dimensions()  # a stale stored size would cut rows off silently
    return _guarded(
        (list(map(_xlsx_cell, row)) for row in sheet.iter_rows(values_only=True)),
        N_("The workbook is damaged near row {row}."),
    )


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | dt.date | dt.time | dt.timedelta):
        return value
    return str(value)


def _guarded(rows: Iterable[Sequence[Cell]], message: str) -> Iterator[list[Cell]]:
    """Rows from a reader, with any failure of the reader turned into one file problem (the
    parser's own errors are not caught here, so bugs stay visible)."""
    iterator = iter(rows)
    number = 0
    while True:
        number += 1
        try:
            row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # csv.Error, zlib.error, ParseError, ... from foreign files
            raise _Unreadable(_file_problem(message, row=number)) from exc
        yield list(row)


# --- export ------------------------------------------------------------------------------


def export_sessions(
    path: Path,
    sessions: Iterable[Session],
    file_format: str,
    partial: PartialFiles | None = None,
) -> None:
    """Writes ``csv``, ``xlsx`` or ``json``; raises :class:`ExportError`, target unchanged.
    Unfinished files are noted in ``partial``, so a write killed halfway is removed at the
    next start."""
    writers: dict[str, Callable[[Path, Iterable[Session], PartialFiles | None], None]] = {
        "csv": write_csv,
        "xlsx": write_xlsx,
        "json": write_json,
    }
    if file_format not in writers:
        raise ValueError(f"unknown export format: {file_format}")
    writers[file_format](path, sessions, partial)


def csv_text_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return protect_formula(value)  # never a live formula in a spreadsheet
    return str(value)


def write_csv(
    path: Path,
    sessions: Iterable[Session],
    partial: PartialFiles | None = None,
    delimiter: str = CSV_DELIMITER,
) -> None:
    with (
        _atomic(path, partial) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as out,
    ):
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(COLUMNS)
        writer.writerows([csv_text_cell(v) for v in row] for row in export_rows(sessions))


def write_xlsx(
    path: Path, sessions: Iterable[Session], partial: PartialFiles | None = None
) -> None:
    with _atomic(path, partial) as temporary:
        # In memory until written whole: XlsxWriter would otherwise stage the rows, in clear,
        # in the system's temp folder, where a killed export leaves them.
        workbook = xlsxwriter.Workbook(str(temporary), {"in_memory": True})
        sheet = workbook.add_worksheet("sessions")
        sheet.freeze_panes(1, 0)
        for index, name in enumerate(COLUMNS):
            sheet.set_column(index, index, _XLSX_WIDTHS.get(name, max(len(name) + 2, 10)))
        sheet.write_row(0, 0, COLUMNS, workbook.add_format({"bold": True}))
        cell = _XlsxCells(sheet, workbook)
        for row, values in enumerate(export_rows(sessions), start=1):
            for column, value in enumerate(values):
                cell.write(row, column, value)
        workbook.close()


class _XlsxCells:
    """Typed cells: dates and times as Excel dates and times; text always text, never a
    formula (``=SUM(…)``, ``#N/A`` stay as typed); nothing for None."""

    def __init__(self, sheet: Any, workbook: Any) -> None:
        self._sheet = sheet
        self._date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self._time = workbook.add_format({"num_format": "hh:mm"})

    def write(self, row: int, column: int, value: Cell) -> None:
        if value is None:
            return
        if isinstance(value, str):
            self._sheet.write_string(row, column, ILLEGAL_CHARACTERS_RE.sub("", value))
        elif isinstance(value, dt.time):
            self._sheet.write_datetime(row, column, value, self._time)
        elif isinstance(value, dt.date):
            self._sheet.write_datetime(row, column, value, self._date)
        else:
            self._sheet.write_number(row, column, value)


def write_json(
    path: Path, sessions: Iterable[Session], partial: PartialFiles | None = None
) -> None:
    text = json.dumps(sessions_document(sessions), ensure_ascii=False, indent=2) + "\n"
    with _atomic(path, partial) as temporary:
        temporary.write_text(text, encoding="utf-8")


@contextmanager
def _atomic(target: Path, partial: PartialFiles | None = None) -> Iterator[Path]:
    """A temporary path next to ``target`` that replaces it once the block succeeds; noted
    in ``partial`` when given, so that a killed process's file goes at the next start."""
    scratch = None if partial is None else functools.partial(partial.writing, kind="")
    try:
        with replacing(target, scratch=scratch) as temporary:
            yield temporary
    except WriteFailed as failed:
        raise ExportError(failed.msgid, failed.params) from failed


def _reason(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__
