"""The outbox as pure logic: which month to send next, and what each answer does to it.

One entry per month (period). A report is frozen into its entry when built, so every retry
sends the same bytes; a changed month gets a new revision (DESIGN.md §5, §6). Storage keeps
entries as plain records (:meth:`OutboxEntry.as_record`); the clock and the back-off are
passed in, so every rule here is testable without waiting or a network.

Sending one month is: ``begin_attempt`` (persist it) -> upload -> ``apply_outcome`` (persist
it). A crash in between leaves the month pending with the same bytes and revision; the
coordinator answers the resend as a replay, so nothing is lost or counted twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from homesupport.sync.outcomes import (
    Accepted,
    Conflict,
    Invalid,
    Locked,
    Offline,
    Outcome,
    RateLimited,
    Receipt,
    Revoked,
    ServerError,
    TlsError,
    TooLarge,
    Unauthorized,
)

MAX_DETAIL = 500


class State(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Reason(StrEnum):
    """Why the last attempt did not end the month's journey (stored in ``last_error``)."""

    OFFLINE = "offline"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    MALFORMED = "malformed"
    TLS = "tls"
    UNAUTHORIZED = "unauthorized"
    REVOKED = "revoked"
    CONFLICT = "conflict"
    INVALID = "invalid"
    LOCKED = "locked"
    TOO_LARGE = "too_large"


TRANSIENT = frozenset(
    {Reason.OFFLINE, Reason.SERVER_ERROR, Reason.RATE_LIMITED, Reason.MALFORMED, Reason.TLS}
)
NEEDS_ENROLMENT = frozenset({Reason.UNAUTHORIZED, Reason.REVOKED})


class Halt(StrEnum):
    """Why a send run must stop before the next month."""

    WAIT = "wait"  # the link or the coordinator is down: back off
    REENROL = "reenrol"  # the token is not accepted: nothing can be sent until enrolment


