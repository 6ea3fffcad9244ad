"""The page guide sheets and booklets share: A4, a running header and a footer in the same
place on every page (both as large as the body text), "Page n / N" bottom right, only the
embedded fonts, a tagged PDF (structure tree, title and language).

Usage::

    fonts = register_fonts()
    styles = make_styles(fonts, print_size("normal"))
    page = PageDecor(header="Guide", footer=("Your digital supporter: …",),
                     page_label=gettext("Page {page} / {pages}"))
    root = Node("Document")
    story = [Marked(Paragraph("…", styles.body), root.add("P"))]
    pdf_bytes = build_pdf(story, styles=styles, page=page, root=root,
                          title="Guide", language="fi")
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate
from reportlab.platypus.flowables import Flowable

from homesupport.pdf.blocks import markup
from homesupport.pdf.styles import Styles
from homesupport.pdf.tagging import Node, TaggedCanvas, finish_tagged_pdf

mm = 72 / 25.4  # points per millimetre
PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
MARGIN = 20 * mm
HEADER_BASELINE = PAGE_HEIGHT - 15 * mm
BODY_TOP = PAGE_HEIGHT - 27 * mm
FOOTER_LINES = 2  # reserved whatever the footer holds, so the body frame never moves
FOOTER_BOTTOM = 10 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class PageDecor:
    """What is printed around the body. ``footer`` holds versions of one footer text, fullest
    first: the first that fits in :data:`FOOTER_LINES` lines is printed (none: no text).
    ``page_label`` is a translated template with ``{page}`` and ``{pages}``; ``header`` may be
    changed page by page with :class:`SetHeader`."""

    header: str
    footer: Sequence[str]
    page_label: str


def footer_height(styles: Styles) -> float:
    return FOOTER_LINES * styles.leading(styles.size.small) + 4 * mm


def body_frame_height(styles: Styles) -> float:
    """The height a flowable may use on one page."""
    return BODY_TOP - (FOOTER_BOTTOM + footer_height(styles))


class SetHeader(ActionFlowable):  # type: ignore[misc]
    """Changes the running header from the next page on (put it before a page break)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def apply(self, doc: Any) -> None:
        doc.running_header = self.text


class TocEntry(Flowable):  # type: ignore[misc]
    """Marks where a part starts: an entry in the contents and in the PDF outline."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _Document(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, styles: Styles, page: PageDecor, **kw: Any) -> None:
        fonts = styles.fonts
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=PAGE_HEIGHT - BODY_TOP,
            bottomMargin=FOOTER_BOTTOM + footer_height(styles),
            initialFontName=fonts.regular,  # else reportlab declares Helvetica on every page
            initialFontSize=styles.size.small,
            **kw,
        )
        self.styles = styles
        self.decor = page
        self.running_header = page.header
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self._header, onPageEnd=self._footer)]
        )

    def beforeDocument(self) -> None:  # each pass of a multi-pass build starts afresh
        self.running_header = self.decor.header

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, TocEntry):
            key = f"part{self.seq.nextf('parts')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.text, key, level=0)
            self.notify("TOCEntry", (0, flowable.text, self.page, key))

    def _header(self, canvas: TaggedCanvas, doc: Any) -> None:
        styles = self.styles
        canvas.saveState()
        with canvas.artifact("Header"):
            canvas.setFillColor("#000000")
            canvas.setStrokeColor("#000000")
            text = _fit(self.running_header, styles, CONTENT_WIDTH)
            styles.fonts.draw(
                canvas, MARGIN, HEADER_BASELINE, text, styles.fonts.bold, styles.size.small
            )
            canvas.setLineWidth(0.75)
            rule = HEADER_BASELINE - 0.4 * styles.size.small - 1.5 * mm
            canvas.line(MARGIN, rule, PAGE_WIDTH - MARGIN, rule)
        canvas.restoreState()

    def _footer(self, canvas: TaggedCanvas, doc: Any) -> None:
        styles = self.styles
        top = FOOTER_BOTTOM + footer_height(styles) - 2 * mm
        canvas.saveState()
        with canvas.artifact("Footer"):
            canvas.setStrokeColor("#000000")
            canvas.setLineWidth(0.75)
            canvas.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
            # room for the page number at the right, sized for "Page 88 / 88" in this language
            label = self.decor.page_label.format(page=88, pages=88)
            width = CONTENT_WIDTH - styles.fonts.width(label, styles.fonts.bold, styles.size.small)
            width -= 6 * mm
            for text in self.decor.footer:  # the fullest version that fits
                para = Paragraph(markup(text, styles), styles.small)
                _, height = para.wrapOn(canvas, width, PAGE_HEIGHT)
                if len(para.blPara.lines) <= FOOTER_LINES:
                    para.drawOn(canvas, MARGIN, top - 2 * mm - height)
                    break
        canvas.restoreState()


def _fit(text: str, styles: Styles, width: float) -> str:
    """The header on one line, shortened with an ellipsis if it must be."""
    font, size = styles.fonts.bold, styles.size.small
    if styles.fonts.width(text, font, size) <= width:
        return text
    while text and styles.fonts.width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(TaggedCanvas):
    """Holds pages back until the end so each can say "page n / N" (one pass, no rebuild)."""

    def __init__(self, styles: Styles, label: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._styles = styles
        self._label = label
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_page_number(total)
            super().showPage()
        super().save()

    def _draw_page_number(self, total: int) -> None:
        styles = self._styles
        y = FOOTER_BOTTOM + footer_height(styles) - 4 * mm - styles.size.small
        fonts, size = styles.fonts, styles.size.small
        text = self._label.format(page=self._pageNumber, pages=total)
        with self.artifact("Footer"):
            self.setFillColor("#000000")
            x = PAGE_WIDTH - MARGIN - fonts.width(text, fonts.bold, size)
            fonts.draw(self, x, y, text, fonts.bold, size)


def build_pdf(
    story: list[Flowable],
    *,
    styles: Styles,
    page: PageDecor,
    root: Node,
    title: str,
    language: str,
    author: str = "",
    subject: str = "",
    passes: int = 1,
) -> bytes:
    """Renders ``story`` on the shared page, tagged with the structure under ``root``.
    ``passes`` > 1 for stories that refer to page numbers (a table of contents)."""
    buffer = io.BytesIO()
    doc = _Document(
        buffer,
        styles,
        page,
        title=title,
        author=author,
        subject=subject,
        creator="HomeSupport",
        lang=language,
        displayDocTitle=True,
    )

    canvases: list[_NumberedCanvas] = []  # one per pass; the last one wrote the file

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        canvases.append(_NumberedCanvas(styles, page.page_label, *args, **kwargs))
        return canvases[-1]

    if passes > 1:
        doc.multiBuild(story, maxPasses=passes, canvasmaker=canvasmaker)
    else:
        doc.build(story, canvasmaker=canvasmaker)
    return finish_tagged_pdf(
        buffer.getvalue(), root, canvases[-1].marks, title=title, language=language, author=author
    )
