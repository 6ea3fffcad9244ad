"""The anonymiser: one device's month of sessions -> the monthly report of DESIGN.md §5.

Pure and deterministic: the same sessions give the same canonical bytes. The caller passes
only the month's live sessions (deleted sessions must not be passed; they never count) as
:class:`ReportSession` values, which carry exactly what the report needs and nothing that
could identify a client (no nickname, no notes).

Interpretations of §5 that the contract leaves implicit, fixed here:

- A *group session* is a session with mode ``group``. It counts in ``sessions.*`` and
  ``totals.group_participants`` only; a client linked to a group session is not counted in
  ``totals.clients``/``clients.*`` because of it (nor in ``totals.new_clients``).
- A linked client's *latest* session is the one with the latest date, then the latest start
  time (a missing start sorts first), then the highest ``order`` (the stored session id).
- ``totals.clients`` (and ``new_clients``) of 0 stay 0: "<k" would claim 1 … k−1 clients.
- ``sessions.guide`` (format 1.1) is built only when the caller passes ``guide_slugs`` (the
  slugs that may be named); a session adds one to each named guide it gave and one to ``own``
  however many of the supporter's own guides it gave. Whether a month carries the table is the
  caller's decision (``services.reports`` keeps already-built months as they were).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from homesupport.domain.codes import TAXONOMY_VERSION, duration_band
from homesupport.domain.report_format import (
    CLIENT_TABLES,
    FORMAT,
    GUIDE_TABLE,
    MIN_K,
    OPTIONAL_SESSION_TABLES,
    OTHER_MUNICIPALITY,
    OWN_GUIDES,
    SESSION_TABLES,
    TOTALS,
    suppressed_marker,
)

GROUP_MODE = "group"
UNKNOWN_AGE_BAND = "unknown"
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Cell = int | str  # an exact count, or the suppressed marker "<k"


@dataclass(frozen=True)
class ReportSession:
    """What the report needs to know about one session, and nothing more."""

    date: dt.date
    minutes: int
    mode: str
    programme: str
    travel_minutes: int = 0
    topics: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()
    outcome: str | None = None
    client_id: int | None = None
    age_band: str | None = None
    language: str | None = None
    municipality: str | None = None
    participants: int | None = None
    guides_given: int = 0
    guides: tuple[str, ...] = ()  # the slugs given; never leave the laptop unless known
    start: dt.time | None = None
    order: int = 0  # the stored session id; breaks ties when choosing the latest session

    @property
    def is_group(self) -> bool:
        return self.mode == GROUP_MODE


@dataclass(frozen=True)
class ReportRow:
    """One figure of a report as the "what will be sent" view shows it.

    ``table`` is ``totals`` or e.g. ``sessions.topic``; ``value`` is None when suppressed.
    """

    table: str
    code: str
    value: int | None
    suppressed: bool


def parse_period(period: str) -> tuple[int, int]:
    """``"2026-10"`` -> ``(2026, 10)``; ValueError for anything else."""
    match = _PERIOD.match(period)
    if not match:
        raise ValueError(f"not a period (YYYY-MM): {period!r}")
    return int(match.group(1)), int(match.group(2))


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def is_closed(period: str, today: dt.date) -> bool:
    """Only closed months are sent (§5): a month is closed once today is in a later month."""
    return parse_period(period) < (today.year, today.month)


def build_report(
    sessions: Iterable[ReportSession],
    first_session_dates: Mapping[int, dt.date],
    *,
    period: str,
    report_id: str,
    revision: int,
    k: int,
    guide_slugs: Collection[str] | None = None,
) -> dict[str, Any]:
    """The §5 report of one month. ``first_session_dates`` maps every linked client of the
    month to the date of its first session ever (for ``totals.new_clients``).

    With ``guide_slugs`` (bundled and coordinator-published slugs) the report carries format
    1.1's ``sessions.guide``; without, it is a 1.0 report, byte for byte as before."""
    parse_period(period)
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}, not {k}")
    if revision < 1:
        raise ValueError(f"revision must be at least 1, not {revision}")
    month = list(sessions)
    for session in month:
        if period_of(session.date) != period:
            raise ValueError(f"a session of {period_of(session.date)} is not in {period}")

    clients = _distinct_clients(month)
    linked = [cid for cid in clients if isinstance(cid, int)]
    missing = [cid for cid in linked if cid not in first_session_dates]
    if missing:
        raise ValueError(f"first session date missing for {len(missing)} client(s)")
    new_clients = sum(1 for cid in linked if period_of(first_session_dates[cid]) == period)

    totals: dict[str, Cell] = {
        "sessions": len(month),
        "minutes": sum(s.minutes for s in month),
        "travel_minutes": sum(s.travel_minutes for s in month),
        "clients": _primary(len(clients), k),
        "new_clients": _primary(new_clients, k),
        "group_participants": sum(s.participants or 0 for s in month if s.is_group),
        "guides_given": sum(s.guides_given for s in month),
    }
    client_tables: dict[str, dict[str, Cell]] = {name: {} for name in CLIENT_TABLES}
    if len(clients) >= k:
        attributes = list(clients.values())
        counts = {
            "age_band": Counter(s.age_band or UNKNOWN_AGE_BAND for s in attributes),
            "language": Counter(s.language for s in attributes if s.language),
            "municipality": _merge_small(
                Counter(s.municipality for s in attributes if s.municipality), k
            ),
        }
        client_tables = {name: _suppress(counts[name], k) for name in CLIENT_TABLES}
    session_tables = _session_tables(month)
    if guide_slugs is not None:
        session_tables[GUIDE_TABLE] = _guide_table(month, frozenset(guide_slugs))
    return {
        "format": FORMAT,
        "taxonomy": TAXONOMY_VERSION,
        "period": period,
        "report_id": report_id,
        "revision": revision,
        "k": k,
        "totals": totals,
        "sessions": session_tables,
        "clients": client_tables,
    }


