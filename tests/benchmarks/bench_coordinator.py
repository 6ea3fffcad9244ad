"""Coordinator benchmark on PostgreSQL: 2,000 devices × 60 months of reports.

Run on demand (pytest ignores tests/benchmarks):

    HOMESUPPORT_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test \
        .venv/bin/python tests/benchmarks/bench_coordinator.py [--workers 2]

Bulk history is loaded straight through the storage tables (COPY); HTTP ingest is measured
on fresh reports from concurrent clients against ``serve --workers N``; targets: ingest
≥ 300 reports/s, every dashboard page ≤ 300 ms, CSV export of a year ≤ 2 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "coordinator"))

from coordinator_helpers import make_report, payload  # noqa: E402

from homesupport.coordinator.context import open_coordinator  # noqa: E402
from homesupport.coordinator.periods import months_between  # noqa: E402
from homesupport.coordinator.settings import Settings  # noqa: E402
from homesupport.coordinator.storage import aggregates, devices, reports, users  # noqa: E402

DEVICES = 2_000
MONTHS = months_between("2021-11", "2026-10")  # 60 closed months
PASSWORD = "benchmark password"


def preload(url: str) -> None:
    coordinator = open_coordinator(Settings(db_url=url))
    now = coordinator.clock()
    rng = random.Random(7)
    started = time.perf_counter()
    raw = coordinator.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(
            "COPY devices (id, public_id, name, token_hash, created_at, last_seen_at) FROM STDIN"
        ) as copy:
            for i in range(1, DEVICES + 1):
                copy.write_row((i, f"bench{i:05d}", f"Laptop {i}", secrets.token_hex(32), now, now))
        report_pk = 0
        with cursor.copy(
            "COPY reports (id, device_id, period, report_id, revision, sha256, sessions,"
            " received_at) FROM STDIN"
        ) as copy_reports:
            for device in range(1, DEVICES + 1):
                for period in MONTHS:
                    report_pk += 1
                    copy_reports.write_row(
                        (
                            report_pk,
                            device,
                            period,
                            str(uuid.uuid4()),
                            1,
                            secrets.token_hex(32),
                            0,
                            now,
                        )
                    )
        report_pk = 0
        with cursor.copy(
            "COPY report_cells (report_pk, tbl, code, period, device_id, value, suppressed)"
            " FROM STDIN"
        ) as copy_cells:
            for device in range(1, DEVICES + 1):
                for period in MONTHS:
                    report_pk += 1
                    report = make_report(period=period, sessions=rng.randint(10, 60))
                    for table, code, value, suppressed in reports.cells(report):
                        copy_cells.write_row(
                            (report_pk, table, code, period, device, value, suppressed)
                        )
        cursor.execute("SELECT setval('devices_id_seq', %s)", (DEVICES,))
        cursor.execute("SELECT setval('reports_id_seq', %s)", (report_pk,))
        raw.commit()
    finally:
        raw.close()
    loaded = time.perf_counter() - started
    with coordinator.engine.begin() as connection:
        started = time.perf_counter()
        aggregates.rebuild(connection, MONTHS)  # bulk load: whole months, set-based
        rebuilt = time.perf_counter() - started
    with coordinator.sessions.begin() as session:
        users.add_or_update(session, "bench", coordinator.passwords.hash(PASSWORD), now)
    with coordinator.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    print(
        f"preloaded {DEVICES} devices × {len(MONTHS)} months = {report_pk} reports "
        f"in {loaded:.1f} s; month sums of all {len(MONTHS)} months rebuilt in {rebuilt:.1f} s"
    )
    coordinator.close()


def start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "homesupport.coordinator.cli",
            "--db",
            url,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def enrol_tokens(url: str, count: int) -> list[str]:
    coordinator = open_coordinator(Settings(db_url=url), migrate=False)
    # Enrolment is rate limited per address, so the benchmark enrols through the storage layer.
    now = coordinator.clock()
    with coordinator.sessions.begin() as session:
        codes = [devices.create_code(session, None, now, 1) for _ in range(count)]
        enrolled = [devices.enrol(session, c, f"new {i}", now) for i, c in enumerate(codes)]
    coordinator.close()
    return [e.token for e in enrolled if e is not None]


def _load_process(
    port: int, jobs: list[tuple[str, list[tuple[str, str, bytes]]]], start: Any, out: Any
) -> None:
    """One load-generator process: a thread per client, each on one keep-alive connection.
    Plain http.client keeps the client's CPU share small next to the server's."""
    statuses: list[int] = []

    def client(token: str, requests: list[tuple[str, str, bytes]]) -> None:
        http = HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        start.wait()
        for method, path, body in requests:
            http.request(method, path, body=body or None, headers=headers)
            answer = http.getresponse()
            answer.read()
            statuses.append(answer.status)
        http.close()

    threads = [threading.Thread(target=client, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(statuses)


def run_load(
    base: str, jobs: list[tuple[str, list[tuple[str, str, bytes]]]], processes: int
) -> tuple[float, list[int]]:
    """Runs the clients' requests from ``processes`` separate processes (so the load generator
    does not share a GIL with itself or the server) and returns (requests/s, statuses)."""
    port = int(base.rsplit(":", 1)[1])
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    workers = [
        context.Process(target=_load_process, args=(port, jobs[i::processes], start, out))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    time.sleep(1.0)  # every process has started its threads and waits at the event
    started = time.perf_counter()
    start.set()
    statuses: list[int] = []
    for _ in workers:
        statuses.extend(out.get())
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    return len(statuses) / elapsed, statuses


def bench_ingest(
    url: str, base: str, clients: int, count: int, processes: int
) -> tuple[float, float]:
    """(policy GETs/s, report PUTs/s), same clients, connections and processes."""
    per_client = count // clients
    # Separate devices for the baseline, so its requests do not eat the ingest rate limit.
    tokens = enrol_tokens(url, 2 * clients)
    baseline_jobs = [(t, [("GET", "/api/v1/policy", b"")] * per_client) for t in tokens[clients:]]
    put_jobs = [
        (
            t,
            [
                ("PUT", f"/api/v1/reports/{m}", payload(make_report(period=m, sessions=30)))
                for m in MONTHS[-per_client:]
            ],
        )
        for t in tokens[:clients]
    ]
    baseline, statuses = run_load(base, baseline_jobs, processes)
    assert statuses.count(200) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
    rate, statuses = run_load(base, put_jobs, processes)
    assert statuses.count(201) == len(statuses), {s: statuses.count(s) for s in set(statuses)}
    return baseline, rate


def log_in(base: str) -> httpx.Client:
    http = httpx.Client(base_url=base, follow_redirects=True)
    page = http.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    answer = http.post(
        "/login", data={"name": "bench", "password": PASSWORD, "csrf": csrf.group(1)}
    )
    assert answer.status_code == 200, answer.status_code
    return http


def timed(http: httpx.Client, path: str, repeat: int = 5) -> tuple[float, float]:
    """(first, median of the following) in milliseconds."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        answer = http.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return times[0], statistics.median(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--reports", type=int, default=1_920)
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument(
        "--keep-schema", help="reuse (or create and keep) this schema: preload only once"
    )
    args = parser.parse_args()
    base_url = os.environ.get("HOMESUPPORT_TEST_POSTGRES_URL")
    if not base_url:
        print("set HOMESUPPORT_TEST_POSTGRES_URL", file=sys.stderr)
        return 2
    schema = args.keep_schema or f"hs_bench_{secrets.token_hex(4)}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        exists = connection.scalar(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}
        )
        if not exists:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"
    server = None
    try:
        if not exists:
            preload(url)
        else:  # a kept schema: only bring it up to date
            open_coordinator(Settings(db_url=url)).close()
        server, base = start_server(url, args.workers)
        started = time.perf_counter()
        http = log_in(base)
        print(f"log in + first overview: {(time.perf_counter() - started) * 1000:.0f} ms")
        print("dashboard pages (first request / then median):")
        for path in ("/", "/period/2026-10", "/period/2026-Q3", "/period/2026", "/period/2025"):
            first, warm = timed(http, path)
            print(f"  {path:18} {first:7.0f} ms / {warm:5.0f} ms")
        first, warm = timed(http, "/export.csv?from=2025-11&to=2026-10", repeat=3)
        print(f"CSV export of a year: {first:.0f} ms / {warm:.0f} ms")
        baseline, rate = bench_ingest(url, base, args.clients, args.reports, args.processes)
        print(
            f"ingest: {rate:.0f} reports/s; baseline authenticated GET /api/v1/policy: "
            f"{baseline:.0f} requests/s; ratio {rate / baseline:.2f} "
            f"({args.clients} concurrent clients in {args.processes} processes, "
            f"{args.workers} workers)"
        )
        first, warm = timed(http, "/period/2026")
        print(f"year page after ingest (folds its deltas): {first:.0f} ms / {warm:.0f} ms")
        for path in ("/", "/period/2026-10", "/period/2026-Q3", "/period/2025"):
            first, warm = timed(http, path)
            print(f"  {path:18} {first:7.0f} ms / {warm:5.0f} ms")
        http.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        if not args.keep_schema:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
