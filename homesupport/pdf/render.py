"""Guide sheets and booklets as PDF bytes: the entry point the GUI and the CLI call.

One :class:`GuideRenderer` per application (or per worker thread): it registers the fonts
once and keeps print-ready copies of images, so a warm render only lays out and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from homesupport.domain.formatting import printed_date
from homesupport.domain.guides import Guide
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import translation
from homesupport.pdf.blocks import QrModules, markup, paragraph, qr_modules, table_style
from homesupport.pdf.document import PageDecor, SetHeader, TocEntry, build_pdf
from homesupport.pdf.fonts import Fonts, register_fonts
from homesupport.pdf.guide import Gettext, SheetContext, guide_story
from homesupport.pdf.images import ImageCache
from homesupport.pdf.styles import PrintSizeName, Styles, make_styles, print_size
from homesupport.pdf.tagging import Marked, Node

# A guide with the folder its images are in (None: a guide without images, e.g. unsaved).
GuideSource = tuple[Guide, Path | None]


@dataclass(frozen=True)
class PrintOptions:
    size: PrintSizeName = "normal"
    client: str | None = None  # the client's nickname, printed as "Made for …"
    supporter: SupporterProfile | None = None  # name and contact in the footer
    printed: dt.date | None = None  # default: today
    notes_box: bool = True


class GuideRenderer:
    def __init__(self, fonts_dir: Path | None = None) -> None:
        self._fonts_dir = fonts_dir
        self._fonts: Fonts | None = None
        self._styles: dict[str, Styles] = {}
        self._images = ImageCache()
        self._qr: dict[str, QrModules] = {}

    def fonts(self) -> Fonts:
        if self._fonts is None:
            self._fonts = register_fonts(self._fonts_dir)
        return self._fonts

    def styles(self, size: str) -> Styles:
        if size not in self._styles:
            self._styles[size] = make_styles(self.fonts(), print_size(size))
        return self._styles[size]

    def render_guide(
        self, guide: Guide, folder: Path | None, options: PrintOptions | None = None
    ) -> bytes:
        """One guide as a PDF in the guide's language. Raises GuideError (file, field)."""
        options = options or PrintOptions()
        styles, gettext = self.styles(options.size), translation(guide.language).gettext
        printed = printed_date(options.printed or dt.date.today(), guide.language)
        closing = " ".join(
            (
                gettext("Printed {date}.").format(date=printed),
                gettext("Screens may change: look for similar words."),
            )
        )
        root = Node("Document")
        story = guide_story(guide, folder, self._sheet(styles, gettext, options, closing), root)
        return build_pdf(
            story,
            styles=styles,
            page=self._decor(guide.title, gettext, options),
            root=root,
            title=guide.title,
            language=guide.language,
            author=options.supporter.name if options.supporter else "",
            subject=guide.summary,
        )

    def render_booklet(
        self, guides: Sequence[GuideSource], language: str, options: PrintOptions | None = None
    ) -> bytes:
        """Several guides behind a cover and a contents page, each starting on a new page.
        ``language`` is the booklet's own (cover, contents, footer)."""
        if not guides:
            raise ValueError("a booklet needs at least one guide")
        options = options or PrintOptions()
        styles, gettext = self.styles(options.size), translation(language).gettext
        booklet_title = gettext("My guides")
        root = Node("Document")
        story = self._cover(booklet_title, styles, gettext, options, language, root)
        titles = [guide.title for guide, _ in guides]
        story += [PageBreak(), *self._contents(styles, gettext, root, titles)]
        for guide, folder in guides:
            guide_gettext = translation(guide.language).gettext  # labels follow the guide
            closing = guide_gettext("Screens may change: look for similar words.")
            sheet = self._sheet(styles, guide_gettext, options, closing)
            part = root.add("Sect", lang=guide.language if guide.language != language else None)
            story += [SetHeader(guide.title), PageBreak(), TocEntry(guide.title)]
            story += guide_story(guide, folder, sheet, part, level=2)
        return build_pdf(
            story,
            styles=styles,
            page=self._decor(booklet_title, gettext, options),
            root=root,
            title=booklet_title,
            language=language,
            author=options.supporter.name if options.supporter else "",
            passes=4,  # page numbers in the contents settle after two or three passes
        )

    def _sheet(
        self, styles: Styles, gettext: Gettext, options: PrintOptions, closing: str
    ) -> SheetContext:
        return SheetContext(
            styles,
            gettext,
            self._images,
            self._qr_modules,
            options.client,
            options.notes_box,
            closing,
        )

    def _qr_modules(self, address: str) -> QrModules:
        if address not in self._qr:
            self._qr[address] = qr_modules(address)
        return self._qr[address]

    def _decor(self, header: str, gettext: Gettext, options: PrintOptions) -> PageDecor:
        """The supporter's contact on every page, beside the page number; the date printed
        and "screens may change" are in the body, so the footer stays as large as the text."""
        footer: list[str] = []
        if options.supporter:
            profile = options.supporter
            fullest = (profile.name, profile.organisation, profile.contact)
            shorter = (profile.name, profile.contact)
            label = gettext("Your digital supporter: {details}")
            footer += [
                label.format(details=_joined(fullest)),
                label.format(details=_joined(shorter)),
            ]
            footer += [_joined(shorter), _joined((profile.contact,))]
        return PageDecor(header, tuple(footer), gettext("Page {page} / {pages}"))

    def _cover(
        self,
        title: str,
        styles: Styles,
        gettext: Gettext,
        options: PrintOptions,
        language: str,
        root: Node,
    ) -> list[Flowable]:
        s = styles
        big = ParagraphStyle(
            "Cover", parent=s.title, fontSize=s.size.title * 1.4, leading=s.size.title * 1.4 * 1.45
        )
        story: list[Flowable] = [
            Spacer(1, s.size.title * 3),
            Marked(paragraph(title, big, s), root.add("H1")),
        ]
        if options.client:
            made_for = gettext("Made for {name}").format(name=options.client)
            story.append(Marked(paragraph(made_for, s.heading, s), root.add("P")))
        story.append(Spacer(1, s.size.body * 2))
        if options.supporter:
            story += [
                Marked(paragraph(gettext("Your digital supporter"), s.strong, s), root.add("P")),
                Marked(paragraph(supporter_details(options.supporter), s.body, s), root.add("P")),
            ]
        printed = printed_date(options.printed or dt.date.today(), language)
        printed_text = gettext("Printed {date}.").format(date=printed)
        story.append(Marked(paragraph(printed_text, s.body, s), root.add("P")))
        return story

    def _contents(
        self, styles: Styles, gettext: Gettext, root: Node, titles: list[str]
    ) -> list[Flowable]:
        s = styles
        heading = Marked(paragraph(gettext("Contents"), s.title, s), root.add("H2"))
        contents = TaggedContents(s, root.add("TOC"))
        # The first pass lays out the real titles (page numbers still unknown: reportlab
        # takes these as the last pass's entries), so the contents take their final room at
        # once and two passes settle the numbers, not three.
        contents._entries = [(0, title, 0, None) for title in titles]
        return [heading, contents]


