"""The coordinator's guides in the window: a real coordinator on loopback publishes a corrected
guide, the Statistics page's "Send now" is pressed, and the Guides page shows and prints the
new text; a supporter's own edited copy gets "see changes", the side-by-side, "use the
coordinator's version" (undoable) and "keep mine"; a withdrawn guide leaves, own copies stay."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest

from homesupport.coordinator.cli import main as coordinator_cli
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.context import ServiceContext, Services
from homesupport.ui.app.statistics_side import StatisticsSide
from homesupport.ui.app.status import StatusBar
from homesupport.ui.guides.changes import GuideChangesDialog
from homesupport.ui.guides.listing import GuideColumn
from homesupport.ui.guides.page import GuidesPage
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import Laptop

SLUG = "omakanta-renew-prescription"
MARK = "Corrected by the coordinator: "


class Window:
    """The parts of the window this needs: the sender with its Statistics page, the Guides
    page on the same guide desk, and the status bar."""

    def __init__(self, qtbot, laptop: Laptop, desk, kit, page: GuidesPage, url: str) -> None:
        self.qtbot = qtbot
        self.guides = page
        self.status = StatusBar(lambda: laptop.clock().date())
        qtbot.addWidget(self.status)
        context = ServiceContext.load(Paths.resolve(laptop.data_dir), laptop.clock)
        self.side = StatisticsSide(
            Services.build(context, laptop.store, kit.language),
            kit,
            url,
            self.status,
            desk=desk,
        )
        qtbot.waitSignal(self.side.runner.finished, timeout=20_000).wait()  # the first run
        self.statistics = self.side.page
        qtbot.addWidget(self.statistics)
        self.statistics.show()
        self.statistics.page_shown()

    def send_now(self) -> None:
        assert self.statistics.send_button.isEnabled()
        with self.qtbot.waitSignal(self.side.runner.finished, timeout=20_000):
            self.statistics.send_button.click()

    def close(self) -> None:
        self.side.stop()


@pytest.fixture
def window(qtbot, laptop, coordinator, desk, kit, page) -> Iterator[Window]:
    laptop.enrol(coordinator)
    opened = Window(qtbot, laptop, desk, kit, page, coordinator.url)
    yield opened
    opened.close()


def publish(coordinator: RunningCoordinator, tmp_path: Path, mark: str = MARK) -> None:
    """The bundled guide with its first English step corrected, published."""
    folder = tmp_path / "published" / mark.split()[0].lower() / SLUG
    shutil.copytree(resource("guides", SLUG), folder)
    file = folder / "en.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('[[steps]]\ntext = "', f'[[steps]]\ntext = "{mark}', 1))
    db = coordinator.coordinator.settings.db_url
    assert coordinator_cli(["--db", db, "guides", "publish", str(folder)]) == 0


def select(page: GuidesPage, slug: str, language: str = "en") -> None:
    page.search.clear()
    QTest.keyClicks(page.search, slug)  # the search finds slugs too (keyClicks: ASCII only)
    row = page.model.row_of(slug, language)
    assert row is not None
    page.table.selectRow(row)
    assert page.current is not None and page.current.slug == slug


def plain(cell) -> str:
    document = QTextDocument()
    document.setHtml(cell.text())
    return document.toPlainText()


def printed(data: bytes | None) -> str:
    assert data is not None
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def edit_own_copy(qtbot, page: GuidesPage, title: str) -> None:
    select(page, SLUG)
    page.edit_button.click()
    editor = page.dialog
    editor.title.setText(title)
    editor.save_button.click()
    assert page.current.editable and page.current.title == title


def test_send_now_brings_the_coordinators_guide_to_the_page_and_its_print(
    window: Window, coordinator, page: GuidesPage, answers, tmp_path: Path
) -> None:
    select(page, SLUG)
    assert not page.current.from_coordinator
    publish(coordinator, tmp_path)
    with window.qtbot.waitSignal(page._desk.signals.reloaded, timeout=20_000):
        window.send_now()
    assert window.status.sync.text().endswith("· 1 guide updated by your coordinator")

    entry = page.current
    assert entry.slug == SLUG and entry.from_coordinator  # the page reloaded by itself
    row = page.model.row_of(SLUG, "en")
    assert page.model.index(row, GuideColumn.SOURCE).data() == "Your coordinator"
    assert page.about.text().startswith("From your coordinator (version 1, received 20.11.2026)")
    assert not page.update_bar.isVisible()  # no own copy: nothing to choose
    assert MARK in printed(page.preview.data)
    target = tmp_path / "sheet.pdf"
    answers.paths.append(target)
    page.save_button.click()
    assert MARK in printed(target.read_bytes())


def test_an_own_copy_shows_the_changes_and_the_coordinators_version_can_be_undone(
    qtbot, window: Window, coordinator, page: GuidesPage, library, tmp_path: Path
) -> None:
    edit_own_copy(qtbot, page, "My prescription guide")
    own_file = library.user_dir / SLUG / "en.toml"
    own_text = own_file.read_text(encoding="utf-8")
    publish(coordinator, tmp_path)
    window.send_now()

    assert page.current.title == "My prescription guide"  # the own copy still wins
    bar = page.update_bar
    assert (
        bar.isVisible() and bar.note.text() == "Your coordinator updated this guide on 20.11.2026."
    )
    bar.see_changes_button.click()
    dialog = bar.dialog
    assert isinstance(dialog, GuideChangesDialog) and dialog.isVisible()
    title, _summary, first, *rest = dialog.row_labels
    assert plain(title[0]) == "Title\nChanged"
    assert plain(title[1]) == "My prescription guide"
    assert plain(title[2]) == library.bundled(SLUG, "en").title
    assert plain(first[0]) == "Step 1\nChanged"
    # The changed words in bold and underlined, not in colour alone; the rest as it was.
    assert "<b><u>" in first[2].text() and plain(first[2]).startswith(MARK)
    assert "<u>" not in first[1].text() and MARK not in plain(first[1])
    assert all(plain(row[0]).endswith("Same") for row in rest)
    dialog.only_differences.click()
    assert title[0].isVisible() and first[2].isVisible()
    assert not any(cell.isVisible() for row in rest for cell in row)

    dialog.use_button.click()
    assert not dialog.isVisible()
    assert page.current.from_coordinator and not own_file.exists()
    assert MARK in printed(page.preview.data)
    assert not bar.isVisible()
    assert page.notice.action.text() == "Undo"

    page.notice.action.click()
    assert own_file.read_text(encoding="utf-8") == own_text
    assert page.current.title == "My prescription guide" and bar.isVisible()

    bar.see_changes_button.click()
    bar.dialog.keep_button.click()
    assert not bar.isVisible() and page.current.title == "My prescription guide"
    window.send_now()  # nothing new: still not asked
    assert not bar.isVisible()
    publish(coordinator, tmp_path, mark="Second correction: ")
    window.send_now()
    assert bar.isVisible()  # a newer version asks again


def test_a_withdrawn_guide_leaves_and_the_own_copy_stays(
    qtbot, window: Window, coordinator, page: GuidesPage, library, tmp_path: Path
) -> None:
    publish(coordinator, tmp_path)
    window.send_now()
    page.language.setCurrentIndex(page.language.findData(""))  # every language
    edit_own_copy(qtbot, page, "My prescription guide")
    assert library.get(SLUG, "fi").from_coordinator

    db = coordinator.coordinator.settings.db_url
    assert coordinator_cli(["--db", db, "guides", "withdraw", SLUG]) == 0
    with qtbot.waitSignal(page._desk.signals.reloaded, timeout=20_000):
        window.send_now()
    assert not any(e.from_coordinator for e in library.guides())
    assert library.get(SLUG, "en").title == "My prescription guide"
    select(page, SLUG, "fi")
    assert page.model.index(page.model.row_of(SLUG, "fi"), GuideColumn.SOURCE).data() == "Bundled"
    select(page, SLUG, "en")
    assert page.current.editable and not page.update_bar.isVisible()
