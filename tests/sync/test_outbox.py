"""The outbox rules, without a network: each answer's effect on a month."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

import pytest

from homesupport.sync.messages import Message, entry_message, outbox_status
from homesupport.sync.outbox import (
    Halt,
    OutboxEntry,
    Reason,
    State,
    after_enrolment,
    apply_outcome,
    begin_attempt,
    freeze,
    next_due,
    reconcile,
    retry_now,
    revision_for,
    update_month,
)
from homesupport.sync.outcomes import (
    Accepted,
    Conflict,
    EnrolRefused,
    Invalid,
    Locked,
    Malformed,
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
from homesupport.sync.runner import send_due

NOW = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)


def payload(period: str, revision: int, sessions: int = 10) -> bytes:
    return json.dumps({"period": period, "revision": revision, "sessions": sessions}).encode()


def entry(period: str = "2026-10", revision: int = 1, **changes: object) -> OutboxEntry:
    frozen = freeze(period, "rid-" + period, revision, payload(period, revision))
    return OutboxEntry(**{**frozen.__dict__, **changes})  # type: ignore[arg-type]


def receipt_for(e: OutboxEntry, sessions: int = 10) -> Receipt:
    return Receipt(e.period, e.revision, e.sha256, "2026-11-22T08:00:00Z", sessions)


def delay(attempts: int) -> float:
    return 10.0 * attempts


def test_freeze_keeps_the_exact_bytes_and_their_hash() -> None:
    e = freeze("2026-10", "rid", 1, b"{}")
    assert (e.payload, e.sha256, e.state, e.attempts) == (
        b"{}",
        hashlib.sha256(b"{}").hexdigest(),
        State.PENDING,
        0,
    )


def test_records_round_trip_for_storage() -> None:
    full = entry(
        state=State.FAILED,
        attempts=3,
        next_attempt_at=NOW,
        last_error=Reason.LOCKED,
        detail="x",
        receipt=receipt_for(entry(revision=1)),
    )
    record = full.as_record()
    assert all(
        isinstance(v, (str, int, bytes, dt.datetime, dict, type(None))) for v in record.values()
    )
    assert OutboxEntry.from_record(record) == full
    assert OutboxEntry.from_record(entry().as_record()) == entry()


def test_the_oldest_due_month_goes_first() -> None:
    later = entry("2026-09", next_attempt_at=NOW + dt.timedelta(minutes=5))
    entries = [entry("2026-10"), later, entry("2026-08", state=State.SENT)]
    assert next_due(entries, NOW) == entries[0]
    assert next_due(entries, NOW + dt.timedelta(minutes=5)) == later
    assert next_due([entry(state=State.FAILED)], NOW) is None


def test_a_down_link_holds_back_every_month_not_just_the_failed_one() -> None:
    waiting = entry(
        "2026-09",
        attempts=2,
        last_error=Reason.OFFLINE,
        next_attempt_at=NOW + dt.timedelta(seconds=20),
    )
    fresh = entry("2026-10")
    assert next_due([waiting, fresh], NOW) is None
    assert next_due([waiting, fresh], NOW + dt.timedelta(seconds=20)) == waiting


def test_nothing_is_due_until_the_device_enrols_again() -> None:
    blocked = [entry("2026-09", last_error=Reason.REVOKED), entry("2026-10")]
    assert next_due(blocked, NOW) is None
    cleared = after_enrolment(blocked)
    assert [e.period for e in cleared] == ["2026-09"]
    assert next_due([*cleared, blocked[1]], NOW) == cleared[0]


def test_accepted_marks_sent_with_receipt() -> None:
    sending = begin_attempt(entry(last_error=Reason.OFFLINE, next_attempt_at=NOW))
    step = apply_outcome(sending, Accepted(receipt_for(sending)), NOW, delay)
    assert step.halt is None
    assert step.entry.state is State.SENT and step.entry.acknowledged
    assert (step.entry.last_error, step.entry.next_attempt_at) == (None, None)
    assert step.entry.attempts == 1


def test_a_receipt_for_other_bytes_is_not_an_acknowledgement() -> None:
    sending = begin_attempt(entry())
    other = Receipt("2026-10", 1, "0" * 64, "t", 3)
    step = apply_outcome(sending, Accepted(other), NOW, delay)
    assert step.entry.state is State.PENDING and step.halt is Halt.WAIT


@pytest.mark.parametrize(
    ("outcome", "reason", "detail"),
    [
        (Locked(), Reason.LOCKED, ""),
        (TooLarge(), Reason.TOO_LARGE, ""),
        (
            Invalid(("$.k: too small", "$.x: unknown")),
            Reason.INVALID,
            "$.k: too small; $.x: unknown",
        ),
        (Conflict(None), Reason.CONFLICT, ""),
    ],
)
def test_refusals_fail_the_month_with_a_reason(
    outcome: Outcome, reason: Reason, detail: str
) -> None:
    step = apply_outcome(begin_attempt(entry()), outcome, NOW, delay)
    assert step.halt is None  # the other months can still go
    assert (step.entry.state, step.entry.last_error, step.entry.detail) == (
        State.FAILED,
        reason,
        detail,
    )
    assert next_due([step.entry], NOW + dt.timedelta(days=30)) is None


def test_a_conflict_remembers_what_the_coordinator_holds() -> None:
    theirs = Receipt("2026-10", 3, "a" * 64, "t", 5)
    step = apply_outcome(begin_attempt(entry()), Conflict(theirs), NOW, delay)
    assert step.entry.receipt == theirs
    assert revision_for(step.entry) == 4


@pytest.mark.parametrize("outcome", [Unauthorized(), Revoked()])
def test_auth_failures_stop_everything_and_keep_the_month(outcome: Outcome) -> None:
    step = apply_outcome(begin_attempt(entry()), outcome, NOW, delay)
    assert step.halt is Halt.REENROL
    assert step.entry.state is State.PENDING
    assert step.entry.last_error in (Reason.UNAUTHORIZED, Reason.REVOKED)


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (Offline("timeout"), Reason.OFFLINE),
        (ServerError(503), Reason.SERVER_ERROR),
        (Malformed("html"), Reason.MALFORMED),
        (TlsError("cert"), Reason.TLS),
        (EnrolRefused(), Reason.MALFORMED),
        (RateLimited(None), Reason.RATE_LIMITED),
    ],
)
def test_transient_trouble_keeps_the_month_pending_with_back_off(
    outcome: Outcome, reason: Reason
) -> None:
    sending = begin_attempt(begin_attempt(entry()))
    step = apply_outcome(sending, outcome, NOW, delay)
    assert step.halt is Halt.WAIT
    assert (step.entry.state, step.entry.last_error) == (State.PENDING, reason)
    assert step.entry.next_attempt_at == NOW + dt.timedelta(seconds=20)
    assert step.entry.payload == sending.payload


def test_rate_limit_waits_at_least_as_long_as_the_server_asks() -> None:
    step = apply_outcome(begin_attempt(entry()), RateLimited(300), NOW, delay)
    assert step.entry.next_attempt_at == NOW + dt.timedelta(seconds=300)


def builder(sessions: int) -> Callable[[str, int], bytes]:
    def build(report_id: str, revision: int) -> bytes:
        return payload("2026-10", revision, sessions) + report_id.encode()

    return build


def test_update_month_new_unchanged_and_changed() -> None:
    first = update_month(None, builder(10), period="2026-10", new_report_id="r1")
    assert first is not None and (first.revision, first.report_id) == (1, "r1")
    assert update_month(first, builder(10), period="2026-10", new_report_id="r2") is None
    # changed before it was ever offered: replaced in place, same revision
    replaced = update_month(first, builder(11), period="2026-10", new_report_id="r2")
    assert replaced is not None and replaced.revision == 1 and replaced.payload != first.payload
    # changed after an attempt whose answer was lost: that revision is spent
    offered = begin_attempt(first)
    bumped = update_month(offered, builder(11), period="2026-10", new_report_id="r2")
    assert bumped is not None and (bumped.revision, bumped.report_id, bumped.attempts) == (
        2,
        "r1",
        0,
    )


def test_a_correction_of_a_sent_month_is_the_next_revision_and_keeps_the_receipt() -> None:
    sent = update_month(None, builder(10), period="2026-10", new_report_id="r1")
    assert sent is not None
    sent = apply_outcome(begin_attempt(sent), Accepted(receipt_for(sent)), NOW, delay).entry
    corrected = update_month(sent, builder(12), period="2026-10", new_report_id="x")
    assert corrected is not None
    assert (corrected.revision, corrected.state, corrected.receipt) == (
        2,
        State.PENDING,
        sent.receipt,
    )
    assert not corrected.acknowledged


def test_failed_months_change_only_when_the_content_does_or_on_request() -> None:
    locked = update_month(None, builder(10), period="2026-10", new_report_id="r1")
    assert locked is not None
    locked = apply_outcome(begin_attempt(locked), Locked(), NOW, delay).entry
    assert update_month(locked, builder(10), period="2026-10", new_report_id="x") is None
    forced = update_month(locked, builder(10), period="2026-10", new_report_id="x", force=True)
    assert forced is not None and forced.revision == 2 and forced.state is State.PENDING


def test_reconcile_with_the_coordinators_receipts() -> None:
    lost_reply = begin_attempt(entry("2026-07"))
    sent_but_missing = entry("2026-08", state=State.SENT)
    sent_but_missing = OutboxEntry(
        **{**sent_but_missing.__dict__, "receipt": receipt_for(sent_but_missing)}
    )
    theirs_is_newer = entry("2026-09", revision=2)
    agreed = entry("2026-10", state=State.SENT)
    agreed = OutboxEntry(**{**agreed.__dict__, "receipt": receipt_for(agreed)})
    waiting = entry("2026-11")
    server = [
        receipt_for(lost_reply),
        Receipt("2026-09", 3, "b" * 64, "t", 1),
        receipt_for(agreed),
    ]
    changed = {
        e.period: e
        for e in reconcile([lost_reply, sent_but_missing, theirs_is_newer, agreed, waiting], server)
    }
    assert set(changed) == {"2026-07", "2026-08", "2026-09"}
    assert changed["2026-07"].acknowledged
    assert changed["2026-08"].state is State.PENDING and changed["2026-08"].receipt is None
    assert (
        changed["2026-09"].state is State.FAILED
        and changed["2026-09"].last_error is Reason.CONFLICT
    )
    assert revision_for(changed["2026-09"]) == 4
    assert reconcile([*changed.values(), agreed, waiting], server) == []  # settled


def test_retry_now_drops_the_back_off_only() -> None:
    waiting = entry(last_error=Reason.OFFLINE, next_attempt_at=NOW + dt.timedelta(hours=1))
    assert retry_now([waiting, entry("2026-09", state=State.FAILED)]) == [
        OutboxEntry(**{**waiting.__dict__, "next_attempt_at": None})
    ]


def test_messages_for_months_and_status_bar() -> None:
    sent = entry("2026-10", state=State.SENT)
    sent = OutboxEntry(**{**sent.__dict__, "receipt": receipt_for(sent, sessions=42)})
    assert entry_message(sent) == Message(
        "{month} sent, coordinator confirmed {sessions} sessions",
        {"month": "2026-10", "sessions": "42"},
    )
    locked = entry("2026-11", state=State.FAILED, last_error=Reason.LOCKED)
    assert entry_message(locked).msgid == "coordinator refused {month}: period locked"
    offline = [entry("2026-08", last_error=Reason.OFFLINE), entry("2026-09")]
    status = outbox_status([sent, *offline])
    assert status is not None
    assert status == Message("{n} months waiting — offline", {"n": "2"})
    assert outbox_status([sent, locked, *offline]) == entry_message(locked)
    revoked = [entry("2026-08", last_error=Reason.REVOKED), entry("2026-09")]
    assert outbox_status([locked, *revoked]) == Message(
        "{n} months waiting — the coordinator revoked this computer", {"n": "2"}
    )
    assert outbox_status([sent]) == entry_message(sent)
    assert outbox_status([]) is None


class ScriptedUploader:
    """The upload side as a list of outcomes, for the run's bookkeeping only; the real
    client against real servers is tested in the other files."""

    def __init__(self, outcomes: list[Callable[[str, bytes], Outcome]]) -> None:
        self.outcomes = outcomes
        self.calls: list[str] = []

    def put_report(self, period: str, payload: bytes) -> Outcome:
        self.calls.append(period)
        return self.outcomes.pop(0)(period, payload)


def accept(period: str, body: bytes) -> Outcome:
    sha = hashlib.sha256(body).hexdigest()
    return Accepted(Receipt(period, 1, sha, "t", 1))


def test_a_run_sends_oldest_first_and_saves_before_and_after_each_upload() -> None:
    entries = [entry("2026-09"), entry("2026-08"), entry("2026-10")]
    saved: list[OutboxEntry] = []
    uploader = ScriptedUploader([accept, lambda p, b: Locked(), lambda p, b: Offline("x")])
    result = send_due(entries, uploader, now=lambda: NOW, delay=delay, save=saved.append)
    assert uploader.calls == ["2026-08", "2026-09", "2026-10"] == list(result.tried)
    assert result.halt is Halt.WAIT
    assert [e.state for e in result.entries] == [State.SENT, State.FAILED, State.PENDING]
    # saved twice per month: the attempt before the upload, the outcome after it
    assert [(e.period, e.attempts) for e in saved[::2]] == [
        ("2026-08", 1),
        ("2026-09", 1),
        ("2026-10", 1),
    ]
    assert saved[1::2] == list(result.entries)


def test_a_run_stops_at_an_auth_failure() -> None:
    uploader = ScriptedUploader([lambda p, b: Unauthorized()])
    result = send_due(
        [entry("2026-08"), entry("2026-09")],
        uploader,
        now=lambda: NOW,
        delay=delay,
        save=lambda e: None,
    )
    assert result.halt is Halt.REENROL and uploader.calls == ["2026-08"]
