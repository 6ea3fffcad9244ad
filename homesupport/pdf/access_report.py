"""The right-of-access printout: everything stored about one client, readable (GDPR art. 15).

The service hands over already-translated sections; this module only lays them out, with the
shipped font (which also prints Finnish and Swedish letters) and its own few fixed strings
translated through the catalogue in the export's language. Tagged (PDF/UA): a heading, the
introduction, and per section a heading and a table whose labels are row headers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from homesupport.files import atomic_write
from homesupport.i18n import translation
from homesupport.pdf.access_content import AccessContent
from homesupport.pdf.fonts import Fonts, register_fonts
from homesupport.pdf.tagging import Marked, Node, TaggedCanvas, finish_tagged_pdf


def render_access_report(
    content: AccessContent, destination: Path, fonts_dir: Path | None = None
) -> Path:
    fonts = register_fonts(fonts_dir)
    gettext = translation(content.language).gettext
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=15)
    label = ParagraphStyle("label", parent=body, fontName=fonts.bold)
    heading = ParagraphStyle("heading", parent=body, fontName=fonts.bold, fontSize=14, leading=19)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=20, leading=26)

    def para(text: str, style: ParagraphStyle, node: Node | None) -> Marked:
        return Marked(Paragraph(escape(fonts.printable(text)).replace("\n", "<br/>"), style), node)

    root = Node("Document")
    story: list[object] = [
        para(content.title, title, root.add("H1")),
        Spacer(0, 4 * mm),
        para(content.intro, body, root.add("P")),
    ]
    for section in content.sections:
        heading_node = root.add("H2")
        if section.rows:
            grid = root.add("Table")
            rows = []
            for key, value in section.rows:
                row = grid.add("TR")
                header = row.add("TH", attributes={"Table": {"Scope": "Row"}})
                rows.append([para(key, label, header), para(value, body, row.add("TD"))])
        else:
            rows = [[para(gettext("Nothing stored."), body, root.add("P")), para("", body, None)]]
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
        story.append(
            KeepTogether([para(section.heading, heading, heading_node), Spacer(0, 2 * mm), table])
        )

    def footer(canvas: TaggedCanvas, document: object) -> None:
        page = canvas.getPageNumber()
        with canvas.artifact("Footer"):
            canvas.setFont(fonts.regular, 9)
            canvas.drawRightString(
                A4[0] - 20 * mm, 12 * mm, gettext("Page {number}").format(number=page)
            )

    canvases: list[TaggedCanvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> TaggedCanvas:
        canvases.append(TaggedCanvas(*args, **kwargs))
        return canvases[-1]

    destination.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=content.title,
        lang=content.language,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=canvasmaker)
    data = finish_tagged_pdf(
        buffer.getvalue(),
        root,
        canvases[-1].marks,
        title=content.title,
        language=content.language,
    )
    atomic_write(destination, data)
    return destination


__all__ = ["AccessContent", "Fonts", "render_access_report"]
