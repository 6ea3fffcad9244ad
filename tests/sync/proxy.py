"""A loopback TCP proxy that breaks the connection at a chosen point of an HTTP exchange.

One request per connection (the proxy asks the server to close after answering). Each
request takes the next fault of the schedule; once it is empty requests pass untouched.
"""

from __future__ import annotations

import socket
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum


class Fault(Enum):
    NONE = "none"
    BEFORE_FORWARD = "before_forward"  # the server never sees the request
    AFTER_STORE = "after_store"  # the server answered (so stored); the reply is dropped
    MID_REPLY = "mid_reply"  # headers and half the body relayed, then the line drops


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    body: bytes
    fault: Fault


def _read_request(conn: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


def _closing(request: bytes) -> bytes:
    head, _, body = request.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body


class CuttingProxy:
    def __init__(self, upstream_port: int, faults: Iterable[Fault] = ()) -> None:
        self.upstream_port = upstream_port
        self.faults: deque[Fault] = deque(faults)
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # so serve() notices stop() soon
        self._stopping = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def serve(self) -> None:
        while not self._stopping:
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def stop(self) -> None:
        self._stopping = True

    def close(self) -> None:
        self._listener.close()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            request = _read_request(conn)
            if request is None:
                return
            with self._lock:
                fault = self.faults.popleft() if self.faults else Fault.NONE
                method, path = request.split(b" ", 2)[:2]
                body = request.partition(b"\r\n\r\n")[2]
                self.exchanges.append(Exchange(method.decode(), path.decode(), body, fault))
            if fault is Fault.BEFORE_FORWARD:
                return
            response = self._forward(_closing(request))
            if fault is Fault.AFTER_STORE:
                return
            if fault is Fault.MID_REPLY:
                head, _, rest = response.partition(b"\r\n\r\n")
                response = head + b"\r\n\r\n" + rest[: len(rest) // 2]
            conn.sendall(response)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
            upstream.sendall(request)
            chunks = []
            while chunk := upstream.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


@contextmanager
def cutting_proxy(upstream_port: int, faults: Iterable[Fault] = ()) -> Iterator[CuttingProxy]:
    proxy = CuttingProxy(upstream_port, faults)
    thread = threading.Thread(target=proxy.serve, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.stop()
        thread.join(5)
        proxy.close()
