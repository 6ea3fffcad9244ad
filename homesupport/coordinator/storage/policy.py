"""The coordinator's policy (k) and its locked months."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from homesupport.coordinator.storage.models import LockedPeriod, Meta
from homesupport.domain.report_format import DEFAULT_K

K_KEY = "policy.k"


def get_k(session: Session) -> int:
    found = session.get(Meta, K_KEY)
    return int(found.value) if found else DEFAULT_K


def set_k(session: Session, k: int) -> None:
    session.merge(Meta(key=K_KEY, value=str(k)))


def locked_periods(session: Session) -> list[str]:
    return list(session.scalars(select(LockedPeriod.period).order_by(LockedPeriod.period)))


def locked_periods_at(connection: Connection) -> list[str]:
    return list(connection.scalars(select(LockedPeriod.period).order_by(LockedPeriod.period)))


def is_locked(session: Session, period: str) -> bool:
    return session.get(LockedPeriod, period) is not None


def lock(session: Session, period: str, now: dt.datetime) -> bool:
    """Locks a month; False when it already was."""
    if is_locked(session, period):
        return False
    session.add(LockedPeriod(period=period, locked_at=now))
    return True


def unlock(session: Session, period: str) -> bool:
    found = session.get(LockedPeriod, period)
    if found is None:
        return False
    session.delete(found)
    return True
