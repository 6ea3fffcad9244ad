"""A backup opens with the secret that opened its data, on any computer: it carries the
passphrase's salt (never the key), so a new computer needs only the backup file and the
recovery key or the passphrase. Backups made before keep restoring."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.store import BackupSecretNeeded, Store, open_store
from homesupport.services.unlock import WrongSecret
from homesupport.storage import keys
from homesupport.storage.backup import SALT_BYTES

DATA = Path(__file__).parent / "data"
OLD_BACKUP = DATA / "old-format.hsbackup"
OLD_PASSPHRASE = "old format passphrase"
OLD_RECOVERY = "S66E-4JSW-Q2Z4-4HBL-QEBC-INW6-B2ME-PO26-SRKV-LUZB-VKNQ-J6OD-6OZW-R2RF"
PASSPHRASE = "kahvi ja pulla kotikäynnillä"


def profile_name(store: Store) -> str | None:
    profile = store.profile()
    return profile.name if profile else None


def backup_from_old_computer(folder: Path, clock, name: str = "Aino") -> Path:
    """A store made from PASSPHRASE on a computer of its own, and a backup of it."""
    store = open_store(Paths.resolve(folder / "old-computer"), clock, secret=PASSPHRASE)
    store.save_profile(SupporterProfile(name=name))
    backup = store.backup_to(folder / "carried.hsbackup")
    store.close()
    return backup


def test_the_backup_carries_the_passphrase_salt_and_never_the_key(tmp_path, clock, no_keyring):
    backup = backup_from_old_computer(tmp_path, clock)
    info = keys.KeyInfo.load(tmp_path / "old-computer")
    assert info is not None
    header = backup.read_bytes()[:SALT_BYTES]
    assert header == bytes.fromhex(info.salt)
    key = keys.key_from_passphrase(PASSPHRASE, info)
    raw = backup.read_bytes()
    assert key not in raw and key.hex().encode() not in raw and b"SQLite format 3" not in raw
    # Automatic backups carry it too.
    store = open_store(Paths.resolve(tmp_path / "old-computer"), clock, secret=PASSPHRASE)
    daily = store.backup_now("daily")
    store.close()
    assert daily.path.read_bytes()[:SALT_BYTES] == header


def test_the_same_passphrase_restores_on_a_new_computer(tmp_path, clock, no_keyring):
    backup = backup_from_old_computer(tmp_path, clock)
    # A new computer: its own installation, its own salt, the same passphrase.
    new_dir = tmp_path / "new-computer"
    new = open_store(Paths.resolve(new_dir), clock, secret=PASSPHRASE)
    assert profile_name(new) is None
    new.restore(backup, PASSPHRASE)
    assert profile_name(new) == "Aino"
    new.close()
    # Re-keyed to the new computer's key: the passphrase opens it there from now on.
    again = open_store(Paths.resolve(new_dir), clock, secret=PASSPHRASE)
    assert profile_name(again) == "Aino"
    again.close()


def test_a_store_with_another_key_asks_and_takes_the_recovery_key_or_passphrase(
    tmp_path, clock, memory_keyring
):
    backup = backup_from_old_computer(tmp_path, clock)
    old = keys.KeyInfo.load(tmp_path / "old-computer")
    assert old is not None
    recovery = keys.recovery_key(keys.key_from_passphrase(PASSPHRASE, old))
    store = open_store(Paths.resolve(tmp_path / "keyring-computer"), clock)  # a random key
    store.save_profile(SupporterProfile(name="Before"))

    with pytest.raises(BackupSecretNeeded, match="made with another key"):
        store.restore(backup)
    with pytest.raises(BackupSecretNeeded, match="does not open"):
        store.restore(backup, "not the passphrase")
    with pytest.raises(WrongSecret):  # a recovery key with a typo
        store.restore(backup, recovery[:-1] + ("A" if recovery[-1] != "A" else "B"))
    assert profile_name(store) == "Before"  # nothing changed
    assert not [b for b in store.backups.list() if b.reason == "pre-restore"]

    store.restore(backup, PASSPHRASE)
    assert profile_name(store) == "Aino"
    store.save_profile(SupporterProfile(name="Changed"))
    store.restore(backup, recovery)
    assert profile_name(store) == "Aino"
    store.close()
    memory_keyring_store = open_store(Paths.resolve(tmp_path / "keyring-computer"), clock)
    assert profile_name(memory_keyring_store) == "Aino"  # opens with this computer's key
    memory_keyring_store.close()


def test_an_old_format_backup_restores_with_its_recovery_key_anywhere(tmp_path, clock, no_keyring):
    new = open_store(Paths.resolve(tmp_path / "new"), clock, secret=PASSPHRASE)
    with pytest.raises(BackupSecretNeeded):  # it never carried the old computer's salt
        new.restore(OLD_BACKUP, OLD_PASSPHRASE)
    new.restore(OLD_BACKUP, OLD_RECOVERY)
    assert profile_name(new) == "Vanha Varmuuskopio"
    new.close()


def test_an_old_format_backup_restores_with_the_passphrase_where_it_was_made(
    tmp_path, clock, no_keyring
):
    home = tmp_path / "old-computer"
    home.mkdir()
    shutil.copyfile(DATA / "old-format.keyinfo.json", home / keys.KEY_INFO_FILE)
    store = open_store(Paths.resolve(home), clock, secret=OLD_PASSPHRASE)  # after a reinstall
    store.restore(OLD_BACKUP)  # the store's own key opens it
    assert profile_name(store) == "Vanha Varmuuskopio"
    store.close()
