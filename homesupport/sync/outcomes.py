"""What the coordinator can answer (DESIGN.md §6), as plain values the app can act on.

Every answer to a report upload becomes exactly one of a small set of outcomes; the outbox
(``outbox.py``) decides what each means for the month. Pure Python, no HTTP here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Receipt:
    """The coordinator's acknowledgement of one stored revision of a month."""

    period: str
    revision: int
    sha256: str
    received_at: str
    sessions: int

    @classmethod
    def from_json(cls, obj: object) -> Receipt:
        """Checks every field; ValueError names the first one that is wrong."""
        if not isinstance(obj, Mapping):
            raise ValueError("a receipt is a JSON object")
        period, sha = obj.get("period"), obj.get("sha256")
        if not isinstance(period, str) or not _PERIOD.match(period):
            raise ValueError("receipt.period")
        if not isinstance(sha, str) or not _SHA256.match(sha):
            raise ValueError("receipt.sha256")
        if not isinstance(obj.get("received_at"), str):
            raise ValueError("receipt.received_at")
        for name in ("revision", "sessions"):
            value = obj.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"receipt.{name}")
        return cls(period, obj["revision"], sha, obj["received_at"], obj["sessions"])

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "revision": self.revision,
            "sha256": self.sha256,
            "received_at": self.received_at,
            "sessions": self.sessions,
        }


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    token: str = field(repr=False)  # a secret: stored like the database key, never logged
    k: int


@dataclass(frozen=True)
class Policy:
    k: int
    locked_periods: tuple[str, ...]
    # Report format revisions the coordinator accepts (protocol v1.1); an older coordinator
    # does not say, and takes 1.0 only.
    report_formats: tuple[str, ...] = ("1.0",)


@dataclass(frozen=True)
class PublishedGuide:
    """One entry of the coordinator's guide catalogue (protocol v1.1)."""

    slug: str
    version: int
    sha256: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class GuideCatalogue:
    guides: tuple[PublishedGuide, ...]
    etag: str | None


# --- outcomes of one request -----------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    """201 stored, or 200 the same revision again (a replay after a lost reply)."""

    receipt: Receipt
    replay: bool = False


@dataclass(frozen=True)
class Conflict:
    """409: the coordinator has other content for this revision, or a higher revision."""

    server_receipt: Receipt | None = None


@dataclass(frozen=True)
class Invalid:
    """422: the coordinator names each problem (its words, never personal data)."""

    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Locked:
    """423: the coordinator has closed this period."""


@dataclass(frozen=True)
class Unauthorized:
    """401: the token is unknown (or there is none): the device must enrol again."""


@dataclass(frozen=True)
class Revoked:
    """403: the coordinator revoked this device."""


@dataclass(frozen=True)
class TooLarge:
    """413."""


@dataclass(frozen=True)
class RateLimited:
    """429; ``retry_after`` in seconds when the server said."""

    retry_after: float | None = None


@dataclass(frozen=True)
class ServerError:
    status: int


@dataclass(frozen=True)
class Offline:
    """No answer: no network, refused, timed out, or the connection broke mid-way."""

    reason: str


@dataclass(frozen=True)
class Malformed:
    """An answer that is not the protocol's: HTML from a captive portal, bad JSON, a receipt
    for other bytes, a redirect, an unexpected status."""

    reason: str


@dataclass(frozen=True)
class TlsError:
    """The secure connection failed (certificate, protocol)."""

    reason: str


@dataclass(frozen=True)
class EnrolRefused:
    """400/404 on enrolment: the code is wrong, used or expired."""


Failure = (
    Conflict
    | Invalid
    | Locked
    | Unauthorized
    | Revoked
    | TooLarge
    | RateLimited
    | ServerError
    | Offline
    | Malformed
    | TlsError
    | EnrolRefused
)
Outcome = Accepted | Failure
# Outcomes after which trying again later may succeed without the supporter doing anything.
TRANSIENT = (Offline, ServerError, RateLimited, Malformed, TlsError)


class CoordinatorError(Exception):
    """A call other than an upload failed; ``outcome`` says how."""

    def __init__(self, outcome: Failure) -> None:
        super().__init__(type(outcome).__name__)
        self.outcome = outcome
