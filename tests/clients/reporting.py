"""A sent month's report, built the way the statistics service must build it: a session's
client identity is its client id, else the anonymous key an erasure left behind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from homesupport.domain.statistics import ReportSession, build_report, period_of
from homesupport.storage.models import SessionRow


def month_report(store: Any, period: str) -> dict[str, Any]:
    with store.session_factory() as orm:
        rows = [r for r in orm.scalars(select(SessionRow).where(SessionRow.deleted_at.is_(None)))]
        month = [r for r in rows if period_of(r.date) == period]
        identity = func.coalesce(SessionRow.client_id, SessionRow.anon_client)
        first: dict[int, dt.date] = {
            int(k): d
            for k, d in orm.execute(
                select(identity, func.min(SessionRow.date))
                .where(identity.is_not(None), SessionRow.deleted_at.is_(None))
                .group_by(identity)
            )
        }
        sessions = [
            ReportSession(
                date=r.date,
                minutes=r.minutes,
                mode=r.mode,
                programme=r.programme,
                travel_minutes=r.travel_minutes,
                topics=tuple(t.code for t in r.topics),
                devices=tuple(d.code for d in r.devices),
                outcome=r.outcome,
                client_id=r.client_id if r.client_id is not None else r.anon_client,
                age_band=r.age_band,
                language=r.language,
                municipality=r.municipality,
                participants=r.participants,
                guides_given=len(r.guides),
                start=r.start,
                order=r.id,
            )
            for r in month
        ]
    return build_report(sessions, first, period=period, report_id="fixed", revision=1, k=3)
