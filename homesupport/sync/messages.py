"""What the supporter reads about the outbox: untranslated messages with their parameters.

The GUI, the CLI and the status bar translate ``msgid`` and then fill ``params``:
``_(m.msgid).format(**m.params)``. ``{month}`` is a ``YYYY-MM`` period that the view may turn
into a month name first.
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


REFUSED = {
    Reason.LOCKED: N_("coordinator refused {month}: period locked"),
    Reason.CONFLICT: N_("coordinator refused {month}: it already has another version of it"),
    Reason.INVALID: N_("coordinator refused {month}: the report is not valid"),
    Reason.TOO_LARGE: N_("coordinator refused {month}: the report is too large"),
}
# Single catalogue ids even where a number is inside: babel only extracts plural forms from
# literal ngettext calls, so translators phrase these to read well for any {n}.
WAITING = {
    None: N_("{n} months waiting to be sent"),
    Reason.OFFLINE: N_("{n} months waiting — offline"),
    Reason.SERVER_ERROR: N_("{n} months waiting — coordinator not available"),
    Reason.RATE_LIMITED: N_("{n} months waiting — coordinator asked to slow down"),
    Reason.MALFORMED: N_("{n} months waiting — unexpected answer (a network login page?)"),
    Reason.TLS: N_("{n} months waiting — secure connection failed"),
    Reason.UNAUTHORIZED: N_("{n} months waiting — connect to the coordinator again"),
    Reason.REVOKED: N_("{n} months waiting — the coordinator revoked this computer"),
}
SENT = N_("{month} sent, coordinator confirmed {sessions} sessions")


def _waiting(reason: Reason | None, n: int) -> Message:
    return Message(WAITING.get(reason, WAITING[None]), {"n": str(n)})


def entry_message(entry: OutboxEntry) -> Message:
    """One month's line, e.g. in the Statistics view's list of months."""
    if entry.state is State.SENT and entry.receipt is not None:
        params = {"month": entry.period, "sessions": str(entry.receipt.sessions)}
        return Message(SENT, params)
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
