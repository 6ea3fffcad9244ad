"""Guide images: cheap header checks (format, file size, pixel size) before anything is
decoded, and print-ready copies cached per renderer so a warm render embeds JPEG bytes as is.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from reportlab.platypus import Flowable

# The header checks are domain rules (the coordinator applies them too); re-exported here.
from homesupport.domain.guide_images import HEADER_BYTES, ImageInfo, ImageProblem, check_image
from homesupport.i18n import N_

__all__ = [
    "ImageCache",
    "ImageInfo",
    "ImageProblem",
    "PrintImage",
    "inspect_image",
    "prepare_image",
]

# Printed at most ~17 cm wide: 1600 px is ~240 dpi, sharp on paper and quick to embed.
PRINT_MAX_SIDE = 1600
JPEG_QUALITY = 90


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
        with path.open("rb") as handle:
            head = handle.read(HEADER_BYTES)
    except FileNotFoundError:
        raise ImageProblem(N_("image file {name} not found"), name=path.name) from None
    except OSError as error:
        raise ImageProblem(N_("cannot read the image: {error}"), error=str(error)) from None
    return check_image(size, head)


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
