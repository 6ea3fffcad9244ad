"""Where HomeSupport keeps its files. Nothing is created or read at import time."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "HomeSupport"
DATA_DIR_ENV = "HOMESUPPORT_DATA_DIR"
# Only the person's own account may read what HomeSupport keeps (on POSIX; Windows profiles
# are private by their ACLs).
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    log_dir: Path
    cache_dir: Path  # what can be made again (e.g. coloured icons); safe to delete

    @classmethod
    def resolve(
        cls, data_dir: str | Path | None = None, environ: dict[str, str] | None = None
    ) -> Paths:
        """``--data-dir`` wins, then ``HOMESUPPORT_DATA_DIR``, then the platform's user dir.
        With an explicit data dir the logs go inside it, so one folder holds everything."""
        env = os.environ if environ is None else environ
        chosen = data_dir or env.get(DATA_DIR_ENV)
        if chosen:
            base = Path(chosen).expanduser().resolve()
            return cls(data_dir=base, log_dir=base / "logs", cache_dir=base / "cache")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "homesupport.db"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def preferences(self) -> Path:
        return self.data_dir / "preferences.json"

    @property
    def user_guides(self) -> Path:
        return self.data_dir / "guides"

    @property
    def partial(self) -> Path:
        """Notes of files being written outside the store (services.partial_files)."""
        return self.data_dir / "partial"

    def own_files(self) -> tuple[Path, ...]:
        """The files HomeSupport keeps directly in the data dir (its folders are
        :meth:`own_folders`); anything else there is not ours to touch."""
        db = self.database
        journals = tuple(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))
        return (db, *journals, self.data_dir / "keyinfo.json", self.preferences)

    def own_folders(self) -> tuple[Path, ...]:
        return (self.log_dir, self.cache_dir, self.backups, self.user_guides, self.partial)

    def make_private(self) -> None:
        """Creates the data, log, cache and backup folders readable by their owner only, and
        takes back what an older version (or a copy) left readable by others: folders 0700,
        files 0600. Only HomeSupport's own files and folders are changed (a data dir may be
        an existing folder with other things in it). Does nothing on Windows."""
        if os.name != "posix":
            return
        for folder in (self.data_dir, self.log_dir, self.cache_dir, self.backups):
            try:
                folder.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
            except OSError:
                continue  # a read-only profile: opening the data will say what is wrong
        _chmod(self.data_dir, PRIVATE_DIR_MODE)
        for file in self.own_files():
            if file.is_file() and not file.is_symlink():
                _chmod(file, PRIVATE_FILE_MODE)
        for folder in self.own_folders():
            if folder.is_dir() and not folder.is_symlink():
                _make_tree_private(folder)


def _make_tree_private(folder: Path) -> None:
    _chmod(folder, PRIVATE_DIR_MODE)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            continue  # never change what a link points to
        if entry.is_dir():
            _make_tree_private(Path(entry.path))
        elif entry.is_file():
            _chmod(Path(entry.path), PRIVATE_FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(OSError):  # someone else's file in the folder: it stays as it is
        if stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)


@contextmanager
def private_files() -> Iterator[None]:
    """Files made inside the block (the store, its journals, backups, logs, exports) are
    readable by their owner only. The process-wide umask is put back afterwards."""
    if os.name != "posix":
        yield
        return
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
