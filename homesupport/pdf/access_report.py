"""The right-of-access printout: everything stored about one client, readable (GDPR art. 15).

The service hands over already-translated sections; this module only lays them out, with the
shipped font (which also prints Finnish and Swedish letters) and its own few fixed strings
translated through the catalogue in the export's language."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from homesupport.i18n import translation
from homesupport.pdf.access_content import AccessContent
from homesupport.pdf.fonts import Fonts, register_fonts


def render_access_report(
    content: AccessContent, destination: Path, fonts_dir: Path | None = None
) -> Path:
    fonts = register_fonts(fonts_dir)
    gettext = translation(content.language).gettext
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=15)
    label = ParagraphStyle("label", parent=body, fontName=fonts.bold)
    heading = ParagraphStyle("heading", parent=body, fontName=fonts.bold, fontSize=14, leading=19)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=20, leading=26)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(fonts.printable(text)).replace("\n", "<br/>"), style)

    story: list[object] = [para(content.title, title), Spacer(0, 4 * mm), para(content.intro, body)]
    for section in content.sections:
        rows = [[para(k, label), para(v, body)] for k, v in section.rows]
        if not rows:
            rows = [[para(gettext("Nothing stored."), body), para("", body)]]
        table = Table(rows, colWidths=[55 * mm, 115 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#999999"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        story.append(Spacer(0, 6 * mm))
        story.append(KeepTogether([para(section.heading, heading), Spacer(0, 2 * mm), table]))

    def footer(canvas: object, document: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.setFont(fonts.regular, 9)  # type: ignore[attr-defined]
        canvas.drawRightString(  # type: ignore[attr-defined]
            A4[0] - 20 * mm, 12 * mm, gettext("Page {number}").format(number=page)
        )

    destination.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(
        str(destination),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=content.title,
        lang=content.language,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return destination


__all__ = ["AccessContent", "Fonts", "render_access_report"]
