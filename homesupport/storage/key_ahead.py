"""The database key found by a second process while the app loads Qt.

Finding the key without asking anyone means reading the OS keyring (importing ``keyring`` and
finding the OS's backend costs a third of a bare Qt window's start) or HOMESUPPORT_KEY_FILE (a
passphrase there is stretched with scrypt, 0.2 s). A thread cannot overlap that with Qt's
loading (both hold the GIL); a child process does it on another core and hands the key back
through a pipe: never a file, an argument or the environment. Whenever the child finds nothing
or fails, :meth:`KeyAhead.found` answers None and the app looks for the key itself
(:func:`services.unlock.unlock`), so this only ever makes the start faster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from homesupport.storage import keys

# Set (to the data directory) only in the child: ``python -m homesupport`` then finds the key
# and exits before anything else loads.
CHILD_ENV = "HOMESUPPORT_FIND_KEY"
_SOURCES = {"keyring": True, "file": False}  # what the child answers: from_keyring


class KeyAhead:
    """A running child finding the key of the store in ``data_dir``."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._found: keys.FoundKey | None = None
        self._waited = False

    @classmethod
    def start(cls, data_dir: Path, database: Path) -> KeyAhead | None:
        """Starts the child; None when there is no store to open yet (creating one asks the
        person things) or the child could not be started."""
        if not database.exists() or not (data_dir / keys.KEY_INFO_FILE).exists():
            return None
        # A frozen app is its own interpreter: its entry point sees CHILD_ENV.
        frozen = getattr(sys, "frozen", False)
        command = [sys.executable] if frozen else [sys.executable, "-m", "homesupport"]
        try:
            process = subprocess.Popen(
                command,
                env={**os.environ, CHILD_ENV: str(data_dir)},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError:
            return None
        return cls(process)

    def found(self) -> keys.FoundKey | None:
        """The key and where it came from, once the child has it; None if it found none.

        Waits as long as the child does: a locked keyring may be asking its owner to unlock
        it, exactly as it would if the app read it itself."""
        if not self._waited:
            self._waited = True
            output, _ = self._process.communicate()
            if self._process.returncode == 0:
                self._found = parse_answer(output)
        return self._found


def parse_answer(output: bytes) -> keys.FoundKey | None:
    """The child's line, ``keyring <hex>`` or ``file <hex>``; None for anything else."""
    source, _, hex_key = output.decode("ascii", "replace").strip().partition(" ")
    if source not in _SOURCES or len(hex_key) != 2 * keys.KEY_BYTES:
        return None
    try:
        return keys.FoundKey(bytes.fromhex(hex_key), from_keyring=_SOURCES[source])
    except ValueError:
        return None


def answer_parent(data_dir: str) -> int:
    """The child's whole work: the key as the app would find it without asking, as one line on
    stdout, or nothing. Any error ends the child with a traceback and a non-zero status
    (stderr goes nowhere; the parent then finds the key itself and reports what is wrong).
    The answer goes only into a pipe: never onto a terminal where someone set CHILD_ENV."""
    if sys.stdout.isatty():
        sys.stderr.write(f"homesupport: {CHILD_ENV} is for the app's own use\n")
        return 2
    info = keys.KeyInfo.load(Path(data_dir))
    found = keys.find_without_asking(info) if info is not None else None
    if found is not None:
        source = "keyring" if found.from_keyring else "file"
        sys.stdout.write(f"{source} {found.key.hex()}\n")
        sys.stdout.flush()
    return 0
