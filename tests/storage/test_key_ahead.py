"""The key found by a second process while Qt loads (storage/key_ahead.py): a real child
process, reading a keyring shared through a file or a key file, and handing the key back."""

import datetime as dt
import os
import pty
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homesupport.paths import Paths
from homesupport.services.store import open_store
from homesupport.services.unlock import WrongSecret, unlock
from homesupport.storage import keys
from homesupport.storage.key_ahead import CHILD_ENV, KeyAhead, parse_answer

PASSPHRASE = "a passphrase only this test knows"


@pytest.fixture
def paths(data_dir):
    return Paths.resolve(data_dir)


@pytest.fixture
def key_file(tmp_path, paths, monkeypatch):
    """A store made with a passphrase in HOMESUPPORT_KEY_FILE; returns the file."""
    path = tmp_path / "key"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(path))
    open_store(paths, dt.datetime.now).close()
    return path


def _found(paths):
    ahead = KeyAhead.start(paths.data_dir, paths.database)
    assert ahead is not None
    return ahead.found()


def test_the_child_finds_the_key_in_the_keyring(paths, key_file, file_keyring, monkeypatch):
    key = unlock(paths).key  # from the key file
    monkeypatch.delenv(keys.KEY_FILE_ENV)
    unlock(paths, secret=PASSPHRASE)  # typed once: remembered in the (shared) keyring

    found = _found(paths)

    assert found == keys.FoundKey(key, from_keyring=True)
    assert unlock(paths, found=found).key == key


def test_the_child_stretches_a_passphrase_from_the_key_file(paths, key_file, file_keyring):
    found = _found(paths)

    info = keys.KeyInfo.load(paths.data_dir)
    assert info is not None
    assert found == keys.FoundKey(keys.key_from_passphrase(PASSPHRASE, info), from_keyring=False)


def test_when_the_child_finds_nothing_the_app_asks(paths, key_file, file_keyring, monkeypatch):
    monkeypatch.delenv(keys.KEY_FILE_ENV)  # and the keyring holds nothing

    assert _found(paths) is None


def test_a_key_file_the_child_cannot_use_is_reported_by_the_app(paths, key_file, file_keyring):
    key_file.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH-IIII-JJJJ-KKKK-LLLL-MMMM-NNNN")

    assert _found(paths) is None  # a recovery key with a typo: the child fails quietly
    with pytest.raises(WrongSecret):
        unlock(paths)  # the app's own look says what is wrong


def test_a_wrong_key_found_ahead_is_still_refused(paths, key_file):
    wrong = keys.FoundKey(bytes(keys.KEY_BYTES), from_keyring=False)

    with pytest.raises(WrongSecret):
        unlock(paths, found=wrong)


def test_no_child_before_there_is_a_store(paths):
    assert KeyAhead.start(paths.data_dir, paths.database) is None


@given(st.binary(max_size=200))
def test_any_answer_is_a_key_or_nothing(output):
    found = parse_answer(output)
    assert found is None or len(found.key) == keys.KEY_BYTES


def test_the_answers_the_child_gives():
    key = bytes(range(keys.KEY_BYTES))
    assert parse_answer(f"keyring {key.hex()}\n".encode()) == keys.FoundKey(key, True)
    assert parse_answer(f"file {key.hex()}".encode()) == keys.FoundKey(key, False)
    assert parse_answer(f"keyring {key.hex()[:-2]}".encode()) is None
    assert parse_answer(b"") is None


def test_the_child_never_writes_the_key_onto_a_terminal(paths, key_file):
    terminal, other_end = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "homesupport"],
            env={**os.environ, CHILD_ENV: str(paths.data_dir)},
            stdout=other_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(other_end)
        os.close(terminal)
    assert done.returncode == 2 and b"for the app's own use" in done.stderr
