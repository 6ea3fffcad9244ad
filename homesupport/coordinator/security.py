"""Secrets: device tokens, enrolment codes, login session ids, password hashes.

Random secrets have 160+ bits of entropy, so a plain SHA-256 is a sufficient stored form;
passwords are chosen by people and get argon2id (memory-hard) instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# No 0/O, 1/I/L: codes are read aloud over the phone and typed by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
MIN_PASSWORD_LENGTH = 10


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "hs1_" + secrets.token_urlsafe(32)


def new_public_id() -> str:
    return "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))


def new_enrolment_code() -> str:
    """Like ``K7QH-3MXP-9TRW-4FNC``: 16 symbols of 31, about 79 bits."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(text: str) -> str:
    """Forgives case, spaces and missing dashes in a code typed by hand."""
    plain = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    size = CODE_GROUP_LENGTH
    return "-".join(plain[i : i + size] for i in range(0, len(plain), size))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return str(self._hasher.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False

    def dummy_verify(self, password: str) -> None:
        """Spends the same time as a real check, so unknown names are not revealed by timing."""
        self.verify(self._dummy, password)

    @property
    def _dummy(self) -> str:
        return "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$" + "A" * 43
