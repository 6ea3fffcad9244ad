"""The commands run as a script runs them: the store's secret in a key file."""

import pytest


@pytest.fixture
def key_file(tmp_path, monkeypatch, no_keyring):
    path = tmp_path / "key.txt"
    path.write_text("a scripted passphrase\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(path))
    return path
