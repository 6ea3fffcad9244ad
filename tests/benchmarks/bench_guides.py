"""Benchmark: guide sheets (issue 4). One 8-step guide with 3 images must render in at most
50 ms warm, and a booklet of 15 guides in at most 1 s.

Run: ``.venv/bin/python tests/benchmarks/bench_guides.py``. Prints the best of several warm
runs and its ratio to a bare one-page reportlab document (one paragraph, SimpleDocTemplate)
rendered in the same run, so the figures compare across machines. Exits 1 over budget.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from homesupport.domain.codes import CodeList
from homesupport.domain.guides import GuideStep
from homesupport.pdf.render import GuideRenderer, PrintOptions
from homesupport.resources import resource
from homesupport.services.guides import GuideLibrary
from tests.guides.conftest import make_guide, write_guide_folder

GUIDE_BUDGET = 0.050
BOOKLET_BUDGET = 1.0


def best_of(
    runs: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    work()  # warm: fonts registered, images prepared, code paths loaded
    times = []
    for _ in range(runs):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times)


def bare_document() -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build([Paragraph("Hello, world.", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def main() -> int:
    renderer = GuideRenderer()
    options = PrintOptions(client="Aino")
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_guide_folder(Path(tmp), "bench-guide", languages=("fi",))
        guide = make_guide("fi", "bench-guide")
        assert len(guide.steps) == 8 and len(guide.images) == 3
        assert all(isinstance(s, GuideStep) for s in guide.steps)
        codes = CodeList.from_csv(resource("data", "codes.csv"))
        library = GuideLibrary.open(Path(tmp) / "data", codes)
        entries = [(e.guide, e.folder) for e in library.guides("fi")][:15]

        bare = best_of(20, bare_document)
        one = best_of(20, lambda: renderer.render_guide(guide, folder, options))
        booklet = best_of(3, lambda: renderer.render_booklet(entries, "fi", options))
        # CPU time too: on a shared machine the wall clock mostly measures waiting for a core
        cpu = time.process_time
        one_cpu = best_of(20, lambda: renderer.render_guide(guide, folder, options), cpu)
        large = PrintOptions(client="Aino", size="large")
        booklet_cpu = best_of(3, lambda: renderer.render_booklet(entries, "fi", options), cpu)
        large_cpu = best_of(3, lambda: renderer.render_booklet(entries, "fi", large), cpu)
        bundled = [(e.guide, e.folder) for lang in ("fi", "sv", "en") for e in library.guides(lang)]

        def every_guide() -> None:
            for size in (options, large):
                for guide_, folder_ in bundled:
                    renderer.render_guide(guide_, folder_, size)

        per_guide_cpu = best_of(2, every_guide, cpu) / (2 * len(bundled))

    print(f"bare one-page reportlab document: {bare * 1000:7.1f} ms")
    print(
        f"8-step guide with 3 images:       {one * 1000:7.1f} ms  "
        f"({one / bare:5.1f} x bare; budget {GUIDE_BUDGET * 1000:.0f} ms)"
    )
    print(
        f"booklet of {len(entries)} guides:           {booklet * 1000:7.1f} ms  "
        f"({booklet / bare:5.1f} x bare; budget {BOOKLET_BUDGET * 1000:.0f} ms)"
    )
    print(f"CPU time: guide {one_cpu * 1000:.1f} ms, booklet {booklet_cpu * 1000:.0f} ms", end="")
    print(f" (large print {large_cpu * 1000:.0f} ms)")
    print(f"CPU time per bundled guide ({len(bundled)}, both sizes): {per_guide_cpu * 1000:.1f} ms")
    return 0 if one <= GUIDE_BUDGET and booklet <= BOOKLET_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
