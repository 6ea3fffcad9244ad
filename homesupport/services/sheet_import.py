"""Importing the sheets teams already keep (DESIGN.md §8, import mapping v1).

:func:`read_sheet` reads a file once (one sheet of a workbook), finds its heading row, counts
its distinct cells and drafts a mapping: the one remembered for the same headings when there
is one, completed with what the headings and words make clear. :func:`check_sheet` tells how
many rows a mapping makes ready and what is wrong with the others (the mapping dialog's live
count); :meth:`TransferService.import_sheet` stores them, all rows or none.

:class:`MappingMemory` keeps one mapping per set of headings in the data folder, so next
month's sheet imports in one click. Its files hold headings and the words of coded columns
(modes, topics, age bands…) only: nothing a person typed about a client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_mapped import parse_mapped
from homesupport.domain.import_mapping import (
    CODED_FIELDS,
    Draft,
    ImportMapping,
    heading_key,
    load_mapping,
    render_toml,
)
from homesupport.domain.import_sheet import (
    ColumnValues,
    Sheet,
    Suggester,
    find_header_row,
    is_standard,
    profile,
    suggest,
)
from homesupport.domain.importing import ImportedSession, ImportProblem
from homesupport.files import atomic_write
from homesupport.services import tabular

MAPPING_FOLDER = "import-mappings"
NO_PROBLEM_LIMIT = 10**9


@dataclass(frozen=True)
class SheetPreview:
    """A file read for mapping: its sheet, whether its headings are the standard ones, and the
    drafted mapping (``remembered``: it started from a mapping kept for these headings)."""

    path: Path
    table: tabular.Table
    sheet: Sheet
    standard: bool
    draft: Draft
    profiles: Mapping[int, ColumnValues]
    remembered: bool


@dataclass(frozen=True)
class SheetCheck:
    """What a mapping makes of a sheet: rows ready to import, and every problem."""

    rows: int  # rows holding anything
    ready: int
    problems: list[ImportProblem]
    sessions: list[ImportedSession]


class MappingMemory:
    """One mapping file per set of headings, in ``folder``."""

    def __init__(self, folder: Path, codes: CodeList, municipalities: Municipalities) -> None:
        self._folder = folder
        self._codes = codes
        self._municipalities = municipalities

    def path_for(self, headings: Iterable[str]) -> Path:
        keys = sorted({heading_key(h) for h in headings if h.strip()})
        digest = hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:24]
        return self._folder / f"{digest}.toml"

    def recall(self, headings: Iterable[str]) -> ImportMapping | None:
        try:
            text = self.path_for(headings).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        mapping, problems = load_mapping(text, self._codes, self._municipalities)
        return None if problems else mapping

    def remember(self, headings: Iterable[str], mapping: ImportMapping) -> None:
        """Keeps the mapping for these headings (codes only: words of coded columns)."""
        kept = ImportMapping(
            dict(mapping.columns),
            {k: dict(v) for k, v in mapping.values.items() if k in CODED_FIELDS},
            {k: dict(v) for k, v in mapping.flags.items()},
            dict(mapping.defaults),
            dict(mapping.split),
            None,  # found again in next month's sheet, wherever its title rows end
        )
        text = render_toml(Draft(kept), self._codes, "en", _identity)
        target = self.path_for(headings)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)


def _identity(text: str) -> str:
    return text


def read_sheet(
    path: Path,
    codes: CodeList,
    municipalities: Municipalities,
    memory: MappingMemory | None = None,
    sheet_name: str | None = None,
    mapping: ImportMapping | None = None,
    drafting: bool = True,
) -> tuple[SheetPreview | None, ImportProblem | None]:
    """The file read and its mapping drafted (from ``mapping``, else the remembered one), or
    the problem that stops it being read. Without ``drafting`` the draft is ``mapping`` as
    it is (an import with a finished mapping needs no suggestions)."""
    table, problem = tabular.read_table(path, sheet_name)
    if table is None:
        return None, problem
    suggester = Suggester(codes, municipalities)
    header_row = mapping.header_row if mapping and mapping.header_row else None
    rows = table.rows
    sheet = Sheet(rows, (header_row or find_header_row(rows, suggester)) - 1)
    if rows and sheet.header_index >= len(rows):
        sheet = Sheet(rows, len(rows) - 1)
    base = mapping
    if base is None and memory is not None:
        base = memory.recall(sheet.headings)
    standard = sheet.header_index == 0 and is_standard(rows)
    if not drafting:
        draft = Draft(base or ImportMapping())
        return SheetPreview(path, table, sheet, standard, draft, {}, base is not None), None
    profiles = profile(sheet)
    draft = suggest(sheet, suggester, base, profiles)
    preview = SheetPreview(path, table, sheet, standard, draft, profiles, base is not None)
    return preview, None


def check_sheet(
    sheet: Sheet,
    mapping: ImportMapping,
    codes: CodeList,
    municipalities: Municipalities,
    today: dt.date,
) -> SheetCheck:
    """Every problem the mapping leaves (not only the first thousand), and the rows ready."""
    sessions, problems = parse_mapped(
        sheet, mapping, codes, municipalities, today, max_problems=NO_PROBLEM_LIMIT
    )
    filled = sum(1 for row in sheet.data if any(c is not None and c != "" for c in row))
    if any(p.row is None or p.row <= sheet.header_row for p in problems):
        return SheetCheck(filled, 0, problems, [])
    troubled = {p.row for p in problems}
    return SheetCheck(filled, filled - len(troubled), problems, sessions)
