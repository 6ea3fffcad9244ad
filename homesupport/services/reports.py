"""A month's report from the store: what it says, what will be sent, and freezing closed months
into the outbox (DESIGN.md §5, §6).

The bytes of a month are frozen into its outbox entry when built, so every retry sends the
same bytes. A month is rebuilt only when its sessions changed (a fingerprint per month) and
gets the next revision only when its bytes changed; a correction replaces the whole month.

Format 1.1's ``sessions.guide`` and the months already built (decided in :meth:`_Month.update`):
a month carries the table only when its bytes are built anew — a month frozen for the first
time, or a month whose figures changed (a correction, sent as a new revision anyway) — and only
once the coordinator's policy says it accepts format 1.1. A month already offered to the
coordinator is compared with a rebuild *in its own shape* (with or without the table), so
upgrading the app never changes the bytes of a month sent before and never turns history into
corrections. Bytes that never left the laptop (frozen, not yet tried) take the current shape in
place, keeping their revision: e.g. the months frozen just before the first policy read.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.codes import duration_band
from homesupport.domain.report_format import (
    DEFAULT_K,
    MIN_K,
    canonical_bytes,
    format_revision,
)
from homesupport.domain.statistics import (
    UNKNOWN_AGE_BAND,
    ReportRow,
    ReportSession,
    breakdown,
    build_report,
    parse_period,
    period_of,
)
from homesupport.files import SHARED_FILE_MODE, atomic_write
from homesupport.resources import resource
from homesupport.storage.profile_repo import StoredSettings
from homesupport.storage.reports_repo import OutboxRepository, ReportRepository
from homesupport.sync.outbox import OutboxEntry, State, begin_attempt, update_month
from homesupport.sync.outcomes import Receipt

Clock = Callable[[], dt.datetime]
# {"k": 5, "locked_periods": [...], "report_formats": ["1.0", "1.1"]}, from the coordinator
POLICY_KEY = "coordinator.policy"
# Every guide slug the coordinator ever published to this laptop. It only grows: a withdrawn
# guide given in a past month is still named, never turned into "own" by a later rebuild.
PUBLISHED_GUIDES_KEY = "coordinator.published_guides"
GUIDES_FORMAT = "1.1"  # the report format revision that carries sessions.guide


def bundled_guide_slugs(folder: Path | None = None) -> frozenset[str]:
    """The slugs of the guides shipped with the app (folders holding a guide file)."""
    root = folder or resource("guides")
    if not root.is_dir():
        return frozenset()
    return frozenset(d.name for d in root.iterdir() if d.is_dir() and any(d.glob("*.toml")))


def remember_published_guides(orm: OrmSession, slugs: Iterable[str]) -> None:
    """Adds the coordinator's guides to the slugs this laptop's reports may name."""
    settings = StoredSettings(orm)
    held = settings.get(PUBLISHED_GUIDES_KEY) or []
    known = sorted({*held, *slugs}) if isinstance(held, list) else sorted(set(slugs))
    if known != held:
        settings.set(PUBLISHED_GUIDES_KEY, known)


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, month = parse_period(period)
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def shift(period: str, months: int) -> str:
    year, month = parse_period(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class MonthReport:
    """The report of one month as it will be sent: the outbox entry holding its bytes (saved
    already, or the one the next send run will freeze), and its figures as readable rows."""

    period: str
    entry: OutboxEntry
    closed: bool
    rows: tuple[ReportRow, ...]
    # The coordinator has another (older) revision of this month: this one is a correction.
    correction: bool = False

    @property
    def payload(self) -> bytes:
        return self.entry.payload

    @property
    def report(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.payload)
        return parsed

    @property
    def suppressed(self) -> int:
        return sum(row.suppressed for row in self.rows)


@dataclass(frozen=True)
class MonthFigures:
    """The supporter's own exact figures of a month; shown on screen, never sent."""

    period: str
    totals: Mapping[str, int]
    tables: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Correction:
    """A sent month changed: it goes out again as ``revision``."""

    period: str
    revision: int


