"""Importing and exporting sessions as files (DESIGN.md §7, §8): all rows or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.import_mapping import ImportMapping
from homesupport.domain.importing import ImportedSession, ImportProblem, parse_sessions
from homesupport.paths import Paths
from homesupport.services import tabular
from homesupport.services.destinations import check_destination
from homesupport.services.privacy import PrivacyService
from homesupport.services.sheet_import import (
    MappingMemory,
    SheetCheck,
    SheetPreview,
    check_sheet,
    read_sheet,
)
from homesupport.storage.client_links import link_by_nickname
from homesupport.storage.partial_files import PartialFiles
from homesupport.storage.sessions_repo import SessionRepository

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    problems: list[ImportProblem]
    # Rows older than the retention period keep only what statistics need.
    personal_fields_dropped: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class TransferService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        codes: CodeList,
        municipalities: Municipalities,
        clock: Clock,
        privacy: PrivacyService,
        retention_months: int,
        mapping_folder: Path | None = None,
        *,
        data_dir: Path,
    ) -> None:
        """``mapping_folder``: where mappings are remembered per set of headings (none kept
        when None)."""
        self._factory = session_factory
        self._codes = codes
        self._municipalities = municipalities
        self._clock = clock
        self._privacy = privacy
        self._retention_months = retention_months
        self._memory = (
            MappingMemory(mapping_folder, codes, municipalities) if mapping_folder else None
        )
        self._data_dir = data_dir  # exports never replace its own files

    def import_file(self, path: Path, sheet: str | None = None) -> ImportOutcome:
        """Stores every row of the file (of a workbook's ``sheet``, default the first) in one
        transaction, or nothing when any row has a problem (then every problem is returned,
        with its row and column)."""
        now = self._clock()
        imported, problems = tabular.import_sessions(
            path, self._codes, self._municipalities, now.date(), sheet
        )
        if problems:
            return ImportOutcome(0, problems)
        return self._store(imported)

    def read_sheet(
        self,
        path: Path,
        sheet: str | None = None,
        mapping: ImportMapping | None = None,
        drafting: bool = True,
    ) -> tuple[SheetPreview | None, ImportProblem | None]:
        """A sheet with its own headings read, and its mapping drafted (see sheet_import)."""
        return read_sheet(
            path, self._codes, self._municipalities, self._memory, sheet, mapping, drafting
        )

    def import_read(self, preview: SheetPreview) -> ImportOutcome:
        """A file already read for the mapping dialog, in the standard columns after all:
        stored like :meth:`import_file`, without reading it again."""
        imported, problems = parse_sessions(
            preview.table.rows, self._codes, self._municipalities, self._clock().date()
        )
        if problems:
            return ImportOutcome(0, problems)
        return self._store(imported)

    def check_sheet(self, preview: SheetPreview, mapping: ImportMapping) -> SheetCheck:
        return check_sheet(
            preview.sheet, mapping, self._codes, self._municipalities, self._clock().date()
        )

    def import_sheet(
        self, preview: SheetPreview, mapping: ImportMapping, remember: bool = True
    ) -> ImportOutcome:
        """Stores every row the mapping reads, in one transaction, or nothing when any row
        has a problem; a mapping that imported is remembered for these headings."""
        checked = self.check_sheet(preview, mapping)
        if checked.problems:
            return ImportOutcome(0, checked.problems)
        outcome = self._store(checked.sessions)
        if remember and self._memory is not None:
            self._memory.remember(preview.sheet.headings, mapping)
        return outcome

    def _store(self, imported: list[ImportedSession]) -> ImportOutcome:
        now = self._clock()
        sessions, dropped = self._privacy.prepare_import(
            [replace(row.session, client_nickname=row.client_nickname) for row in imported],
            self._retention_months,
        )
        with self._factory.begin() as orm:
            linked = link_by_nickname(orm, [(s.client_nickname, s) for s in sessions], now)
            added = SessionRepository(orm).add_many(linked, now)
        return ImportOutcome(added, [], dropped)

    def export_file(self, path: Path, file_format: str) -> int:
        check_destination(self._data_dir, path)
        with self._factory() as orm:
            sessions = SessionRepository(orm).all()
        partial = PartialFiles(Paths.resolve(self._data_dir).partial)
        tabular.export_sessions(path, sessions, file_format, partial)
        return len(sessions)
