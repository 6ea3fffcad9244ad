"""The one font family every printout uses, embedded (subset) into each PDF, and the one
glyph taken from another face: Atkinson Hyperlegible's zero is slashed, and "020 333" read
"Ø2Ø 333" to seniors (Ø is a letter here). Atkinson Hyperlegible Next has no unslashed
alternate either, so zeros are printed in Lexend (OFL, a face made for reading ease) of the
same weight: its digits share Atkinson's height and width closely, and every other glyph
stays Atkinson's.

reportlab keeps registered fonts in a process-wide registry; :func:`register_fonts` is
idempotent and cheap after the first call, and nothing is registered at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from homesupport.resources import resource

FAMILY = "AtkinsonHyperlegible"
REGULAR_FILE = "AtkinsonHyperlegible-Regular.ttf"
BOLD_FILE = "AtkinsonHyperlegible-Bold.ttf"
ZERO_FAMILY = "Lexend"
ZERO_REGULAR_FILE = "Lexend-Regular.ttf"
ZERO_BOLD_FILE = "Lexend-Bold.ttf"
NBSP = "\u00a0"
# A phone number as people write one: "040 123 4567", "+358 40 123 4567", "(09) 123 45".
_PHONE = re.compile(r"\+?\(?\d[\d ()-]{4,}\d")
# The font lacks these glyphs; guide writers use them, so print a plain equivalent.
SUBSTITUTES = {"→": "›", "➜": "›", "⇒": "›", "←": "‹", "✓": "(OK)", "✔": "(OK)", "\u00ad": ""}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    glyphs: frozenset[int]  # code points both faces can print
    zero_regular: str
    zero_bold: str

    def printable(self, text: str) -> str:
        """``text`` with known missing glyphs replaced by text equivalents."""
        for missing, replacement in SUBSTITUTES.items():
            if missing in text:
                text = text.replace(missing, replacement)
        return text

    def missing(self, text: str) -> str:
        """The characters of ``text`` (after substitution) the font cannot print."""
        printable = self.printable(text)
        return "".join(sorted({c for c in printable if ord(c) not in self.glyphs and c != "\n"}))

    def zero_font(self, font: str) -> str:
        return self.zero_bold if font == self.bold else self.zero_regular

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """``text`` as (text, font) runs with every zero in the unslashed face."""
        runs: list[tuple[str, str]] = []
        for part in re.split("(0+)", text):
            if part:
                runs.append((part, self.zero_font(font) if part[0] == "0" else font))
        return runs

    def width(self, text: str, font: str, size: float) -> float:
        return float(sum(pdfmetrics.stringWidth(t, f, size) for t, f in self.runs(text, font)))

    def draw(self, canvas: Any, x: float, y: float, text: str, font: str, size: float) -> None:
        """``canvas.drawString`` with unslashed zeros."""
        line = canvas.beginText(x, y)
        for part, face in self.runs(text, font):
            line.setFont(face, size)
            line.textOut(part)
        canvas.drawText(line)


def keep_numbers_together(text: str) -> str:
    """Phone numbers with non-breaking spaces, so a line never ends inside one."""
    return _PHONE.sub(lambda match: match.group().replace(" ", NBSP), text)


def register_fonts(fonts_dir: Path | None = None) -> Fonts:
    """Registers the regular and bold faces (once per process) and returns their names."""
    folder = fonts_dir or resource("fonts")
    regular, bold = f"{FAMILY}-Regular", f"{FAMILY}-Bold"
    zero_regular, zero_bold = f"{ZERO_FAMILY}-Regular", f"{ZERO_FAMILY}-Bold"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in (
        (regular, REGULAR_FILE),
        (bold, BOLD_FILE),
        (zero_regular, ZERO_REGULAR_FILE),
        (zero_bold, ZERO_BOLD_FILE),
    ):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    # Lets <b> inside paragraphs switch to the bold face instead of a standard-14 font, in
    # both families (a zero inside bold text is a bold zero).
    for upright, heavy in ((regular, bold), (zero_regular, zero_bold)):
        for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            addMapping(upright, is_bold, is_italic, heavy if is_bold else upright)
    # Binary image streams: reportlab's pure-Python ASCII85 encoder costs ~40 ms per screenshot
    # and only makes files larger. (reportlab settings are process-wide, like its font registry.)
    rl_config.useA85 = 0
    glyphs = frozenset(pdfmetrics.getFont(regular).face.charToGlyph) & frozenset(
        pdfmetrics.getFont(bold).face.charToGlyph
    )
    return Fonts(
        regular=regular, bold=bold, glyphs=glyphs, zero_regular=zero_regular, zero_bold=zero_bold
    )
