"""One running app per person and data folder: a second start, or a ``homesupport://enrol``
link opened while the app runs, hands over to the running window and ends.

The running window listens on a local socket (QLocalServer: a Unix socket, or a named pipe on
Windows) whose name is a hash of the user and the data folder, so the name says nothing about
either. Asking costs the start nothing when no app runs: on Unix the socket is a file, and
the second start loads QtNetwork only when that file exists. A file left behind by an app that
crashed answers no one; the next start goes on and takes the name over.

Qt is imported inside the functions: ``app.py`` asks before anything of Qt has loaded.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # QtNetwork loads only when another app may be running
    from PySide6.QtNetwork import QLocalSocket

try:  # the hash built into Python: hashlib would load OpenSSL on the way to the first frame
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython has it
    from hashlib import blake2b

SHOW = b"show"
ENROL = b"enrol "
ANSWER = b"ok\n"
# A running app answers at once; a busy one (saving a backup) within a few seconds.
CONNECT_MS, ANSWER_MS = 1000, 5000


def server_name(data_dir: Path) -> str:
    """The local socket's name: on Unix a full path in the user's runtime folder (or the
    temporary folder), elsewhere a plain name; the same for every start on the same data."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = blake2b(f"{user}\0{data_dir}".encode(), digest_size=12).hexdigest()
    name = f"homesupport-{digest}"
    if sys.platform == "win32":
        return name
    folder = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(folder, name)


def hand_over(data_dir: Path, link: str | None) -> bool:
    """True when an app running on ``data_dir`` took over (showing itself, and the connect
    dialog with ``link``); False when none runs and this start should go on."""
    name = server_name(data_dir)
    if sys.platform != "win32" and not os.path.exists(name):
        return False  # the everyday start: nothing else to load
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False  # a crashed app's socket: the new one takes the name over
    socket.write((ENROL + link.encode()) if link else SHOW)
    socket.write(b"\n")
    socket.flush()
    answered = b""
    while not answered.endswith(b"\n") and socket.waitForReadyRead(ANSWER_MS):
        answered += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answered == ANSWER


class Listener:
    """The running app's end: ``on_request(link or None)`` runs for each start handed over."""

    def __init__(self, data_dir: Path, on_request: Callable[[str | None], None]) -> None:
        from PySide6.QtNetwork import QLocalServer

        self._on_request = on_request
        self.name = server_name(data_dir)
        self.server = QLocalServer()
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Takes the name; one left by a crashed app is removed first, one in use is not
        (with the access option set, Qt's listen would replace it without a word)."""
        from PySide6.QtNetwork import QLocalServer

        if _answers(self.name):
            return False  # another app on the same data answers: it keeps the name
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            received = bytearray()

            def read(socket: QLocalSocket = socket, received: bytearray = received) -> None:
                if b"\n" in received:
                    return  # answered already
                received += bytes(socket.readAll().data())
                if b"\n" not in received:
                    return
                line = bytes(received).split(b"\n", 1)[0].strip()
                socket.write(ANSWER)
                socket.flush()
                socket.disconnectFromServer()
                if line.startswith(ENROL.strip()):
                    self._on_request(line[len(ENROL) :].decode(errors="replace").strip() or None)
                else:
                    self._on_request(None)

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()


def _answers(name: str) -> bool:
    """Whether an app answers on ``name`` (connecting only, nothing sent)."""
    if sys.platform != "win32" and not os.path.exists(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    answered = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return answered