def _guide_table(month: list[ReportSession], known: frozenset[str]) -> dict[str, Cell]:
    """Sessions per guide given; any slug not in ``known`` is the supporter's own: ``own``."""
    counts: Counter[str] = Counter()
    for s in month:
        counts.update({slug if slug in known else OWN_GUIDES for slug in s.guides})
    return _nonzero(counts)


def _latest_key(session: ReportSession) -> tuple[dt.date, bool, dt.time, int]:
    return (session.date, session.start is not None, session.start or dt.time.min, session.order)


def _distinct_clients(month: list[ReportSession]) -> dict[int | tuple[str, int], ReportSession]:
    """Client key -> the session whose attributes describe that client this month.

    Linked clients are keyed by id (their latest non-group session); each unlinked non-group
    session is its own client, keyed by its position so it never collides with an id.
    """
    clients: dict[int | tuple[str, int], ReportSession] = {}
    for index, session in enumerate(month):
        if session.is_group:
            continue
        if session.client_id is None:
            clients[("unlinked", index)] = session
            continue
        known = clients.get(session.client_id)
        if known is None or _latest_key(session) > _latest_key(known):
            clients[session.client_id] = session
    return clients


def _session_tables(month: list[ReportSession]) -> dict[str, dict[str, Cell]]:
    counts: dict[str, Counter[str]] = {name: Counter() for name in SESSION_TABLES}
    for s in month:
        counts["mode"][s.mode] += 1
        counts["programme"][s.programme] += 1
        counts["topic"].update(set(s.topics))  # a topic listed twice is still one session
        counts["device"].update(set(s.devices))
        if s.outcome:
            counts["outcome"][s.outcome] += 1
        counts["duration_band"][duration_band(s.minutes)] += 1
    return {name: _nonzero(counts[name]) for name in SESSION_TABLES}


def _nonzero(counts: Mapping[str, int]) -> dict[str, Cell]:
    return {code: n for code, n in sorted(counts.items()) if n > 0}


def _primary(value: int, k: int) -> Cell:
    return suppressed_marker(k) if 1 <= value < k else value


def _merge_small(counts: Mapping[str, int], k: int) -> Counter[str]:
    """Step 1: every municipality with fewer than k clients goes into ``other``."""
    merged: Counter[str] = Counter()
    for code, n in counts.items():
        merged[code if n >= k else OTHER_MUNICIPALITY] += n
    return merged


def _suppress(counts: Mapping[str, int], k: int) -> dict[str, Cell]:
    """Steps 2 and 3 on one table: primary, then secondary suppression."""
    marker = suppressed_marker(k)
    table: dict[str, Cell] = {code: _primary(n, k) for code, n in sorted(counts.items()) if n > 0}
    suppressed = [code for code, cell in table.items() if cell == marker]
    if len(suppressed) == 1 and len(table) > 1:
        # A lone hidden cell could be recovered as total minus the rest: hide the smallest
        # exact cell too; on a tie the code that sorts first.
        exact = [(cell, code) for code, cell in table.items() if isinstance(cell, int)]
        _, code = min(exact)
        table[code] = marker
    return table


def breakdown(report: Mapping[str, Any]) -> list[ReportRow]:
    """Every figure of a report, in report order: totals, then session and client tables."""
    marker = suppressed_marker(int(report["k"]))
    rows = [_row("totals", name, report["totals"][name], marker) for name in TOTALS]
    optional = {"sessions": OPTIONAL_SESSION_TABLES, "clients": ()}
    for group, tables in (("sessions", SESSION_TABLES), ("clients", CLIENT_TABLES)):
        for name in (*tables, *(t for t in optional[group] if t in report[group])):
            cells: Mapping[str, Cell] = report[group][name]
            rows.extend(_row(f"{group}.{name}", code, cells[code], marker) for code in cells)
    return rows


def _row(table: str, code: str, cell: Cell, marker: str) -> ReportRow:
    if cell == marker:
        return ReportRow(table, code, None, True)
    if not isinstance(cell, int):
        raise ValueError(f"unexpected cell {table}.{code}")
    return ReportRow(table, code, cell, False)
