"""Fixed-window request counters kept in the database, so every worker and instance agrees."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete
from sqlalchemy.orm import Session

from homesupport.coordinator.storage.models import RateCounter
from homesupport.coordinator.storage.upsert import insert_for


def window_of(now: dt.datetime, seconds: int) -> int:
    return int(now.timestamp()) // seconds


def hit(session: Session | Connection, key: str, now: dt.datetime, seconds: int) -> int:
    """Counts one request for ``key`` and returns how many there were in this window."""
    window = window_of(now, seconds)
    table = RateCounter.__table__
    statement = (
        insert_for(session, table)  # type: ignore[arg-type]
        .values(key=key, window=window, count=1)
        .on_conflict_do_update(index_elements=["key", "window"], set_={"count": table.c.count + 1})
        .returning(table.c.count)
    )
    count = int(session.execute(statement).scalar_one())
    if count == 1:  # first hit of a new window: forget the key's old windows
        session.execute(
            delete(RateCounter).where(RateCounter.key == key, RateCounter.window < window)
        )
    return count


def count(session: Session, key: str, now: dt.datetime, seconds: int) -> int:
    found = session.get(RateCounter, (key, window_of(now, seconds)))
    return found.count if found else 0


def retry_after(now: dt.datetime, seconds: int) -> int:
    return seconds - int(now.timestamp()) % seconds


def clear(session: Session, key: str) -> None:
    session.execute(delete(RateCounter).where(RateCounter.key == key))
