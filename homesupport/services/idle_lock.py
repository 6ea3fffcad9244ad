"""The idle lock's secret check: the app's own PIN, or the recovery key (DESIGN.md §4).

The PIN is chosen at setup and kept only as a scrypt hash in the OS keyring, never in a plain
file. Without a secure keyring there is no PIN: only the recovery key (or the passphrase the
store was created with) unlocks. Wrong tries are throttled, and the throttle survives an app
restart because it is kept in the keyring too. The GUI decides when the window is idle
(``Preferences.idle_lock_minutes``) and hides its contents; this module only says yes or no.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import keyring
import keyring.errors

from homesupport.i18n import N_
from homesupport.services.store import Store
from homesupport.storage import keys

Clock = Callable[[], dt.datetime]
MIN_PIN = 4
MAX_PIN = 12
FREE_TRIES = 3
FIRST_WAIT = dt.timedelta(seconds=30)
MAX_WAIT = dt.timedelta(minutes=15)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # ~50 ms: a PIN is short, the wait does the rest


class PinRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.msgid = message


@dataclass(frozen=True)
class UnlockResult:
    unlocked: bool
    wait_seconds: int = 0  # how long before the next try is accepted
    message: str | None = None  # an English msgid for the lock screen


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)


def secret_checker(store: Store) -> Callable[[str], bool]:
    """True for the store's recovery key or passphrase (checked in constant time)."""
    info = keys.KeyInfo.load_or_create(store.paths.data_dir)
    expected = keys.key_from_recovery(store.recovery_key_text())

    def check(text: str) -> bool:
        try:
            return hmac.compare_digest(keys.key_from_secret(text, info), expected)
        except keys.KeyProblem:
            return False

    return check


class IdleLock:
    def __init__(self, installation_id: str, check_secret: Callable[[str], bool], clock: Clock):
        # Keyring entries named by the installation id only: nothing personal in the name.
        self._pin_user = f"idle-lock-pin:{installation_id}"
        self._throttle_user = f"idle-lock-throttle:{installation_id}"
        self._check_secret = check_secret
        self._clock = clock

    @classmethod
    def for_store(cls, store: Store, clock: Clock) -> IdleLock:
        info = keys.KeyInfo.load_or_create(store.paths.data_dir)
        return cls(info.installation_id, secret_checker(store), clock)

    # --- the PIN --------------------------------------------------------------------------

    @staticmethod
    def pin_possible() -> bool:
        """False without a secure keyring: then only the recovery key unlocks."""
        return keys.keyring_is_secure()

    def has_pin(self) -> bool:
        return self._read(self._pin_user) is not None

    def set_pin(self, pin: str) -> None:
        if not (pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN):
            raise PinRejected(N_("The PIN must be 4 to 12 digits."))
        if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
            raise PinRejected(N_("This PIN is too easy to guess."))
        if not self.pin_possible():
            raise PinRejected(
                N_(
                    "This computer has no secure password store: unlock with your passphrase "
                    "or the recovery key instead."
                )
            )
        salt = secrets.token_bytes(16)
        record = {"v": 1, "salt": salt.hex(), "hash": _hash(pin, salt).hex()}
        if not self._write(self._pin_user, record):
            raise PinRejected(N_("The PIN could not be saved in the password store."))

    def remove_pin(self) -> None:
        for user in (self._pin_user, self._throttle_user):
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(keys.KEYRING_SERVICE, user)

    # --- unlocking ------------------------------------------------------------------------

    def wait_seconds(self) -> int:
        state = self._read(self._throttle_user) or {}
        until = state.get("until")
        if not until:
            return 0
        left = dt.datetime.fromisoformat(until) - self._clock()
        # A clock set back must not lock the owner out for long: cap the wait.
        return max(0, min(int(left.total_seconds() + 0.999), int(MAX_WAIT.total_seconds())))

    def unlock(self, text: str) -> UnlockResult:
        """The PIN, or the recovery key (or passphrase). A recovery key is long and random, so
        it is accepted even while PIN tries are throttled; it also clears the throttle."""
        text = text.strip()
        if keys.looks_like_recovery_key(text) and self._check_secret(text):
            self._write(self._throttle_user, {})
            return UnlockResult(True)
        wait = self.wait_seconds()
        if wait:
            return UnlockResult(False, wait, N_("Too many wrong tries. Wait a moment."))
        if self._pin_matches(text) or (
            not keys.looks_like_recovery_key(text) and self._passphrase(text)
        ):
            self._write(self._throttle_user, {})
            return UnlockResult(True)
        return self._wrong_try()

    def _passphrase(self, text: str) -> bool:
        # Only where there is no PIN: a store created with a passphrase unlocks with it.
        if keys.looks_like_recovery_key(text) or self.has_pin() or not text:
            return False
        return self._check_secret(text)

    def _pin_matches(self, pin: str) -> bool:
        record = self._read(self._pin_user)
        if record is None or not pin.isdigit():
            return False
        expected = bytes.fromhex(record["hash"])
        return hmac.compare_digest(_hash(pin, bytes.fromhex(record["salt"])), expected)

    def _wrong_try(self) -> UnlockResult:
        state = self._read(self._throttle_user) or {}
        failures = int(state.get("failures", 0)) + 1
        wait = dt.timedelta(0)
        if failures >= FREE_TRIES:
            wait = min(FIRST_WAIT * 2 ** (failures - FREE_TRIES), MAX_WAIT)
        until = self._clock() + wait
        self._write(self._throttle_user, {"failures": failures, "until": until.isoformat()})
        if self.has_pin():
            message = N_("That is not the PIN or the recovery key.")
        elif not self.pin_possible():  # the person chose a passphrase at the start
            message = N_("That is not the passphrase or the recovery key.")
        else:
            message = N_("That is not the recovery key.")
        return UnlockResult(False, int(wait.total_seconds()), message)

    # --- keyring --------------------------------------------------------------------------

    def _read(self, user: str) -> dict[str, str] | None:
        if not keys.keyring_is_secure():
            return None
        try:
            raw = keyring.get_password(keys.KEYRING_SERVICE, user)
        except keyring.errors.KeyringError:
            return None
        if not raw:
            return None
        value = json.loads(raw)
        return value if isinstance(value, dict) and value else None

    def _write(self, user: str, value: dict[str, object]) -> bool:
        if not keys.keyring_is_secure():
            return False
        try:
            keyring.set_password(keys.KEYRING_SERVICE, user, json.dumps(value))
        except keyring.errors.KeyringError:
            return False
        return True
