"""Opening the encrypted store: finding its key, creating it, migrating it, backing it up."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import N_
from homesupport.paths import Paths
from homesupport.storage import keys, migrate
from homesupport.storage.backup import (
    BackupFile,
    BackupRotation,
    restore_backup,
    verify_backup,
    write_backup,
)
from homesupport.storage.engine import WrongKey, create_store_engine, make_session_factory
from homesupport.storage.profile_repo import ProfileRepository, StoredSettings

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
DAILY = dt.timedelta(hours=24)


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
    pass


class Store:
    """The open, unlocked, up-to-date local store."""

    def __init__(
        self,
        paths: Paths,
        engine: Engine,
        key: bytes,
        clock: Clock,
        backups_to_keep: int,
        recovery_key: str | None,
    ) -> None:
        self.paths = paths
        self.engine = engine
        self.session_factory: sessionmaker[OrmSession] = make_session_factory(engine)
        self._key = key
        self._clock = clock
        self.backups = BackupRotation(paths.backups, keep=backups_to_keep)
        # Shown once, right after creation; never stored.
        self.recovery_key = recovery_key

    @property
    def created(self) -> bool:
        return self.recovery_key is not None

    def profile(self) -> SupporterProfile | None:
        with self.session_factory() as orm:
            return ProfileRepository(orm).get()

    def save_profile(self, profile: SupporterProfile) -> None:
        with self.session_factory.begin() as orm:
            ProfileRepository(orm).save(profile)

    def setting(self, key: str, default: object = None) -> object:
        with self.session_factory() as orm:
            return StoredSettings(orm).get(key, default)

    def set_setting(self, key: str, value: object) -> None:
        with self.session_factory.begin() as orm:
            StoredSettings(orm).set(key, value)

    def recovery_key_text(self) -> str:
        """For re-printing the recovery sheet from settings (after unlocking)."""
        return keys.recovery_key(self._key)

    def backup_now(self, reason: str = "manual") -> BackupFile:
        return self.backups.create(self.paths.database, self._key, reason, self._clock())

    def backup_if_due(self) -> BackupFile | None:
        latest = self.backups.latest()
        if latest is not None and self._clock() - latest.created < DAILY:
            return None
        return self.backup_now("daily")

    def backup_to(self, destination: Path) -> Path:
        return write_backup(self.paths.database, self._key, destination)

    def restore(self, backup: Path, recovery_key: str | None = None) -> BackupFile:
        """Replaces the data with a backup; returns the pre-restore backup (the undo).

        A backup from another computer needs that installation's ``recovery_key``; without it
        BackupKeyMismatch is raised and nothing changes."""
        backup_key = None
        if recovery_key is not None:
            try:
                backup_key = keys.key_from_recovery(recovery_key)
            except keys.InvalidRecoveryKey as error:
                raise WrongSecret() from error
        verify_backup(backup, backup_key or self._key)
        safety = self.backup_now("pre-restore")
        self.engine.dispose()
        restore_backup(backup, self.paths.database, self._key, backup_key)
        self.engine = create_store_engine(self.paths.database, self._key)
        self.session_factory = make_session_factory(self.engine)
        _migrate(self.engine, self)
        return safety

    def close(self) -> None:
        self.engine.dispose()


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _migrate(engine: Engine, store: Store) -> None:
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current == head:
        return
    if current is None and not _has_tables(engine):
        migrate.upgrade(engine)
        return
    safety = store.backup_now("pre-migration")
    log.info("migrating the store from %s to %s", current, head)
    try:
        migrate.upgrade(engine)
    except Exception as error:
        engine.dispose()
        restore_backup(safety.path, store.paths.database, store._key)
        raise MigrationFailed(str(error)) from error


def open_store(
    paths: Paths,
    clock: Clock,
    *,
    secret: str | None = None,
    remember: bool = True,
    backups_to_keep: int = 10,
    environ: dict[str, str] | None = None,
) -> Store:
    """Opens (or creates) the store in ``paths.data_dir``.

    The key comes from, in order: ``secret`` (typed recovery key or passphrase), the file named
    by HOMESUPPORT_KEY_FILE, the OS keyring. A typed secret is remembered in a secure keyring.
    Raises KeyNeeded when the person must type something, WrongSecret when it does not fit.
    """
    exists = paths.database.exists()
    info = keys.KeyInfo.load_or_create(paths.data_dir)
    keyring_store = keys.KeyringStore(info)
    given = secret if secret is not None else keys.secret_from_key_file(environ)

    recovery: str | None = None
    from_keyring = False
    if given is not None:
        try:
            key = keys.key_from_secret(given, info)
        except keys.InvalidRecoveryKey as error:
            raise WrongSecret() from error
        if secret is not None and remember:
            keyring_store.save(key)
    elif (stored := keyring_store.load()) is not None:
        key, from_keyring = stored, True
    elif exists:
        raise KeyNeeded(new=False)
    else:
        key = keys.new_key()
        if not keyring_store.save(key):
            raise KeyNeeded(new=True)

    if not exists:
        recovery = keys.recovery_key(key)
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        log.info("creating a new encrypted store")
    try:
        engine = create_store_engine(paths.database, key)
    except WrongKey as error:
        raise (DatabaseDamaged() if from_keyring else WrongSecret()) from error
    store = Store(paths, engine, key, clock, backups_to_keep, recovery)
    _migrate(engine, store)
    return store
