"""Enrolment codes and devices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from homesupport.coordinator import security
from homesupport.coordinator.storage.models import Device, EnrolmentCode, Report


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
