"""The supporter's profile fields, shared by the first-run setup and Settings."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QLineEdit, QWidget

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import _
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import keyed, label, named


def municipality_completer(kit: Kit, parent: QWidget) -> QCompleter:
    """Type-ahead over every municipality, by its Finnish and its Swedish name."""
    names = sorted(
        {m.name_fi for m in kit.municipalities.items}
        | {m.name_sv for m in kit.municipalities.items if m.name_sv},
        key=str.casefold,
    )
    completer = QCompleter(QStringListModel(names, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
    return completer


class ProfileForm(QWidget):
    def __init__(self, kit: Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kit = kit
        self.name = named(QLineEdit(), _("Your name"))
        self.organisation = named(QLineEdit(), _("Organisation"))
        self.organisation.setPlaceholderText(_("e.g. the municipality or association"))
        self.contact = named(QLineEdit(), _("Phone or e-mail"))
        self.contact.setPlaceholderText(_("Printed on guide sheets"))
        self.municipality = named(QLineEdit(), _("Home municipality"))
        self.municipality.setPlaceholderText(_("Start typing a municipality"))
        self.municipality.setCompleter(municipality_completer(kit, self.municipality))
        self.programme = named(QComboBox(), _("Programme"))
        for code in kit.codes.of("programme"):
            self.programme.addItem(code.label(kit.language), code.code)
        self.error = label("", "error", wrap=True)
        self.error.hide()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        for text, widget in (
            (keyed(_("Name"), "N"), self.name),
            (keyed(_("Organisation"), "O"), self.organisation),
            (keyed(_("Phone or e-mail"), "P"), self.contact),
            (keyed(_("Home municipality"), "U"), self.municipality),
            (keyed(_("Programme"), "M"), self.programme),
        ):
            caption = label(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow("", self.error)

    def set_profile(self, profile: SupporterProfile | None) -> None:
        if profile is None:
            return
        self.name.setText(profile.name)
        self.organisation.setText(profile.organisation)
        self.contact.setText(profile.contact)
        self.municipality.setText(
            self._kit.municipalities.label(profile.municipality, self._kit.language)
            if profile.municipality
            else ""
        )
        self.programme.setCurrentIndex(max(0, self.programme.findData(profile.programme)))

    def profile(self, language: str) -> SupporterProfile | None:
        """The profile typed, or None after showing what is missing or wrong."""
        name = self.name.text().strip()
        municipality = None
        if text := self.municipality.text().strip():
            municipality = self._kit.municipalities.resolve(text)
        problem = ""
        if not name:
            problem = _("Please write your name; it is printed on the guide sheets.")
            self.name.setFocus()
        elif self.municipality.text().strip() and municipality is None:
            problem = _("“{text}” is not a Finnish municipality. Pick one from the list.").format(
                text=self.municipality.text().strip()
            )
            self.municipality.setFocus()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        if problem:
            return None
        return SupporterProfile(
            name=name,
            organisation=self.organisation.text().strip(),
            contact=self.contact.text().strip(),
            municipality=municipality,
            programme=self.programme.currentData(),
            language=language,
        )
