"""The line icons of resources/icons, drawn in the theme's colours (the SVGs use
``currentColor``, which Qt's SVG renderer does not know, so it is filled in here)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


class Icons:
    def __init__(self, folder: Path, colour: str, accent: str, on_accent: str) -> None:
        self._folder = folder
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
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
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
