"""Flowables guide sheets are made of: text that is safe to print, boxed notes, the
"my notes" box with ruled lines, a QR code with no text of its own, and a step that stays
whole or splits after its action."""

from __future__ import annotations

import itertools
import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from homesupport.pdf.fonts import keep_numbers_together
from homesupport.pdf.styles import Styles
from homesupport.pdf.tagging import Node, tagged


def markup(text: str, styles: Styles, font: str | None = None) -> str:
    """Text set in ``font`` (default: regular) as paragraph markup: escaped, missing glyphs
    replaced, line breaks kept, phone numbers unbroken and zeros unslashed."""
    fonts = styles.fonts
    zero = fonts.zero_font(font or fonts.regular)
    text = escape(keep_numbers_together(fonts.printable(text))).replace("\n", "<br/>")
    return re.sub("0+", lambda match: f'<font face="{zero}">{match.group()}</font>', text)


def paragraph(text: str, style: Any, styles: Styles, *, prefix: str = "") -> Paragraph:
    """A paragraph of plain ``text``; ``prefix`` (a translated label) is printed bold."""
    lead = f"<b>{markup(prefix, styles, styles.fonts.bold)}</b> " if prefix else ""
    return Paragraph(lead + markup(text, styles, style.fontName), style)


def table_style(styles: Styles, commands: list[tuple[Any, ...]]) -> TableStyle:
    """Table commands plus our font: a table otherwise declares Helvetica for every cell,
    which puts a non-embedded standard font into the PDF even when no cell uses it."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), styles.size.body),
            ("LEADING", (0, 0), (-1, -1), styles.leading(styles.size.body)),
            *commands,
        ]
    )


def boxed(
    content: list[Flowable], width: float, styles: Styles, *, border: float, padding: float
) -> Table:
    """Content in a black frame (warnings); a one-cell table never splits."""
    table = Table([[content]], colWidths=[width])
    table.setStyle(
        table_style(
            styles,
            [
                ("BOX", (0, 0), (-1, -1), border, "#000000"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding * 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ],
        )
    )
    return table


QrModules = tuple[tuple[bool, ...], ...]


def qr_modules(text: str) -> QrModules:
    """The dark/light modules of a QR code for ``text`` (error correction M)."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


class QrCode(Flowable):  # type: ignore[misc]
    """A QR code ``size`` points square, drawn as filled runs with a quiet zone; it has no
    text of its own (the address is printed beside it)."""

    def __init__(self, modules: QrModules, size: float, border: int = 2) -> None:
        super().__init__()
        self.modules = modules
        self.size = size
        self.border = border

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        cell = self.size / (len(self.modules) + 2 * self.border)
        canvas.setFillColor("#000000")
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.border + 1) * cell
            column = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    x = (column + self.border) * cell
                    # a hair taller than a module so rows never show hairline gaps on screen
                    canvas.rect(x, y, count * cell, cell * 1.03, stroke=0, fill=1)
                column += count


class NotesBox(Flowable):  # type: ignore[misc]
    """A heading, a warning and a framed box with ruled lines to write on by hand. It takes
    what is left of the page (``lines`` bounds the ruled lines), or moves whole to the next."""

    def __init__(
        self,
        heading: Paragraph,
        warning: Paragraph,
        *,
        line_spacing: float,
        lines: tuple[int, int],
        nodes: tuple[Node, Node],
    ) -> None:
        super().__init__()
        self.nodes = nodes  # the heading's and the warning's structure elements
        self.heading = heading
        self.warning = warning
        self.spacing = line_spacing
        self.min_lines, self.max_lines = lines
        self.lines = self.max_lines
        self.text_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.text_height = sum(
            p.wrap(avail_width, avail_height)[1] + p.style.spaceAfter
            for p in (self.heading, self.warning)
        )
        room = int((avail_height - self.text_height) // self.spacing)
        self.lines = max(self.min_lines, min(self.max_lines, room))
        return avail_width, self.text_height + self.lines * self.spacing

    def draw(self) -> None:
        canvas = self.canv
        top = self.text_height + self.lines * self.spacing
        for para, node in zip((self.heading, self.warning), self.nodes, strict=True):
            top -= para.height
            with tagged(canvas, node):
                para.drawOn(canvas, 0, top)
            top -= para.style.spaceAfter
        box = self.lines * self.spacing
        canvas.setStrokeColor("#000000")
        canvas.setLineWidth(1.5)
        canvas.rect(0, 0, self.width, box)
        canvas.setLineWidth(0.5)
        for line in range(1, self.lines):
            canvas.line(8, line * self.spacing, self.width - 8, line * self.spacing)


class StepBlock(Flowable):  # type: ignore[misc]
    """A step drawn whole, or split at the first of ``splits`` (first part, rest) whose first
    part fits where at least ``min_room`` is left and whose rest fits on a ``page``;
    otherwise it moves whole to the next page, like a kept-together block."""

    def __init__(
        self,
        whole: Flowable,
        splits: list[tuple[Flowable, Flowable]],
        gap: Flowable,
        *,
        min_room: float,
        page: float,
    ) -> None:
        super().__init__()
        self.whole = whole
        self.splits = splits
        self.gap = gap
        self.min_room = min_room
        self.page = page

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.whole.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if avail_height < self.min_room:
            return []
        for first, rest in self.splits:
            fits = first.wrap(avail_width, avail_height)[1] <= avail_height
            if fits and rest.wrap(avail_width, self.page)[1] <= self.page:
                return [first, self.gap, rest]
        return []

    def draw(self) -> None:
        self.whole.drawOn(self.canv, 0, 0)
