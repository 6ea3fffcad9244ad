"""The local audit log of data-protection actions: what kind, when, how many. Never content:
no nickname, no client or session id, nothing a reader could tie to a person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.privacy import AuditAction, AuditEntry
from homesupport.storage.models import AuditRow


class AuditRepository:
    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def add(self, action: AuditAction, at: dt.datetime, count: int = 1) -> None:
        self._orm.add(AuditRow(at=at, action=action.value, count=count))

    def latest(self, limit: int = 200) -> list[AuditEntry]:
        rows = self._orm.scalars(
            select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        )
        known = {a.value: a for a in AuditAction}
        return [
            AuditEntry(at=row.at, action=known[row.action], count=row.count)
            for row in rows
            if row.action in known  # a newer version's kinds are skipped, not fatal
        ]
