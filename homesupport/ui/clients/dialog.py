"""New or edit client: nickname (never a full name), age band, language, municipality,
consent date and scope, short notes with the privacy hint. Ctrl+S saves, Esc cancels."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.clients import (
    CONSENT_SCOPE_LABELS,
    CONSENT_SCOPES,
    MAX_CLIENT_NOTES,
    MAX_NICKNAME,
    Client,
    nickname_key,
)
from homesupport.domain.sessions import Problem
from homesupport.i18n import N_, _
from homesupport.services.clients import ClientGone, ClientService, InvalidClient
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.privacy_hint import PrivacyHint
from homesupport.ui.common.profile_form import municipality_completer
from homesupport.ui.common.widgets import (
    add_field_row,
    keyed,
    label,
    named,
    pydate,
    qdate,
    repolish,
    save_cancel_row,
    show_field_problems,
)

UNKNOWN_CODE = "unknown"


class ClientDialog(AsksBeforeDiscarding, QDialog):
    saved = Signal(object)  # the stored Client

    def __init__(
        self,
        service: ClientService,
        kit: Kit,
        client: Client,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._kit = kit
        self._original = client
        self.setObjectName("ClientDialog")
        title = _("New client") if client.id is None else _("Edit client")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(620)
        self.resize(660, 640)  # room for the notes field (the style sheet's min-height wins)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.nickname = QLineEdit()
        self.nickname.setMaxLength(MAX_NICKNAME)
        self.nickname.setPlaceholderText(_("A first name or a nickname, never a full name"))
        self.nickname.textChanged.connect(self._nickname_changed)
        self.duplicate_hint = label("", "muted", wrap=True)
        self.duplicate_hint.hide()
        self._row(form, "nickname", keyed(_("Nickname"), "M"), self.nickname, _("Nickname"))
        form.addRow("", self.duplicate_hint)
        self.age_band = self._combo("age_band")
        self._row(form, "age_band", keyed(_("Age"), "G"), self.age_band, _("Age band"))
        self.language = self._combo("language")
        self._row(
            form, "language", keyed(_("Language"), "L"), self.language, _("Client's language")
        )
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(_("Start typing a municipality"))
        self.municipality.setClearButtonEnabled(True)
        self.municipality.setCompleter(municipality_completer(kit, self.municipality))
        self._row(
            form,
            "municipality",
            keyed(_("Municipality"), "N"),
            self.municipality,
            _("Municipality"),
        )

        consent = QWidget()
        box = QVBoxLayout(consent)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        first = QHBoxLayout()
        self.consent_given = named(QCheckBox(_("Consent given on")), _("Consent given"))
        self.consent_date = named(QDateEdit(), _("Consent date"))
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("d.M.yyyy")
        self.consent_date.setMaximumDate(qdate(today))
        self.consent_given.toggled.connect(self._consent_toggled)
        first.addWidget(self.consent_given)
        first.addWidget(self.consent_date)
        first.addStretch(1)
        box.addLayout(first)
        self.scopes: dict[str, QCheckBox] = {}
        for scope in CONSENT_SCOPES:
            text = _(CONSENT_SCOPE_LABELS[scope])
            self.scopes[scope] = named(QCheckBox(text), text)
            box.addWidget(self.scopes[scope])
        consent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._row(form, "consent_date", _("Consent"), consent, _("Consent"))
        self._errors["consent_scope"] = self._errors["consent_date"]

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes.setPlaceholderText(_("Short notes, e.g. hears poorly, prefers mornings"))
        self.notes.textChanged.connect(self._notes_changed)
        self._row(form, "notes", keyed(_("Notes"), "E"), self.notes, _("Notes"))
        self.notes_counter = label("", "muted")
        self.notes_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("", self.notes_counter)
        self.privacy_hint = PrivacyHint(self.notes, service.privacy_warnings)
        form.addRow("", self.privacy_hint)

        self.general_error = label("", "error", wrap=True)
        self.general_error.hide()
        buttons, self.cancel_button, self.save_button = save_cancel_row(
            self, _("Save client"), kit.icons.get("check", "on_accent"), self.save
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(label(title, "title"))
        layout.addWidget(
            label(
                _(
                    "Clients are optional and pseudonymous: a nickname you choose is enough. "
                    "Never store identity codes, passwords or health details."
                ),
                "subtitle",
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        self._load(client, today)
        self.watch_changes(self.client)

    # --- layout -----------------------------------------------------------------------------
    def _row(self, form: QFormLayout, name: str, text: str, widget: QWidget, a11y: str) -> None:
        self._errors[name] = add_field_row(form, text, widget, a11y)
        self._fields[name] = widget

    def _combo(self, list_name: str) -> QComboBox:
        """The list's choices after one "not known" choice: where the list has its own
        "unknown" code (age bands), that is the same thing, and shown once, as not recorded
        (the statistics count both alike)."""
        combo = QComboBox()
        codes = [c for c in self._kit.codes.of(list_name)]
        unknown = next((c for c in codes if c.code == UNKNOWN_CODE), None)
        if unknown is not None:
            codes.remove(unknown)
        combo.addItem(unknown.label(self._kit.language) if unknown else _("Not recorded"), None)
        for code in codes:
            combo.addItem(code.label(self._kit.language), code.code)
        return combo

    # --- values -----------------------------------------------------------------------------
    def _load(self, client: Client, today: dt.date) -> None:
        self.nickname.setText(client.nickname)
        self.age_band.setCurrentIndex(max(0, self.age_band.findData(client.age_band)))
        self.language.setCurrentIndex(max(0, self.language.findData(client.language)))
        m = client.municipality
        self.municipality.setText(
            self._kit.municipalities.label(m, self._kit.language) if m else ""
        )
        self.consent_given.setChecked(client.consent_date is not None)
        self.consent_date.setDate(qdate(client.consent_date or today))
        self._consent_toggled(client.consent_date is not None)
        for scope, box in self.scopes.items():
            box.setChecked(scope in client.consent_scope)
        self.notes.setPlainText(client.notes)
        self._notes_changed()
        self.privacy_hint.refresh()

    def client(self) -> Client | Problem:
        """The client as typed, or the one problem the dialog itself can see."""
        municipality = None
        if text := self.municipality.text().strip():
            municipality = self._kit.municipalities.resolve(text)
            if municipality is None:
                return Problem(
                    "municipality", N_("Unknown municipality: {value}."), {"value": text}
                )
        given = self.consent_given.isChecked()
        return dataclasses.replace(
            self._original,
            nickname=self.nickname.text().strip(),
            age_band=self.age_band.currentData(),
            language=self.language.currentData(),
            municipality=municipality,
            consent_date=pydate(self.consent_date.date()) if given else None,
            consent_scope=tuple(s for s, b in self.scopes.items() if given and b.isChecked()),
            notes=self.notes.toPlainText().strip(),
        )

    def save(self) -> None:
        candidate = self.client()
        if isinstance(candidate, Problem):
            self.show_problems([candidate])
            return
        try:
            stored = self._service.save(candidate)
        except InvalidClient as invalid:
            self.show_problems(invalid.problems)
            return
        except ClientGone as gone:
            self._kit.dialogs.warn(self, self.windowTitle(), error_text(gone))
            self.discard()
            return
        self.saved.emit(stored)
        self.accept()

    def show_problems(self, problems: list[Problem]) -> None:
        show_field_problems(
            self._errors,
            self._fields,
            self.general_error,
            ((p.field, _(p.message).format(**p.params)) for p in problems),
        )

    # --- reactions --------------------------------------------------------------------------
    def _nickname_changed(self, text: str) -> None:
        key = nickname_key(text)
        others = (
            [
                c
                for c in self._service.search(text, limit=5)
                if nickname_key(c.client.nickname) == key and c.client.id != self._original.id
            ]
            if key
            else []
        )
        # Duplicates are allowed; the age band and municipality tell them apart on screen.
        self.duplicate_hint.setText(
            _(
                "Another client is already called {name}. Give the age band and municipality "
                "so the two are told apart."
            ).format(name=text.strip())
            if others
            else ""
        )
        self.duplicate_hint.setVisible(bool(others))

    def _consent_toggled(self, on: bool) -> None:
        self.consent_date.setEnabled(on)
        for box in self.scopes.values():
            box.setEnabled(on)

    def _notes_changed(self) -> None:
        length = len(self.notes.toPlainText())
        self.notes_counter.setText(f"{length} / {MAX_CLIENT_NOTES}")
        self.notes_counter.setProperty("role", "error" if length > MAX_CLIENT_NOTES else "muted")
        repolish(self.notes_counter)
