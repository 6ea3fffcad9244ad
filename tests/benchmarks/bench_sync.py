"""Benchmarks of issue 5, run on demand:

    .venv/bin/python tests/benchmarks/bench_sync.py

1. Sending 24 pending months to the real coordinator on loopback (uvicorn, SQLite) through the
   outbox runner and the HTTP client: ≤ 2 s. Printed next to 24 bare authenticated
   round trips (GET /api/v1/policy) measured in the same run.
2. Building one month's report from ~8,000 sessions with the pure anonymiser (report dict and
   canonical bytes), best of several warm runs, next to a bare pass summing the minutes.
   (The SQL-aggregate comparison of the 100,000-session store lives with the storage.)
Exits 1 over budget.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from homesupport.domain.report_format import canonical_bytes  # noqa: E402
from homesupport.domain.statistics import ReportSession, build_report  # noqa: E402
from homesupport.sync.client import CoordinatorClient  # noqa: E402
from homesupport.sync.outbox import OutboxEntry, freeze  # noqa: E402
from homesupport.sync.runner import send_due  # noqa: E402
from tests.sync.coordinator_server import running_coordinator  # noqa: E402

SEND_BUDGET = 2.0
BUILD_BUDGET = 0.25
MONTHS = 24
SESSIONS = 8_000


def best_of(runs: int, work: Callable[[], object]) -> float:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def month_sessions(rnd: random.Random, year: int, month: int, n: int) -> list[ReportSession]:
    modes = ["home_visit"] * 6 + ["phone", "service_point", "video", "chat", "group"]
    topics = ["omakanta", "bank_ids", "kela", "suomifi", "email", "scams", "wilma", "other"]
    ages = ["65_74", "75_84", "85plus", "u18", "18_29", "30_64", None]
    places = ["091", "049", "092", "853", "837", "564", "179", "005", "009"]
    sessions = []
    for i in range(n):
        mode = rnd.choice(modes)
        linked = rnd.random() < 0.7
        sessions.append(
            ReportSession(
                date=dt.date(year, month, rnd.randint(1, 28)),
                start=dt.time(rnd.randint(8, 18), rnd.choice((0, 15, 30, 45))),
                order=i,
                minutes=rnd.randint(10, 120),
                travel_minutes=rnd.randint(0, 40),
                mode=mode,
                programme=rnd.choice(("home", "youth", "general")),
                topics=tuple(rnd.sample(topics, rnd.randint(1, 3))),
                devices=tuple(rnd.sample(["android", "iphone", "computer"], rnd.randint(0, 2))),
                outcome=rnd.choice(("solved", "partly", "follow_up", None)),
                client_id=rnd.randint(1, 2_500) if linked else None,
                age_band=rnd.choice(ages),
                language=rnd.choice(("fi", "fi", "fi", "sv", "en", None)),
                municipality=rnd.choice(places),
                participants=rnd.randint(2, 25) if mode == "group" else None,
                guides_given=rnd.randint(0, 2),
            )
        )
    return sessions


def bench_build() -> tuple[float, float]:
    rnd = random.Random(5)
    sessions = month_sessions(rnd, 2026, 10, SESSIONS)
    first = {c: dt.date(2026, rnd.choice((3, 10)), 1) for c in range(1, 2_501)}

    def build() -> bytes:
        report = build_report(
            sessions, first, period="2026-10", report_id=str(uuid.uuid4()), revision=1, k=5
        )
        return canonical_bytes(report)

    built = best_of(7, build)
    bare = best_of(7, lambda: sum(s.minutes for s in sessions))
    return built, bare


def bench_send() -> tuple[float, float]:
    rnd = random.Random(7)
    periods = [f"{2024 + (10 + i) // 12}-{1 + (10 + i) % 12:02d}" for i in range(MONTHS)]
    entries: list[OutboxEntry] = []
    seen = {c: dt.date(2024, 1, 1) for c in range(1, 2_501)}
    for period in periods:
        year, month = (int(p) for p in period.split("-"))
        report = build_report(
            month_sessions(rnd, year, month, 300),
            seen,
            period=period,
            report_id=str(uuid.uuid4()),
            revision=1,
            k=5,
        )
        entries.append(freeze(period, report["report_id"], 1, canonical_bytes(report)))
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_coordinator(Path(tmp)) as coordinator,
        CoordinatorClient(coordinator.url) as client,
    ):
        client.enrol(coordinator.new_code(), "bench")
        client.policy()  # warm the connection and the server's code paths
        start = time.perf_counter()
        for _ in range(MONTHS):
            client.policy()
        bare = time.perf_counter() - start
        saved: dict[str, OutboxEntry] = {}
        start = time.perf_counter()
        result = send_due(
            entries,
            client,
            now=lambda: dt.datetime.now(dt.UTC),
            delay=lambda attempts: 60.0,
            save=lambda e: saved.__setitem__(e.period, e),
        )
        elapsed = time.perf_counter() - start
    assert result.halt is None and all(e.acknowledged for e in result.entries), result.halt
    return elapsed, bare


def main() -> int:
    built, bare_loop = bench_build()
    print(
        f"report of {SESSIONS} sessions: {built * 1000:.1f} ms "
        f"(budget {BUILD_BUDGET * 1000:.0f} ms; {built / bare_loop:.0f}x a bare pass of "
        f"{bare_loop * 1000:.2f} ms)"
    )
    sent, bare_trips = bench_send()
    print(
        f"send {MONTHS} pending months: {sent:.3f} s (budget {SEND_BUDGET:.1f} s; "
        f"{sent / bare_trips:.1f}x {MONTHS} bare round trips of {bare_trips:.3f} s)"
    )
    return 0 if built <= BUILD_BUDGET and sent <= SEND_BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
