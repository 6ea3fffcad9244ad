from pathlib import Path

import pytest

from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.store import open_store
from homesupport.services.unlock import KeyNeeded, WrongSecret
from homesupport.storage import keys, migrate
from homesupport.storage.backup import BackupError, verify_backup


def test_new_store_keeps_a_random_key_in_the_keyring_and_shows_a_recovery_key(
    data_dir, clock, memory_keyring
):
    store = open_store(Paths.resolve(data_dir), clock)
    assert store.created and store.recovery_key
    assert len(memory_keyring.secrets) == 1
    store.save_profile(SupporterProfile(name="Aino Tukija", organisation="Kunta"))
    store.close()

    again = open_store(Paths.resolve(data_dir), clock)
    assert not again.created and again.recovery_key is None
    assert again.profile().name == "Aino Tukija"
    assert migrate.current_revision(again.engine) == migrate.head_revision()


def test_the_database_file_holds_no_plaintext(data_dir, clock, memory_keyring):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Plaintextmarker Ainosdottir"))
    store.close()
    for path in data_dir.glob("homesupport.db*"):
        raw = path.read_bytes()
        assert b"Plaintextmarker" not in raw and b"SQLite format 3" not in raw


def test_lost_keyring_opens_with_the_recovery_key_and_a_wrong_key_is_refused(
    data_dir, clock, memory_keyring
):
    store = open_store(Paths.resolve(data_dir), clock)
    recovery = store.recovery_key
    store.save_profile(SupporterProfile(name="Aino"))
    store.close()
    memory_keyring.secrets.clear()

    with pytest.raises(KeyNeeded) as needed:
        open_store(Paths.resolve(data_dir), clock)
    assert not needed.value.new
    wrong = keys.recovery_key(keys.new_key())
    with pytest.raises(WrongSecret):
        open_store(Paths.resolve(data_dir), clock, secret=wrong)
    typo = recovery[:10] + ("B" if recovery[10] != "B" else "C") + recovery[11:]
    with pytest.raises(WrongSecret):  # a typo is caught by the checksum
        open_store(Paths.resolve(data_dir), clock, secret=typo)
    reopened = open_store(Paths.resolve(data_dir), clock, secret=recovery.lower())
    assert reopened.profile().name == "Aino"
    reopened.close()
    assert len(memory_keyring.secrets) == 1  # remembered again


def test_without_a_secure_keyring_a_passphrase_is_needed_and_nothing_is_stored(
    data_dir, clock, no_keyring
):
    with pytest.raises(KeyNeeded) as needed:
        open_store(Paths.resolve(data_dir), clock)
    assert needed.value.new
    assert not Paths.resolve(data_dir).database.exists()
    store = open_store(Paths.resolve(data_dir), clock, secret="correct horse battery")
    store.close()
    again = open_store(Paths.resolve(data_dir), clock, secret="correct horse battery")
    again.close()
    with pytest.raises(WrongSecret):
        open_store(Paths.resolve(data_dir), clock, secret="wrong horse")


def test_key_file_creates_and_opens_headless(data_dir, clock, no_keyring, tmp_path):
    key_file = tmp_path / "key.txt"
    key_file.write_text("  scripted passphrase \n")
    env = {"HOMESUPPORT_KEY_FILE": str(key_file)}
    open_store(Paths.resolve(data_dir), clock, environ=env).close()
    open_store(Paths.resolve(data_dir), clock, environ=env).close()
    key_file.write_text("other")
    with pytest.raises(WrongSecret):
        open_store(Paths.resolve(data_dir), clock, environ=env)


def test_backups_rotate_stay_encrypted_and_restore_is_undoable(data_dir, clock, memory_keyring):
    store = open_store(Paths.resolve(data_dir), clock, backups_to_keep=3)
    store.save_profile(SupporterProfile(name="Before"))
    first = store.backup_if_due()
    assert first is not None and store.backup_if_due() is None  # once a day
    clock.advance(hours=25)
    assert store.backup_if_due() is not None
    for _ in range(4):
        clock.advance(seconds=1)
        store.backup_now()
    assert len(store.backups.list()) == 3
    assert b"Before" not in first.path.read_bytes() if first.path.exists() else True

    manual = store.backup_to(data_dir.parent / "manual.hsbackup")
    store.save_profile(SupporterProfile(name="After"))
    undo = store.restore(manual)
    assert store.profile().name == "Before"
    store.restore(undo.path)
    assert store.profile().name == "After"
    store.close()


def test_restore_refuses_foreign_and_damaged_files_and_changes_nothing(
    data_dir, clock, memory_keyring, tmp_path
):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Kept"))
    foreign = tmp_path / "foreign.hsbackup"
    foreign.write_bytes(b"PK\x03\x04 not a database" * 100)
    with pytest.raises(BackupError):
        store.restore(foreign)
    assert store.profile().name == "Kept"
    other = open_store(Paths.resolve(tmp_path / "other"), clock)
    other_backup = other.backup_to(tmp_path / "other.hsbackup")
    with pytest.raises(BackupError, match="another key"):
        verify_backup(other_backup, keys.new_key())


