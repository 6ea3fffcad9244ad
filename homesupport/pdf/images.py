"""Guide images: cheap header checks (format, file size, pixel size) before anything is
decoded, and print-ready copies cached per renderer so a warm render embeds JPEG bytes as is.
"""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from reportlab.platypus import Flowable

from homesupport.i18n import N_

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_SIDE = 10_000
# Printed at most ~17 cm wide: 1600 px is ~240 dpi, sharp on paper and quick to embed.
PRINT_MAX_SIDE = 1600
JPEG_QUALITY = 90
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
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


@dataclass(frozen=True)
class PreparedImage:
    data: bytes  # JPEG
    width: int
    height: int
    key: str  # content hash: one copy per PDF however often it is drawn

    def jpeg_fh(self) -> io.BytesIO:
        """What reportlab's image loader asks for: the JPEG goes into the PDF as is."""
        return io.BytesIO(self.data)

    def __str__(self) -> str:  # reportlab names an image by str() of what it is given
        return f"homesupport-image-{self.key}"


class PrintImage(Flowable):  # type: ignore[misc]
    """A prepared image at a given size, embedded without decoding or re-compressing."""

    def __init__(self, image: PreparedImage, width: float, height: float) -> None:
        super().__init__()
        self.image = image
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height)


def inspect_image(path: Path) -> ImageInfo:
    """Kind and pixel size from the file header; :class:`ImageProblem` if unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageProblem(
                N_("the image is too large: {size} MB, at most {limit} MB"),
                size=f"{size / 1024 / 1024:.0f}",
                limit=str(MAX_IMAGE_BYTES // 1024 // 1024),
            )
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)  # EXIF thumbnails may come before the size
    except FileNotFoundError:
        raise ImageProblem(N_("image file {name} not found"), name=path.name) from None
    except OSError as error:
        raise ImageProblem(N_("cannot read the image: {error}"), error=str(error)) from None
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
    if head.startswith(_PNG_SIGNATURE):
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


class ImageCache:
    """Print-ready copies of images, keyed by path, size and modification time."""

    def __init__(self, max_items: int = 64) -> None:
        self._items: dict[tuple[str, int, int], PreparedImage] = {}
        self._max_items = max_items

    def prepare(self, path: Path) -> PreparedImage:
        inspect_image(path)
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        cached = self._items.get(key)
        if cached is None:
            cached = prepare_image(path)
            if len(self._items) >= self._max_items:
                self._items.pop(next(iter(self._items)))
            self._items[key] = cached
        return cached


def prepare_image(path: Path) -> PreparedImage:
    """Decodes the whole image (so a broken one fails here, clearly), flattens transparency
    onto white and shrinks it to print size; JPEG output embeds without re-compression."""
    try:
        with Image.open(path) as opened:
            opened.load()
            image: Image.Image = opened
            if image.mode in ("RGBA", "LA", "P", "PA"):
                rgba = image.convert("RGBA")
                image = Image.new("RGB", rgba.size, "white")
                image.paste(rgba, mask=rgba.getchannel("A"))
            elif image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.thumbnail((PRINT_MAX_SIDE, PRINT_MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False)
            data = out.getvalue()
            key = hashlib.sha256(data).hexdigest()[:32]
            return PreparedImage(data, image.width, image.height, key)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageProblem(N_("the image is broken: {error}"), error=str(error)) from None
    except Image.DecompressionBombError:
        raise ImageProblem(N_("the image has too many pixels")) from None
