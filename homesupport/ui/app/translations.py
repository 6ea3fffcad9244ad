"""Qt's own shipped translations (standard dialogs: file pickers, Yes/Cancel buttons), with a
few of their words from the app's catalogue: Qt's Finnish leaves parts of the file dialog in
English and says "Peru" where the app says "Peruuta"."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from homesupport.i18n import N_, _

# Qt's source text -> the app's message for it.
QT_WORDS = {
    "Cancel": N_("Cancel"),
    "&Look in:": N_("&Look in:"),
    "Files of &type:": N_("Files of &type:"),
    "Folder": N_("Folder"),
}


class _AppWords(QTranslator):
    """Asked before Qt's catalogue; None lets Qt's own translation answer."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        word = QT_WORDS.get(source)
        return _(word) if word else None


class QtTranslations:
    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []

    def use(self, language: str) -> None:
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        QLocale.setDefault(QLocale(language))
        if language == "en":
            return
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(self._app)
        if translator.load(f"qtbase_{language}", folder):
            self._app.installTranslator(translator)
            self._installed.append(translator)
        words = _AppWords(self._app)
        self._app.installTranslator(words)  # installed last: asked first
        self._installed.append(words)
