"""Qt's own dialogs speak the app's language and words: its Finnish file dialog is complete and
says "Peruuta" like the rest of the app."""

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QPushButton

from homesupport.i18n import set_language
from homesupport.ui.app.translations import QtTranslations


@pytest.mark.parametrize(
    ("language", "words", "cancel"),
    [
        ("fi", {"&Sijainti:", "Tiedosto&nimi:", "Tiedostot&yyppi:"}, "Peruuta"),
        ("sv", {"&Titta i:", "Fil&namn:", "Filer av &typ:"}, "Avbryt"),
    ],
)
def test_the_file_dialog_is_translated(qapp, qtbot, language, words, cancel):
    translations = QtTranslations(qapp)
    set_language(language)
    translations.use(language)
    try:
        dialog = QFileDialog(None, "HomeSupport")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        shown = {
            w.text() for w in [*dialog.findChildren(QLabel), *dialog.findChildren(QPushButton)]
        }
        assert words | {cancel} <= shown, shown
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel
    finally:
        translations.use("en")
        set_language("en")
