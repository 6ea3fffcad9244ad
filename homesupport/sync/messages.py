"""What the supporter reads about the outbox: untranslated messages with their parameters.

The GUI, the CLI and the status bar translate ``msgid`` (``plural`` with ``n`` through
ngettext) and then fill ``params``; ``{month}`` is a ``YYYY-MM`` period that the view may
turn into a month name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from homesupport.i18n import N_
from homesupport.sync.outbox import NEEDS_ENROLMENT, OutboxEntry, Reason, State


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, str] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


REFUSED = {
    Reason.LOCKED: N_("coordinator refused {month}: period locked"),
    Reason.CONFLICT: N_("coordinator refused {month}: it already has another version of it"),
    Reason.INVALID: N_("coordinator refused {month}: the report is not valid"),
    Reason.TOO_LARGE: N_("coordinator refused {month}: the report is too large"),
}
# (singular, plural) of "{n} months waiting — why"
WAITING = {
    None: (N_("{n} month waiting to be sent"), N_("{n} months waiting to be sent")),
    Reason.OFFLINE: (N_("{n} month waiting — offline"), N_("{n} months waiting — offline")),
    Reason.SERVER_ERROR: (
        N_("{n} month waiting — coordinator not available"),
        N_("{n} months waiting — coordinator not available"),
    ),
    Reason.RATE_LIMITED: (
        N_("{n} month waiting — coordinator asked to slow down"),
        N_("{n} months waiting — coordinator asked to slow down"),
    ),
    Reason.MALFORMED: (
        N_("{n} month waiting — unexpected answer (a network login page?)"),
        N_("{n} months waiting — unexpected answer (a network login page?)"),
    ),
    Reason.TLS: (
        N_("{n} month waiting — secure connection failed"),
        N_("{n} months waiting — secure connection failed"),
    ),
    Reason.UNAUTHORIZED: (
        N_("{n} month waiting — connect to the coordinator again"),
        N_("{n} months waiting — connect to the coordinator again"),
    ),
    Reason.REVOKED: (
        N_("{n} month waiting — the coordinator revoked this computer"),
        N_("{n} months waiting — the coordinator revoked this computer"),
    ),
}
SENT = (
    N_("{month} sent, coordinator confirmed {sessions} session"),
    N_("{month} sent, coordinator confirmed {sessions} sessions"),
)


def _waiting(reason: Reason | None, n: int) -> Message:
    singular, plural = WAITING.get(reason, WAITING[None])
    return Message(singular, {"n": str(n)}, plural, n)


def entry_message(entry: OutboxEntry) -> Message:
    """One month's line, e.g. in the Statistics view's list of months."""
    if entry.state is State.SENT and entry.receipt is not None:
        sessions = entry.receipt.sessions
        params = {"month": entry.period, "sessions": str(sessions)}
        return Message(SENT[0], params, SENT[1], sessions)
    if entry.state is State.FAILED and entry.last_error in REFUSED:
        return Message(REFUSED[entry.last_error], {"month": entry.period})
    return _waiting(entry.last_error, 1)


def outbox_status(entries: Sequence[OutboxEntry]) -> Message | None:
    """The status bar's one line about sync: the most urgent truth first."""
    pending = sorted((e for e in entries if e.state is State.PENDING), key=lambda e: e.period)
    blocked = [e for e in pending if e.last_error in NEEDS_ENROLMENT]
    if blocked:
        return _waiting(blocked[0].last_error, len(pending))
    failed = [e for e in entries if e.state is State.FAILED]
    if failed:
        return entry_message(max(failed, key=lambda e: e.period))
    if pending:
        reasons = [e.last_error for e in pending if e.last_error is not None]
        return _waiting(reasons[0] if reasons else None, len(pending))
    sent = [e for e in entries if e.state is State.SENT]
    return entry_message(max(sent, key=lambda e: e.period)) if sent else None
