"""Renders the application icon from its SVG sources into the files each platform wants.

    .venv/bin/python packaging/render_icons.py   # then commit resources/icons/app/

homesupport.svg is drawn for 24 px and up; homesupport-16.svg is the same picture on the 16 px
grid, because a scaled-down drawing turns to mush at 16 px. Output: png/homesupport-<N>.png for
the hicolor sizes, homesupport.ico (Windows) and homesupport.icns (macOS).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

FOLDER = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def render(size: int) -> Image.Image:
    source = FOLDER / ("homesupport-16.svg" if size <= 16 else "homesupport.svg")
    renderer = QSvgRenderer(str(source))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication([])  # QImage painting needs one
    images = {size: render(size) for size in PNG_SIZES}
    (FOLDER / "png").mkdir(exist_ok=True)
    for size, image in images.items():
        image.save(FOLDER / "png" / f"homesupport-{size}.png", optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(
        FOLDER / "homesupport.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[512].save(
        FOLDER / "homesupport.icns", append_images=[images[s] for s in ICNS_SIZES if s != 512]
    )


if __name__ == "__main__":
    main()