class TaggedContents(TableOfContents):  # type: ignore[misc]
    """The booklet's contents: each entry a link to its guide with the page number at the
    right, tagged as TOCI > Link (reportlab's own entries draw the number outside the text
    and with a slashed zero)."""

    def __init__(self, styles: Styles, node: Node) -> None:
        super().__init__()
        self.styles = styles
        self.node = node

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        s = self.styles
        entries = self._lastEntries or [(0, "", 0, None)]
        entry_style = ParagraphStyle("Contents", parent=s.body, spaceBefore=0, spaceAfter=0)
        number_style = ParagraphStyle("ContentsPage", parent=entry_style, alignment=TA_RIGHT)
        number_width = s.fonts.width("888", s.fonts.regular, s.size.body) + s.size.body
        self.node.children.clear()  # every pass lays the contents out again
        rows = []
        for _level, text, page, key in entries:
            link = self.node.add("TOCI").add("Link")
            title = f'<a href="#{key}">{markup(text, s)}</a>' if key else markup(text, s)
            rows.append(
                [
                    Marked(Paragraph(title, entry_style), link, link_text=text),
                    Marked(paragraph(str(page), number_style, s), link),
                ]
            )
        padding: list[tuple[Any, ...]] = [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), s.size.body * 0.4),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]
        self._table = Table(
            rows,
            colWidths=(avail_width - number_width, number_width),
            style=table_style(s, padding),
        )
        self.width, self.height = self._table.wrapOn(self.canv, avail_width, avail_height)
        return self.width, self.height


def supporter_details(profile: SupporterProfile) -> str:
    return _joined((profile.name, profile.organisation, profile.contact))


def _joined(parts: Sequence[str | None]) -> str:
    return ", ".join(part for part in parts if part)
