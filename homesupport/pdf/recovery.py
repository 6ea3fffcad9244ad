"""The printable recovery-key sheet: the one paper that opens the data if this laptop's keyring
is lost. Large type, the key grouped for reading aloud, where to keep it; a tagged PDF (a
heading, paragraphs, the advice as a list; the frame around the key an artifact). The key
keeps Atkinson Hyperlegible's slashed zero: there it tells 0 from O."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from homesupport.domain.formatting import date_text
from homesupport.files import atomic_write
from homesupport.i18n import _, current_language
from homesupport.pdf.fonts import register_fonts
from homesupport.pdf.tagging import Node, TaggedCanvas, finish_tagged_pdf

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
    title = _("HomeSupport recovery key")
    buffer = io.BytesIO()
    canvas = TaggedCanvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("HomeSupport")
    root = Node("Document")

    y = height - 30 * mm
    with canvas.tagged(root.add("H1")):
        canvas.setFillColor(_ACCENT)
        canvas.setFont(fonts.bold, 26)
        canvas.drawString(left, y, fonts.printable(title))
    y -= 12 * mm
    with canvas.tagged(root.add("P")):
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
    with canvas.tagged(root.add("P")):
        canvas.setFont(fonts.bold, 20)
        for i, row in enumerate((groups[:half], groups[half:])):
            canvas.drawCentredString((left + right) / 2, y - 13 * mm - i * 11 * mm, "  ".join(row))
    y -= box_height + 12 * mm

    with canvas.tagged(root.add("H2")):
        canvas.setFont(fonts.bold, 14)
        canvas.drawString(left, y, fonts.printable(_("Keep it safe")))
    y -= 8 * mm
    advice = root.add("L", attributes={"List": {"ListNumbering": "Disc"}})
    for line in (
        _("• Store this sheet where you keep other important papers, not with the laptop."),
        _("• Do not photograph it or send it by e-mail."),
        _("• Type the key exactly as printed; capital letters or dashes do not matter."),
    ):
        with canvas.tagged(advice.add("LI").add("LBody")):
            canvas.setFont(fonts.regular, 12.5)
            canvas.drawString(left, y, fonts.printable(line))
        y -= 7 * mm

    y -= 8 * mm
    for caption, value in (
        (_("Supporter"), owner or "—"),
        (_("Data folder"), data_dir),
        (_("Printed"), date_text(created)),
    ):
        with canvas.tagged(root.add("P")):
            canvas.setFillColor(_MUTED)
            canvas.setFont(fonts.regular, 11)
            canvas.drawString(left, y, fonts.printable(f"{caption}: {value}"))
        y -= 6 * mm
    canvas.showPage()
    canvas.save()
    data = finish_tagged_pdf(
        buffer.getvalue(), root, canvas.marks, title=title, language=current_language()
    )
    atomic_write(path, data)
    return path
