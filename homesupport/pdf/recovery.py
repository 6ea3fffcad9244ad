"""The printable recovery-key sheet: the one paper that opens the data if this laptop's keyring
is lost. Large type, the key grouped for reading aloud, where to keep it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from homesupport.i18n import _
from homesupport.pdf.fonts import register_fonts

_INK = HexColor("#1D2730")
_MUTED = HexColor("#56636F")
_ACCENT = HexColor("#0F766E")


def write_recovery_sheet(
    path: Path, recovery_key: str, owner: str, data_dir: str, created: dt.date
) -> Path:
    """Writes the sheet to ``path``. ``owner`` is the supporter's name (may be empty)."""
    fonts = register_fonts()
    width, height = A4
    left, right = 22 * mm, width - 22 * mm
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    canvas.setTitle(_("HomeSupport recovery key"))
    canvas.setAuthor("HomeSupport")

    y = height - 30 * mm
    canvas.setFillColor(_ACCENT)
    canvas.setFont(fonts.bold, 26)
    canvas.drawString(left, y, fonts.printable(_("HomeSupport recovery key")))
    y -= 12 * mm
    canvas.setFillColor(_INK)
    canvas.setFont(fonts.regular, 13)
    for line in (
        _("With this key your session log can be opened on another computer, or on this one"),
        _("if its password store is lost. Without it, nobody can open the data — not even"),
        _("your coordinator or IT support."),
    ):
        canvas.drawString(left, y, fonts.printable(line))
        y -= 6.5 * mm

    y -= 8 * mm
    box_height = 34 * mm
    canvas.setStrokeColor(_ACCENT)
    canvas.setLineWidth(1.5)
    canvas.roundRect(left, y - box_height, right - left, box_height, 4 * mm, stroke=1, fill=0)
    groups = recovery_key.split("-")
    half = (len(groups) + 1) // 2
    canvas.setFont(fonts.bold, 20)
    for i, row in enumerate((groups[:half], groups[half:])):
        canvas.drawCentredString((left + right) / 2, y - 13 * mm - i * 11 * mm, "  ".join(row))
    y -= box_height + 12 * mm

    canvas.setFont(fonts.bold, 14)
    canvas.drawString(left, y, fonts.printable(_("Keep it safe")))
    y -= 8 * mm
    canvas.setFont(fonts.regular, 12.5)
    for line in (
        _("• Store this sheet where you keep other important papers, not with the laptop."),
        _("• Do not photograph it or send it by e-mail."),
        _("• Type the key exactly as printed; capital letters or dashes do not matter."),
    ):
        canvas.drawString(left, y, fonts.printable(line))
        y -= 7 * mm

    y -= 8 * mm
    canvas.setFillColor(_MUTED)
    canvas.setFont(fonts.regular, 11)
    for caption, value in (
        (_("Supporter"), owner or "—"),
        (_("Data folder"), data_dir),
        (_("Printed"), f"{created.day}.{created.month}.{created.year}"),
    ):
        canvas.drawString(left, y, fonts.printable(f"{caption}: {value}"))
        y -= 6 * mm
    canvas.showPage()
    canvas.save()
    return path
