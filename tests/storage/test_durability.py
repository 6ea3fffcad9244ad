"""A committed save survives a power cut: every connection to the store syncs the WAL on each
commit (synchronous=FULL; NORMAL may lose the last commits when the power goes)."""

from homesupport.paths import Paths
from homesupport.services.store import open_store
from homesupport.storage import keys
from homesupport.storage.connection import connect_raw

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_every_connection_to_the_store_syncs_each_commit(data_dir, clock, memory_keyring):
    store = open_store(Paths.resolve(data_dir), clock)
    try:
        with store.engine.connect() as orm_connection:
            assert orm_connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert orm_connection.exec_driver_sql("PRAGMA synchronous").scalar() == FULL
        raw = connect_raw(store.paths.database, keys.key_from_recovery(store.recovery_key_text()))
        try:
            assert raw.execute("PRAGMA synchronous").fetchone()[0] == FULL
        finally:
            raw.close()
    finally:
        store.close()
