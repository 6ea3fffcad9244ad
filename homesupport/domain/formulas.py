"""Text cells that a spreadsheet would run as a formula (OWASP "CSV injection").

Excel and LibreOffice read a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(…)``, ``+cmd|' /C calc'!A0``), and a leading TAB or CR is dropped before they
look. An exported cell that starts so gets a leading apostrophe, which makes it text; the
import takes exactly one apostrophe off again, so every text comes back as it was. A text
that itself starts with an apostrophe followed by one of those characters (or by another
apostrophe) gets one more, so the two can never be confused.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def protect_formula(text: str) -> str:
    """The text as a CSV cell that spreadsheets show as text."""
    if text.startswith(FORMULA_START) or _marked(text):
        return TEXT_MARK + text
    return text


def unprotect_formula(cell: str) -> str:
    """The text :func:`protect_formula` was given."""
    return cell[1:] if _marked(cell) else cell


def _marked(text: str) -> bool:
    return text.startswith(TEXT_MARK) and text[1:2] in (*FORMULA_START, TEXT_MARK)


def strip_keeping_protection(text: str) -> str:
    """``text.strip()``, except that a TAB a person put right before a formula character stays:
    it is what keeps a spreadsheet from running the rest."""
    stripped = text.strip()
    leading = text[: len(text) - len(text.lstrip())]
    if stripped.startswith(FORMULA_START) and leading.endswith("\t"):
        return "\t" + stripped
    return stripped
