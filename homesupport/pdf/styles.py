"""Type sizes and paragraph styles for large-print sheets: black on white, left aligned,
line spacing 1.45, body 16 pt (normal) or 20 pt (large), and nothing on a sheet smaller than
the body: running header, captions and footer included."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from homesupport.pdf.fonts import Fonts

PrintSizeName = Literal["normal", "large"]
LINE_SPACING = 1.45


@dataclass(frozen=True)
class PrintSize:
    name: PrintSizeName
    body: float
    heading: float
    title: float
    small: float  # running header, footer, page numbers, captions: never below the body


SIZES: dict[str, PrintSize] = {
    "normal": PrintSize("normal", body=16, heading=20, title=26, small=16),
    "large": PrintSize("large", body=20, heading=24, title=32, small=20),
}


def print_size(name: str) -> PrintSize:
    try:
        return SIZES[name]
    except KeyError:
        raise ValueError(f"print size must be one of {', '.join(SIZES)}, not {name!r}") from None


@dataclass(frozen=True)
class Styles:
    size: PrintSize
    fonts: Fonts
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle  # bold body text: warnings, addresses
    small: ParagraphStyle

    def leading(self, font_size: float) -> float:
        return font_size * LINE_SPACING


def make_styles(fonts: Fonts, size: PrintSize) -> Styles:
    def style(name: str, font: str, font_size: float, space_before: float = 0) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=font_size,
            leading=font_size * LINE_SPACING,
            alignment=TA_LEFT,
            textColor="#000000",
            spaceBefore=space_before,
            spaceAfter=font_size * 0.4,
            allowWidows=0,
            allowOrphans=0,
        )

    return Styles(
        size=size,
        fonts=fonts,
        title=style("Title", fonts.bold, size.title),
        heading=style("Heading", fonts.bold, size.heading, space_before=size.body * 0.4),
        body=style("Body", fonts.regular, size.body),
        strong=style("Strong", fonts.bold, size.body),
        small=style("Small", fonts.regular, size.small),
    )
