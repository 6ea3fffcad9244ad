"""The one font family every printout uses, embedded (subset) into each PDF.

reportlab keeps registered fonts in a process-wide registry; :func:`register_fonts` is
idempotent and cheap after the first call, and nothing is registered at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from homesupport.resources import resource

FAMILY = "AtkinsonHyperlegible"
REGULAR_FILE = "AtkinsonHyperlegible-Regular.ttf"
BOLD_FILE = "AtkinsonHyperlegible-Bold.ttf"
# The font lacks these glyphs; guide writers use them, so print a plain equivalent.
SUBSTITUTES = {"→": "›", "➜": "›", "⇒": "›", "←": "‹", "✓": "(OK)", "✔": "(OK)", "\u00ad": ""}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    glyphs: frozenset[int]  # code points both faces can print

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


def register_fonts(fonts_dir: Path | None = None) -> Fonts:
    """Registers the regular and bold faces (once per process) and returns their names."""
    folder = fonts_dir or resource("fonts")
    regular, bold = f"{FAMILY}-Regular", f"{FAMILY}-Bold"
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in ((regular, REGULAR_FILE), (bold, BOLD_FILE)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    # Lets <b> inside paragraphs switch to the bold face instead of a standard-14 font.
    for is_bold, is_italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(regular, is_bold, is_italic, bold if is_bold else regular)
    # Binary image streams: reportlab's pure-Python ASCII85 encoder costs ~40 ms per screenshot
    # and only makes files larger. (reportlab settings are process-wide, like its font registry.)
    rl_config.useA85 = 0
    glyphs = frozenset(pdfmetrics.getFont(regular).face.charToGlyph) & frozenset(
        pdfmetrics.getFont(bold).face.charToGlyph
    )
    return Fonts(regular=regular, bold=bold, glyphs=glyphs)
