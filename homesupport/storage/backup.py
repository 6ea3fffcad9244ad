"""Encrypted backups with SQLite's online backup API: a backup is a complete database keyed with
the same key, so it is as safe as the original and opens with the same recovery key.

A backup also carries what turns a passphrase into that key, never the key itself (as restic
and borg keep their key-derivation parameters in the repository): SQLCipher keeps a file's
salt in its first 16 bytes, in clear, and a backup's salt is this installation's passphrase
salt (``keyinfo.json``; the scrypt cost is fixed by :mod:`keys`). So the passphrase that
opened the data also opens its backup on a computer that never saw ``keyinfo.json``. Backups
made before have a random salt there: they open with the recovery key, or with the
passphrase on the computer that made them."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import shutil
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from homesupport.files import replacing
from homesupport.i18n import N_
from homesupport.storage.connection import WrongKey, connect_raw
from homesupport.storage.partial_files import PREFIX as PARTIAL_PREFIX
from homesupport.storage.partial_files import PartialFiles

SUFFIX = ".hsbackup"
UNFINISHED_AFTER = dt.timedelta(hours=1)
SALT_BYTES = 16  # SQLCipher's salt, at the start of the file


class BackupError(Exception):
    """A backup or restore that did not happen; the message is an English msgid with
    ``{placeholders}`` filled from ``params``. Nothing already stored was changed."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.msgid = message
        self.params = {k: str(v) for k, v in params.items()}


class BackupKeyMismatch(BackupError):
    """The key does not open the backup: it may come from another installation, whose
    recovery key opens it."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    created: dt.datetime
    reason: str  # "daily", "manual", "pre-migration", "pre-restore"
    size: int


def write_backup(
    database: Path,
    key: bytes,
    destination: Path,
    partial: PartialFiles | None = None,
    *,
    salt: bytes | None = None,
) -> Path:
    """Copies the live database to ``destination`` through a temporary file, so a full disk or
    a crash never leaves a half-written backup under the final name. The temporary file is
    noted in ``partial``: if the process is killed, the next start removes it. ``salt`` (the
    installation's passphrase salt) becomes the backup's SQLCipher salt."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    scratch = None if partial is None else functools.partial(partial.writing, kind=SUFFIX)
    source = connect_raw(database, key)
    try:
        with replacing(destination, scratch=scratch) as temporary:
            target = sqlcipher.connect(str(temporary))
            try:
                kept_salt = salt.hex() if salt is not None else ""
                target.execute(f"PRAGMA key = \"x'{key.hex()}{kept_salt}'\"")
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
    except (OSError, sqlcipher.Error) as error:
        if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or "full" in str(error):
            raise BackupError(
                N_("Not enough disk space for the backup in {folder}."), folder=destination.parent
            ) from error
        raise BackupError(
            N_("The backup to {path} failed: {reason}"), path=destination, reason=error
        ) from error
    finally:
        source.close()
    return destination


def backup_salt(path: Path) -> bytes:
    """The salt a backup carries in clear (see the module's doc); raises BackupError when
    the file cannot be read."""
    try:
        with path.open("rb") as handle:
            salt = handle.read(SALT_BYTES)
    except OSError as error:
        raise BackupError(N_("There is no backup file at {path}."), path=path) from error
    if len(salt) < SALT_BYTES:
        raise BackupError(N_("{path} is not a HomeSupport backup."), path=path)
    return salt


def verify_backup(path: Path, key: bytes) -> None:
    """Raises BackupError unless ``path`` is a sound HomeSupport database this key opens."""
    if not path.is_file():
        raise BackupError(N_("There is no backup file at {path}."), path=path)
    try:
        connection = connect_raw(path, key)
    except WrongKey as error:
        raise BackupKeyMismatch(
            N_("{path} is not a HomeSupport backup, or it was made with another key."), path=path
        ) from error
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise BackupError(N_("The backup {path} is damaged."), path=path)
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if not {"sessions", "alembic_version"} <= tables:
            raise BackupError(N_("{path} is not a HomeSupport backup."), path=path)
    except sqlcipher.Error as error:
        raise BackupError(N_("The backup {path} is damaged."), path=path) from error
    finally:
        connection.close()


def restore_backup(
    backup: Path, database: Path, key: bytes, backup_key: bytes | None = None
) -> None:
    """Replaces the database with a verified backup. The caller closes every connection first
    and makes a pre-restore backup, so the restore itself can be undone.

    A backup from another installation has another key (``backup_key``, from its recovery
    key); the copy is re-keyed to this installation's key before it replaces the data."""
    source_key = backup_key or key
    verify_backup(backup, source_key)
    try:
        with replacing(database) as temporary:
            shutil.copyfile(backup, temporary)
            if source_key != key:
                connection = connect_raw(temporary, source_key)
                try:
                    connection.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
                    connection.execute("PRAGMA journal_mode = DELETE")
                finally:
                    connection.close()
            for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
                leftover.unlink(missing_ok=True)
    except (OSError, sqlcipher.Error) as error:
        raise BackupError(N_("The restore failed: {reason}"), reason=error) from error


def remove_unfinished(folder: Path, now: dt.datetime) -> int:
    """Removes what older versions left of backups killed halfway (``*.partial`` and its
    ``-journal``; newer ones are noted in PartialFiles) once an hour old: a backup being
    written by another window right now is never that old."""
    removed = 0
    for leftover in folder.glob(f"*{SUFFIX}.partial*"):
        if leftover.name.startswith(PARTIAL_PREFIX):
            continue  # noted, and removed by PartialFiles once its writer is gone
        with suppress(OSError):
            if now.timestamp() - leftover.stat().st_mtime > UNFINISHED_AFTER.total_seconds():
                leftover.unlink()
                removed += 1
    return removed


class BackupRotation:
    """Automatic backups in the data dir: ``<timestamp>-<reason>.hsbackup``, newest kept."""

    def __init__(
        self,
        folder: Path,
        keep: int,
        partial: PartialFiles | None = None,
        salt: bytes | None = None,
    ) -> None:
        self.folder = folder
        self.keep = keep
        self._partial = partial
        self.salt = salt

    def list(self) -> list[BackupFile]:
        found = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            stamp, _, reason = path.stem.partition("-")
            try:
                created = dt.datetime.strptime(stamp.split("_")[0], "%Y%m%dT%H%M%S")
            except ValueError:
                continue
            found.append(BackupFile(path, created, reason, path.stat().st_size))
        return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)

    def latest(self) -> BackupFile | None:
        backups = self.list()
        return backups[0] if backups else None

    def create(self, database: Path, key: bytes, reason: str, now: dt.datetime) -> BackupFile:
        # Two backups in one second (a restore right after another) must not overwrite each
        # other: the second gets a sequence number.
        stamp, sequence = f"{now:%Y%m%dT%H%M%S}", 1
        while any(self.folder.glob(f"{stamp}*{SUFFIX}")) and sequence < 100:
            sequence += 1
            stamp = f"{now:%Y%m%dT%H%M%S}_{sequence:02d}"
        path = write_backup(
            database, key, self.folder / f"{stamp}-{reason}{SUFFIX}", self._partial, salt=self.salt
        )
        self.prune()
        return BackupFile(path, now.replace(microsecond=0), reason, path.stat().st_size)

    def prune(self) -> None:
        for old in self.list()[self.keep :]:
            old.path.unlink(missing_ok=True)
