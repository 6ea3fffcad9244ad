"""QR code PNGs of enrolment links (segno: pure Python, no imaging library needed)."""

from __future__ import annotations

import io
from pathlib import Path

import segno

from homesupport.files import SHARED_FILE_MODE, atomic_write

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
QUIET_ZONE = 4  # modules of white border the QR standard asks for


def _code(text: str) -> segno.QRCode:
    return segno.make_qr(text, error="m")


def matrix(text: str) -> list[list[bool]]:
    """The code's dark modules, row by row, without the quiet zone."""
    return [[bool(module) for module in row] for row in _code(text).matrix]


def png_bytes(text: str, scale: int = 8) -> bytes:
    """A black-on-white PNG of the QR code with its quiet zone."""
    buffer = io.BytesIO()
    _code(text).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def write_png(text: str, path: Path) -> None:
    atomic_write(path, png_bytes(text), mode=SHARED_FILE_MODE)
