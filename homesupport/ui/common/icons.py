"""The line icons of resources/icons, drawn in the theme's colours (the SVGs use
``currentColor``, which Qt's SVG renderer does not know, so it is filled in here).

With a cache folder, each coloured SVG is written there once and handed to Qt's own SVG icon
engine, which draws every size when it is first needed, sharp at any scale, without Python;
drawing five sizes of every icon up front was a tenth of the app's start. Without a cache
folder (or when it cannot be written) the sizes are drawn here."""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

from PySide6.QtGui import QIcon

from homesupport.files import atomic_write

log = logging.getLogger(__name__)


class Icons:
    def __init__(
        self, folder: Path, colour: str, accent: str, on_accent: str, cache: Path | None = None
    ) -> None:
        self._folder = folder
        self._folder_cache = cache
        self._colour = colour
        self._accent = accent
        self._on_accent = on_accent
        self._cache: dict[tuple[str, str], QIcon] = {}

    def get(self, name: str, colour: str | None = None) -> QIcon:
        """``colour``: a hex colour, or "accent" / "on_accent"; default the text colour."""
        colour = {"accent": self._accent, "on_accent": self._on_accent}.get(
            colour or "", colour or self._colour
        )
        key = (name, colour)
        if key not in self._cache:
            self._cache[key] = self._render(name, colour)
        return self._cache[key]

    def app_icon(self) -> QIcon:
        return QIcon(str(self._folder / "app.svg"))

    def _render(self, name: str, colour: str) -> QIcon:
        svg = (self._folder / f"{name}.svg").read_text(encoding="utf-8")
        coloured = svg.replace("currentColor", colour).encode()
        if self._folder_cache is not None and (path := self._cached(name, coloured)) is not None:
            return QIcon(str(path))
        return _drawn(coloured)

    def _cached(self, name: str, svg: bytes) -> Path | None:
        """The coloured SVG in the cache folder, named by its content (a new version of an
        icon or another colour is a new file)."""
        folder = self._folder_cache
        assert folder is not None
        path = folder / f"{name}-{zlib.crc32(svg):08x}.svg"
        if path.exists():
            return path
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, svg)  # another copy of the app may be writing the same file
        except OSError as error:
            log.warning("icon cache not writable, drawing icons in memory: %s", error)
            self._folder_cache = None
            return None
        return path


def _drawn(svg: bytes) -> QIcon:
    """Every size drawn here, for when there is no cache folder (loaded only then)."""
    from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    icon = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(QSize(size, size) * 2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * 2, size * 2))
        painter.end()
        pixmap.setDevicePixelRatio(2.0)
        icon.addPixmap(pixmap)
    return icon
