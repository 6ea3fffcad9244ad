"""Benchmarks of the encrypted store (issue 2 targets), run on demand:

    .venv/bin/python tests/benchmarks/bench_store.py

With 100,000 demo sessions in SQLCipher: saving one session ≤ 10 ms (with synchronous=FULL, the
store's setting, and with NORMAL for comparison); counting and fetching the
first page of the session table, for each filter, ≤ 100 ms; importing 10,000 CSV rows ≤ 3 s.
Each figure is printed next to a baseline measured in the same run (these machines are noisy).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
from sqlalchemy import event

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.sessions import SessionFilter
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.demo import demo_sessions
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.store import Store, open_store
from homesupport.services.transfer import TransferService

BENCH_SECRET = "bench passphrase"  # a new store needs a passphrase of 10 characters or more


def timed(action: Callable[[], object], repeat: int = 20) -> float:
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def saves_by_synchronous(
    store: Store, action: Callable[[], object], rounds: int = 10, per_round: int = 10
) -> dict[str, float]:
    """Median time of ``action`` with every connection it checks out set to FULL (the store's
    setting: a committed save survives a power cut) and to NORMAL (what FULL costs), in
    alternating rounds so that a noisy neighbour weighs on both alike."""
    samples: dict[str, list[float]] = {"FULL": [], "NORMAL": []}
    for _ in range(rounds):
        for mode, times in samples.items():

            def set_mode(dbapi_connection: Any, _record: object, _proxy: object) -> None:
                dbapi_connection.execute(f"PRAGMA synchronous = {mode}")  # noqa: B023

            event.listen(store.engine, "checkout", set_mode)
            try:
                for _ in range(per_round):
                    start = time.perf_counter()
                    action()
                    times.append((time.perf_counter() - start) * 1000)
            finally:
                event.remove(store.engine, "checkout", set_mode)
    return {mode: statistics.median(times) for mode, times in samples.items()}


def report(name: str, value_ms: float, limit_ms: float, baseline_ms: float) -> bool:
    ok = value_ms <= limit_ms
    print(
        f"{name:<44} {value_ms:8.2f} ms  (limit {limit_ms:6.0f} ms; "
        f"{value_ms / baseline_ms:6.1f}x baseline {baseline_ms:.2f} ms)  {'ok' if ok else 'SLOW'}"
    )
    return ok


def main() -> int:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    codes = CodeList.from_csv(resource("data", "codes.csv"))
    municipalities = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
    now = dt.datetime(2026, 11, 20, 12, 0)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Paths.resolve(Path(folder) / "big"), lambda: now, secret=BENCH_SECRET)
        service = SessionService(store.session_factory, codes, municipalities, lambda: now)
        start = time.perf_counter()
        service.add_many(list(demo_sessions(codes, 100_000, 1, now.date())))
        print(f"demo data: 100,000 sessions stored in {time.perf_counter() - start:.2f} s")

        raw = store.engine.raw_connection()
        baseline_insert = timed(
            lambda: (
                raw.execute("BEGIN"),
                raw.execute(
                    "INSERT INTO settings(key, value) VALUES ('bench', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = value + 1"
                ),
                raw.execute("COMMIT"),
            )
        )
        # A hand-written scan of the whole table: what any unindexed filter costs at least.
        baseline_count = timed(
            lambda: raw.execute(
                "SELECT count(*) FROM sessions NOT INDEXED WHERE minutes > 0"
            ).fetchone()
        )
        raw.close()

        template = dataclasses.replace(
            service.new_session(), topics=("omakanta", "bank_ids"), outcome="solved"
        )
        saves = saves_by_synchronous(store, lambda: service.save(template))
        results = [report("save one session", saves["FULL"], 10, baseline_insert)]
        print(
            f"{'  the same with synchronous=NORMAL':<44} {saves['NORMAL']:8.2f} ms  "
            f"(synchronous=FULL costs {saves['FULL'] / saves['NORMAL']:.2f}x)"
        )
        filters = {
            "no filter": SessionFilter(),
            "this month": SessionFilter(date_from=dt.date(2026, 11, 1)),
            "mode": SessionFilter(mode="phone"),
            "topic": SessionFilter(topic="omakanta"),
            "programme + topic": SessionFilter(programme="youth", topic="wilma"),
            "text in notes (some match)": SessionFilter(text="kertauksen"),
            "text in notes (none match)": SessionFilter(text="zzzz"),
        }
        for name, session_filter in filters.items():
            results.append(
                report(
                    f"table count + first page: {name}",
                    timed(lambda f=session_filter: (service.count(f), service.page(f)), 10),
                    100,
                    baseline_count,
                )
            )

        def transfer(opened: Store) -> TransferService:
            privacy = PrivacyService(opened.session_factory, opened.engine, lambda: now)
            return TransferService(
                opened.session_factory,
                codes,
                municipalities,
                lambda: now,
                privacy,
                12,
                data_dir=opened.paths.data_dir,
            )

        rows = list(demo_sessions(codes, 10_000, 2, now.date()))
        csv_path = Path(folder) / "import.csv"
        small = open_store(Paths.resolve(Path(folder) / "small"), lambda: now, secret=BENCH_SECRET)
        SessionService(small.session_factory, codes, municipalities, lambda: now).add_many(rows)
        transfer(small).export_file(csv_path, "csv")
        data = csv_path.read_bytes()
        baseline_csv = timed(
            lambda: sum(
                1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
            ),
            5,
        )
        fresh = open_store(Paths.resolve(Path(folder) / "fresh"), lambda: now, secret=BENCH_SECRET)
        importer = transfer(fresh)
        start = time.perf_counter()
        outcome = importer.import_file(csv_path)
        import_ms = (time.perf_counter() - start) * 1000
        assert outcome.ok and outcome.added == 10_000, outcome.problems[:3]
        results.append(report("import 10,000 CSV rows", import_ms, 3000, baseline_csv))
        for opened in (store, small, fresh):
            opened.close()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
