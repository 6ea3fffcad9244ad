"""The body of one guide sheet: title, who it is for, the address to type (with a QR code),
numbered steps one block each, and the "my notes" box; tagged as a heading, paragraphs, a
link and a figure for the address, an ordered list of steps (label "Step n", body with the
action, tip, warning and picture) and a second-level heading for the notes.

All labels come from the catalogue in the guide's language, never the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from homesupport.domain.formatting import printed_date
from homesupport.domain.guides import Guide, GuideError, GuideProblem, GuideStep, step_field
from homesupport.i18n import N_
from homesupport.pdf.blocks import (
    NotesBox,
    QrCode,
    QrModules,
    StepBlock,
    boxed,
    paragraph,
    table_style,
)
from homesupport.pdf.document import CONTENT_WIDTH, body_frame_height, mm
from homesupport.pdf.images import ImageCache, ImageProblem, PrintImage
from homesupport.pdf.styles import Styles
from homesupport.pdf.tagging import Marked, Node

Gettext = Callable[[str], str]
STEP_BAR = 4.0  # the black bar left of each step groups its lines at a glance
STEP_INDENT = 14.0
IMAGE_DPI = 150  # small icons are never blown up beyond this
IMAGE_MAX_PAGE_SHARE = 0.45
MIN_IMAGE_HEIGHT = 20 * mm  # smaller than this a screenshot shows nothing useful
MIN_NOTE_LINES, MAX_NOTE_LINES = 3, 6  # fills what is left of the last page
# A step that does not fit what is left of a page moves whole to the next one, unless that
# would leave more than this share of the page empty: then its action (and tip, if there
# is room) stays, and the rest follows as "continued" (so page 1 starts the steps).
SPLIT_STEP_ROOM = 0.2


@dataclass(frozen=True)
class SheetContext:
    """What every guide in one printout shares."""

    styles: Styles
    gettext: Gettext
    images: ImageCache
    qr: Callable[[str], QrModules]  # cached per renderer: encoding is the slow part
    client: str | None
    notes_box: bool
    closing: str  # printed after the steps: when printed, screens may change


def guide_story(
    guide: Guide, folder: Path | None, sheet: SheetContext, parent: Node, level: int = 1
) -> list[Flowable]:
    """The flowables of one guide, tagged under ``parent`` with the title as a heading of
    ``level``; :class:`GuideError` names each field that cannot print."""
    file = f"{folder / guide.language if folder else guide.slug + '/' + guide.language}.toml"
    builder = _Builder(guide, folder, sheet, file, parent, level)
    story = builder.build()
    if builder.problems:
        raise GuideError(builder.problems)
    return story


class _Builder:
    def __init__(
        self,
        guide: Guide,
        folder: Path | None,
        sheet: SheetContext,
        file: str,
        parent: Node,
        level: int,
    ) -> None:
        self.guide = guide
        self.node = parent
        self.level = level
        self.folder = folder
        self.sheet = sheet
        self.styles = sheet.styles
        self.gettext = sheet.gettext
        self.file = file
        self.problems: list[GuideProblem] = []
        self.frame_height = body_frame_height(self.styles)

    def build(self) -> list[Flowable]:
        g, s, _ = self.guide, self.styles, self.gettext
        self._check_glyphs()
        story: list[Flowable] = [self._text(g.title, s.title, self.node.add(f"H{self.level}"))]
        if self.sheet.client:
            made_for = _("Made for {name}").format(name=self.sheet.client)
            story.append(self._text(made_for, s.strong, self.node.add("P")))
        story.append(self._text(g.summary, s.body, self.node.add("P")))
        checked = _("Guide checked {date}").format(date=printed_date(g.checked, g.language))
        story.append(self._text(checked, s.small, self.node.add("P")))
        if g.address:
            story += [Spacer(1, s.size.body * 0.3), self._address_box(g.address)]
        steps = self.node.add("L", attributes={"List": {"ListNumbering": "Decimal"}})
        for number, step in enumerate(g.steps, start=1):
            story += self._step(number, step, steps.add("LI"))
        if self.sheet.closing:
            story += [Spacer(1, s.size.body * 0.6)]
            story.append(self._text(self.sheet.closing, s.body, self.node.add("P")))
        if self.sheet.notes_box:
            story += [Spacer(1, s.size.body), self._notes()]
        return story

    def _text(self, text: str, style: object, node: Node | None) -> Marked:
        return Marked(paragraph(text, style, self.styles), node)

    def _check_glyphs(self) -> None:
        g = self.guide
        fields = [("title", g.title), ("summary", g.summary), ("address", g.address or "")]
        for number, step in enumerate(g.steps, start=1):
            fields += [
                (step_field(number, "text"), step.text),
                (step_field(number, "tip"), step.tip or ""),
                (step_field(number, "warning"), step.warning or ""),
            ]
        for where, text in fields:
            missing = self.styles.fonts.missing(text)
            if missing:
                self._problem(
                    where,
                    N_("the print font has no sign for {chars}; use other characters"),
                    chars=" ".join(missing),
                )

    def _problem(self, where: str, message: str, **params: str) -> None:
        self.problems.append(GuideProblem(self.file, where, message, params))

    def _address_box(self, address: str) -> Table:
        s, _ = self.styles, self.gettext
        qr_size = (32 if s.size.name == "normal" else 36) * mm
        padding = 8.0
        text_width = CONTENT_WIDTH - qr_size - 3 * padding - 6
        box = self.node.add("Div")
        link = box.add("P").add("Link")
        left = [
            self._text(_("Type this address yourself:"), s.body, box.add("P")),
            Marked(paragraph(address, s.strong, s), link, url=address),
            self._text(_("Or scan the code with your phone's camera."), s.small, box.add("P")),
        ]
        figure = box.add("Figure", alt=_("QR code: {address}").format(address=address))
        code = Marked(QrCode(self.sheet.qr(address), qr_size), figure)
        table = Table([[left, code]], colWidths=[text_width + padding, qr_size + padding])
        table.setStyle(
            table_style(
                s,
                [
                    ("BOX", (0, 0), (-1, -1), 1.5, "#000000"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), padding),
                    ("TOPPADDING", (0, 0), (-1, -1), padding),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ],
            )
        )
        return table

    def _step(self, number: int, step: GuideStep, item: Node) -> list[Flowable]:
        s, _ = self.styles, self.gettext
        label = self._text(_("Step {number}").format(number=number), s.heading, item.add("Lbl"))
        body = item.add("LBody")
        action: list[Flowable] = [label, self._text(step.text, s.body, body.add("P"))]
        notes: list[Flowable] = []
        if step.tip:
            tip = paragraph(step.tip, s.body, s, prefix=_("Tip:"))
            notes.append(Marked(tip, body.add("P")))
        if step.warning:
            warning = Marked(
                paragraph(step.warning, s.strong, s, prefix=_("Warning:")), body.add("P")
            )
            notes.append(boxed([warning], self._inner_width() - 4, s, border=2.5, padding=8))
        if step.image:
            # Room for the picture beside the whole step, else beside the action alone
            # (the tip and warning then follow as "continued").
            room = self.frame_height - self._height(self._frame(action + notes)) - 8
            if room < MIN_IMAGE_HEIGHT and notes:
                room = self.frame_height - self._height(self._frame(action)) - 8
            image = self._image(number, step.image, room)
            if image is not None:
                alt = _("Picture for step {number}").format(number=number)
                # the picture belongs to the action, read before the tip and warning
                figure = Node("Figure", body, alt=alt)
                body.children.insert(1, figure)
                action.append(Marked(image, figure))
        spacer = Spacer(1, s.size.body * 0.6)
        whole = self._frame(action + notes)
        # "continued" repeats a label for the eye only: an artifact, not read twice
        more = Marked(
            paragraph(_("Step {number}, continued").format(number=number), s.heading, s), None
        )
        if self._height(whole) <= self.frame_height:
            # where it may split: after the tip, else after the action
            splits = [
                (self._frame(action + notes[:kept]), self._frame([more, *notes[kept:]]))
                for kept in range(len(notes) - 1, -1, -1)
            ]
            room = self.frame_height * SPLIT_STEP_ROOM
            block = StepBlock(whole, splits, spacer, min_room=room, page=self.frame_height)
            return [spacer, block]
        # Too tall for a page: the action and its picture, then its tip and warning.
        first, second = self._frame(action), self._frame([more, *notes])
        if notes and max(self._height(first), self._height(second)) <= self.frame_height:
            return [spacer, KeepTogether([first]), spacer, KeepTogether([second])]
        self._problem(
            step_field(number, "text"),
            N_("step {number} does not fit on one page in this print size; split it into two"),
            number=str(number),
        )
        return []

    def _inner_width(self) -> float:
        return CONTENT_WIDTH - STEP_BAR - STEP_INDENT - 2

    def _frame(self, content: list[Flowable]) -> Table:
        table = Table([[content]], colWidths=[CONTENT_WIDTH - STEP_BAR / 2])
        table.setStyle(
            table_style(
                self.styles,
                [
                    ("LINEBEFORE", (0, 0), (0, 0), STEP_BAR, "#000000"),
                    ("LEFTPADDING", (0, 0), (-1, -1), STEP_INDENT),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ],
            )
        )
        return table

    def _height(self, flowable: Flowable) -> float:
        _, height = flowable.wrap(CONTENT_WIDTH, self.frame_height * 4)
        return float(height)

    def _image(self, number: int, name: str, room: float) -> PrintImage | None:
        where = step_field(number, "image")
        if self.folder is None:
            self._problem(where, N_("image file {name} not found"), name=name)
            return None
        try:
            prepared = self.sheet.images.prepare(self.folder / name)
        except ImageProblem as problem:
            self._problem(where, problem.message, **problem.params)
            return None
        natural_w = prepared.width * 72 / IMAGE_DPI
        natural_h = prepared.height * 72 / IMAGE_DPI
        max_h = min(self.frame_height * IMAGE_MAX_PAGE_SHARE, max(room, 0))
        scale = min(1.0, self._inner_width() / natural_w, max_h / natural_h)
        if natural_h * scale < min(MIN_IMAGE_HEIGHT, natural_h):
            self._problem(
                where,
                N_("step {number} leaves no room for its image; shorten the step"),
                number=str(number),
            )
            return None
        image = PrintImage(prepared, natural_w * scale, natural_h * scale)
        image.hAlign = "LEFT"
        image.spaceBefore = 4
        image.spaceAfter = 8
        return image

    def _notes(self) -> NotesBox:
        s, _ = self.styles, self.gettext
        return NotesBox(
            paragraph(_("My notes"), s.heading, s),
            paragraph(_("Never write passwords, PIN codes or bank codes here."), s.strong, s),
            line_spacing=s.leading(s.size.body) * 1.5,
            lines=(MIN_NOTE_LINES, MAX_NOTE_LINES),
            nodes=(self.node.add(f"H{self.level + 1}"), self.node.add("P")),
        )
