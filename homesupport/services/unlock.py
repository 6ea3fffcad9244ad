"""Unlocking the store: finding its key and checking that it opens the file. No ORM here:
the window shows the first screen (read with :meth:`Unlocked.glance`) while SQLAlchemy loads."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from homesupport.domain.passphrase import MIN_PASSPHRASE, weak_passphrase
from homesupport.i18n import N_
from homesupport.paths import Paths
from homesupport.storage import keys
from homesupport.storage.connection import WrongKey, connect_raw

# Glance and FoundKey re-exported: the ui names them, and never imports storage.
from homesupport.storage.glance import Glance as Glance
from homesupport.storage.glance import read_glance
from homesupport.storage.keys import FoundKey as FoundKey

log = logging.getLogger(__name__)


class KeyNeeded(Exception):
    """The store cannot be opened without asking the person for a secret.

    ``new`` is True when there is no store yet and no secure keyring to keep a random key:
    the person chooses a passphrase (or the admin provides HOMESUPPORT_KEY_FILE)."""

    def __init__(self, new: bool) -> None:
        super().__init__(
            N_("Choose a passphrase to protect the data on this computer.")
            if new
            else N_("Enter your recovery key or passphrase to open your data.")
        )
        self.new = new


class WrongSecret(Exception):
    def __init__(self) -> None:
        super().__init__(N_("This recovery key or passphrase does not open the data."))


class WeakPassphrase(Exception):
    """A new store would be made from a passphrase too weak to protect it; nothing was made.
    The message is a catalogue id with ``{n}``, the minimum length."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.msgid = message
        self.params = {"n": str(MIN_PASSPHRASE)}


class DatabaseDamaged(Exception):
    """The key is known to be right (it came from the keyring) yet the file does not open:
    it is damaged or was replaced. Nothing was changed; a backup can be restored."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "The data file is damaged or is not a HomeSupport database. Nothing was "
                "changed; restore a backup from the backups folder."
            )
        )


class MigrationFailed(Exception):
    """Updating the store to this version failed; it was restored from the backup first."""


@dataclass(frozen=True)
class Unlocked:
    """A key that opens the store at ``paths`` (or will create it: ``recovery_key`` is set)."""

    paths: Paths
    key: bytes
    recovery_key: str | None  # a new store's, shown once and never stored

    @property
    def created(self) -> bool:
        return self.recovery_key is not None

    def glance(self, rows: int) -> Glance | None:
        """The first screen's data without the ORM; None while there is no store yet."""
        if self.created:
            return None
        connection = connect_raw(self.paths.database, self.key)
        try:
            return read_glance(connection, rows)
        finally:
            connection.close()


def unlock(
    paths: Paths,
    *,
    secret: str | None = None,
    remember: bool = True,
    environ: dict[str, str] | None = None,
    found: FoundKey | None = None,
) -> Unlocked:
    """Finds the key of the store in ``paths.data_dir`` (or makes one for a new store).

    The key comes from, in order: ``secret`` (typed recovery key or passphrase), ``found``
    (found ahead by a :class:`KeyAhead`), the file named by HOMESUPPORT_KEY_FILE, the OS
    keyring. A typed secret is remembered in a secure keyring.
    Raises KeyNeeded when the person must type something, WrongSecret when it does not fit,
    WeakPassphrase when a new store would be made from a weak passphrase.
    """
    exists = paths.database.exists()
    if not exists:
        _refuse_weak(secret if secret is not None else keys.secret_from_key_file(environ))
    info = keys.KeyInfo.load_or_create(paths.data_dir)
    keyring_store = keys.KeyringStore(info)
    try:
        if secret is not None:
            found = FoundKey(keys.key_from_secret(secret, info), from_keyring=False)
            if remember:
                keyring_store.save(found.key)
        elif found is None:
            found = keys.find_without_asking(info, environ)
    except keys.InvalidRecoveryKey as error:
        raise WrongSecret() from error

    if found is not None:
        key, from_keyring = found
    elif exists:
        raise KeyNeeded(new=False)
    else:
        key, from_keyring = keys.new_key(), False
        if not keyring_store.save(key):
            raise KeyNeeded(new=True)

    if not exists:
        return Unlocked(paths, key, keys.recovery_key(key))
    try:
        connect_raw(paths.database, key).close()
    except WrongKey as error:
        raise (DatabaseDamaged() if from_keyring else WrongSecret()) from error
    return Unlocked(paths, key, None)


def _refuse_weak(secret: str | None) -> None:
    """A new store is made from a recovery key, a random key or a strong passphrase only."""
    if secret is None or keys.looks_like_recovery_key(secret.strip()):
        return
    problem = weak_passphrase(secret)
    if problem is not None:
        raise WeakPassphrase(problem)
