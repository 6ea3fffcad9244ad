"""Alt+letter means the same control in Finnish, Swedish and English, and no letter is used
twice in one form: checked on the real window's forms and dialogs, built in each language."""

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from homesupport.domain.follow_ups import FollowUp
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import set_language
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.services.guides import GuideLibrary
from homesupport.services.idle_lock import IdleLock
from homesupport.services.store import open_store
from homesupport.ui.app.launch import Gui
from homesupport.ui.common.pin_dialog import PinDialog
from homesupport.ui.common.widgets import keyed
from homesupport.ui.follow_ups.reschedule import RescheduleDialog
from homesupport.ui.guides.editor import GuideEditor
from homesupport.ui.guides.options import PrintOptionsBar

LANGUAGES = ("fi", "sv", "en")
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonics(window: QWidget) -> list[str]:
    """The Alt letters of ``window``'s labels (with a field to jump to) and buttons, in the
    order the controls were made (the same in every language)."""
    letters = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        if isinstance(widget, QLabel | QAbstractButton) and (
            found := _MNEMONIC.search(widget.text())
        ):
            letters.append(found.group(1).upper())
    return letters


def forms(qapp, data_dir, clock, codes, language: str) -> dict[str, list[str]]:
    """Every form and dialog with Alt letters, in ``language``."""
    set_language(language)
    gui = Gui(
        qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language=language, dark=False
    )
    assert gui.unlock()
    window = gui.open_window()
    seen: dict[str, list[str]] = {}
    try:
        gui.finish_start()
        sessions = window.page("sessions")
        sessions.new_button.click()
        seen["session form"] = mnemonics(sessions.form)
        sessions.form.reject()
        clients = window.page("clients")
        clients.new_button.click()
        seen["client"] = mnemonics(clients.dialog)
        clients.dialog.reject()
        window.show_page("settings")
        seen["settings"] = mnemonics(window.page("settings"))
        kit = gui.kit()
        library = GuideLibrary.open(data_dir, codes)
        entry = library.guides(language)[0]
        seen["guide editor"] = mnemonics(GuideEditor(library, kit, entry.guide, entry))
        seen["print options"] = mnemonics(PrintOptionsBar(kit, lambda text: []))
        seen["PIN"] = mnemonics(PinDialog(IdleLock.for_store(gui.store, clock)))
        today = clock().date()
        due = FollowUp(1, today, today - dt.timedelta(days=14), None, None, ("email",), "")
        seen["reschedule"] = mnemonics(RescheduleDialog(due, today))
    finally:
        window.retire()
        gui.close()
        QApplication.processEvents()
    return seen


@pytest.fixture
def profiled(data_dir, clock, memory_keyring):
    store = open_store(Paths.resolve(data_dir), clock)
    store.save_profile(SupporterProfile(name="Aino", municipality="091"))
    store.close()


def test_each_alt_letter_means_the_same_control_in_every_language(
    qapp, qtbot, data_dir, clock, codes, profiled
):
    found = {language: forms(qapp, data_dir, clock, codes, language) for language in LANGUAGES}
    for name, english in found["en"].items():
        assert english, f"{name}: no Alt letters found"
        for language in LANGUAGES:
            letters = found[language][name]
            assert len(set(letters)) == len(letters), f"{name} in {language}: {letters}"
            assert letters == english, f"{name}: {language} {letters} != en {english}"
    # The issue seen: Topics was Alt+H/Alt+N/Alt+T, and Alt+T was Result in Finnish.
    assert "T" in found["fi"]["session form"] and "U" in found["fi"]["session form"]


def test_the_key_is_underlined_where_the_word_has_it_and_shown_where_it_has_not():
    assert keyed("Aiheet", "T") == "Aihee&t"
    assert keyed("Ämnen", "T") == "Ämnen (&T)"
    assert keyed("Kenelle:", "F") == "Kenelle (&F):"
    assert keyed("Ki&eli", "L") == "Kie&li"  # a translation's own & is not kept
    assert keyed("Q && A", "A") == "Q && &A"
