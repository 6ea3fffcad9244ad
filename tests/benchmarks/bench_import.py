"""Benchmark: parse and validate 10,000 CSV session rows (issue 2: the whole import, storing
included, must take at most 3 s; parsing is meant to stay well under 1 s).

Run: ``.venv/bin/python tests/benchmarks/bench_import.py [ROWS]``. Prints the best of three
runs and its ratio to plain ``csv.reader`` over the same bytes, measured in the same run, so
the figure can be compared across machines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
import time
from collections.abc import Callable

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.resources import resource
from homesupport.services.tabular import import_csv_bytes

TODAY = dt.date(2026, 12, 31)
BUDGET_SECONDS = 1.0


def sample_csv(rows: int, codes: CodeList, municipalities: Municipalities) -> bytes:
    """A Finnish-Excel style file: semicolons, D.M.YYYY, Finnish labels mixed with codes."""
    rng = random.Random(2026)
    header = "Päivämäärä;Alku;Kesto;Matka-aika;Tapa;Ohjelma;Asiakas;Ikäryhmä;Kieli;Kunta;"
    header += "Osallistujat;Aiheet;Laitteet;Tulos;Jatkokäynti;Muistiinpanot"
    lines = [header]
    modes = [c for c in codes.of("mode") if c.code != "group"]
    for index in range(rows):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(360))
        mode = rng.choice(modes)
        topics = rng.sample(codes.of("topic"), rng.randint(1, 3))
        fields = [
            f"{day.day}.{day.month}.{day.year}",
            f"{rng.randint(8, 17)}:{rng.choice(['00', '15', '30', '45'])}",
            str(rng.choice([15, 30, 45, 60, 90])),
            str(rng.choice([0, 10, 20])),
            rng.choice([mode.code, mode.labels["fi"]]),
            rng.choice(["home", "Kotiin vietävä digituki", "general"]),
            f"asiakas {index % 400}",
            rng.choice(codes.of("age_band")).labels["fi"],
            rng.choice(["suomi", "sv", "fi"]),
            rng.choice(municipalities.items).name_fi,
            "",
            '"' + ";".join(rng.choice([t.code, t.labels["fi"]]) for t in topics) + '"',
            rng.choice(codes.of("device")).code,
            rng.choice(codes.of("outcome")).labels["fi"],
            "",
            '"Näytettiin, miten ""Kanta"" toimii"',
        ]
        lines.append(";".join(fields))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(rows: int = 10_000) -> int:
    codes = CodeList.from_csv(resource("data", "codes.csv"))
    municipalities = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
    data = sample_csv(rows, codes, municipalities)

    sessions, problems = import_csv_bytes(data, codes, municipalities, TODAY)
    if problems or len(sessions) != rows:
        print(f"benchmark data did not import: {problems[:3]}", file=sys.stderr)
        return 1

    def baseline() -> object:
        text = data.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    plain = best_of(3, baseline)
    full = best_of(3, lambda: import_csv_bytes(data, codes, municipalities, TODAY))
    print(f"csv.reader baseline: {rows} rows in {plain * 1000:.1f} ms")
    print(
        f"parse + validate:    {rows} rows in {full * 1000:.1f} ms "
        f"({full / plain:.1f}x csv.reader; budget {BUDGET_SECONDS:.1f} s)"
    )
    return 0 if full <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(*(int(arg) for arg in sys.argv[1:])))
