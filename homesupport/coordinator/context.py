"""Everything one coordinator process needs, built once and passed down (no globals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from homesupport.coordinator.bundled_guides import BundledGuides
from homesupport.coordinator.security import Passwords
from homesupport.coordinator.settings import Settings
from homesupport.coordinator.storage.db import create_db_engine, session_factory
from homesupport.coordinator.storage.migrate import upgrade
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.resources import resource


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Coordinator:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    codes: CodeList
    municipalities: Municipalities
    passwords: Passwords = field(default_factory=Passwords)
    clock: Callable[[], dt.datetime] = utc_now
    bundled_guides: BundledGuides = field(default_factory=BundledGuides.load)

    def close(self) -> None:
        self.engine.dispose()


def open_coordinator(
    settings: Settings,
    *,
    migrate: bool = True,
    clock: Callable[[], dt.datetime] = utc_now,
    passwords: Passwords | None = None,
) -> Coordinator:
    engine = create_db_engine(settings.db_url)
    if migrate:
        upgrade(engine)
    return Coordinator(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        codes=CodeList.from_csv(resource("data", "codes.csv")),
        municipalities=Municipalities.from_csv(resource("data", "municipalities_fi.csv")),
        passwords=passwords or Passwords(),
        clock=clock,
    )
