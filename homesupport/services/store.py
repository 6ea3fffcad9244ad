"""Opening the encrypted store: finding its key, creating it, migrating it, backing it up."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import N_
from homesupport.paths import Paths
from homesupport.services.destinations import check_destination
from homesupport.services.unlock import MigrationFailed, Unlocked, WrongSecret, unlock
from homesupport.storage import keys, migrate
from homesupport.storage.backup import (
    BackupError,
    BackupKeyMismatch,
    BackupRotation,
    backup_salt,
    restore_backup,
    verify_backup,
    write_backup,
)
from homesupport.storage.backup import (
    BackupFile as BackupFile,  # re-exported: the ui names it, and never imports storage
)
from homesupport.storage.engine import (
    StoreBusy,
    StoreGate,
    create_store_engine,
    make_session_factory,
)
from homesupport.storage.engine import (
    StoreSessions as StoreSessions,  # re-exported: the ui names it, and never imports storage
)
from homesupport.storage.partial_files import PartialFiles
from homesupport.storage.profile_repo import ProfileRepository, StoredSettings

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
DAILY = dt.timedelta(hours=24)
# How long a restore waits for a sync run or a background job to reach a safe point.
RESTORE_WAIT_SECONDS = 60.0


class BackupSecretNeeded(BackupKeyMismatch):
    """Neither this store's key nor the secret given opens the backup: it needs the recovery
    key or the passphrase of the data it was made from. Nothing was changed."""


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
        gate: StoreGate | None = None,
    ) -> None:
        self.paths = paths
        self.engine = engine
        # Every user of the file passes the gate; a restore waits for them all (StoreGate).
        self.gate = gate or StoreGate()
        self.session_factory: StoreSessions = make_session_factory(engine, self.gate)
        self._key = key
        self._clock = clock
        self.partial = PartialFiles(paths.partial)
        self._key_info = keys.KeyInfo.load_or_create(paths.data_dir)
        # Every backup carries the passphrase salt, so the passphrase opens it anywhere.
        self._salt = bytes.fromhex(self._key_info.salt)
        self.backups = BackupRotation(
            paths.backups, keep=backups_to_keep, partial=self.partial, salt=self._salt
        )
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
        with self.gate.using():
            return self.backups.create(self.paths.database, self._key, reason, self._clock())

    def backup_if_due(self) -> BackupFile | None:
        latest = self.backups.latest()
        if latest is not None and self._clock() - latest.created < DAILY:
            return None
        return self.backup_now("daily")

    def backup_to(self, destination: Path) -> Path:
        check_destination(self.paths.data_dir, destination)
        with self.gate.using():
            return write_backup(
                self.paths.database, self._key, destination, self.partial, salt=self._salt
            )

    def backup_key(self, backup: Path, secret: str | None = None) -> bytes:
        """The key that opens ``backup``: this store's own, or the one ``secret`` (the recovery
        key or passphrase of the data the backup was made from) gives. Raises WrongSecret for
        a mistyped recovery key, BackupSecretNeeded when neither opens it, BackupError when the
        file is no sound backup."""
        candidates = [self._key]
        if secret is not None:
            try:
                candidates += keys.keys_for_backup(secret, self._key_info, backup_salt(backup))
            except keys.InvalidRecoveryKey as error:
                raise WrongSecret() from error
        for key in dict.fromkeys(candidates):
            try:
                verify_backup(backup, key)
            except BackupKeyMismatch:
                continue
            return key
        if secret is None:
            raise BackupSecretNeeded(
                N_(
                    "{path} is not a HomeSupport backup, or it was made with another key: then "
                    "it opens with the recovery key or the passphrase of the data it was made "
                    "from."
                ),
                path=backup,
            )
        raise BackupSecretNeeded(
            N_(
                "{path} is not a HomeSupport backup, or this recovery key or passphrase does not "
                "open it."
            ),
            path=backup,
        )

    def restore(self, backup: Path, secret: str | None = None) -> BackupFile:
        """Replaces the data with a backup; returns the pre-restore backup (the undo).

        A backup from another computer (or another store) opens with ``secret``: the recovery
        key or passphrase of the data it was made from; the restored copy is re-keyed to this
        store's key. Without the right one BackupSecretNeeded is raised and nothing changes."""
        backup_key = self.backup_key(backup, secret)
        # Every other user of the store (a sync run, a background save, a backup) finishes
        # first and waits until the file is swapped; the pool's connections to the old file
        # are closed. The engine and its session factory stay: every service keeps working
        # on the restored file.
        try:
            with self.gate.closed(RESTORE_WAIT_SECONDS):
                safety = self.backup_now("pre-restore")
                self.engine.dispose()
                restore_backup(backup, self.paths.database, self._key, backup_key)
                _migrate(self.engine, self)
        except StoreBusy as error:
            raise BackupError(
                N_("The data is busy with other work; nothing was changed. Try again soon.")
            ) from error
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


def open_unlocked(unlocked: Unlocked, clock: Clock, backups_to_keep: int = 10) -> Store:
    """The store behind an unlocked key, created or migrated as needed."""
    paths = unlocked.paths
    if unlocked.created:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        log.info("creating a new encrypted store")
    gate = StoreGate()
    engine = create_store_engine(paths.database, unlocked.key, gate)
    store = Store(paths, engine, unlocked.key, clock, backups_to_keep, unlocked.recovery_key, gate)
    _migrate(engine, store)
    return store


def open_store(
    paths: Paths,
    clock: Clock,
    *,
    secret: str | None = None,
    remember: bool = True,
    backups_to_keep: int = 10,
    environ: dict[str, str] | None = None,
) -> Store:
    """Opens (or creates) the store in ``paths.data_dir``; see :func:`unlock` for the key."""
    unlocked = unlock(paths, secret=secret, remember=remember, environ=environ)
    return open_unlocked(unlocked, clock, backups_to_keep)