class ReportService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        clock: Clock,
        bundled_guides: frozenset[str] | None = None,
    ) -> None:
        self._factory = session_factory
        self._clock = clock
        self._bundled = bundled_guides if bundled_guides is not None else bundled_guide_slugs()

    def current_period(self) -> str:
        return period_of(self._clock().date())

    def k(self) -> int:
        with self._factory() as orm:
            return _policy_k(orm)

    # --- looking at a month -------------------------------------------------------------------
    def figures(self, period: str) -> MonthFigures:
        first, last = month_bounds(period)
        with self._factory() as orm:
            repo = ReportRepository(orm)
            sessions = repo.month_sessions(first, last)
            clients = _distinct_clients(sessions)
            firsts = repo.first_session_dates(k for k in clients if isinstance(k, int))
        return _figures(period, sessions, clients, firsts)

    def preview(self, period: str) -> MonthReport:
        """The month's report exactly as it would be sent now (the current month too)."""
        return self.month(period)[1]

    def month(self, period: str) -> tuple[MonthFigures, MonthReport]:
        """The month's own exact figures and its report, from one read of its sessions."""
        with self._factory.begin() as orm:
            built = _Month.read(orm, period, self._bundled)
            current = _entry(OutboxRepository(orm), period)
        entry = built.update(current) or current
        assert entry is not None
        held = entry.receipt
        report = MonthReport(
            period,
            entry,
            period < self.current_period(),
            tuple(breakdown(json.loads(entry.payload))),
            correction=held is not None and held.revision < entry.revision,
        )
        clients = _distinct_clients(built.sessions)
        return _figures(period, built.sessions, clients, built.firsts), report

    def sessions_per_month(self, last: str, months: int = 12) -> list[tuple[str, int]]:
        """Live sessions in each of the ``months`` months up to ``last``, oldest first."""
        periods = [shift(last, -i) for i in reversed(range(months))]
        with self._factory() as orm:
            counts = ReportRepository(orm).sessions_per_month(
                month_bounds(periods[0])[0], month_bounds(last)[1]
            )
        return [(p, counts.get(p, 0)) for p in periods]

    def periods_with_sessions(self) -> list[str]:
        """From the first month with a session to this month, newest first."""
        now = self.current_period()
        with self._factory() as orm:
            first = ReportRepository(orm).first_period() or now
        return list(reversed(_months(min(first, now), now)))

    # --- the outbox -----------------------------------------------------------------------------
    def queue_closed_months(self) -> list[Correction]:
        """Freezes every closed month whose content changed since it was last built; returns
        the already-sent months that become corrections. Runs with the sender, never beside
        it (both write the outbox)."""
        current = self.current_period()
        with self._factory() as orm:
            repo = ReportRepository(orm)
            now_prints, built = repo.fingerprints(), repo.built_fingerprints()
            entries = {e.period: e for e in _entries(OutboxRepository(orm))}
            k = _policy_k(orm)
            with_guides = _guide_slugs(orm, self._bundled) is not None
        # Every month from the first one with a session: a quiet month is reported as zeros.
        known = sorted({*now_prints, *entries})
        closed = _months(known[0], shift(current, -1)) if known else []
        stale = [
            p
            for p in closed
            if now_prints.get(p, "") != built.get(p)
            or (p in entries and not entries[p].acknowledged and _k_of(entries[p]) != k)
            or (p in entries and _reshapable(entries[p], with_guides))
        ]
        if not stale:
            return []
        # A client's first session decides in which month it is new: a change in one month
        # can change any later one, so every month from the earliest change is rebuilt.
        corrections = []
        for period in (p for p in closed if p >= min(stale)):
            with self._factory.begin() as orm:
                month = _Month.read(orm, period, self._bundled)
                outbox = OutboxRepository(orm)
                previous = _entry(outbox, period)
                entry = month.update(previous)
                if entry is not None:
                    outbox.save(entry.as_record())
                    if previous is not None and (
                        previous.state is State.SENT or previous.receipt is not None
                    ):
                        corrections.append(Correction(period, entry.revision))
                ReportRepository(orm).set_fingerprint(period, now_prints.get(period, ""))
        return corrections

    def entries(self) -> list[OutboxEntry]:
        with self._factory() as orm:
            return _entries(OutboxRepository(orm))

    def save_entry(self, entry: OutboxEntry) -> None:
        """One entry in its own transaction (the send runner's ``save``)."""
        with self._factory.begin() as orm:
            OutboxRepository(orm).save(entry.as_record())

    def receipts(self) -> list[Receipt]:
        """Every receipt the coordinator gave, newest month and revision first."""
        with self._factory() as orm:
            return [Receipt.from_json(r) for r in OutboxRepository(orm).receipts()]

    def handover(self, period: str, folder: Path) -> Path:
        """Writes the closed month's report bytes to a file for ``homesupport-coordinator
        import``. Its revision now counts as offered: a later change gets the next one."""
        if period >= self.current_period():
            raise ValueError(f"{period} is not over yet")
        self.queue_closed_months()
        with self._factory.begin() as orm:
            outbox = OutboxRepository(orm)
            entry = _entry(outbox, period)
            if entry is None:  # a month with no session at all is still a report
                entry = _Month.read(orm, period, self._bundled).update(None)
                assert entry is not None
            if entry.state is State.PENDING and entry.attempts == 0:
                entry = begin_attempt(entry)
            outbox.save(entry.as_record())
        # Only the month and revision in the name: nothing personal in file names.
        target = folder / f"homesupport-report-{period}-r{entry.revision}.json"
        atomic_write(target, entry.payload, mode=SHARED_FILE_MODE)
        return target


