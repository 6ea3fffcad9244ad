"""The Guides page with the real library and renderer: list and filters, the preview,
saving and printing for real, editing, deleting with undo, import and export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

import pdfplumber
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

from homesupport.domain.guides import GuideProblem
from homesupport.i18n import set_language
from homesupport.ui.guides.editor import GuideEditor
from homesupport.ui.guides.listing import GuideColumn, GuideListModel
from homesupport.ui.guides.page import GuidesPage
from homesupport.ui.guides.printing import print_pdf
from homesupport.ui.guides.problems import GuideProblemColumn, GuideProblemModel
from tests.ui.fixtures import make_kit

TODAY = dt.date(2026, 11, 20)
CTRL = Qt.KeyboardModifier.ControlModifier


def titles(page) -> list[str]:
    return [page.model.entry(row).title for row in range(page.model.rowCount())]


def select(page, slug: str, language: str = "en") -> None:
    row = page.model.row_of(slug, language)
    assert row is not None, slug
    page.table.selectRow(row)
    assert page.current is not None and page.current.slug == slug


def test_models_pass_the_model_tester(qtmodeltester, kit, library):
    model = GuideListModel(kit)
    model.set_entries(library.guides())
    qtmodeltester.check(model)
    problems = GuideProblemModel(
        [
            GuideProblem("a/fi.toml", "title", "missing"),
            GuideProblem("b.zip", "", "not a valid TOML file: {error}", {"error": "line 1"}),
        ]
    )
    qtmodeltester.check(problems)


def test_lists_guides_in_the_interface_language_with_topic_labels(page, library):
    assert page.model.rowCount() == len(library.guides("en")) == 15
    assert page.language.currentData() == "en"
    row = page.model.row_of("omakanta-renew-prescription", "en")
    topics = page.model.index(row, GuideColumn.TOPICS).data()
    assert "My Kanta" in topics and "omakanta" not in topics  # labels, never raw codes


def test_search_topic_and_language_filters(page):
    page.search.setText("wifi")
    assert titles(page) == ["Connect to Wi-Fi"]
    page.search.setText("kanta prescription")
    assert titles(page) == ["Renew a prescription in My Kanta"]
    page.search.clear()
    page.topic.setCurrentIndex(page.topic.findData("job_search"))
    assert titles(page) == ["Write a CV and look for work"]
    page.language.setCurrentIndex(page.language.findData("fi"))
    assert [e.language for e in page.model.values()] == ["fi"]
    page.topic.setCurrentIndex(0)
    page.language.setCurrentIndex(page.language.findData(""))
    assert page.model.rowCount() == 45
    page.search.setText("no such guide anywhere")
    assert page.model.rowCount() == 0 and page.empty.isVisibleTo(page)
    assert not page.print_button.isEnabled()


def test_preview_shows_the_printed_pdf_with_its_page_count(page, library):
    select(page, "connect-wifi")
    expected = len(PdfReader(io.BytesIO(page.preview.data)).pages)
    assert page.preview.page_count() == expected >= 1
    assert page.preview.document.metaData(page.preview.document.MetaDataField.Title) == (
        "Connect to Wi-Fi"
    )
    assert page.pages_label.text() == f"{expected} pages"


def smallest_type(data: bytes) -> float:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return min(char["size"] for p in pdf.pages for char in p.chars)


def test_large_print_and_nickname_change_the_preview(page):
    select(page, "connect-wifi")
    assert smallest_type(page.preview.data) == pytest.approx(16)
    page.options.print_size.setCurrentIndex(page.options.print_size.findData("large"))
    assert smallest_type(page.preview.data) == pytest.approx(20)  # every letter, footer too
    page.options.client.setText("Aino")
    page.options.client.textEdited.emit("Aino")
    page.options.client.editingFinished.emit()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.preview.data)).pages)
    assert "Made for Aino" in text
    assert "Aino Tukija" in text  # the supporter profile in the footer


def test_language_option_switches_the_sheet(page):
    select(page, "connect-wifi")
    page.options.language.setCurrentIndex(page.options.language.findData("sv"))
    assert page.current.language == "sv"
    assert page.language.currentData() == "sv"
    reader = PdfReader(io.BytesIO(page.preview.data))
    assert reader.metadata.title == page.current.title


def test_save_as_pdf_writes_the_guide(page, answers, tmp_path):
    select(page, "recognise-scam-message")
    target = tmp_path / "scam"  # the extension is added
    answers.paths.append(target)
    page.save_button.click()
    target = tmp_path / "scam.pdf"
    assert answers.asked == [("save", "Save as PDF")]
    assert str(target) in page.notice.text.text()
    reader = PdfReader(target)
    assert reader.metadata.title == "Recognise a scam message"
    assert "Recognise a scam message" in reader.pages[0].extract_text()


def test_printing_to_a_pdf_printer_prints_every_page(page, tmp_path):
    select(page, "connect-wifi")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(page.preview.data, printer) == page.preview.page_count()
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == page.preview.page_count()


def test_printing_honours_a_page_range(page, tmp_path):
    select(page, "connect-wifi")
    assert page.preview.page_count() >= 2
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFromTo(2, 2)
    assert print_pdf(page.preview.data, printer) == 1
    assert len(PdfReader(tmp_path / "range.pdf").pages) == 1


def test_editing_a_bundled_guide_saves_the_users_copy(qtbot, page, library):
    select(page, "connect-wifi")
    bundled = library.get("connect-wifi", "en").path
    before = bundled.read_bytes()
    editor = page.edit_guide()
    assert "stays unchanged" in editor.explanation.text()
    editor.title.setText("Connect to the home Wi-Fi")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    assert bundled.read_bytes() == before
    copy = library.get("connect-wifi", "en")
    assert not copy.bundled and copy.overrides_bundled
    assert copy.path.is_relative_to(library.user_dir)
    assert copy.title == "Connect to the home Wi-Fi"
    assert page.current == copy and page.delete_button.isEnabled()
    assert "Connect to the home Wi-Fi" in PdfReader(io.BytesIO(page.preview.data)).metadata.title


def test_delete_then_undo_brings_the_users_copy_back(qtbot, page, answers, library):
    select(page, "connect-wifi")
    editor = page.edit_guide()
    editor.title.setText("My Wi-Fi guide")
    editor.save()
    answers.yes.append(True)
    page.delete_button.click()
    assert answers.asked == [("ask", "Delete guide")]
    assert library.get("connect-wifi", "en").bundled  # the bundled guide is back
    assert page.notice.action.isVisible()
    page.notice.action.click()
    assert library.get("connect-wifi", "en").title == "My Wi-Fi guide"


def test_bundled_guides_cannot_be_deleted_and_delete_says_why(qtbot, page, answers, library):
    select(page, "connect-wifi")
    why = "“Connect to Wi-Fi” came with the app and cannot be deleted."
    assert not page.delete_button.isEnabled()
    assert why in page.delete_button.toolTip()
    assert why in page.delete_button.accessibleDescription()
    answers.yes.append(True)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert answers.asked == []  # nothing asked, nothing deleted
    assert library.get("connect-wifi", "en").bundled
    assert page.notice.isVisible() and page.notice.text.text().startswith(why)
    assert "Duplicate makes a copy of your own" in page.notice.text.text()
    assert page.notice.accessibleName() == page.notice.text.text()  # what a screen reader hears
    assert "Edit saves your own copy" in page.about.text()
    page.notice.action.click()  # the notice's Duplicate
    assert page.current.slug == "connect-wifi-copy" and page.current.editable
    assert page.delete_button.isEnabled() and not page.delete_button.accessibleDescription()


def test_duplicate_makes_an_own_guide_in_every_language(page, library):
    select(page, "video-call")
    page.duplicate_button.click()
    slug = "video-call-copy"
    assert library.languages(slug) == ("fi", "sv", "en")
    assert page.current.slug == slug and page.current.editable


def test_new_guide_is_validated_then_saved(qtbot, page, library):
    page.new_button.click()
    editor = page.dialog
    assert isinstance(editor, GuideEditor) and editor.isVisible()
    editor.save_button.click()
    assert editor.isVisible()  # nothing saved: the reasons are shown
    assert editor._errors["title"].isVisibleTo(editor)
    assert "Must not be empty" in editor._errors["title"].text()
    editor.title.setText("Käytä Wilmaa")
    editor.summary.setPlainText("Short summary.")
    editor.topics.item(0).setCheckState(editor.topics.item(0).checkState().Checked)
    editor.steps.cards[0].text.setPlainText("Open the app.")
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save_button.click()
    stored = saved.args[0]
    assert stored.slug == "kayta-wilmaa" and stored.language == "en"
    assert library.get("kayta-wilmaa", "en") is not None
    assert page.current.slug == "kayta-wilmaa"


def test_export_then_import_under_a_new_slug(qtbot, page, answers, tasks, library, tmp_path):
    select(page, "video-call")
    target = tmp_path / "video-call.zip"
    answers.paths.append(target)
    page.export_button.click()
    qtbot.waitUntil(lambda: target.exists() and not tasks.busy)
    assert {"video-call/en.toml", "video-call/fi.toml"} <= set(zipfile.ZipFile(target).namelist())
    answers.paths.append([target])
    page.import_button.click()
    qtbot.waitUntil(lambda: page.import_button.isEnabled())
    assert "video-call-2" in library.slugs()
    assert page.current.slug == "video-call-2"


def test_import_of_a_non_guide_file_shows_the_problem_and_keeps_the_library(
    qtbot, page, answers, library, tmp_path
):
    bad = tmp_path / "holiday-photos.zip"
    bad.write_bytes(b"this is not a zip")
    before = library.slugs()
    answers.paths.append([bad])
    page.import_button.click()
    qtbot.waitUntil(lambda: page.import_button.isEnabled())
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, GuideProblemColumn.FILE).data() == "holiday-photos.zip"
    assert "not a guide file" in dialog.model.index(0, GuideProblemColumn.WHAT).data()
    assert library.slugs() == before
    assert page.model.rowCount() == 15


def test_invalid_files_are_listed_and_the_rest_works(qtbot, desk, kit, library):
    broken = library.user_dir / "broken"
    broken.mkdir(parents=True)
    (broken / "fi.toml").write_text('format = "homesupport.guide/1"\nslug = "broken"\n')
    library.reload()
    page = GuidesPage(desk, kit, lambda: TODAY)
    qtbot.addWidget(page)
    assert not page.problems_button.isHidden()
    assert page.problems_button.text().startswith("1 guide file")
    dialog = page.show_library_problems()
    fields = {
        dialog.model.index(r, GuideProblemColumn.FIELD).data()
        for r in range(dialog.model.rowCount())
    }
    assert {"title", "steps"} <= fields
    assert page.model.rowCount() == 15


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_page_in_other_languages(qtbot, desk, codes, municipalities, language):
    set_language(language)
    page = GuidesPage(desk, make_kit(codes, municipalities, language), lambda: TODAY)
    qtbot.addWidget(page)
    assert page.language.currentData() == language
    assert all(e.language == language for e in page.model.values())
    assert page.preview.page_count() >= 1


def test_every_control_has_a_name_and_tab_reaches_it(page):
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QTableView)
        for w in page.findChildren(kind)
        if w.isVisibleTo(page) and not isinstance(w.parentWidget(), QComboBox)
    ]
    assert controls
    for widget in controls:
        if isinstance(widget.parentWidget(), QLineEdit):
            continue  # the line edit's own clear and search icons
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & widget.focusPolicy().TabFocus, widget.accessibleName()


def test_shortcuts(qtbot, page):
    page.table.setFocus()
    qtbot.keyClick(page.table, "f", modifier=CTRL)
    assert page.search.hasFocus()
    select(page, "video-call")
    page.table.setFocus()
    qtbot.keyClick(page.table, "e", modifier=CTRL)
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.reject()


def test_delete_asks_first(page, answers, library):
    select(page, "connect-wifi")
    editor = page.edit_guide()
    editor.title.setText("Mine")
    editor.save()
    answers.yes.append(False)
    page.delete_button.click()
    assert answers.asked == [("ask", "Delete guide")]
    assert not library.get("connect-wifi", "en").bundled


def test_save_as_pdf_refuses_the_datas_own_files(page, library, answers):
    select(page, "connect-wifi")
    (library.data_dir / "backups").mkdir(parents=True)
    database = library.data_dir / "homesupport.db.pdf"  # the dialog adds .pdf to a name
    database.write_bytes(b"store")
    # a person picks the store's own file in the file dialog, then one in its backups
    answers.paths += [library.data_dir / "homesupport.db", library.data_dir / "backups" / "a.pdf"]
    page.save_button.click()
    page.save_button.click()
    assert database.read_bytes() == b"store"
    assert not (library.data_dir / "backups" / "a.pdf").exists()
    warnings = answers.warnings
    assert len(warnings) == 2 and all("part of HomeSupport's own data" in w for w in warnings)


def test_guides_checked_over_a_year_ago_are_named_under_the_list(qtbot, desk, kit, library):
    page = GuidesPage(desk, kit, lambda: TODAY)
    qtbot.addWidget(page)
    assert page.stale_note.isHidden()  # every bundled guide was checked lately
    old = replace(library.require("safe-login", "en").guide, checked=dt.date(2025, 10, 1))
    library.save(old)
    page.refresh()
    assert not page.stale_note.isHidden()
    assert page.stale_note.text().endswith(": " + old.title)
