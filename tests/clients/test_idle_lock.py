import datetime as dt

import pytest

from homesupport.paths import Paths
from homesupport.services.idle_lock import IdleLock, PinRejected
from homesupport.services.store import open_store


@pytest.fixture
def lock(app):
    return IdleLock.for_store(app.store, app.clock)


def test_the_pin_unlocks_and_is_kept_only_as_a_hash_in_the_keyring(app, lock, memory_keyring):
    lock.set_pin("2580")
    assert lock.has_pin()
    assert lock.unlock("2580").unlocked
    assert not lock.unlock("2581").unlocked
    stored = " ".join(memory_keyring.secrets.values())
    assert "2580" not in stored
    data_files = b"".join(
        p.read_bytes() for p in app.store.paths.data_dir.rglob("*") if p.is_file()
    )
    assert b"2580" not in data_files


def test_the_recovery_key_unlocks_too(app, lock):
    lock.set_pin("2580")
    assert lock.unlock(app.store.recovery_key.lower()).unlocked


@pytest.mark.parametrize("pin", ["12", "abcd", "1111", "1234", "1234567890123"])
def test_weak_or_malformed_pins_are_refused(lock, pin):
    with pytest.raises(PinRejected):
        lock.set_pin(pin)


def test_wrong_tries_are_throttled_and_the_wait_grows(app, lock):
    lock.set_pin("2580")
    assert lock.unlock("0000").wait_seconds == 0
    assert lock.unlock("0001").wait_seconds == 0
    third = lock.unlock("0002")
    assert not third.unlocked and third.wait_seconds == 30
    refused = lock.unlock("2580")  # even the right PIN waits
    assert not refused.unlocked and refused.wait_seconds == 30
    app.clock.advance(seconds=31)
    assert lock.unlock("0003").wait_seconds == 60
    # The throttle survives a restart of the app (a new IdleLock).
    again = IdleLock.for_store(app.store, app.clock)
    assert again.wait_seconds() == 60
    # The recovery key is accepted anyway and clears the throttle.
    assert again.unlock(app.store.recovery_key).unlocked
    assert again.unlock("2580").unlocked


def test_without_a_secure_keyring_only_the_recovery_key_or_passphrase_unlocks(
    data_dir, clock, no_keyring
):
    store = open_store(Paths.resolve(data_dir), clock, secret="correct horse battery")
    lock = IdleLock.for_store(store, clock)
    assert not lock.pin_possible()
    with pytest.raises(PinRejected):
        lock.set_pin("2580")
    assert not lock.has_pin()
    assert not lock.unlock("2580").unlocked
    assert lock.unlock("correct horse battery").unlocked
    assert lock.unlock(store.recovery_key_text()).unlocked
    store.close()


def test_a_clock_set_back_does_not_lock_out_for_longer_than_the_maximum(app, lock):
    lock.set_pin("2580")
    for pin in ("0000", "0001", "0002"):
        lock.unlock(pin)
    app.clock.now -= dt.timedelta(days=3)
    assert lock.wait_seconds() == 15 * 60
