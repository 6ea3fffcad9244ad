"""Guide images checked from their first bytes (kind, pixel size, file size), before anything
is decoded: the same rules for the app's library, its printing and the coordinator's checks of
a published guide (which has no imaging library)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from homesupport.i18n import N_

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 10_000
HEADER_BYTES = 256 * 1024  # EXIF thumbnails may come before a JPEG's size
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers carry the size (not DHT C4, JPG C8, DAC CC).
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class ImageProblem(ValueError):
    """Why an image cannot be used; ``message`` is an untranslated catalogue id."""

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


@dataclass(frozen=True)
class ImageInfo:
    kind: str  # "png" or "jpeg"
    width: int
    height: int


def check_image(size: int, head: bytes) -> ImageInfo:
    """Kind and pixel size of an image of ``size`` bytes starting with ``head``;
    :class:`ImageProblem` if it is too large, not PNG or JPEG, or broken."""
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(
            N_("the image is too large: {size} MB, at most {limit} MB"),
            size=f"{size / 1024 / 1024:.0f}",
            limit=str(MAX_IMAGE_BYTES // 1024 // 1024),
        )
    info = image_info(head)
    if info.width > MAX_IMAGE_SIDE or info.height > MAX_IMAGE_SIDE:
        raise ImageProblem(
            N_("the image is {width} × {height} pixels, at most {limit} on each side"),
            width=str(info.width),
            height=str(info.height),
            limit=str(MAX_IMAGE_SIDE),
        )
    return info


def image_info(head: bytes) -> ImageInfo:
    """Kind and size from the first bytes of a PNG or JPEG file."""
    if head.startswith(PNG_SIGNATURE):
        if len(head) < 24 or head[12:16] != b"IHDR":
            raise ImageProblem(N_("the PNG file is broken"))
        width, height = struct.unpack(">II", head[16:24])
        return _checked(ImageInfo("png", width, height))
    if head.startswith(b"\xff\xd8"):
        return _checked(_jpeg_info(head))
    raise ImageProblem(N_("not a PNG or JPEG image"))


def _checked(info: ImageInfo) -> ImageInfo:
    if info.width < 1 or info.height < 1:
        raise ImageProblem(N_("the image has no pixels"))
    return info


def _jpeg_info(head: bytes) -> ImageInfo:
    pos = 2
    while pos + 9 <= len(head):
        if head[pos] != 0xFF:
            break
        marker = head[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        (length,) = struct.unpack(">H", head[pos + 2 : pos + 4])
        if marker in _SOF_MARKERS:
            height, width = struct.unpack(">HH", head[pos + 5 : pos + 9])
            return ImageInfo("jpeg", width, height)
        pos += 2 + length
    raise ImageProblem(N_("the JPEG file is broken or its size is not near the start"))
