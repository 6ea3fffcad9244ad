"""Benchmark: export 10,000 sessions to XLSX and CSV (best of three), and the XLSX time as a
ratio to the CSV time of the same sessions measured in the same run, so the figure can be
compared across machines.

Run: ``.venv/bin/python tests/benchmarks/bench_export.py [SESSIONS]``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from homesupport.services.demo import demo_sessions
from homesupport.services.tabular import write_csv, write_xlsx
from tests.sync_integration.laptop import CODES

TODAY = dt.date(2026, 11, 20)


def best_seconds(work: object, runs: int = 3) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return min(samples)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sessions = list(demo_sessions(CODES, count, 1, TODAY))
    with tempfile.TemporaryDirectory() as folder:
        xlsx, csv = Path(folder) / "out.xlsx", Path(folder) / "out.csv"
        xlsx_s = best_seconds(lambda: write_xlsx(xlsx, sessions))
        csv_s = best_seconds(lambda: write_csv(csv, sessions))
        size = xlsx.stat().st_size
    print(f"{count} sessions: XLSX {xlsx_s:.2f} s ({size // 1024} KiB), CSV {csv_s:.2f} s")
    print(f"XLSX / CSV: {xlsx_s / csv_s:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
