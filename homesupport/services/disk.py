"""What to tell a person when the disk, not the key or the data, is the problem."""

from __future__ import annotations

from pathlib import Path

from homesupport.i18n import N_
from homesupport.storage.connection import StorageRefused, storage_refusal

_MESSAGES = {
    "full": N_(
        "The disk that holds the data ({folder}) is full. Nothing was lost or changed; "
        "free some space and try again."
    ),
    "read_only": N_(
        "The data ({folder}) is on a disk that cannot be written to (read-only). Nothing "
        "was changed; copy the data to a writable disk or make this one writable."
    ),
    "no_access": N_(
        "HomeSupport is not allowed to use its data file in {folder}, or another program "
        "holds it. Nothing was changed."
    ),
    "io": N_(
        "The disk that holds the data ({folder}) could not be read or written. Nothing was "
        "changed; check the disk, then restore a backup if the problem stays."
    ),
}


def disk_problem(error: BaseException, database: Path) -> tuple[str, dict[str, str]] | None:
    """The message (a catalogue id and its parameters) for an error the disk caused while
    the store at ``database`` was opened or used; None for any other error."""
    refusal = error if isinstance(error, StorageRefused) else storage_refusal(error, database)
    if refusal is None:
        return None
    return _MESSAGES[refusal.kind], {"folder": str(refusal.folder)}
