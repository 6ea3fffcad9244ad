"""One send run: the outbox logic driving an uploader, saving every step as it happens.

Runs off the GUI thread (or in ``homesupport sync``). ``save`` must persist one entry in its
own transaction before returning, so a crash at any point loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from homesupport.sync.outbox import Halt, OutboxEntry, apply_outcome, begin_attempt, next_due
from homesupport.sync.outcomes import Outcome


class Uploader(Protocol):
    def put_report(self, period: str, payload: bytes) -> Outcome: ...


@dataclass(frozen=True)
class RunResult:
    entries: tuple[OutboxEntry, ...]  # the whole outbox after the run
    tried: tuple[str, ...]  # periods offered to the coordinator, in order
    halt: Halt | None


def send_due(
    entries: Sequence[OutboxEntry],
    uploader: Uploader,
    *,
    now: Callable[[], dt.datetime],
    delay: Callable[[int], float],
    save: Callable[[OutboxEntry], None],
    keep_going: Callable[[], bool] = lambda: True,
) -> RunResult:
    """Sends every due month, oldest first, until done, the coordinator says stop, or
    ``keep_going`` says no (a restore waits: the months left stay due for the next run)."""
    current = {e.period: e for e in entries}
    tried: list[str] = []
    halt: Halt | None = None
    while keep_going():
        entry = next_due(list(current.values()), now())
        if entry is None or entry.period in tried:  # each month at most once per run
            break
        started = begin_attempt(entry)
        save(started)
        tried.append(started.period)
        step = apply_outcome(
            started, uploader.put_report(started.period, started.payload), now(), delay
        )
        save(step.entry)
        current[step.entry.period] = step.entry
        if step.halt is not None:
            halt = step.halt
            break
    return RunResult(tuple(sorted(current.values(), key=lambda e: e.period)), tuple(tried), halt)
