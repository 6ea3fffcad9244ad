"""Receiving one report: parse strictly, validate, store once (API and hand import alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.periods import month_of
from homesupport.coordinator.storage import devices, guides, policy, reports
from homesupport.domain.report_format import (
    ReportProblem,
    ReportSyntaxError,
    format_revision,
    is_period,
    parse_canonical,
    report_hash,
    validate_report,
)

ATTEMPTS = 5


@dataclass(frozen=True)
class Rejected:
    problems: list[ReportProblem]


@dataclass(frozen=True)
class TooLarge:
    """The body went over the size cap (answered only once the token is known good)."""


@dataclass(frozen=True)
class Received:
    """What became of one PUT: ``access`` is None for an unknown token; ``outcome`` is None
    when the request stopped at the device (revoked, rate limited)."""

    access: devices.Access | None
    outcome: reports.Stored | Rejected | TooLarge | None = None


def check_with_k(
    coordinator: Coordinator,
    payload: bytes,
    period: str | None,
    k: int,
    now: dt.datetime,
    published: Callable[[], Collection[str]] = frozenset,
) -> reports.Incoming | Rejected:
    """Parses once (strictly), validates once and keeps the canonical bytes and their hash.

    ``published`` gives every slug the coordinator ever published; it is asked only for a
    format 1.1 report (one with ``sessions.guide``), so a 1.0 report costs no extra query."""
    try:
        parsed, canonical = parse_canonical(payload)
    except ReportSyntaxError as error:
        return Rejected(
            [ReportProblem("$", "The report is not valid JSON: {error}.", {"error": str(error)})]
        )
    slugs: Collection[str] = ()
    if isinstance(parsed, dict) and format_revision(parsed) == "1.1":
        slugs = coordinator.bundled_guides.slugs | frozenset(published())
    problems = validate_report(
        parsed,
        coordinator.codes,
        coordinator.municipalities,
        k,
        period=period,
        current_period=month_of(now),
        guide_slugs=slugs,
    )
    if problems:
        return Rejected(problems)
    return reports.Incoming(parsed, canonical, report_hash(canonical))


def check(
    coordinator: Coordinator, payload: bytes, period: str | None
) -> reports.Incoming | Rejected:
    with coordinator.sessions() as session:
        k = policy.get_k(session)
        return check_with_k(
            coordinator,
            payload,
            period,
            k,
            coordinator.clock(),
            lambda: guides.ever_published(session),
        )


def receive(coordinator: Coordinator, token: str, period: str, payload: bytes | None) -> Received:
    """The whole PUT in one transaction: token, rate limit, policy, validation and storage.
    ``payload`` None means the body was too large. A lost race for the same month retries."""
    settings = coordinator.settings
    fast = coordinator.engine.dialect.name == "postgresql"
    for attempt in range(ATTEMPTS):
        now = coordinator.clock()
        try:
            with coordinator.engine.begin() as connection:
                month = period if is_period(period) else None
                current: reports.Current | None = None
                if fast:
                    found, current = devices.access_pg(
                        connection, token, now, settings.api_window_seconds, month
                    )
                else:
                    found = devices.access(
                        connection, token, now, settings.api_window_seconds, month
                    )
                if (
                    found is None
                    or found.revoked
                    or found.requests > settings.api_requests_per_window
                ):
                    return Received(found)
                if payload is None:
                    return Received(found, TooLarge())
                if not is_period(period):
                    problem = ReportProblem("period", "A period is a month written YYYY-MM.")
                    return Received(found, Rejected([problem]))
                checked = check_with_k(
                    coordinator,
                    payload,
                    period,
                    found.k,
                    now,
                    lambda: guides.ever_published(connection),
                )
                if isinstance(checked, Rejected):
                    return Received(found, checked)
                if fast:
                    stored = reports.store_pg(
                        connection, found.device_pk, checked, now, current, locked=found.locked
                    )
                else:
                    stored = reports.store(
                        connection, found.device_pk, checked, now, locked=found.locked
                    )
                return Received(found, stored)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def store(
    coordinator: Coordinator, device_pk: int, incoming: reports.Incoming, source: str = "api"
) -> reports.Stored:
    """Stores in one transaction; a lost race for the same month retries and then sees the
    winner's row, so the same report sent at once over several connections is stored once."""
    for attempt in range(ATTEMPTS):
        try:
            with coordinator.engine.begin() as connection:
                return reports.store(connection, device_pk, incoming, coordinator.clock(), source)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
