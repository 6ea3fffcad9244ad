"""Benchmarks of the client side (issue 3 targets), run on demand:

    .venv/bin/python tests/benchmarks/bench_clients.py

With 5,000 clients and 100,000 sessions in SQLCipher: client type-ahead ≤ 30 ms per keystroke,
opening the follow-up view (list and badge) ≤ 100 ms, a retention pass ≤ 1 s. Each figure is
printed next to a trivial baseline query measured in the same run (these machines are noisy).
The retention pass is measured as it runs in use (daily, a day's worth to remove) and, for
information, as the first pass over five years of never-pruned history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keyring
from sqlalchemy import insert, text

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.settings import Preferences
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.clients import ClientService
from homesupport.services.demo import demo_sessions
from homesupport.services.follow_ups import FollowUpService
from homesupport.services.privacy import PrivacyService, run_retention
from homesupport.services.store import open_store
from homesupport.storage.models import ClientRow
from homesupport.storage.sessions_repo import SessionRepository

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.fakes import MemoryKeyring  # noqa: E402

CLIENTS = 5_000
SESSIONS = 100_000
TODAY = dt.datetime(2026, 11, 20, 9, 0)
NAMES = ("Aino", "Eino", "Helmi", "Toivo", "Sirkka", "Väinö", "Åsa", "Märta", "Lasse", "Pirkko")


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def timed(action: Callable[[], object], repeat: int = 20) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def report(name: str, value_ms: float, limit_ms: float | None, baseline_ms: float) -> bool:
    ok = limit_ms is None or value_ms <= limit_ms
    limit = f"limit {limit_ms:6.0f} ms" if limit_ms is not None else "no limit   "
    print(
        f"{name:<52} {value_ms:8.2f} ms  ({limit}; "
        f"{value_ms / baseline_ms:7.1f}x baseline {baseline_ms:.3f} ms)  {'ok' if ok else 'SLOW'}"
    )
    return ok


def main() -> int:
    keyring.set_keyring(MemoryKeyring())
    codes = CodeList.from_csv(resource("data", "codes.csv"))
    municipalities = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
    clock = Clock(TODAY)
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Paths.resolve(Path(folder) / "data"), clock)
        factory = store.session_factory
        started = time.perf_counter()
        sessions = sorted(
            demo_sessions(codes, SESSIONS, seed=1, today=TODAY.date()), key=lambda s: s.date
        )
        with factory.begin() as orm:
            rows = []
            for i in range(1, CLIENTS + 1):
                nickname = f"{rng.choice(NAMES)} {rng.choice('ABCDEFGHIJKLMNOPRSTUVY')}{i}"
                rows.append(
                    {
                        "id": i,
                        "nickname": nickname,
                        "nickname_key": nickname.casefold(),
                        "age_band": "75_84",
                        "municipality": "091",
                        "consent_scope": "sessions",
                        "notes": "",
                        "created_at": dt.datetime(2021, 11, 1),
                    }
                )
            orm.execute(insert(ClientRow), rows)
            # Each client is seen over a stretch of time, as in real use: blocks by date.
            linked = [
                dataclasses.replace(s, client_id=1 + i * CLIENTS // SESSIONS)
                if s.mode != "group"
                else s
                for i, s in enumerate(sessions)
            ]
            SessionRepository(orm).add_many(linked, TODAY)
        print(
            f"loaded {CLIENTS} clients and {SESSIONS} sessions "
            f"in {time.perf_counter() - started:.1f} s"
        )

        clients = ClientService(factory, codes, municipalities, clock, language=lambda: "fi")
        follow_ups = FollowUpService(factory, codes, municipalities, clock, language=lambda: "fi")
        privacy = PrivacyService(factory, store.engine, clock)

        def baseline() -> None:
            with factory() as orm:
                orm.execute(text("SELECT 1")).all()

        base = timed(baseline, 200)
        ok = True
        typed = "väinö a"
        keystrokes = [typed[: n + 1] for n in range(len(typed))]
        worst = max(timed(lambda k=k: clients.search(k), 20) for k in keystrokes)
        ok &= report("type-ahead, slowest keystroke of 'väinö a'", worst, 30, base)
        ok &= report("type-ahead, one letter ('a')", timed(lambda: clients.search("a")), 30, base)
        ok &= report("follow-up view (list + counts)", timed(follow_ups.view, 10), 100, base)
        ok &= report("follow-up badge count", timed(follow_ups.badge_count), 100, base)

        first = once(lambda: privacy.run_retention(12, trust_clock=True))
        report("retention, first pass over 5 years of history", first, None, base)
        clock.now += dt.timedelta(days=1)
        ok &= report("retention, daily pass", once(lambda: privacy.run_retention(12)), 1000, base)
        clock.now += dt.timedelta(days=1)
        ok &= report(
            "retention on store open (erasures + pass)",
            once(lambda: run_retention(factory, store.engine, Preferences(), clock)),
            1000,
            base,
        )
        clock.now += dt.timedelta(days=1)
        ok &= report(
            "retention, pass with nothing to remove",
            once(lambda: privacy.run_retention(12)),
            1000,
            base,
        )
        store.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