@dataclass(frozen=True)
class _Month:
    """What one month's report is built from, read in one transaction."""

    period: str
    report_id: str
    k: int
    sessions: Sequence[ReportSession]
    firsts: Mapping[int, dt.date]
    # The slugs sessions.guide may name, or None: the coordinator does not take format 1.1.
    guide_slugs: frozenset[str] | None = None

    @classmethod
    def read(cls, orm: OrmSession, period: str, bundled: frozenset[str]) -> _Month:
        repo = ReportRepository(orm)
        first, last = month_bounds(period)
        sessions = repo.month_sessions(first, last)
        keys = {s.client_id for s in sessions if s.client_id is not None and not s.is_group}
        return cls(
            period,
            repo.report_id(period, str(uuid.uuid4())),
            _policy_k(orm),
            sessions,
            repo.first_session_dates(keys),
            _guide_slugs(orm, bundled),
        )

    def payload(self, report_id: str, revision: int, k: int, guides: bool) -> bytes:
        report = build_report(
            self.sessions, self.firsts, period=self.period, report_id=report_id,
            revision=revision, k=k, guide_slugs=self.guide_slugs if guides else None,
        )  # fmt: skip
        return canonical_bytes(report)

    def update(self, current: OutboxEntry | None) -> OutboxEntry | None:
        """The entry to freeze, or None when ``current`` still says the same.

        "The same" is judged with the threshold the entry was built with, so a new policy k
        does not turn an acknowledged month into a correction; new bytes always use the
        current policy (a waiting month built with an older k is rebuilt too). Likewise it is
        judged in the entry's own shape, 1.0 or 1.1: a month offered before the coordinator
        took the guide table keeps its bytes, and only new bytes carry the table (see the
        module docstring).
        """
        with_guides = self.guide_slugs is not None
        if current is not None:
            own_k = _k_of(current)
            own_guides = _has_guide_table(current)
            same = (
                self.payload(current.report_id, current.revision, own_k, own_guides)
                == current.payload
            )
            if (
                same
                and (current.acknowledged or own_k == self.k)
                and not _reshapable(current, with_guides)
            ):
                return None
        return update_month(
            current,
            lambda report_id, revision: self.payload(report_id, revision, self.k, with_guides),
            period=self.period,
            new_report_id=self.report_id,
            force=current is not None,
        )


def _months(first: str, last: str) -> list[str]:
    periods = []
    while first <= last:
        periods.append(first)
        first = shift(first, 1)
    return periods


