"""Reading what is really on disk in an encrypted store: every page of the database file and
every frame of its WAL, decrypted with the store's key (SQLCipher 4 defaults: 4096-byte pages,
AES-256-CBC, a 16-byte IV and a 64-byte HMAC reserved at the end of each page; with a raw key
there is no key derivation). Free pages and stale WAL frames are decrypted too, so a removed
value that is merely unreachable is still found."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    if len(page) < PAGE or not any(page):
        return b""
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    start = 16 if first else 0
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypted_database(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes() if path.exists() else b""
    pages = [raw[i : i + PAGE] for i in range(0, len(raw), PAGE)]
    return b"".join(_decrypt_page(p, key, first=(n == 0)) for n, p in enumerate(pages))


def decrypted_wal(path: Path, key: bytes) -> bytes:
    raw = path.read_bytes() if path.exists() else b""
    out = []
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(raw):
        number = int.from_bytes(raw[offset : offset + 4], "big")
        page = raw[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE]
        out.append(_decrypt_page(page, key, first=(number == 1)))
        offset += FRAME_HEADER + PAGE
    return b"".join(out)


def everything_on_disk(database: Path, key: bytes) -> bytes:
    """The raw bytes of the database, its WAL and journal, plus their decrypted pages."""
    parts = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            parts.append(path.read_bytes())
    parts.append(decrypted_database(database, key))
    parts.append(decrypted_wal(Path(f"{database}-wal"), key))
    return b"\n".join(parts)
