"""Typed SQLAlchemy 2 models of the local store. Only repositories use them; everything above
sees frozen domain dataclasses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ProfileRow(Base):
    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: one supporter per store
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str | None] = mapped_column(String(3))
    programme: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[str] = mapped_column(String(100), index=True)
    age_band: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(10))
    municipality: Mapped[str | None] = mapped_column(String(3))
    consent_date: Mapped[dt.date | None]
    consent_scope: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]
    # Client register: a case-folded copy of the nickname, so type-ahead is an index
    # range scan; the time an erasure was asked for (hidden, undoable until it is final).
    nickname_key: Mapped[str] = mapped_column(
        String(100), default="", server_default="", index=True
    )
    updated_at: Mapped[dt.datetime | None]
    erase_requested_at: Mapped[dt.datetime | None]


class AuditRow(Base):
    """What kind of data-protection action happened and when; never any content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    action: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=0)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        # Not led by deleted_at: "deleted_at IS NULL" through an index turns a fast scan into
        # 100,000 row lookups. Newest-first pages walk this index backwards.
        Index("ix_sessions_date", "date", "start"),
        Index("ix_sessions_follow_up", "follow_up"),
        # A client's history and the retention pass's "last session per client".
        Index("ix_sessions_client_date", "client_id", "date"),
        # The session table's filters: the count without touching rows, and the newest-first
        # page read off the index (200 row lookups) instead of sorting every matching row.
        Index("ix_sessions_mode", "mode", "deleted_at", "date", "start"),
        Index("ix_sessions_programme", "programme", "deleted_at", "date", "start"),
        # Sorting the whole table by a column reads the first page off an index instead of
        # sorting 100,000 rows.
        Index("ix_sessions_minutes", "minutes"),
        Index("ix_sessions_outcome", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date]
    start: Mapped[dt.time | None]
    minutes: Mapped[int]
    travel_minutes: Mapped[int] = mapped_column(default=0)
    mode: Mapped[str] = mapped_column(String(20))
    programme: Mapped[str] = mapped_column(String(20))
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    age_band: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(10))
    municipality: Mapped[str | None] = mapped_column(String(3))
    participants: Mapped[int | None]
    outcome: Mapped[str | None] = mapped_column(String(20))
    follow_up: Mapped[dt.date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    # Deletion is soft so it can be undone; deleted sessions never count in statistics.
    deleted_at: Mapped[dt.datetime | None]
    # Set when the session's client is erased (erasure or retention): a random negative
    # number shared by that client's sessions and tied to nothing else, so the statistics
    # still count them as one client and a sent month's report does not change. The report
    # builder's client identity is ``client_id``, else ``anon_client``.
    anon_client: Mapped[int | None]

    topics: Mapped[list[SessionTopicRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SessionTopicRow.code"
    )
    devices: Mapped[list[SessionDeviceRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SessionDeviceRow.code"
    )
    guides: Mapped[list[SessionGuideRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SessionGuideRow.slug"
    )
    client: Mapped[ClientRow | None] = relationship(lazy="joined")


class SessionTopicRow(Base):
    __tablename__ = "session_topics"
    __table_args__ = (Index("ix_session_topics_code", "code", "session_id"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class SessionDeviceRow(Base):
    __tablename__ = "session_devices"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class SessionGuideRow(Base):
    __tablename__ = "session_guides"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(80), primary_key=True)


# --- monthly reports and their journey to the coordinator --------------------------


class ReportPeriodRow(Base):
    """One month's report identity: its report_id (a UUID4 created once and kept) and a
    fingerprint of the sessions it was last built from, so unchanged months are not rebuilt."""

    __tablename__ = "report_periods"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(36))
    fingerprint: Mapped[str] = mapped_column(String(200), default="")


class OutboxRow(Base):
    """A month's frozen report bytes and where they are on the way (sync/outbox.py)."""

    __tablename__ = "outbox"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    revision: Mapped[int]
    report_id: Mapped[str] = mapped_column(String(36))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None]  # UTC
    last_error: Mapped[str | None] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    receipt: Mapped[str | None] = mapped_column(Text)  # JSON of the latest receipt


class ReceiptRow(Base):
    """Every receipt the coordinator gave, kept: which revision of which month it holds."""

    __tablename__ = "receipts"

    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    revision: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(40))
    sessions: Mapped[int]
