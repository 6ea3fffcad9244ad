"""Enrolment codes and devices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, exists, false, func, select, update
from sqlalchemy.orm import Session

from homesupport.coordinator import security
from homesupport.coordinator.storage import ratelimit
from homesupport.coordinator.storage.models import (
    Device,
    EnrolmentCode,
    LockedPeriod,
    Meta,
    Report,
)
from homesupport.coordinator.storage.policy import K_KEY
from homesupport.coordinator.storage.reports import Current
from homesupport.domain.report_format import DEFAULT_K

# last_seen_at is written at most once per this interval, not on every request.
LAST_SEEN_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    token: str


@dataclass(frozen=True)
class DeviceRow:
    device_id: str
    name: str
    label: str | None
    last_seen_at: dt.datetime | None
    revoked: bool
    months: tuple[str, ...]


def create_code(session: Session, label: str | None, now: dt.datetime, days: int) -> str:
    code = security.new_enrolment_code()
    session.add(
        EnrolmentCode(
            code_hash=security.hash_secret(code),
            label=label,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
    )
    return code


def enrol(session: Session, code: str, device_name: str, now: dt.datetime) -> Enrolled | None:
    """Spends a code on a new device; None when the code is unknown, used or expired."""
    code_hash = security.hash_secret(security.normalise_code(code))
    # One conditional UPDATE claims the code, so two devices racing for it cannot both win.
    claimed = session.execute(
        update(EnrolmentCode)
        .where(
            EnrolmentCode.code_hash == code_hash,
            EnrolmentCode.used_at.is_(None),
            EnrolmentCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(EnrolmentCode.id, EnrolmentCode.label)
    ).first()
    if claimed is None:
        return None
    token = security.new_token()
    device = Device(
        public_id=security.new_public_id(),
        name=device_name,
        label=claimed.label,
        token_hash=security.hash_secret(token),
        created_at=now,
        last_seen_at=now,
    )
    session.add(device)
    session.flush()
    session.execute(
        update(EnrolmentCode).where(EnrolmentCode.id == claimed.id).values(device_id=device.id)
    )
    return Enrolled(device.public_id, token)


@dataclass(frozen=True)
class Access:
    """A token's device as one request sees it, with the policy it needs."""

    device_pk: int
    public_id: str
    revoked: bool
    requests: int  # in the current rate-limit window, this one included (0 when revoked)
    k: int
    locked: bool  # whether the period asked about is locked


# PostgreSQL: the device, k, the lock state, the rate-limit hit, last_seen_at and the month's
# stored report (row-locked) in one round trip. Data-modifying CTEs run exactly once. The
# rate counter's row is always locked first (the report row only after it), so requests of
# one device queue on the counter and never deadlock.
_PG_ACCESS = """
WITH dev AS (
    SELECT id, public_id, revoked_at, last_seen_at FROM devices WHERE token_hash = %(hash)s
), hit AS (
    INSERT INTO rate_counters (key, "window", count)
    SELECT 'token:' || dev.id, %(window)s, 1 FROM dev WHERE dev.revoked_at IS NULL
    ON CONFLICT (key, "window") DO UPDATE SET count = rate_counters.count + 1
    RETURNING count
), seen AS (
    UPDATE devices SET last_seen_at = %(now)s FROM dev
    WHERE devices.id = dev.id AND dev.revoked_at IS NULL
        AND (dev.last_seen_at IS NULL OR dev.last_seen_at < %(stale)s)
)
SELECT dev.id, dev.public_id, dev.revoked_at IS NOT NULL,
    COALESCE((SELECT count FROM hit), 0),
    (SELECT value FROM meta WHERE key = %(k_key)s),
    EXISTS (SELECT 1 FROM locked_periods WHERE period = %(period)s),
    cur.id, cur.report_id, cur.revision, cur.sha256, cur.received_at, cur.sessions
FROM dev LEFT JOIN LATERAL (
    SELECT id, report_id, revision, sha256, received_at, sessions FROM reports
    WHERE reports.device_id = dev.id AND reports.period = %(period)s
        AND EXISTS (SELECT 1 FROM hit)  -- the counter first, as every request locks it
    FOR UPDATE
) AS cur ON true
"""
_PG_FORGET_WINDOWS = 'DELETE FROM rate_counters WHERE key = %(key)s AND "window" < %(window)s'


