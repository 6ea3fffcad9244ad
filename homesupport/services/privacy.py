"""Erasure, retention and the audit log (DESIGN.md §4).

Erasure is two-step so it can be undone: ``request_erasure`` hides the client at once (from
search, history and follow-ups); it becomes final when the undo window (``UNDO_WINDOW``,
30 seconds) has passed and ``finalise_due_erasures`` runs (the GUI calls it from a timer and
with ``everything=True`` when the app closes), or at the latest on the next store open
(:func:`run_retention`), so a pending erasure never outlives the app session.

Final erasure and retention remove the personal fields in place (``secure_delete`` overwrites
freed cells and pages with zeros), then checkpoint the WAL with TRUNCATE, so no byte of a
removed nickname or note stays in the database file, its WAL, or any backup made afterwards.
Backups made *before* are rewritten the same way (:meth:`PrivacyService.scrub_backups`).

Retention (default 12 months): clients whose last session is older than the period are erased
the same way; notes of every session older than the period are emptied. Counts only are
reported and logged. Clock guard: a clock behind the last pass (set back) or far ahead of
any recorded activity (``MAX_CLOCK_JUMP``, a glitch or a wrong year) skips the pass instead of
deleting on a wrong "now"; the report says so and the GUI can confirm the date and rerun with
``trust_clock=True``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.privacy import AuditAction, AuditEntry
from homesupport.domain.sessions import Session
from homesupport.domain.settings import Preferences
from homesupport.i18n import N_
from homesupport.services.clients import RETENTION_CUTOFF_KEY
from homesupport.storage.audit_repo import AuditRepository
from homesupport.storage.clients_repo import ClientRepository, ScrubCounts
from homesupport.storage.connection import connect_raw
from homesupport.storage.models import AuditRow, ClientRow, SessionRow
from homesupport.storage.profile_repo import StoredSettings

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
UNDO_WINDOW = dt.timedelta(seconds=30)
DAILY = dt.timedelta(hours=24)
# A "now" this far beyond every recorded activity is taken for a clock glitch.
MAX_CLOCK_JUMP = dt.timedelta(days=120)
# A clock this far behind the last pass counts as set back (time zones and DST are not).
CLOCK_SLACK = dt.timedelta(hours=26)
LAST_RUN_KEY = "privacy.retention_last_run"


@dataclass(frozen=True)
class PendingErasure:
    client_id: int
    requested_at: dt.datetime
    final_at: dt.datetime  # undo is possible until then


@dataclass(frozen=True)
class ErasureReport:
    clients: int = 0
    sessions_unlinked: int = 0
    follow_ups_cleared: int = 0
    notes_removed: int = 0


@dataclass(frozen=True)
class RetentionReport:
    """What a retention pass removed: counts only."""

    ran: bool
    clients_removed: int = 0
    sessions_anonymised: int = 0
    notes_removed: int = 0
    erasures_finalised: int = 0
    skipped: str | None = None  # an English msgid when the pass did not run

    @property
    def removed_anything(self) -> bool:
        return bool(
            self.clients_removed
            or self.sessions_anonymised
            or self.notes_removed
            or self.erasures_finalised
        )


SKIPPED_CLOCK_BEHIND = N_(
    "Old data was not removed this time: the computer's clock is behind the last check."
)
SKIPPED_CLOCK_AHEAD = N_(
    "Old data was not removed this time: the computer's date looks wrong. Check the date."
)
SKIPPED_NOT_DUE = N_("Old data was already checked today.")


def retention_cutoff(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` months back (the month's last day when it has fewer days)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(today.day, 28))


class PrivacyService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        engine: Engine,
        clock: Clock,
        undo_window: dt.timedelta = UNDO_WINDOW,
    ) -> None:
        self._factory = session_factory
        self._engine = engine
        self._clock = clock
        self.undo_window = undo_window

    # --- erasure --------------------------------------------------------------------------

    def request_erasure(self, client_id: int) -> PendingErasure | None:
        """Hides the client now; final after the undo window. None if there is no such client."""
        now = self._clock()
        with self._factory.begin() as orm:
            if not ClientRepository(orm).request_erasure(client_id, now):
                return None
            AuditRepository(orm).add(AuditAction.ERASURE_REQUESTED, now)
        return PendingErasure(client_id, now, now + self.undo_window)

    def cancel_erasure(self, client_id: int) -> bool:
        """The undo: False when the erasure is already final (or was never asked for)."""
        now = self._clock()
        with self._factory.begin() as orm:
            if not ClientRepository(orm).cancel_erasure(client_id):
                return False
            AuditRepository(orm).add(AuditAction.ERASURE_CANCELLED, now)
        return True

    def pending_erasures(self) -> list[PendingErasure]:
        with self._factory() as orm:
            pending = ClientRepository(orm).pending_erasures()
        return [PendingErasure(i, at, at + self.undo_window) for i, at in pending]

    def finalise_due_erasures(self, everything: bool = False) -> ErasureReport:
        """Makes final every erasure whose undo window is over (all of them with
        ``everything``: when the app closes or the store opens)."""
        now = self._clock()
        with self._factory.begin() as orm:
            repository = ClientRepository(orm)
            before = None if everything else now - self.undo_window
            ids = [i for i, _ in repository.pending_erasures(before)]
            if not ids:
                return ErasureReport()
            counts = repository.erase(ids)
            AuditRepository(orm).add(AuditAction.CLIENT_ERASED, now, len(ids))
        self.compact()
        return _erasure_report(len(ids), counts)

    def erase_now(self, client_id: int) -> ErasureReport:
        """Erasure without an undo window (command line, tests)."""
        if self.request_erasure(client_id) is None:
            return ErasureReport()
        now = self._clock()
        with self._factory.begin() as orm:
            counts = ClientRepository(orm).erase([client_id])
            AuditRepository(orm).add(AuditAction.CLIENT_ERASED, now, 1)
        self.compact()
        return _erasure_report(1, counts)

    # --- retention ------------------------------------------------------------------------

    def retention_due(self) -> bool:
        """For the GUI's daily timer: true when a day has passed since the last pass."""
        with self._factory() as orm:
            last = StoredSettings(orm).get(LAST_RUN_KEY)
        return last is None or self._clock() - dt.datetime.fromisoformat(last) >= DAILY

    def run_retention(
        self, months: int, *, only_if_due: bool = False, trust_clock: bool = False
    ) -> RetentionReport:
        now = self._clock()
        cutoff = retention_cutoff(now.date(), max(1, months))
        with self._factory.begin() as orm:
            settings = StoredSettings(orm)
            raw_last = settings.get(LAST_RUN_KEY)
            last = dt.datetime.fromisoformat(raw_last) if raw_last else None
            if only_if_due and last is not None and now - last < DAILY and now >= last:
                return RetentionReport(ran=False, skipped=SKIPPED_NOT_DUE)
            if not trust_clock:
                skipped = self._clock_problem(orm, now, last)
                if skipped is not None:
                    log.warning("retention pass skipped: the clock looks wrong")
                    AuditRepository(orm).add(AuditAction.RETENTION_SKIPPED_CLOCK, now, 0)
                    return RetentionReport(ran=False, skipped=skipped)
            repository = ClientRepository(orm)
            expired = repository.expired(cutoff)
            counts = repository.erase(expired)
            notes = repository.remove_notes_before(cutoff)
            audit = AuditRepository(orm)
            for action, count in (
                (AuditAction.RETENTION_CLIENTS, len(expired)),
                (AuditAction.RETENTION_SESSIONS, counts.sessions),
                (AuditAction.RETENTION_NOTES, counts.notes + notes),
            ):
                if count:
                    audit.add(action, now, count)
            settings.set(LAST_RUN_KEY, now.isoformat())
            previous = settings.get(RETENTION_CUTOFF_KEY)
            # The cutoff only moves forward: a shorter period set later moves it, a longer
            # one cannot bring removed notes back anyway.
            if previous is None or cutoff.isoformat() > previous:
                settings.set(RETENTION_CUTOFF_KEY, cutoff.isoformat())
        report = RetentionReport(
            ran=True,
            clients_removed=len(expired),
            sessions_anonymised=counts.sessions,
            notes_removed=counts.notes + notes,
        )
        if report.removed_anything:
            self.compact()
        log.info(
            "retention pass: %d clients, %d sessions anonymised, %d notes removed",
            report.clients_removed,
            report.sessions_anonymised,
            report.notes_removed,
        )
        return report

    @staticmethod
    def _clock_problem(orm: OrmSession, now: dt.datetime, last: dt.datetime | None) -> str | None:
        if last is not None and now < last - CLOCK_SLACK:
            return SKIPPED_CLOCK_BEHIND
        latest = [
            last,
            orm.scalar(select(func.max(SessionRow.updated_at))),
            orm.scalar(select(func.max(ClientRow.created_at))),
            orm.scalar(select(func.max(AuditRow.at))),
        ]
        known = [t for t in latest if t is not None]
        if known and now > max(known) + MAX_CLOCK_JUMP:
            return SKIPPED_CLOCK_AHEAD
        return None

    # --- imports --------------------------------------------------------------------------

    def prepare_import(self, sessions: Iterable[Session], months: int) -> tuple[list[Session], int]:
        """Imported history older than the retention period keeps what the statistics need
        and drops its personal fields (client link, notes, follow-up). Returns the sessions to
        store and how many were stripped; the caller stores them in the same action."""
        cutoff = retention_cutoff(self._clock().date(), max(1, months))
        kept: list[Session] = []
        stripped = 0
        for session in sessions:
            if session.date < cutoff and (
                session.client_id is not None
                or session.client_nickname
                or session.notes
                or session.follow_up
            ):
                session = dataclasses.replace(
                    session, client_id=None, client_nickname=None, notes="", follow_up=None
                )
                stripped += 1
            kept.append(session)
        if stripped:
            with self._factory.begin() as orm:
                AuditRepository(orm).add(AuditAction.IMPORT_FIELDS_DROPPED, self._clock(), stripped)
        return kept, stripped

    # --- audit log and the file itself ----------------------------------------------------

    def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        with self._factory() as orm:
            return AuditRepository(orm).latest(limit)

    def record(self, action: AuditAction, count: int = 1) -> None:
        with self._factory.begin() as orm:
            AuditRepository(orm).add(action, self._clock(), count)

    def compact(self, vacuum: bool = False) -> None:
        """Moves everything out of the WAL and truncates it. ``secure_delete`` has already
        zeroed the removed cells and freed pages in place (the decrypted-page tests check
        this), so VACUUM (1–2 s at 100,000 sessions) is only needed to shrink the file."""
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if vacuum:
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.close()
        finally:
            raw.close()

    def scrub_backups(self, backups: Sequence[Path], key: bytes, months: int) -> int:
        """Applies erasures and retention to existing backups, so an erased client does not
        live on in the rotating backups made before. Returns how many files were rewritten.

        A backup knows nothing of which clients were erased since; it is brought in line by
        removing every client the live store no longer has. Call it after erasures are final."""
        with self._factory() as orm:
            # Clients waiting for erasure still count as live: their undo must stay possible.
            live = set(orm.scalars(select(ClientRow.id)))
        cutoff = retention_cutoff(self._clock().date(), max(1, months)).isoformat()
        rewritten = 0
        for path in backups:
            connection = connect_raw(path, key)
            try:
                ids = [r[0] for r in connection.execute("SELECT id FROM clients")]
                gone = [i for i in ids if i not in live]
                connection.execute("BEGIN")
                for client_id in gone:
                    connection.execute(
                        "UPDATE sessions SET client_id = NULL, notes = '', follow_up = NULL "
                        "WHERE client_id = ?",
                        (client_id,),
                    )
                    connection.execute("DELETE FROM clients WHERE id = ?", (client_id,))
                connection.execute(
                    "UPDATE sessions SET notes = '' WHERE date < ? AND notes != ''", (cutoff,)
                )
                connection.execute("COMMIT")
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                connection.execute("VACUUM")
                connection.execute("PRAGMA journal_mode = DELETE")
            finally:
                connection.close()
            for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            rewritten += 1
        return rewritten


def _erasure_report(clients: int, counts: ScrubCounts) -> ErasureReport:
    return ErasureReport(
        clients=clients,
        sessions_unlinked=counts.sessions,
        follow_ups_cleared=counts.follow_ups,
        notes_removed=counts.notes,
    )


def run_retention(
    session_factory: sessionmaker[OrmSession],
    engine: Engine,
    preferences: Preferences,
    clock: Clock,
) -> RetentionReport:
    """What the composition root calls whenever the store is opened (the app and every CLI
    command): pending erasures become final, then the retention pass runs.

    Usage: ``run_retention(store.session_factory, store.engine, preferences, clock)``."""
    service = PrivacyService(session_factory, engine, clock)
    finalised = service.finalise_due_erasures(everything=True)
    report = service.run_retention(preferences.retention_months)
    return dataclasses.replace(report, erasures_finalised=finalised.clients)
