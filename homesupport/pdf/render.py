"""Guide sheets and booklets as PDF bytes: the entry point the GUI and the CLI call.

One :class:`GuideRenderer` per application (or per worker thread): it registers the fonts
once and keeps print-ready copies of images, so a warm render only lays out and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from homesupport.domain.guides import Guide
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import translation
from homesupport.pdf.blocks import QrModules, markup, qr_modules, table_style
from homesupport.pdf.document import PageDecor, SetHeader, TocEntry, build_pdf
from homesupport.pdf.fonts import Fonts, register_fonts
from homesupport.pdf.guide import Gettext, SheetContext, format_date, guide_story
from homesupport.pdf.images import ImageCache
from homesupport.pdf.styles import PrintSizeName, Styles, make_styles, print_size

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
        story = guide_story(guide, folder, self._sheet(styles, gettext, options))
        return build_pdf(
            story,
            styles=styles,
            page=self._decor(guide.title, guide.language, gettext, options),
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
        sheet = self._sheet(styles, gettext, options)
        booklet_title = gettext("My guides")
        story = self._cover(booklet_title, styles, gettext, options, language)
        story += [PageBreak(), *self._contents(styles, gettext)]
        for guide, folder in guides:
            guide_sheet = sheet
            if guide.language != language:  # a guide's labels follow the guide
                guide_sheet = self._sheet(styles, translation(guide.language).gettext, options)
            story += [SetHeader(guide.title), PageBreak(), TocEntry(guide.title)]
            story += guide_story(guide, folder, guide_sheet)
        return build_pdf(
            story,
            styles=styles,
            page=self._decor(booklet_title, language, gettext, options),
            title=booklet_title,
            language=language,
            author=options.supporter.name if options.supporter else "",
            passes=4,  # page numbers in the contents settle after two or three passes
        )

    def _sheet(self, styles: Styles, gettext: Gettext, options: PrintOptions) -> SheetContext:
        return SheetContext(
            styles, gettext, self._images, self._qr_modules, options.client, options.notes_box
        )

    def _qr_modules(self, address: str) -> QrModules:
        if address not in self._qr:
            self._qr[address] = qr_modules(address)
        return self._qr[address]

    def _decor(
        self, header: str, language: str, gettext: Gettext, options: PrintOptions
    ) -> PageDecor:
        printed = format_date(options.printed or dt.date.today(), language)
        footer = []
        if options.supporter:
            footer.append(
                gettext("Your digital supporter: {details}").format(
                    details=supporter_details(options.supporter)
                )
            )
        footer.append(
            gettext("Printed {date}.").format(date=printed)
            + " "
            + gettext("Screens may change: look for similar words.")
        )
        return PageDecor(header, tuple(footer), gettext("Page {page} / {pages}"))

    def _cover(
        self,
        title: str,
        styles: Styles,
        gettext: Gettext,
        options: PrintOptions,
        language: str,
    ) -> list[Flowable]:
        s = styles
        big = ParagraphStyle(
            "Cover", parent=s.title, fontSize=s.size.title * 1.4, leading=s.size.title * 1.4 * 1.45
        )
        story: list[Flowable] = [Spacer(1, s.size.title * 3), Paragraph(markup(title, s), big)]
        if options.client:
            made_for = gettext("Made for {name}").format(name=options.client)
            story.append(Paragraph(markup(made_for, s), s.heading))
        story.append(Spacer(1, s.size.body * 2))
        if options.supporter:
            story += [
                Paragraph(markup(gettext("Your digital supporter"), s), s.strong),
                Paragraph(markup(supporter_details(options.supporter), s), s.body),
            ]
        printed = format_date(options.printed or dt.date.today(), language)
        story.append(Paragraph(markup(gettext("Printed {date}.").format(date=printed), s), s.body))
        return story

    def _contents(self, styles: Styles, gettext: Gettext) -> list[Flowable]:
        s = styles
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [
            ParagraphStyle(
                "Contents",
                parent=s.body,
                leftIndent=0,
                firstLineIndent=0,
                rightIndent=s.size.body * 2.5,  # keeps titles clear of the page numbers
                spaceBefore=0,
                spaceAfter=s.size.body * 0.4,
            )
        ]
        padding = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        toc.tableStyle = table_style(s, [("VALIGN", (0, 0), (-1, -1), "TOP"), *padding])
        return [Paragraph(markup(gettext("Contents"), s), s.title), toc]


def supporter_details(profile: SupporterProfile) -> str:
    return ", ".join(part for part in (profile.name, profile.organisation, profile.contact) if part)