def access_pg(
    connection: Connection, token: str, now: dt.datetime, window_seconds: int, period: str | None
) -> tuple[Access | None, Current | None]:
    """``access`` in one PostgreSQL round trip, plus the month's stored report (locked) when
    ``period`` is given and the device may send it."""
    window = ratelimit.window_of(now, window_seconds)
    row = connection.exec_driver_sql(
        _PG_ACCESS,
        {
            "hash": security.hash_secret(token),
            "window": window,
            "now": now,
            "stale": now - LAST_SEEN_PRECISION,
            "k_key": K_KEY,
            "period": period,
        },
    ).first()
    if row is None:
        return None, None
    device_pk, public_id, revoked, used, k, locked = row[:6]
    found = Access(
        device_pk, public_id, revoked, used, int(k) if k is not None else DEFAULT_K, locked
    )
    if used == 1:  # first hit of a new window: forget the key's old windows
        connection.exec_driver_sql(
            _PG_FORGET_WINDOWS, {"key": f"token:{device_pk}", "window": window}
        )
    current = None
    if row[6] is not None:
        current = Current(row[6], row[7], row[8], row[9], row[10].astimezone(dt.UTC), row[11])
    return found, current


def access(
    connection: Connection, token: str, now: dt.datetime, window_seconds: int, period: str | None
) -> Access | None:
    """Looks up the token's device, the policy's k and whether ``period`` is locked in one
    query, then counts the request against the device's rate limit (kept in the database, so
    every worker agrees). None for an unknown token; a revoked device is not counted."""
    if connection.dialect.name == "postgresql":
        return access_pg(connection, token, now, window_seconds, period)[0]
    devices = Device.__table__
    k = select(Meta.value).where(Meta.key == K_KEY).scalar_subquery()
    locked = exists().where(LockedPeriod.period == period) if period else false()
    row = connection.execute(
        select(
            devices.c.id,
            devices.c.public_id,
            devices.c.revoked_at,
            devices.c.last_seen_at,
            k.label("k"),
            locked.label("locked"),
        ).where(devices.c.token_hash == security.hash_secret(token))
    ).first()
    if row is None:
        return None
    policy_k = int(row.k) if row.k is not None else DEFAULT_K
    if row.revoked_at is not None:
        return Access(row.id, row.public_id, True, 0, policy_k, bool(row.locked))
    used = ratelimit.hit(connection, f"token:{row.id}", now, window_seconds)
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_PRECISION:
        connection.execute(update(Device).where(Device.id == row.id).values(last_seen_at=now))
    return Access(row.id, row.public_id, False, used, policy_k, bool(row.locked))


def by_token(session: Session, token: str) -> Device | None:
    return session.scalars(
        select(Device).where(Device.token_hash == security.hash_secret(token))
    ).first()


def by_public_id(session: Session, public_id: str) -> Device | None:
    return session.scalars(select(Device).where(Device.public_id == public_id)).first()


def add_manual(session: Session, name: str, now: dt.datetime) -> Device:
    """A device without a token, for reports delivered by hand."""
    device = Device(public_id=security.new_public_id(), name=name, created_at=now)
    session.add(device)
    session.flush()
    return device


def revoke(session: Session, public_id: str, now: dt.datetime) -> bool | None:
    """Revokes at once; None when unknown, False when it already was revoked."""
    device = by_public_id(session, public_id)
    if device is None:
        return None
    if device.revoked_at is not None:
        return False
    device.revoked_at = now
    return True


def listing(session: Session) -> list[DeviceRow]:
    months: dict[int, list[str]] = {}
    for device_id, period in session.execute(
        select(Report.device_id, Report.period).order_by(Report.period)
    ):
        months.setdefault(device_id, []).append(period)
    return [
        DeviceRow(
            d.public_id,
            d.name,
            d.label,
            d.last_seen_at,
            d.revoked_at is not None,
            tuple(months.get(d.id, ())),
        )
        for d in session.scalars(select(Device).order_by(Device.created_at, Device.id))
    ]


def missing_for(session: Session, period: str) -> list[str]:
    """Names of active devices that have sent nothing for ``period``; never their figures."""
    reported = select(Report.device_id).where(Report.period == period)
    rows = session.execute(
        select(Device.name, Device.label)
        .where(
            Device.revoked_at.is_(None),
            Device.token_hash.is_not(None),
            Device.id.not_in(reported),
        )
        .order_by(func.lower(Device.name))
    )
    return [f"{name} ({label})" if label and label != name else name for name, label in rows]


def active_count(session: Session) -> int:
    """Devices that can report: enrolled (hand-delivery devices have no token), not revoked."""
    query = select(func.count()).select_from(Device)
    query = query.where(Device.revoked_at.is_(None), Device.token_hash.is_not(None))
    return int(session.scalar(query) or 0)


def by_pk(session: Session, pk: int) -> Device:
    device = session.get(Device, pk)
    if device is None:
        raise LookupError(pk)
    return device