def test_a_full_disk_leaves_no_partial_backup(data_dir, clock, memory_keyring, monkeypatch):
    import errno
    import os

    store = open_store(Paths.resolve(data_dir), clock)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(BackupError, match="disk space"):
        store.backup_now()
    assert list(Path(store.paths.backups).glob("*")) == []


def test_a_damaged_file_is_reported_as_damaged_and_left_alone(data_dir, clock, memory_keyring):
    from homesupport.services.unlock import DatabaseDamaged

    open_store(Paths.resolve(data_dir), clock).close()
    database = Paths.resolve(data_dir).database
    damaged = b"\x00garbage" * 4096
    database.write_bytes(damaged)
    with pytest.raises(DatabaseDamaged):
        open_store(Paths.resolve(data_dir), clock)
    assert database.read_bytes() == damaged


def _store_at_first_revision(data_dir, clock):
    """A store as the first release left it: schema 0001 with a profile row."""
    from homesupport.storage.engine import create_store_engine

    paths = Paths.resolve(data_dir)
    info = keys.KeyInfo.load_or_create(data_dir)
    key = keys.key_from_passphrase("old release", info)
    engine = create_store_engine(paths.database, key)
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO profile (id, name, organisation, contact, programme, language) "
            "VALUES (1, 'Old Aino', '', '', 'home', 'fi')"
        )
    engine.dispose()
    return paths


def test_an_older_store_is_backed_up_then_migrated(data_dir, clock, no_keyring):
    paths = _store_at_first_revision(data_dir, clock)
    store = open_store(paths, clock, secret="old release")
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert store.profile().name == "Old Aino"
    assert [b.reason for b in store.backups.list()] == ["pre-migration"]
    store.close()


def test_a_failed_migration_puts_the_old_data_back(data_dir, clock, no_keyring, monkeypatch):
    from homesupport.services.unlock import MigrationFailed

    paths = _store_at_first_revision(data_dir, clock)
    real_upgrade = migrate.upgrade

    def upgrade_then_crash(engine, revision="head"):
        real_upgrade(engine, revision)
        raise RuntimeError("disk went away mid-migration")

    monkeypatch.setattr(migrate, "upgrade", upgrade_then_crash)
    with pytest.raises(MigrationFailed):
        open_store(paths, clock, secret="old release")
    monkeypatch.undo()
    from homesupport.storage.engine import create_store_engine

    info = keys.KeyInfo.load_or_create(data_dir)
    engine = create_store_engine(paths.database, keys.key_from_passphrase("old release", info))
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    store = open_store(paths, clock, secret="old release")  # and the next start succeeds
    assert store.profile().name == "Old Aino"
    store.close()


def test_the_head_constant_matches_the_migration_scripts():
    assert migrate.alembic_head() == migrate.HEAD


def test_the_migrations_build_exactly_the_models(data_dir, clock, memory_keyring):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from homesupport.storage.models import Base

    store = open_store(Paths.resolve(data_dir), clock)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    store.close()
    assert differences == []


def test_a_write_waits_for_another_writer_instead_of_failing(data_dir, clock, memory_keyring):
    """A unit of work that reads, then writes while another connection has written meanwhile
    (the GUI saving during a background sync): it waits for its turn and both writes land."""
    import threading

    store = open_store(Paths.resolve(data_dir), clock)
    store.set_setting("counter", 0)
    reading = threading.Event()
    others: list[BaseException] = []

    def other_writer() -> None:
        reading.wait()
        try:
            store.set_setting("other", "written")
        except BaseException as error:  # reported to the test below
            others.append(error)

    other = threading.Thread(target=other_writer)
    other.start()
    from homesupport.storage.profile_repo import StoredSettings

    with store.session_factory.begin() as orm:
        settings = StoredSettings(orm)
        counter = settings.get("counter")  # read first ...
        reading.set()
        other.join(timeout=0.5)
        assert other.is_alive()  # ... the other writer waits for this unit to finish ...
        settings.set("counter", counter + 1)  # ... and this write is not refused
    other.join(timeout=10)
    assert not others and not other.is_alive()
    assert store.setting("counter") == 1 and store.setting("other") == "written"
    store.close()


def test_reading_never_waits_for_a_writer(data_dir, clock, memory_keyring):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    with store.session_factory.begin() as orm:
        from homesupport.storage.profile_repo import StoredSettings

        StoredSettings(orm).set("pending", True)
        assert store.profile().name == "Aino"  # another connection reads the last commit
        assert store.setting("pending") is None
    assert store.setting("pending") is True
    store.close()


def test_a_connection_in_use_survives_workers_that_come_and_go(data_dir, clock, memory_keyring):
    """The GUI's background workers are new threads again and again; none of them may close
    the connection another thread is using."""
    import threading

    from homesupport.storage.profile_repo import StoredSettings

    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino"))
    names: list[str] = []
    with store.session_factory() as orm:
        assert StoredSettings(orm).get("anything") is None
        for _ in range(12):
            worker = threading.Thread(target=lambda: names.append(store.profile().name))
            worker.start()
            worker.join()
        assert StoredSettings(orm).get("anything") is None  # still open
    assert names == ["Aino"] * 12
    store.close()
