"""Benchmarks of issue 5 on a 100,000-session encrypted store, run on demand:

    .venv/bin/python tests/benchmarks/bench_reports.py

1. Building one month's report from the store (read + anonymise + canonical bytes) ≤ 5× a
   hand-written SQL aggregate of the same month (GROUP BY over the same rows, same run).
2. The Statistics view opens (built, filled for last month, shown) ≤ 300 ms.
3. Sending 24 pending months from the store to the loopback coordinator ≤ 2 s.
Exits 1 over budget.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring  # noqa: E402

from homesupport.services.demo import demo_sessions  # noqa: E402
from homesupport.services.reports import ReportService, month_bounds  # noqa: E402
from tests.fakes import MemoryKeyring  # noqa: E402
from tests.sync.coordinator_server import running_coordinator  # noqa: E402
from tests.sync_integration.laptop import CODES, MUNICIPALITIES, Laptop  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 12, 0)
PERIOD = "2026-10"
AGGREGATE = [
    "SELECT count(*), total(minutes), total(travel_minutes), count(DISTINCT coalesce("
    "client_id, anon_client)) FROM sessions WHERE date BETWEEN ? AND ? AND deleted_at IS NULL",
    *(
        f"SELECT {column}, count(*) FROM sessions WHERE date BETWEEN ? AND ? "
        f"AND deleted_at IS NULL GROUP BY {column}"
        for column in ("mode", "programme", "outcome", "age_band", "language", "municipality")
    ),
    *(
        f"SELECT c.code, count(*) FROM {table} c JOIN sessions s ON s.id = c.session_id "
        "WHERE s.date BETWEEN ? AND ? AND s.deleted_at IS NULL GROUP BY c.code"
        for table in ("session_topics", "session_devices")
    ),
]


def median_ms(work: Callable[[], object], runs: int = 15) -> float:
    work()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    keyring.set_keyring(MemoryKeyring())
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        laptop = Laptop(Path(folder) / "data", lambda: NOW)
        laptop.sessions.add_many(list(demo_sessions(CODES, 100_000, 1, NOW.date())))
        reports: ReportService = laptop.reports
        first, last = month_bounds(PERIOD)
        month_rows = reports.figures(PERIOD).totals["sessions"]

        raw = laptop.store.engine.raw_connection()
        bounds = (first.isoformat(), last.isoformat())
        sql_ms = median_ms(lambda: [raw.execute(q, bounds).fetchall() for q in AGGREGATE])
        build_ms = median_ms(lambda: reports.preview(PERIOD))
        ratio = build_ms / sql_ms
        ok &= ratio <= 5
        print(f"100,000 sessions; {PERIOD} has {month_rows} sessions")
        print(f"SQL aggregate of the month (9 GROUP BYs)   {sql_ms:8.2f} ms")
        print(
            f"report of the month from the store         {build_ms:8.2f} ms  "
            f"({ratio:.1f}x, limit 5x)  {'ok' if ratio <= 5 else 'SLOW'}"
        )

        start = time.perf_counter()
        reports.queue_closed_months()
        print(f"freezing every closed month (first run)    {(time.perf_counter() - start):8.2f} s")
        requeue_ms = median_ms(reports.queue_closed_months, 5)
        print(f"checking for changed months (no change)    {requeue_ms:8.2f} ms")

        from PySide6.QtWidgets import QApplication

        from homesupport.ui.common.sync_runner import SyncRunner
        from homesupport.ui.statistics.page import StatisticsPage
        from tests.ui.fixtures import make_kit

        app = QApplication.instance() or QApplication([])
        kit = make_kit(CODES, MUNICIPALITIES, "fi")

        def open_view() -> None:
            page = StatisticsPage(reports, SyncRunner(laptop.sync, "fi"), kit)
            page.resize(1100, 800)
            page.show()
            page.page_shown()
            app.processEvents()
            page.close()
            page.deleteLater()

        view_ms = median_ms(open_view, 7)
        ok &= view_ms <= 300
        print(
            f"Statistics view opens                      {view_ms:8.2f} ms  (limit 300 ms)  "
            f"{'ok' if view_ms <= 300 else 'SLOW'}"
        )
        laptop.close()

    with tempfile.TemporaryDirectory() as folder:
        laptop = Laptop(Path(folder) / "data", lambda: NOW)
        for i in range(24):  # 2024-11 … 2026-10: the 24 closed months before NOW
            index = 2024 * 12 + 10 + i
            laptop.month(index // 12, index % 12 + 1, 30)
        laptop.reports.queue_closed_months()
        with running_coordinator(Path(folder)) as coordinator:
            laptop.enrol(coordinator)
            start = time.perf_counter()
            result = laptop.sync.run(now=True)
            seconds = time.perf_counter() - start
        sent = len(result.tried)
        ok &= seconds <= 2 and sent >= 24 and not result.pending
        print(
            f"sending 24 pending months (loopback)       {seconds:8.2f} s   (limit 2 s; "
            f"{sent} months)  {'ok' if seconds <= 2 else 'SLOW'}"
        )
        laptop.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
