"""First start: language, profile, the recovery key (shown once, with a printable sheet), and
a word on the coordinator. Choosing a language rebuilds the steps in that language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import LANGUAGE_NAMES, _
from homesupport.services.idle_lock import IdleLock
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.pin_dialog import PinFields
from homesupport.ui.common.profile_form import ProfileForm
from homesupport.ui.common.recovery_sheet import save_recovery_sheet
from homesupport.ui.common.widgets import button, label


class SetupWizard(AsksBeforeDiscarding, QDialog):
    """``recovery_key`` is None when the store existed already (only the profile is missing);
    then the key step is left out. ``save_profile`` stores the finished profile. With
    ``idle_lock`` (a secure keyring exists) a step offers the screen-lock PIN; it is optional,
    as the recovery key always unlocks. Esc, Cancel and the window's close button ask before
    throwing away a typed profile or PIN; nothing typed, they simply close."""

    def __init__(
        self,
        kit_for: Callable[[str], Kit],
        language: str,
        on_language: Callable[[str], None],
        save_profile: Callable[[SupporterProfile], None],
        recovery_key: str | None,
        data_dir: Path,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
        idle_lock: IdleLock | None = None,
        municipality: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._idle_lock = idle_lock
        self._default_municipality = municipality  # the administrator's pre-configuration
        self._kit_for = kit_for
        self._on_language = on_language
        self._save_profile = save_profile
        self._recovery_key = recovery_key
        self._data_dir = data_dir
        self._today = today
        self.language = language
        self.profile: SupporterProfile | None = None
        self.sheet: Path | None = None
        self.setMinimumSize(720, 560)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._body: QWidget | None = None
        self._build(step=0)

    # --- building (again after a language change) --------------------------------------------
    def _build(self, step: int) -> None:
        if self._body is not None:
            self._body.deleteLater()
        self.kit = self._kit_for(self.language)
        self.setWindowTitle(_("Welcome to HomeSupport"))
        self._body = QWidget()
        self.steps = QStackedWidget()
        self.steps.addWidget(self._language_step())
        self.steps.addWidget(self._profile_step())
        if self._recovery_key:
            self.steps.addWidget(self._key_step())
        self.pin_fields: PinFields | None = None
        if self._idle_lock is not None:
            self.steps.addWidget(self._pin_step(self._idle_lock))
        self.steps.addWidget(self._coordinator_step())
        # What counts as unchanged is the empty form in this language (the municipality's
        # name is in it); a profile already gone past is then a change.
        self.profile_form.set_profile(
            SupporterProfile(name="", municipality=self._default_municipality)
        )
        self.watch_changes(self._typed)
        if self.profile is not None:
            self.profile_form.set_profile(self.profile)
        self.progress = label("", "muted")
        self.cancel = button(_("Cancel"))
        self.cancel.clicked.connect(self.reject)
        self.back = button(_("Back"))
        self.back.clicked.connect(lambda: self._go(self.steps.currentIndex() - 1))
        self.next = button(_("Next"), role="primary")
        self.next.setDefault(True)
        self.next.clicked.connect(self._forward)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        body = QVBoxLayout(self._body)
        body.setContentsMargins(36, 30, 36, 24)
        body.setSpacing(14)
        body.addWidget(self.steps, 1)
        body.addLayout(buttons)
        self._layout.addWidget(self._body)
        self._body.show()  # at once, not on the next event-loop turn
        self._go(step)

    def _page(self, title: str, intro: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(label(title, "title"))
        layout.addWidget(label(intro, "subtitle", wrap=True))
        return page, layout

    def _language_step(self) -> QWidget:
        logo = QLabel()
        logo.setPixmap(self.kit.icons.app_icon().pixmap(64, 64))
        page, layout = self._page(
            _("Welcome to HomeSupport"),
            _(
                "A session log and guide sheets for digital support. Everything stays on this "
                "computer, encrypted. First, choose the language."
            ),
        )
        layout.insertWidget(0, logo)
        self.language_buttons = QButtonGroup(page)
        for code, name in LANGUAGE_NAMES:
            choice = QRadioButton(name)
            choice.setAccessibleName(name)
            choice.setChecked(code == self.language)
            # Typing-only edits in this file while another change to it is under way; the fix:
            # ``self._language_chosen(c) if on else None``.
            choice.toggled.connect(lambda on, c=code: self._language_chosen(c) if on else None)
            self.language_buttons.addButton(choice)
            layout.addWidget(choice)
        layout.addStretch(1)
        return page

    def _profile_step(self) -> QWidget:
        page, layout = self._page(
            _("About you"),
            _(
                "Your name and contact are printed on the guide sheets you give to clients. "
                "Your home municipality and programme fill in new sessions."
            ),
        )
        self.profile_form = ProfileForm(self.kit)
        layout.addWidget(self.profile_form)
        layout.addStretch(1)
        return page

    def _key_step(self) -> QWidget:
        page, layout = self._page(
            _("Your recovery key"),
            _(
                "Your data is encrypted. If this computer's password store is ever lost, only "
                "this key opens it again. It is shown this once: print the sheet or write the "
                "key down, and keep it apart from the laptop."
            ),
        )
        groups = (self._recovery_key or "").split("-")
        half = (len(groups) + 1) // 2
        # Two lines of groups are easier to copy by hand than one long wrapped line.
        key = QLabel("-".join(groups[:half]) + "-\n" + "-".join(groups[half:]))
        key.setProperty("role", "secret")
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        key.setWordWrap(True)
        key.setAccessibleName(_("Recovery key"))
        layout.addWidget(key)
        self.print_button = button(_("Print this sheet…"), self.kit.icons.get("print"))
        self.print_button.clicked.connect(self.print_sheet)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.stored = QCheckBox(_("I have stored the recovery key safely"))
        self.stored.setAccessibleName(_("I have stored the recovery key safely"))
        self.stored.toggled.connect(self._update_buttons)
        layout.addWidget(self.stored)
        layout.addStretch(1)
        return page

    def _pin_step(self, lock: IdleLock) -> QWidget:
        page, layout = self._page(
            _("A PIN for the screen lock"),
            _(
                "When you step away, HomeSupport hides your data after a while. A short PIN "
                "opens it again; the recovery key always works too. You can skip this and set "
                "a PIN later in Settings."
            ),
        )
        self.pin_fields = PinFields(lock)
        layout.addWidget(self.pin_fields)
        layout.addStretch(1)
        return page

    def _coordinator_step(self) -> QWidget:
        page, layout = self._page(
            _("Monthly statistics"),
            _(
                "If your coordinator collects anonymous monthly statistics, you connect to them "
                "later in Settings. Until then nothing leaves this computer."
            ),
        )
        layout.addWidget(
            label(
                _("You are ready. Log your first session with “New session”."), "section", wrap=True
            )
        )
        layout.addStretch(1)
        return page

    def _typed(self) -> object:
        form = self.profile_form
        pin = self.pin_fields
        return (
            form.name.text().strip(),
            form.organisation.text().strip(),
            form.contact.text().strip(),
            form.municipality.text().strip(),
            form.programme.currentData(),
            (pin.pin.text(), pin.again.text()) if pin is not None else None,
        )

    # --- moving -------------------------------------------------------------------------------
    def _language_chosen(self, code: str) -> None:
        if code != self.language:
            # What is typed, checked or not, comes back in the rebuilt steps: a person who went
            # back to change the language must not type it all again. A municipality found by
            # name comes back under its name in the new language.
            form = self.profile_form
            texts = [field.text() for field in self._typed_fields()]
            place = self.kit.municipalities.resolve(form.municipality.text().strip())
            programme = form.programme.currentData()
            self.language = code
            self._on_language(code)
            self._build(step=0)
            for field, text in zip(self._typed_fields(), texts, strict=True):
                field.setText(text)
            form = self.profile_form
            if place is not None:
                form.municipality.setText(self.kit.municipalities.label(place, code))
            form.programme.setCurrentIndex(max(0, form.programme.findData(programme)))

    def _typed_fields(self) -> list[QLineEdit]:
        form = self.profile_form
        fields = [form.name, form.organisation, form.contact, form.municipality]
        if self.pin_fields is not None:
            fields += [self.pin_fields.pin, self.pin_fields.again]
        return fields

    def _go(self, index: int) -> None:
        self.steps.setCurrentIndex(max(0, min(index, self.steps.count() - 1)))
        last = self.steps.currentIndex() == self.steps.count() - 1
        self.back.setVisible(self.steps.currentIndex() > 0)
        self.next.setText(_("Start using HomeSupport") if last else _("Next"))
        self.next.setAccessibleName(self.next.text())
        self.progress.setText(
            _("Step {n} of {total}").format(
                n=self.steps.currentIndex() + 1, total=self.steps.count()
            )
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        on_key_step = self._recovery_key and self.steps.currentIndex() == 2
        self.next.setEnabled(not on_key_step or self.stored.isChecked())

    def _forward(self) -> None:
        index = self.steps.currentIndex()
        if index == 1:
            profile = self.profile_form.profile(self.language)
            if profile is None:
                return
            self.profile = profile
        if (
            self.pin_fields is not None
            and self.steps.currentWidget() is self.pin_fields.parentWidget()
            and not self.pin_fields.is_empty()
            and not self.pin_fields.save()
        ):
            return  # the reason is shown under the fields
        if index == self.steps.count() - 1:
            assert self.profile is not None  # set on the profile step, which every run passes
            self._save_profile(self.profile)
            self.accept()
            return
        self._go(index + 1)

    def print_sheet(self) -> Path | None:
        owner = self.profile.name if self.profile else ""
        self.sheet = (
            save_recovery_sheet(
                self,
                self.kit.dialogs,
                self._recovery_key or "",
                owner,
                self._data_dir,
                self._today(),
            )
            or self.sheet
        )
        return self.sheet
