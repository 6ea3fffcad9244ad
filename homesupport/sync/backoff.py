"""Exponential back-off as a pure function: attempt number -> seconds to wait."""

from __future__ import annotations

import random
from collections.abc import Callable

Jitter = Callable[[float], float]


def backoff_delay(
    attempt: int,
    *,
    base: float = 5.0,
    factor: float = 2.0,
    cap: float = 3600.0,
    jitter: Jitter | None = None,
) -> float:
    """Seconds before retry number ``attempt`` (1 = after the first failure): base,
    base·factor, base·factor², … up to ``cap``; ``jitter`` then spreads the value."""
    if attempt < 1:
        return 0.0
    # min() before the power would overflow for a laptop that was offline for months
    exponent = min(attempt - 1, 64)
    delay = min(cap, base * factor**exponent)
    return max(0.0, jitter(delay)) if jitter else delay


def equal_jitter(rng: random.Random) -> Jitter:
    """Half fixed, half random: many laptops coming online at 8 am do not retry in step."""
    return lambda delay: delay / 2 + rng.uniform(0, delay / 2)