def _policy_k(orm: OrmSession) -> int:
    policy = StoredSettings(orm).get(POLICY_KEY) or {}
    k = policy.get("k", DEFAULT_K) if isinstance(policy, dict) else DEFAULT_K
    return max(int(k), MIN_K)


def _k_of(entry: OutboxEntry) -> int:
    return int(json.loads(entry.payload)["k"])


def _has_guide_table(entry: OutboxEntry) -> bool:
    return format_revision(json.loads(entry.payload)) == GUIDES_FORMAT


def _reshapable(entry: OutboxEntry, with_guides: bool) -> bool:
    """Bytes that never left the laptop, in the other shape than new ones get: rebuilt in
    place (same revision). Once offered, a month keeps its shape until its figures change."""
    never_offered = entry.state is State.PENDING and entry.attempts == 0
    return never_offered and _has_guide_table(entry) != with_guides


def _guide_slugs(orm: OrmSession, bundled: frozenset[str]) -> frozenset[str] | None:
    """The slugs a new report may name, or None while the coordinator has not said (in its
    policy) that it accepts format 1.1: an older coordinator rejects the unknown table."""
    settings = StoredSettings(orm)
    policy = settings.get(POLICY_KEY) or {}
    formats = policy.get("report_formats", []) if isinstance(policy, dict) else []
    if GUIDES_FORMAT not in formats:
        return None
    published = settings.get(PUBLISHED_GUIDES_KEY) or []
    return bundled | frozenset(published if isinstance(published, list) else [])


def _entries(outbox: OutboxRepository) -> list[OutboxEntry]:
    return [OutboxEntry.from_record(r) for r in outbox.records()]


def _entry(outbox: OutboxRepository, period: str) -> OutboxEntry | None:
    record = outbox.record(period)
    return OutboxEntry.from_record(record) if record else None


ClientKey = int | tuple[str, int]


def _distinct_clients(sessions: Sequence[ReportSession]) -> dict[ClientKey, ReportSession]:
    """§5's distinct clients (group sessions excluded), each with its latest session."""
    clients: dict[ClientKey, ReportSession] = {}
    for index, s in enumerate(sessions):
        if s.is_group:
            continue
        key: ClientKey = s.client_id if s.client_id is not None else ("unlinked", index)
        known = clients.get(key)
        if known is None or _latest(s) > _latest(known):
            clients[key] = s
    return clients


def _latest(s: ReportSession) -> tuple[dt.date, bool, dt.time, int]:
    return (s.date, s.start is not None, s.start or dt.time.min, s.order)


def _figures(
    period: str,
    sessions: Sequence[ReportSession],
    clients: Mapping[ClientKey, ReportSession],
    firsts: Mapping[int, dt.date],
) -> MonthFigures:
    new = sum(1 for k in clients if isinstance(k, int) and period_of(firsts[k]) == period)
    totals = {
        "sessions": len(sessions),
        "minutes": sum(s.minutes for s in sessions),
        "travel_minutes": sum(s.travel_minutes for s in sessions),
        "clients": len(clients),
        "new_clients": new,
        "group_participants": sum(s.participants or 0 for s in sessions if s.is_group),
        "guides_given": sum(s.guides_given for s in sessions),
    }
    people = list(clients.values())
    tables: dict[str, Counter[str]] = {
        "mode": Counter(s.mode for s in sessions),
        "programme": Counter(s.programme for s in sessions),
        "topic": Counter(t for s in sessions for t in set(s.topics)),
        "outcome": Counter(s.outcome for s in sessions if s.outcome),
        "duration_band": Counter(duration_band(s.minutes) for s in sessions),
        "device": Counter(d for s in sessions for d in set(s.devices)),
        "age_band": Counter(s.age_band or UNKNOWN_AGE_BAND for s in people),
        "language": Counter(s.language for s in people if s.language),
        "municipality": Counter(s.municipality for s in people if s.municipality),
    }
    return MonthFigures(period, totals, {name: dict(c) for name, c in tables.items()})
