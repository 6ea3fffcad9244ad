"""Receiving one report: parse strictly, validate, store once (API and hand import alike)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import policy, reports
from homesupport.coordinator.storage.models import Device
from homesupport.domain.report_format import (
    ReportProblem,
    ReportSyntaxError,
    canonical_bytes,
    parse_report,
    report_hash,
    validate_report,
)

ATTEMPTS = 5


@dataclass(frozen=True)
class Rejected:
    problems: list[ReportProblem]


def check(
    coordinator: Coordinator, payload: bytes, period: str | None
) -> reports.Incoming | Rejected:
    try:
        parsed = parse_report(payload)
    except ReportSyntaxError as error:
        return Rejected(
            [ReportProblem("$", "The report is not valid JSON: {error}.", {"error": str(error)})]
        )
    with coordinator.sessions() as session:
        k = policy.get_k(session)
    now = coordinator.clock()
    problems = validate_report(
        parsed,
        coordinator.codes,
        coordinator.municipalities,
        k,
        period=period,
        current_period=f"{now.year:04d}-{now.month:02d}",
    )
    if problems:
        return Rejected(problems)
    canonical = canonical_bytes(parsed)
    return reports.Incoming(parsed, canonical, report_hash(canonical))


def store(
    coordinator: Coordinator, device_pk: int, incoming: reports.Incoming, source: str = "api"
) -> reports.Stored:
    """Stores in one transaction; a lost race for the same month retries and then sees the
    winner's row, so the same report sent at once over several connections is stored once."""
    for attempt in range(ATTEMPTS):
        try:
            with coordinator.sessions.begin() as session:
                device = session.get(Device, device_pk)
                assert device is not None
                return reports.store(session, device, incoming, coordinator.clock(), source)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
