"""Connecting to a coordinator and getting every closed month there (DESIGN.md §6).

One run: freeze the closed months that changed, refresh the coordinator's policy, reconcile
with its receipts, then send what is due with back-off. Every step is saved as it happens
(the outbox survives a crash anywhere). Runs off the GUI thread, and in ``homesupport sync``.

The device token lives in the encrypted store, never in a plain file, bound to this
installation: a backup restored on another computer must connect again (as a new device)
instead of sending under the old computer's name.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from homesupport.i18n import N_
from homesupport.services.guide_updates import CoordinatorGuides, GuideUpdates
from homesupport.services.reports import (
    POLICY_KEY,
    Correction,
    ReportService,
    remember_published_guides,
)
from homesupport.storage.engine import StoreSessions
from homesupport.storage.keys import KeyInfo
from homesupport.storage.profile_repo import StoredSettings
from homesupport.storage.reports_repo import OutboxRepository
from homesupport.sync.backoff import backoff_delay, equal_jitter
from homesupport.sync.links import AddressError, check_server_url, parse_enrol_link
from homesupport.sync.messages import Message, outbox_status
from homesupport.sync.outbox import (
    Halt,
    OutboxEntry,
    State,
    after_enrolment,
    next_due,
    reconcile,
    retry_now,
)
from homesupport.sync.outcomes import (
    CoordinatorError,
    EnrolRefused,
    Offline,
    RateLimited,
    ServerError,
    TlsError,
)
from homesupport.sync.runner import send_due

if TYPE_CHECKING:
    from homesupport.sync.client import CoordinatorClient

log = logging.getLogger(__name__)
CONNECTION_KEY = "coordinator.connection"
RECONCILE_EVERY = dt.timedelta(hours=12)


def _http_client(url: str, token: str | None) -> CoordinatorClient:
    # Imported on use: the HTTP library is slow to load and the app starts without it.
    from homesupport.sync.client import CoordinatorClient

    return CoordinatorClient(url, token)


ClientFactory = Callable[[str, str | None], "CoordinatorClient"]
Clock = Callable[[], dt.datetime]

NOT_CONNECTED = N_("Not connected to a coordinator")
NOTHING_YET = N_("Connected to the coordinator · no month to send yet")
WAITING_UNCONNECTED = N_("{n} months waiting — not connected to a coordinator")
CONNECT_AGAIN = N_("This data was restored from another computer: connect to the coordinator again")
# Why enrolment failed, for the supporter (the coordinator's details never leak into these).
ENROL_FAILURES: dict[type, str] = {
    EnrolRefused: N_("The code was not accepted: it is wrong, already used or expired."),
    Offline: N_("The coordinator could not be reached. Check the network and the address."),
    TlsError: N_("A secure connection to the coordinator could not be made."),
    ServerError: N_("The coordinator is not available right now. Try again later."),
    RateLimited: N_("The coordinator asked to slow down. Try again in a moment."),
}
ENROL_UNEXPECTED = N_(
    "The address answered, but not like a HomeSupport coordinator (a network login page?)."
)


def installation_id(data_dir: Path) -> str:
    return KeyInfo.load_or_create(data_dir).installation_id


@dataclass(frozen=True)
class Connection:
    server: str
    device_id: str
    token: str = field(repr=False)  # a secret: never logged, never in a plain file
    installation_id: str
    enrolled_at: str

    def as_json(self) -> dict[str, str]:
        return {
            "server": self.server,
            "device_id": self.device_id,
            "token": self.token,
            "installation_id": self.installation_id,
            "enrolled_at": self.enrolled_at,
        }


class SyncProblem(Exception):
    """Something the supporter must fix; ``msgid`` is untranslated, filled from ``params``."""

    def __init__(self, msgid: str, **params: str) -> None:
        super().__init__(msgid.format(**params))
        self.msgid = msgid
        self.params = params


@dataclass(frozen=True)
class SyncResult:
    entries: tuple[OutboxEntry, ...]
    corrections: tuple[Correction, ...] = ()
    tried: tuple[str, ...] = ()
    halt: Halt | None = None
    connected: bool = True
    guides: GuideUpdates | None = None  # None: the coordinator's guides were not looked at

    @property
    def pending(self) -> list[OutboxEntry]:
        return [e for e in self.entries if e.state is State.PENDING]

    @property
    def failed(self) -> list[OutboxEntry]:
        return [e for e in self.entries if e.state is State.FAILED]


class SyncService:
    def __init__(
        self,
        session_factory: StoreSessions,
        reports: ReportService,
        clock: Clock,
        installation: str,
        *,
        client_factory: ClientFactory | None = None,
        delay: Callable[[int], float] | None = None,
        guides: CoordinatorGuides | None = None,
    ) -> None:
        self._guides = guides
        self._factory = session_factory
        self._reports = reports
        self._clock = clock
        self._installation = installation
        self._client_factory = client_factory or _http_client
        jitter = equal_jitter(random.Random())
        self._delay = delay or (lambda attempts: backoff_delay(attempts, jitter=jitter))
        self._reconciled_at: dt.datetime | None = None

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)  # the outbox keeps aware UTC times

    # --- the connection ------------------------------------------------------------------------
    def _stored(self) -> Connection | None:
        with self._factory() as orm:
            raw = StoredSettings(orm).get(CONNECTION_KEY)
        return Connection(**raw) if isinstance(raw, dict) else None

    def connection(self) -> Connection | None:
        """The coordinator connection of this installation, if any."""
        stored = self._stored()
        return stored if stored and stored.installation_id == self._installation else None

    def restored_elsewhere(self) -> bool:
        stored = self._stored()
        return stored is not None and stored.installation_id != self._installation

    def enrol_link(self, link: str) -> Connection:
        try:
            parsed = parse_enrol_link(link)
        except AddressError as error:
            raise SyncProblem(error.message, **error.params) from error
        return self.enrol(parsed.server, parsed.code)

    def enrol(self, server: str, code: str) -> Connection:
        """Spends the one-time code and keeps the token; waiting months are due at once."""
        try:
            url = check_server_url(server)
        except AddressError as error:
            raise SyncProblem(error.message, **error.params) from error
        if not code.strip():
            raise SyncProblem(N_("Enter the connection code from your coordinator."))
        try:
            with self._client_factory(url, None) as client:
                enrolment = client.enrol(code.strip(), f"HomeSupport {self._installation[:8]}")
        except CoordinatorError as error:
            raise SyncProblem(ENROL_FAILURES.get(type(error.outcome), ENROL_UNEXPECTED)) from error
        connection = Connection(
            url,
            enrolment.device_id,
            enrolment.token,
            self._installation,
            self._now().isoformat(timespec="seconds"),
        )
        with self._factory.begin() as orm:
            settings = StoredSettings(orm)
            settings.set(CONNECTION_KEY, connection.as_json())
            settings.set(POLICY_KEY, {"k": enrolment.k, "locked_periods": []})
            outbox = OutboxRepository(orm)
            entries = [OutboxEntry.from_record(r) for r in outbox.records()]
            for entry in after_enrolment(entries):
                outbox.save(entry.as_record())
        self._reconciled_at = None  # a new device: compare with what the coordinator holds
        log.info("enrolled with a coordinator")
        return connection

    def disconnect(self) -> None:
        with self._factory.begin() as orm:
            StoredSettings(orm).set(CONNECTION_KEY, None)

    def locked_periods(self) -> tuple[str, ...]:
        with self._factory() as orm:
            policy = StoredSettings(orm).get(POLICY_KEY) or {}
        return tuple(policy.get("locked_periods", ())) if isinstance(policy, dict) else ()

    # --- a send run ------------------------------------------------------------------------------
    def run(self, *, now: bool = False) -> SyncResult:
        """One run. ``now`` is the supporter asking ("Send now", ``homesupport sync``): waiting
        months lose their back-off and the coordinator's receipts are compared first.

        The run is one use of the store (its gate): a restore waits for it, and asks it to
        stop after the month it is sending, so no answer lands in the restored data."""
        with self._factory.gate.using():
            return self._run(now)

    def _run(self, now: bool) -> SyncResult:
        self._remember_guides()  # before building: the months may name the guides held
        corrections = tuple(self._reports.queue_closed_months())
        if now:
            for entry in retry_now(self._reports.entries()):
                self._reports.save_entry(entry)
        entries = self._reports.entries()
        connection = self.connection()
        if connection is None:
            return SyncResult(tuple(entries), corrections, connected=False)
        clock_now = self._now()
        reconcile_due = (
            now or self._reconciled_at is None or clock_now - self._reconciled_at >= RECONCILE_EVERY
        )
        if next_due(entries, clock_now) is None and not reconcile_due:
            return SyncResult(tuple(entries), corrections)  # nothing to do: stay off the network
        with self._client_factory(connection.server, connection.token) as client:
            k_changed, reshaped = self._compare(client)
            corrections += reshaped
            if k_changed:
                corrections += tuple(self._reports.queue_closed_months())  # a new k
            result = send_due(
                self._reports.entries(),
                client,
                now=self._now,
                delay=self._delay,
                save=self._reports.save_entry,
                keep_going=lambda: not self._factory.gate.stopping(),
            )
            # Guides ride along with the comparison run (every "send now", twice a day).
            guides = self._guides.update(client) if self._guides and reconcile_due else None
        self._remember_guides()
        return SyncResult(result.entries, corrections, result.tried, result.halt, guides=guides)

    def _remember_guides(self) -> None:
        """The coordinator's guides held here may be named in reports (sessions.guide)."""
        if self._guides is not None:
            with self._factory.begin() as orm:
                remember_published_guides(orm, self._guides.received())

    def _compare(self, client: CoordinatorClient) -> tuple[bool, tuple[Correction, ...]]:
        """Policy and reconciliation: whether the threshold k changed, and the corrections
        made while taking a newly accepted report format. A failure here is left to the upload
        that follows, which records it on the month with its back-off."""
        try:
            policy = client.policy()
            receipts = client.list_receipts()
        except CoordinatorError as error:
            log.info("policy or receipts not available: %s", type(error.outcome).__name__)
            return False, ()
        formats = list(policy.report_formats)
        with self._factory.begin() as orm:
            settings = StoredSettings(orm)
            before = settings.get(POLICY_KEY) or {}
            if not isinstance(before, dict):
                before = {}
            settings.set(
                POLICY_KEY,
                {
                    "k": policy.k,
                    "locked_periods": list(policy.locked_periods),
                    "report_formats": formats,
                },
            )
        reshaped: tuple[Correction, ...] = ()
        if before.get("report_formats", []) != formats:
            # Months frozen but never offered take the shape the coordinator takes now (1.1:
            # with sessions.guide) before they meet its receipts, so a month it already holds
            # in that shape (sent from data restored since) is recognised as the same.
            reshaped = tuple(self._reports.queue_closed_months())
        with self._factory.begin() as orm:
            outbox = OutboxRepository(orm)
            entries = [OutboxEntry.from_record(r) for r in outbox.records()]
            for entry in reconcile(entries, receipts):
                outbox.save(entry.as_record())
            for receipt in receipts:
                outbox.keep_receipt(receipt.as_json())
        self._reconciled_at = self._now()
        return before.get("k") != policy.k, reshaped

    # --- what the supporter reads --------------------------------------------------------------
    def status(self, entries: Sequence[OutboxEntry] | None = None) -> Message:
        """The status bar's one line about sync, always the truth of the stored outbox."""
        entries = self._reports.entries() if entries is None else entries
        message = outbox_status(entries)
        if self.restored_elsewhere():
            return Message(CONNECT_AGAIN)
        if self.connection() is None:
            pending = [e for e in entries if e.state is State.PENDING]
            if message is None or not pending:
                return Message(NOT_CONNECTED) if message is None else message
            return Message(WAITING_UNCONNECTED, {"n": str(len(pending))})
        return message or Message(NOTHING_YET)
