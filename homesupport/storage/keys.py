"""The database key: where it lives and how a person can get it back (DESIGN.md §4).

The key is 32 random bytes, or for a store created with a passphrase, scrypt(passphrase, salt).
The recovery key is that same key written for people: base32 in groups of four, with a
checksum so a typo is told apart from a wrong key. The salt and an installation id live in
``keyinfo.json`` in the data directory; neither is secret. Every backup carries the salt too
(see :mod:`homesupport.storage.backup`), so a passphrase opens a backup on any computer.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from homesupport.files import atomic_write

if TYPE_CHECKING:  # keyring is imported when first used: it is slow to load
    import keyring.backend

KEY_BYTES = 32
KEYRING_SERVICE = "HomeSupport"
KEY_FILE_ENV = "HOMESUPPORT_KEY_FILE"
KEY_INFO_FILE = "keyinfo.json"  # the salt and installation id, next to the store
_CHECKSUM_BYTES = 3
_RECOVERY_CHARS = re.compile(r"[^A-Z2-7]")
# scrypt with 64 MiB of memory: slow enough to resist guessing, quick enough to open (~0.2 s).
_SCRYPT = {"n": 2**16, "r": 8, "p": 1}


class KeyProblem(Exception):
    """Base for key problems; the message is an English msgid."""


class InvalidRecoveryKey(KeyProblem):
    pass


class KeyUnavailable(KeyProblem):
    """No key could be found without asking the person."""


@dataclass(frozen=True)
class KeyInfo:
    installation_id: str
    salt: str  # hex; used when the key comes from a passphrase

    @classmethod
    def load(cls, data_dir: Path) -> KeyInfo | None:
        """None while the data directory has none (no store was ever made there)."""
        path = data_dir / KEY_INFO_FILE
        if not path.exists():
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(installation_id=raw["installation_id"], salt=raw["salt"])

    @classmethod
    def load_or_create(cls, data_dir: Path) -> KeyInfo:
        if (info := cls.load(data_dir)) is not None:
            return info
        path = data_dir / KEY_INFO_FILE
        import secrets  # with uuid, slow to import and needed once per installation
        import uuid

        info = cls(installation_id=str(uuid.uuid4()), salt=secrets.token_hex(16))
        data_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(
            path,
            json.dumps({"version": 1, "installation_id": info.installation_id, "salt": info.salt}),
        )
        return info


def new_key() -> bytes:
    import secrets  # needed once per store

    return secrets.token_bytes(KEY_BYTES)


def key_from_passphrase(passphrase: str, info: KeyInfo) -> bytes:
    import hashlib  # loads OpenSSL: not needed when the key comes from the keyring

    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=bytes.fromhex(info.salt),
        dklen=KEY_BYTES,
        maxmem=128 * 1024 * 1024,
        **_SCRYPT,
    )


def recovery_key(key: bytes) -> str:
    checksum = _checksum(key)
    text = base64.b32encode(key + checksum).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _checksum(key: bytes) -> bytes:
    import hashlib  # as above

    return hashlib.sha256(key).digest()[:_CHECKSUM_BYTES]


def looks_like_recovery_key(text: str) -> bool:
    return len(_RECOVERY_CHARS.sub("", text.upper())) == 56 and len(text.strip()) <= 80


def key_from_recovery(text: str) -> bytes:
    cleaned = _RECOVERY_CHARS.sub("", text.upper().replace("0", "O").replace("1", "I"))
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as error:
        raise InvalidRecoveryKey("This is not a recovery key.") from error
    key, checksum = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(raw) != KEY_BYTES + _CHECKSUM_BYTES or _checksum(key) != checksum:
        raise InvalidRecoveryKey("The recovery key has a typo: please check every group.")
    return key


def key_from_secret(secret: str, info: KeyInfo) -> bytes:
    """A recovery key or a passphrase, as typed or as read from HOMESUPPORT_KEY_FILE."""
    secret = secret.strip()
    if not secret:
        raise InvalidRecoveryKey("The key is empty.")
    if looks_like_recovery_key(secret):
        return key_from_recovery(secret)
    return key_from_passphrase(secret, info)


def keys_for_backup(secret: str, own: KeyInfo, backup_salt: bytes) -> list[bytes]:
    """The keys a typed secret may open a backup with, most likely first: a recovery key is
    the key itself; a passphrase is stretched with the salt the backup carries and, for a
    backup made before backups carried it, with this installation's own."""
    secret = secret.strip()
    if not secret or looks_like_recovery_key(secret):
        return [key_from_secret(secret, own)]
    salts = dict.fromkeys((backup_salt.hex(), own.salt))
    return [key_from_passphrase(secret, KeyInfo(own.installation_id, salt)) for salt in salts]


def secret_from_key_file(environ: dict[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    name = env.get(KEY_FILE_ENV)
    if not name:
        return None
    try:
        return Path(name).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise KeyUnavailable(f"Cannot read the key file named by {KEY_FILE_ENV}.") from error


class FoundKey(NamedTuple):
    key: bytes
    from_keyring: bool  # False: from the file named by HOMESUPPORT_KEY_FILE


def find_without_asking(info: KeyInfo, environ: dict[str, str] | None = None) -> FoundKey | None:
    """The key from HOMESUPPORT_KEY_FILE, else from the OS keyring; None when neither has it
    and a person must be asked. Raises KeyUnavailable or InvalidRecoveryKey for a key file
    that cannot be used."""
    secret = secret_from_key_file(environ)
    if secret is not None:
        return FoundKey(key_from_secret(secret, info), from_keyring=False)
    key = KeyringStore(info).load()
    return FoundKey(key, from_keyring=True) if key is not None else None


def keyring_is_secure(backend: keyring.backend.KeyringBackend | None = None) -> bool:
    """False for the fail/null backends and keyrings.alt's plain files (DESIGN.md §4)."""
    import keyring

    backend = backend or keyring.get_keyring()
    module = type(backend).__module__
    insecure = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
    if module.startswith(insecure):
        return False
    chained = getattr(backend, "backends", None)
    if chained is not None:
        return any(keyring_is_secure(b) for b in chained)
    return True


class KeyringStore:
    """The key in the OS keyring, under this installation's id (nothing personal in the name)."""

    def __init__(self, info: KeyInfo) -> None:
        self._username = f"database-key:{info.installation_id}"

    def load(self) -> bytes | None:
        import keyring.errors

        if not keyring_is_secure():
            return None
        try:
            value = keyring.get_password(KEYRING_SERVICE, self._username)
        except keyring.errors.KeyringError:
            return None
        return bytes.fromhex(value) if value else None

    def save(self, key: bytes) -> bool:
        import keyring.errors

        if not keyring_is_secure():
            return False
        try:
            keyring.set_password(KEYRING_SERVICE, self._username, key.hex())
        except keyring.errors.KeyringError:
            return False
        return True

    def forget(self) -> None:
        import keyring.errors

        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(KEYRING_SERVICE, self._username)
