"""atomic_write / replacing: the new content whole or the old file untouched, never a stray
temporary file, owner-only permissions unless asked otherwise, a clear error for a full disk."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest

from homesupport.files import SHARED_FILE_MODE, WriteFailed, atomic_write, replacing

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def test_replaces_the_old_content_whole(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("old", encoding="utf-8")
    inode = path.stat().st_ino
    atomic_write(path, "nyt ä")
    assert path.read_bytes() == "nyt ä".encode()
    assert path.stat().st_ino != inode  # a new file renamed over it, not the old one rewritten
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_writes_bytes_and_through_a_callback(tmp_path):
    atomic_write(tmp_path / "a.bin", b"\x00\x01")
    atomic_write(tmp_path / "b.bin", lambda handle: handle.write(b"written"))
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.bin").read_bytes() == b"written"


def test_a_writer_failing_halfway_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"previous")

    def half_then_fail(handle):
        handle.write(b"half of the new")
        raise RuntimeError("the data source went away")

    with pytest.raises(RuntimeError, match="went away"):
        atomic_write(path, half_then_fail)
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_clear_error_and_the_old_file_stays(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "prefs.json"
    path.write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteFailed) as caught:
            atomic_write(path, "new")
    finally:
        folder.chmod(0o700)
    assert caught.value.msgid == "Could not write {path}: {reason}."
    assert caught.value.params["path"] == str(path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in folder.iterdir()] == ["prefs.json"]


def test_a_failed_rename_removes_the_temporary_file(tmp_path):
    # A folder where the file should go: everything is written, only the rename fails (also
    # as root, whom a read-only folder does not stop).
    (tmp_path / "out.json").mkdir()
    with pytest.raises(WriteFailed) as caught:
        atomic_write(tmp_path / "out.json", "{}")
    assert caught.value.msgid == "Could not write {path}: {reason}."
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert (tmp_path / "out.json").is_dir()


def test_a_missing_folder_is_the_same_clear_error(tmp_path):
    with pytest.raises(WriteFailed) as caught:
        atomic_write(tmp_path / "gone" / "out.json", "{}")
    assert isinstance(caught.value, OSError)  # callers that catch OSError keep working
    assert "gone" in str(caught.value)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_says_so_and_leaves_the_old_file(tmp_path):
    # /dev/full fails every write with ENOSPC, as a full disk does; the scratch file that
    # stands for it here is removed like any temporary file.
    path = tmp_path / "report.json"
    path.write_text("old", encoding="utf-8")
    full = Path("/dev/full")

    def scratch_on_a_full_disk(folder):
        import contextlib

        @contextlib.contextmanager
        def opened():
            yield full

        return opened()

    with (
        pytest.raises(WriteFailed) as caught,
        replacing(path, scratch=scratch_on_a_full_disk) as temporary,
        temporary.open("wb") as handle,
    ):
        handle.write(b"x" * 65536)
        handle.flush()
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.msgid == (
        "Not enough disk space to write {path}; the file there is unchanged."
    )
    assert path.read_text(encoding="utf-8") == "old"


@posix_only
def test_owner_only_by_default_and_shared_as_the_umask_allows(tmp_path):
    private, shared = tmp_path / "keyinfo.json", tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        atomic_write(private, "{}")
        atomic_write(shared, "{}", mode=SHARED_FILE_MODE)
    finally:
        os.umask(old)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


@posix_only
def test_the_temporary_file_is_private_while_it_is_written(tmp_path):
    seen = []
    with replacing(tmp_path / "backup.db") as temporary:
        seen.append(stat.S_IMODE(temporary.stat().st_mode))
        temporary.write_bytes(b"secret")
    assert seen == [0o600]
    assert temporary.name.startswith(".homesupport-") and "backup" not in temporary.name


def test_a_writer_that_opens_the_path_by_name_works(tmp_path):
    import zipfile

    target = tmp_path / "guides.zip"
    with replacing(target) as temporary, zipfile.ZipFile(temporary, "w") as archive:
        archive.writestr("a.txt", "hei")
    with zipfile.ZipFile(target) as archive:
        assert archive.read("a.txt") == b"hei"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows refuses to replace an open file")
def test_a_reader_of_the_old_file_keeps_reading_the_old_content(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("old", encoding="utf-8")
    with path.open(encoding="utf-8") as reader:
        atomic_write(path, "new")
        assert reader.read() == "old"
    assert path.read_text(encoding="utf-8") == "new"
