"""Where a file the person asked for (an export, a backup, a PDF) may be written: anywhere but
over the store's own files or inside its private folders. Writing a backup over the live
database damages it for good; a PDF over keyinfo.json loses the salt of a passphrase."""

from __future__ import annotations

import os
from pathlib import Path

from homesupport.i18n import N_
from homesupport.paths import Paths


class ProtectedDestination(Exception):
    """The destination is one of the data dir's own files; nothing was written. ``msgid``
    is a catalogue id filled from ``params``."""

    def __init__(self, destination: Path) -> None:
        self.msgid = N_("{path} is part of HomeSupport's own data; choose another name or folder.")
        self.params = {"path": str(destination)}
        super().__init__(self.msgid.format(**self.params))


def check_destination(data_dir: Path, destination: Path) -> Path:
    """Returns ``destination`` unless it is (after following symbolic links) one of the data
    dir's own files, a file named like the database, or inside its private folders (backups,
    logs, cache, user guides); then raises :class:`ProtectedDestination`."""
    paths = Paths.resolve(data_dir)
    target = _real(destination)
    own_dir = _real(paths.data_dir)
    protected_files = {_real(f) for f in paths.own_files()}
    if target in protected_files or (
        target.parent == own_dir and target.name.startswith(paths.database.name)
    ):
        raise ProtectedDestination(destination)
    for folder in (_real(f) for f in paths.own_folders()):
        if target == folder or folder in target.parents:
            raise ProtectedDestination(destination)
    if destination.exists():  # another name for one of them (a hard link)
        for own in paths.own_files():
            if own.exists() and os.path.samefile(own, destination):
                raise ProtectedDestination(destination)
    return destination


def _real(path: Path) -> Path:
    """The absolute path with every symbolic link followed, in the file system's case."""
    return Path(os.path.normcase(Path(path).expanduser().resolve()))
