"""The monthly report format v1 (DESIGN.md §5): its names and its canonical bytes.

Shared by the desktop app (which builds reports) and the coordinator (which validates them).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

FORMAT = "homesupport.monthly/1"
DEFAULT_K = 5
MIN_K = 3

TOTALS = (
    "sessions",
    "minutes",
    "travel_minutes",
    "clients",
    "new_clients",
    "group_participants",
    "guides_given",
)
# report table -> the code list its cells come from
SESSION_TABLES = {
    "mode": "mode",
    "programme": "programme",
    "topic": "topic",
    "outcome": "outcome",
    "duration_band": "duration_band",
    "device": "device",
}
CLIENT_TABLES = {
    "age_band": "age_band",
    "language": "language",
    "municipality": "municipality",
}
OTHER_MUNICIPALITY = "other"


def suppressed_marker(k: int) -> str:
    """The string a primary- or secondary-suppressed cell becomes, e.g. ``"<5"``."""
    return f"<{k}"


def canonical_bytes(report: dict[str, Any]) -> bytes:
    """The exact bytes that leave the laptop; their SHA-256 is the report's hash."""
    return json.dumps(report, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def report_hash(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()
