"""Which topic a few typed letters mean: the one whose name starts with them, else one with a
word that does, else any that contains them; the name shown before the other languages' names
(supporters mix "OmaKanta" and "MittKanta"); among equals the one used most recently, then the
code list's order. So "pa" finds "Pankkitunnukset" before "Verkkokauppa", and a
supporter's everyday topics come first after one or two letters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# A word starts after a space or punctuation, or at a capital inside a word ("OmaKanta").
_WORD_STARTS = re.compile(r"(?:^|(?<=[\s\-.,:;/(]))\w|(?<=[a-zåäö])[A-ZÅÄÖ]")
NO_MATCH = 3


def match_level(query: str, labels: Iterable[str]) -> int:
    """0: a label starts with ``query``; 1: a word in a label does; 2: a label contains it;
    :data:`NO_MATCH` otherwise. Case does not matter."""
    wanted = query.strip().casefold()
    best = NO_MATCH
    for label in labels:
        folded = label.casefold()
        if folded.startswith(wanted):
            return 0
        if any(folded.startswith(wanted, m.start()) for m in _WORD_STARTS.finditer(label)):
            best = min(best, 1)
        elif wanted in folded:
            best = min(best, 2)
    return best


def best_topic(
    query: str,
    candidates: Sequence[tuple[str, str, Sequence[str]]],
    recent: Sequence[str] = (),
) -> str | None:
    """The code among ``candidates`` (code, the name shown, its other names and code; in
    display order) that ``query`` most likely means; ``recent``: codes used lately, the
    latest first."""
    if not query.strip():
        return None
    ranked = []
    for order, (code, shown, others) in enumerate(candidates):
        level = match_level(query, [shown])
        if level == NO_MATCH:
            level = NO_MATCH + match_level(query, others)
        if level < 2 * NO_MATCH:
            used = recent.index(code) if code in recent else len(recent)
            ranked.append((level, used, order, code))
    return min(ranked)[3] if ranked else None


def remember_topics(recent: Sequence[str], used: Sequence[str], keep: int = 40) -> list[str]:
    """``recent`` with the topics of the session just saved in front."""
    return [*dict.fromkeys([*used, *recent])][:keep]
