"""Typed SQLAlchemy 2 models of the coordinator database.

Times are stored as timezone-aware UTC. Secrets (device tokens, enrolment codes, login
session ids) are stored only as SHA-256 hashes; passwords as argon2 hashes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


Timestamp = UtcDateTime()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    label: Mapped[str | None] = mapped_column(String(100))  # the enrolment code's --name
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class EnrolmentCode(Base):
    __tablename__ = "enrolment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    used_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"))


class Report(Base):
    """The highest revision of one device's month."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("device_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    period: Mapped[str] = mapped_column(String(7), index=True)
    # indexed: a by-hand copy of a month is found by its report_id (one copy per month)
    report_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sessions: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class ReportRevision(Base):
    """Audit trail: every accepted revision with its exact canonical bytes, never changed."""

    __tablename__ = "report_revisions"
    __table_args__ = (UniqueConstraint("device_id", "period", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    period: Mapped[str] = mapped_column(String(7))
    report_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sessions: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    source: Mapped[str] = mapped_column(String(16))  # "api" or "import"


class ReportCell(Base):
    """One figure of a current report, flattened so totals are plain SQL sums."""

    __tablename__ = "report_cells"
    __table_args__ = (Index("ix_report_cells_period_table_code", "period", "tbl", "code"),)

    report_pk: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    device_id: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    suppressed: Mapped[bool] = mapped_column(Boolean)


class PeriodCell(Base):
    """Sum of one cell over all devices of a month, kept up to date by folding ``cell_deltas``
    into it (one set-based statement), so a dashboard view never re-sums a month."""

    __tablename__ = "period_cells"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    suppressed: Mapped[int] = mapped_column(Integer)
    devices: Mapped[int] = mapped_column(Integer)


class CellDelta(Base):
    """What one stored report changed in its month's sums: its cells added, and the cells of
    the revision it replaced taken away. Insert-only at ingest (no row that every device
    updates, so concurrent reports never wait for each other); folded into ``period_cells``."""

    __tablename__ = "cell_deltas"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    period: Mapped[str] = mapped_column(String(7))
    tbl: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(BigInteger)
    suppressed: Mapped[int] = mapped_column(Integer)
    devices: Mapped[int] = mapped_column(Integer)


class LockedPeriod(Base):
    __tablename__ = "locked_periods"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    locked_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class LoginSession(Base):
    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)


class RateCounter(Base):
    """Requests counted per key (a token hash, an address, a user name) and fixed window."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class Meta(Base):
    """Small settings kept in the database so every process agrees (the policy's k)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))


class PublishedGuide(Base):
    """One version of a guide the coordinator published: the checked, canonical ``.zip``
    (the app's guide format) as laptops download it. Versions count up per slug; withdrawing a
    guide marks every version, so it leaves the catalogue but its history stays."""

    __tablename__ = "published_guides"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    languages: Mapped[str] = mapped_column(String(20))  # "fi,sv,en"
    checked_on: Mapped[str] = mapped_column(Text)  # JSON {"fi": "2026-11-01", ...}
    titles: Mapped[str] = mapped_column(Text)  # JSON {"fi": "Reseptin uusiminen", ...}
    archive: Mapped[bytes] = mapped_column(LargeBinary)
    published_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class DeviceGuide(Base):
    """Which version of a published guide each device last downloaded."""

    __tablename__ = "device_guides"

    device_id: Mapped[int] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    downloaded_at: Mapped[dt.datetime] = mapped_column(Timestamp)
