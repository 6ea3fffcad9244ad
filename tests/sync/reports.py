"""Real §5 reports for the sync tests, built by the anonymiser."""

from __future__ import annotations

import datetime as dt
import uuid

from homesupport.domain.report_format import canonical_bytes
from homesupport.domain.statistics import ReportSession, build_report


def report_bytes(period: str, revision: int, sessions: int, report_id: str | None = None) -> bytes:
    year, month = (int(part) for part in period.split("-"))
    month_sessions = [
        ReportSession(
            dt.date(year, month, 1 + i % 28),
            30 + i % 40,
            "home_visit",
            "home",
            age_band="75_84",
            language="fi",
            municipality="091",
            topics=("kela",),
        )
        for i in range(sessions)
    ]
    report = build_report(
        month_sessions,
        {},
        period=period,
        report_id=report_id or str(uuid.uuid4()),
        revision=revision,
        k=5,
    )
    return canonical_bytes(report)


def periods(first_year: int, count: int) -> list[str]:
    return [f"{first_year + i // 12}-{1 + i % 12:02d}" for i in range(count)]