@dataclass(frozen=True)
class OutboxEntry:
    period: str
    revision: int
    report_id: str
    payload: bytes
    sha256: str
    state: State = State.PENDING
    attempts: int = 0
    next_attempt_at: dt.datetime | None = None
    last_error: Reason | None = None
    detail: str = ""  # the coordinator's own words for a refusal (e.g. 422 problems)
    # The coordinator's latest receipt for this period; it may be for an older revision.
    receipt: Receipt | None = None

    @property
    def acknowledged(self) -> bool:
        return (
            self.state is State.SENT
            and self.receipt is not None
            and self.receipt.sha256 == self.sha256
        )

    def as_record(self) -> dict[str, Any]:
        """Plain values for storage (bytes, str, int, aware datetime, None)."""
        return {
            "period": self.period,
            "revision": self.revision,
            "report_id": self.report_id,
            "payload": self.payload,
            "sha256": self.sha256,
            "state": self.state.value,
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at,
            "last_error": self.last_error.value if self.last_error else None,
            "detail": self.detail,
            "receipt": self.receipt.as_json() if self.receipt else None,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> OutboxEntry:
        receipt = record.get("receipt")
        last_error = record.get("last_error")
        return cls(
            period=record["period"],
            revision=record["revision"],
            report_id=record["report_id"],
            payload=bytes(record["payload"]),
            sha256=record["sha256"],
            state=State(record["state"]),
            attempts=record.get("attempts", 0),
            next_attempt_at=record.get("next_attempt_at"),
            last_error=Reason(last_error) if last_error else None,
            detail=record.get("detail") or "",
            receipt=Receipt.from_json(receipt) if receipt else None,
        )


def freeze(
    period: str,
    report_id: str,
    revision: int,
    payload: bytes,
    *,
    previous: OutboxEntry | None = None,
) -> OutboxEntry:
    """A new pending entry holding exactly these bytes (and the last known receipt)."""
    return OutboxEntry(
        period=period,
        revision=revision,
        report_id=report_id,
        payload=payload,
        sha256=hashlib.sha256(payload).hexdigest(),
        receipt=previous.receipt if previous else None,
    )


def revision_for(current: OutboxEntry | None) -> int:
    """The revision a rebuilt month must carry.

    A month never offered to the coordinator may be replaced in place; once offered (even if
    the answer was lost) its revision is spent, and the next must also top whatever revision
    the coordinator told us it holds.
    """
    if current is None:
        return 1
    floor = current.receipt.revision + 1 if current.receipt else 1
    if current.state is State.PENDING and current.attempts == 0:
        return max(current.revision, floor)
    return max(current.revision + 1, floor)


def update_month(
    current: OutboxEntry | None,
    build: Callable[[str, int], bytes],
    *,
    period: str,
    new_report_id: str,
    force: bool = False,
) -> OutboxEntry | None:
    """Freezes the month's report again if its content changed; None when it did not.

    ``build(report_id, revision)`` returns the canonical report bytes. ``new_report_id`` is
    used only for a month without an entry (the id is kept for good). ``force`` makes a new
    revision even if nothing changed: the supporter resolving a conflict ("send mine").
    """
    report_id = current.report_id if current else new_report_id
    unchanged = current is not None and build(report_id, current.revision) == current.payload
    if unchanged and not force:
        return None
    revision = revision_for(current)
    return freeze(period, report_id, revision, build(report_id, revision), previous=current)


def blocked_until(entries: Iterable[OutboxEntry]) -> dt.datetime | None:
    """While the last try hit a down link, the whole outbox waits (not each month in turn)."""
    times = [
        e.next_attempt_at
        for e in entries
        if e.state is State.PENDING and e.last_error in TRANSIENT and e.next_attempt_at
    ]
    return min(times) if times else None


def needs_enrolment(entries: Iterable[OutboxEntry]) -> bool:
    return any(e.state is State.PENDING and e.last_error in NEEDS_ENROLMENT for e in entries)


def next_due(entries: Sequence[OutboxEntry], now: dt.datetime) -> OutboxEntry | None:
    """The month to send now, oldest period first; None if nothing is due."""
    if needs_enrolment(entries):
        return None
    until = blocked_until(entries)
    if until is not None and now < until:
        return None
    pending = [e for e in entries if e.state is State.PENDING]
    due = [e for e in pending if e.next_attempt_at is None or e.next_attempt_at <= now]
    return min(due, key=lambda e: (e.period, e.revision), default=None)


def begin_attempt(entry: OutboxEntry) -> OutboxEntry:
    """Persist this before the upload: from here on the revision counts as offered."""
    return replace(entry, attempts=entry.attempts + 1)


@dataclass(frozen=True)
class Step:
    entry: OutboxEntry
    halt: Halt | None = None


def apply_outcome(
    entry: OutboxEntry,
    outcome: Outcome,
    now: dt.datetime,
    delay: Callable[[int], float],
) -> Step:
    """The entry after the coordinator's answer, and whether the send run must stop.

    ``delay(attempts)`` is the back-off in seconds (see ``backoff.backoff_delay``).
    """
    if isinstance(outcome, Accepted):
        if outcome.receipt.sha256 != entry.sha256:  # the client checks too; never trust one
            return _retry_later(entry, Reason.MALFORMED, now, delay(entry.attempts))
        done = replace(
            entry,
            state=State.SENT,
            receipt=outcome.receipt,
            last_error=None,
            detail="",
            next_attempt_at=None,
        )
        return Step(done)
    if isinstance(outcome, Conflict):
        receipt = outcome.server_receipt or entry.receipt
        return Step(_failed(replace(entry, receipt=receipt), Reason.CONFLICT))
    if isinstance(outcome, Invalid):
        return Step(_failed(entry, Reason.INVALID, "; ".join(outcome.problems)))
    if isinstance(outcome, Locked):
        return Step(_failed(entry, Reason.LOCKED))
    if isinstance(outcome, TooLarge):
        return Step(_failed(entry, Reason.TOO_LARGE))
    if isinstance(outcome, Unauthorized | Revoked):
        reason = Reason.UNAUTHORIZED if isinstance(outcome, Unauthorized) else Reason.REVOKED
        waiting = replace(entry, last_error=reason, detail="", next_attempt_at=None)
        return Step(waiting, Halt.REENROL)
    seconds = delay(entry.attempts)
    if isinstance(outcome, RateLimited):
        return _retry_later(
            entry, Reason.RATE_LIMITED, now, max(seconds, outcome.retry_after or 0.0)
        )
    if isinstance(outcome, Offline):
        return _retry_later(entry, Reason.OFFLINE, now, seconds)
    if isinstance(outcome, ServerError):
        return _retry_later(entry, Reason.SERVER_ERROR, now, seconds)
    if isinstance(outcome, TlsError):
        return _retry_later(entry, Reason.TLS, now, seconds)
    # Malformed, and EnrolRefused which cannot answer an upload: a bad answer, try later.
    return _retry_later(entry, Reason.MALFORMED, now, seconds)


def _failed(entry: OutboxEntry, reason: Reason, detail: str = "") -> OutboxEntry:
    return replace(
        entry,
        state=State.FAILED,
        last_error=reason,
        detail=detail[:MAX_DETAIL],
        next_attempt_at=None,
    )


def _retry_later(entry: OutboxEntry, reason: Reason, now: dt.datetime, seconds: float) -> Step:
    later = replace(
        entry,
        last_error=reason,
        detail="",
        next_attempt_at=now + dt.timedelta(seconds=seconds),
    )
    return Step(later, Halt.WAIT)


def after_enrolment(entries: Iterable[OutboxEntry]) -> list[OutboxEntry]:
    """The entries to save once the device has a new token: they are due again at once."""
    return [
        replace(e, last_error=None, next_attempt_at=None)
        for e in entries
        if e.state is State.PENDING and e.last_error is not None
    ]


def retry_now(entries: Iterable[OutboxEntry]) -> list[OutboxEntry]:
    """ "Send now": the waiting months lose their back-off (failed months stay failed)."""
    return [
        replace(e, next_attempt_at=None)
        for e in entries
        if e.state is State.PENDING and e.next_attempt_at is not None
    ]


def reconcile(entries: Iterable[OutboxEntry], receipts: Iterable[Receipt]) -> list[OutboxEntry]:
    """Compares the months with the coordinator's receipts; returns the entries that change.

    - the coordinator holds exactly our bytes: the month is sent (a lost reply, a restore);
    - a month we think sent is missing there: it is queued again, same bytes;
    - the coordinator holds other content at our revision or above: a conflict the supporter
      resolves (``update_month(..., force=True)`` makes a revision above the coordinator's).
    """
    by_period = {r.period: r for r in receipts}
    changed: list[OutboxEntry] = []
    for entry in entries:
        held = by_period.get(entry.period)
        if held is not None and held.sha256 == entry.sha256:
            if not entry.acknowledged:
                changed.append(_acknowledged(entry, held))
        elif held is not None and held.revision >= entry.revision:
            if entry.state is not State.FAILED or entry.receipt != held:
                changed.append(_failed(replace(entry, receipt=held), Reason.CONFLICT))
        elif entry.state is State.SENT:
            changed.append(replace(entry, state=State.PENDING, receipt=held, next_attempt_at=None))
    return changed


def _acknowledged(entry: OutboxEntry, receipt: Receipt) -> OutboxEntry:
    return replace(
        entry,
        state=State.SENT,
        receipt=receipt,
        last_error=None,
        detail="",
        next_attempt_at=None,
    )
