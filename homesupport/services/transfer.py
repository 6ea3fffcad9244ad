"""Importing and exporting sessions as files (DESIGN.md §7, §8): all rows or none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.importing import ImportProblem
from homesupport.services import tabular
from homesupport.storage.client_links import link_by_nickname
from homesupport.storage.sessions_repo import SessionRepository

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class ImportOutcome:
    added: int
    problems: list[ImportProblem]

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
    ) -> None:
        self._factory = session_factory
        self._codes = codes
        self._municipalities = municipalities
        self._clock = clock

    def import_file(self, path: Path) -> ImportOutcome:
        """Stores every row of the file in one transaction, or nothing when any row has a
        problem (then every problem is returned, with its row and column)."""
        now = self._clock()
        imported, problems = tabular.import_sessions(
            path, self._codes, self._municipalities, now.date()
        )
        if problems:
            return ImportOutcome(0, problems)
        with self._factory.begin() as orm:
            sessions = link_by_nickname(
                orm, [(row.client_nickname, row.session) for row in imported], now
            )
            added = SessionRepository(orm).add_many(sessions, now)
        return ImportOutcome(added, [])

    def export_file(self, path: Path, file_format: str) -> int:
        with self._factory() as orm:
            sessions = SessionRepository(orm).all()
        tabular.export_sessions(path, sessions, file_format)
        return len(sessions)
