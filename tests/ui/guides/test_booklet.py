"""The booklet dialog: rendered in the background, cover and contents, each guide on a new
page, saved and printed for real."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from homesupport.ui.guides.booklet import BookletDialog
from homesupport.ui.guides.printing import print_pdf

SLUGS = ["connect-wifi", "video-call", "recognise-scam-message"]


def open_booklet(qtbot, desk, kit, chosen=SLUGS, language="en") -> BookletDialog:
    dialog = BookletDialog(desk, kit, language, chosen)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    return dialog


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_three_guides_make_a_booklet_with_cover_contents_and_new_pages(qtbot, desk, kit, library):
    dialog = open_booklet(qtbot, desk, kit)
    assert dialog.chosen() == SLUGS
    pages = page_texts(dialog.preview.data)
    assert dialog.preview.page_count() == len(pages)
    assert "My guides" in pages[0] and "Aino Tukija" in pages[0]  # the cover
    assert "Contents" in pages[1]
    titles = [library.get(slug, "en").title for slug in SLUGS]
    for title in titles:
        assert title in pages[1]
    # Each guide starts at the top of a page: its title is the first line under the header.
    starts = [
        next(i for i, text in enumerate(pages) if text.splitlines()[1:2] == [title])
        for title in titles
    ]
    assert starts == sorted(starts) and starts[0] == 2
    assert len(set(starts)) == 3


def test_saving_and_printing_the_booklet(qtbot, desk, kit, answers, tmp_path):
    dialog = open_booklet(qtbot, desk, kit)
    saved = tmp_path / "booklet.pdf"
    answers.paths.append(saved)
    dialog.save_button.click()
    assert PdfReader(saved).metadata.title == "My guides"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(dialog.preview.data, printer) == dialog.preview.page_count()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.preview.page_count()


def test_one_ticked_guide_prints_as_its_own_sheet(qtbot, desk, kit):
    dialog = open_booklet(qtbot, desk, kit, ["video-call"])
    assert PdfReader(io.BytesIO(dialog.preview.data)).metadata.title == "Make a video call"


def test_ticking_re_renders_and_nothing_ticked_disables_output(qtbot, desk, kit):
    dialog = open_booklet(qtbot, desk, kit, ["video-call"])
    first = dialog.preview.data
    item = dialog.guides.item(1)
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: dialog.preview.data not in (None, first), timeout=10_000)
    assert "Contents" in page_texts(dialog.preview.data)[1]
    for row in range(dialog.guides.count()):
        dialog.guides.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.render_booklet()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_booklet_in_swedish(qtbot, desk, kit, library):
    dialog = open_booklet(qtbot, desk, kit, SLUGS[:2], language="sv")
    assert library.get(SLUGS[0], "sv").title in page_texts(dialog.preview.data)[1]
    reader = PdfReader(io.BytesIO(dialog.preview.data))
    assert "/Lang" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "sv"
