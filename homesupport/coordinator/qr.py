"""QR code PNGs of enrolment links, with reportlab's encoder and a stdlib PNG writer."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from reportlab.graphics.barcode import qrencoder

QUIET_ZONE = 4  # modules of white border the QR standard asks for
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def matrix(text: str) -> list[list[bool]]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    size = code.getModuleCount()
    return [[bool(code.isDark(r, c)) for c in range(size)] for r in range(size)]


def png_bytes(text: str, scale: int = 8) -> bytes:
    """A black-on-white, 1-bit greyscale PNG of the QR code."""
    modules = matrix(text)
    size = (len(modules) + 2 * QUIET_ZONE) * scale
    padded = [[False] * (len(modules) + 2 * QUIET_ZONE) for _ in range(QUIET_ZONE)]
    padded = (
        padded
        + [[False] * QUIET_ZONE + row + [False] * QUIET_ZONE for row in modules]
        + [list(r) for r in padded]
    )
    raw = bytearray()
    for row in padded:
        bits = "".join("0" if dark else "1" for dark in row for _ in range(scale))
        bits += "0" * (-len(bits) % 8)
        line = int(bits, 2).to_bytes(len(bits) // 8, "big")
        raw += (b"\x00" + line) * scale
    return _png(size, size, bytes(raw))


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png(width: int, height: int, raw: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def write_png(text: str, path: Path) -> None:
    path.write_bytes(png_bytes(text))
