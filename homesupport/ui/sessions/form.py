"""The session form: a dialog that always says which session it edits. Fast with the keyboard:
Alt+1…5 pick 15/30/45/60/90 minutes, Alt+underlined letter jumps to a field, Space ticks a
topic, Ctrl+S saves, Esc cancels. It starts from the last choices (SessionService)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.clients import Client, with_client_attributes
from homesupport.domain.formatting import (
    NOT_A_TIME,
    date_text,
    minutes_text,
    parse_time_text,
    time_text,
)
from homesupport.domain.privacy import check_text
from homesupport.domain.sessions import (
    MAX_MINUTES,
    MAX_NOTES,
    MAX_PARTICIPANTS,
    MAX_TRAVEL_MINUTES,
    Problem,
    Session,
)
from homesupport.i18n import N_, _
from homesupport.services.clients import ClientService
from homesupport.services.sessions import InvalidSession, SessionService
from homesupport.ui.clients.picker import ClientPicker
from homesupport.ui.common.fit import fit_to_screen
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.privacy_hint import PrivacyHint
from homesupport.ui.common.profile_form import municipality_completer
from homesupport.ui.common.session_opening import OpenSessionForm
from homesupport.ui.common.widgets import (
    Card,
    ChoiceChip,
    add_field_row,
    button,
    keyed,
    label,
    named,
    pydate,
    qdate,
    repolish,
    save_cancel_row,
    show_field_problems,
)
from homesupport.ui.guides.picker import GuidePicker
from homesupport.ui.sessions.topic_picker import TopicPicker

PRESETS = (15, 30, 45, 60, 90)
_TIME = QRegularExpression(r"^(([01]?\d|2[0-3])[:.][0-5]\d)?$")
# Problems about things the form has no field for still need a place to be seen.
_GENERAL = "general"


STACK_BELOW_WIDTH = 1000
COLUMNS_MARGIN = 90  # the dialog's margins and the scroll bar, beside the columns


class SessionForm(AsksBeforeDiscarding, QDialog):
    saved = Signal(object)  # the stored Session
    minutes: QSpinBox  # made in _when_card, after the presets that set it

    def __init__(
        self,
        service: SessionService,
        kit: Kit,
        session: Session,
        parent: QWidget | None = None,
        clients: ClientService | None = None,
        guides: GuideDesk | None = None,
    ) -> None:
        """With ``clients`` the form links the session to a client (type-ahead)."""
        super().__init__(parent)
        self._service = service
        self._kit = kit
        self._original = session
        self._clients = clients
        self.setObjectName("SessionForm")
        self.setWindowTitle(self._heading())
        self.setAccessibleName(self._heading())
        fit_to_screen(self, 1120, 880)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        heading = label(self._heading(), "title")
        heading.setAccessibleName(self._heading())
        subtitle = label(self._subtitle(), "subtitle")

        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(self._when_card())
        left.addWidget(self._how_card())
        left.addWidget(self._client_card())
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(self._topics_card(), 1)
        right.addWidget(self._result_card())
        self.guide_picker: GuidePicker | None = None
        if guides is not None:  # guides given: last in the right column and in the Tab order
            right.addWidget(self._guides_card(guides))
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        self._columns = columns
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.general_error = label("", "error", wrap=True)
        self.general_error.hide()
        self._errors[_GENERAL] = self.general_error
        buttons, self.cancel_button, self.save_button = save_cancel_row(
            self, _("Save session"), kit.icons.get("check", "on_accent"), self.save
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.save)
        self._load(session)
        self.watch_changes(self.session)
        if session.id is None:  # the rest starts from the last choices; topics never do
            self.topic_picker.search.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # On a small laptop screen, or in large text, the two columns would squeeze each other
        # (or be cut on the right): stack them, and the scroll area takes the height instead.
        columns = self._columns
        side_by_side = columns.spacing() + sum(
            item.minimumSize().width()
            for i in range(columns.count())
            if (item := columns.itemAt(i)) is not None
        )
        stacked = self.width() < max(STACK_BELOW_WIDTH, side_by_side + COLUMNS_MARGIN)
        self._columns.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        super().resizeEvent(event)

    # --- layout -----------------------------------------------------------------------------
    def _heading(self) -> str:
        if self._original.id is None:
            return _("New session")
        return _("Edit session of {date}").format(date=date_text(self._original.date))

    def _subtitle(self) -> str:
        s = self._original
        if s.id is None:
            return _("Filled in with your last choices. Change what differs and save.")
        parts = [date_text(s.date)]
        if s.start:
            parts.append(time_text(s.start))
        parts += [minutes_text(s.minutes), self._kit.label("mode", s.mode)]
        return " · ".join(parts)

    def _field(self, form: QFormLayout, name: str, text: str, widget: QWidget, a11y: str) -> None:
        self._errors[name] = add_field_row(form, text, widget, a11y)
        self._fields[name] = widget

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _combo(self, list_name: str, optional: bool, none_text: str = "") -> QComboBox:
        combo = QComboBox()
        if optional:
            combo.addItem(none_text or _("Not recorded"), None)
        for code in self._kit.codes.of(list_name):
            combo.addItem(code.label(self._kit.language), code.code)
        return combo

    def _when_card(self) -> Card:
        card = Card(_("When"))
        form = self._form()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d.M.yyyy")
        self._field(form, "date", keyed(_("Date"), "D"), self.date, _("Date"))
        self.start = QLineEdit()
        self.start.setPlaceholderText(_("hh:mm, optional"))
        self.start.setValidator(QRegularExpressionValidator(_TIME, self.start))
        hint = self.start.fontMetrics().horizontalAdvance(self.start.placeholderText())
        self.start.setMaximumWidth(max(160, hint + 24))  # the hint whole, in any text size
        self._field(form, "start", keyed(_("Start time"), "S"), self.start, _("Start time"))

        duration = QWidget()
        row = QHBoxLayout(duration)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        # One of N: radio buttons (a screen reader says "radio button, 2 of 5"), drawn as chips.
        self.preset_buttons: dict[int, ChoiceChip] = {}
        self._presets = QButtonGroup(self)
        for number, minutes in enumerate(PRESETS, start=1):
            preset = ChoiceChip(str(minutes), _("{n} minutes").format(n=minutes))
            self._presets.addButton(preset)
            # A window-wide shortcut: it works whichever field has the focus.
            QShortcut(QKeySequence(f"Alt+{number}"), self).activated.connect(preset.click)
            preset.setToolTip(_("{n} minutes (Alt+{key})").format(n=minutes, key=number))
            preset.clicked.connect(lambda _c=False, m=minutes: self.minutes.setValue(m))
            self.preset_buttons[minutes] = preset
            row.addWidget(preset)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_MINUTES)
        self.minutes.setSuffix(" " + _("min"))
        self.minutes.setAccessibleName(_("Duration in minutes"))
        self.minutes.valueChanged.connect(self._sync_presets)
        row.addWidget(self.minutes)
        row.addStretch(1)
        self._field(form, "minutes", _("Duration"), duration, _("Duration"))
        duration.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.travel = QSpinBox()
        self.travel.setRange(0, MAX_TRAVEL_MINUTES)
        self.travel.setSuffix(" " + _("min"))
        self.travel.setMaximumWidth(160)
        self._field(
            form, "travel_minutes", keyed(_("Travel time"), "I"), self.travel, _("Travel time")
        )
        card.add(form)
        return card

    def _how_card(self) -> Card:
        card = Card(_("How"))
        form = self._form()
        self.mode = self._combo("mode", optional=False)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._field(form, "mode", keyed(_("Mode"), "O"), self.mode, _("Mode"))
        self.programme = self._combo("programme", optional=False)
        self._field(form, "programme", keyed(_("Programme"), "M"), self.programme, _("Programme"))
        self.participants = QSpinBox()
        self.participants.setRange(1, MAX_PARTICIPANTS)
        self.participants.setMaximumWidth(160)
        self._field(
            form,
            "participants",
            keyed(_("Participants"), "A"),
            self.participants,
            _("Participants"),
        )
        card.add(form)
        return card

    def _client_card(self) -> Card:
        card = Card(_("Client"))
        form = self._form()
        self.client_picker: ClientPicker | None = None
        if self._clients is not None:  # link to the client register
            self.client_picker = ClientPicker(
                self._clients, self._kit, self._service.today, self._client_template
            )
            self.client_picker.chosen.connect(self._client_chosen)
            self._field(form, "client", keyed(_("Client"), "K"), self.client_picker, _("Client"))
            self.client_picker.setAccessibleName(_("Client"))
        self.age_band = self._combo("age_band", optional=True)
        self._field(form, "age_band", keyed(_("Age"), "G"), self.age_band, _("Age band"))
        self.language = self._combo("language", optional=True)
        self._field(
            form, "language", keyed(_("Language"), "L"), self.language, _("Client's language")
        )
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(_("Start typing a municipality"))
        self.municipality.setClearButtonEnabled(True)
        self.municipality.setCompleter(municipality_completer(self._kit, self.municipality))
        self._field(
            form,
            "municipality",
            keyed(_("Municipality"), "N"),
            self.municipality,
            _("Municipality"),
        )
        card.add(form)
        return card

    def _topics_card(self) -> Card:
        card = Card()
        caption = label(keyed(_("Topics"), "T"), "section")
        self.topic_picker = TopicPicker(self._kit, recent=self._service.recent_topics())
        caption.setBuddy(self.topic_picker.search)
        card.add(caption)
        card.add(self.topic_picker, 1)
        error = label("", "error", wrap=True)
        error.hide()
        self._errors["topics"] = error
        self._fields["topics"] = self.topic_picker.tree
        card.add(error)
        return card

    def _result_card(self) -> Card:
        card = Card(_("Result"))
        form = self._form()
        devices = QWidget()
        grid = QGridLayout(devices)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.device_buttons: dict[str, QPushButton] = {}
        for i, code in enumerate(self._kit.codes.of("device")):
            chip = button(code.label(self._kit.language), role="chip")
            chip.setCheckable(True)
            self.device_buttons[code.code] = chip
            grid.addWidget(chip, i // 2, i % 2)  # two columns: long labels fit a laptop
        devices.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._field(form, "devices", _("Devices"), devices, _("Devices"))
        self.outcome = self._combo("outcome", optional=True, none_text=_("Not recorded"))
        self._field(form, "outcome", keyed(_("Outcome"), "U"), self.outcome, _("Outcome"))

        follow = QWidget()
        row = QHBoxLayout(follow)
        row.setContentsMargins(0, 0, 0, 0)
        self.follow_up_on = named(QCheckBox(_("Follow up on")), _("Plan a follow-up"))
        self.follow_up = named(QDateEdit(), _("Follow-up date"))
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("d.M.yyyy")
        self.follow_up_on.toggled.connect(self.follow_up.setEnabled)
        row.addWidget(self.follow_up_on)
        row.addWidget(self.follow_up, 1)
        follow.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._field(form, "follow_up", _("Follow-up"), follow, _("Follow-up"))

        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(84)
        self.notes.setPlaceholderText(_("What was done, what to remember next time"))
        self.notes.textChanged.connect(self._notes_changed)
        self._field(form, "notes", keyed(_("Notes"), "E"), self.notes, _("Notes"))
        self.notes_counter = label("", "muted")
        self.notes_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow("", self.notes_counter)
        check = self._clients.privacy_warnings if self._clients else check_text
        self.privacy_hint = PrivacyHint(self.notes, check)
        form.addRow("", self.privacy_hint)
        card.add(form)
        card.add(
            label(
                _(
                    "Notes stay on this laptop. Never write health details, identity codes "
                    "(henkilötunnus) or passwords here."
                ),
                "note",
                wrap=True,
            )
        )
        return card

    def _guides_card(self, guides: GuideDesk) -> Card:
        card = Card(_("Guides given"))
        picker = self.guide_picker = GuidePicker(guides, self._kit)
        self.topic_picker.changed.connect(lambda: picker.set_topics(self.topic_picker.topics()))
        card.add(picker)
        return card

    # --- values -----------------------------------------------------------------------------
    def _load(self, s: Session) -> None:
        self.date.setDate(qdate(s.date))
        self.start.setText(time_text(s.start) if s.start else "")
        self.minutes.setValue(s.minutes)
        self._sync_presets(s.minutes)
        self.travel.setValue(s.travel_minutes)
        self._select(self.mode, s.mode)
        self._select(self.programme, s.programme)
        self.participants.setValue(s.participants or 1)
        self._mode_changed()
        self._select(self.age_band, s.age_band)
        self._select(self.language, s.language)
        self.municipality.setText(
            self._kit.municipalities.label(s.municipality, self._kit.language)
            if s.municipality
            else ""
        )
        self.topic_picker.set_topics(s.topics)
        if self.guide_picker is not None:
            self.guide_picker.set_topics(s.topics)
            self.guide_picker.set_guides(s.guides)
        for code, chip in self.device_buttons.items():
            chip.setChecked(code in s.devices)
        self._select(self.outcome, s.outcome)
        self.follow_up_on.setChecked(s.follow_up is not None)
        self.follow_up.setDate(qdate(s.follow_up or s.date + dt.timedelta(days=14)))
        self.follow_up.setEnabled(s.follow_up is not None)
        self.notes.setPlainText(s.notes)
        self._notes_changed()
        self.privacy_hint.refresh()
        if self.client_picker is not None and self._clients is not None:
            client = self._clients.get(s.client_id) if s.client_id is not None else None
            label = self._clients.label(s.client_id) if client and s.client_id else None
            self.client_picker.set_client(client, label or "")

    @staticmethod
    def _select(combo: QComboBox, code: str | None) -> None:
        index = combo.findData(code)
        combo.setCurrentIndex(max(0, index))

    def session(self) -> Session | Problem:
        """The session as typed, or the one problem the form itself can see."""
        try:
            start = parse_time_text(self.start.text())
        except ValueError:  # the validator lets "9:" or "9" through while it is typed
            return Problem("start", NOT_A_TIME, {"value": self.start.text().strip()})
        municipality = None
        if text := self.municipality.text().strip():
            municipality = self._kit.municipalities.resolve(text)
            if municipality is None:
                return Problem(
                    "municipality", N_("Unknown municipality: {value}."), {"value": text}
                )
        group = self.mode.currentData() == "group"
        linked = self._original.client_id
        if self.client_picker is not None:
            linked = self.client_picker.client_id
        return dataclasses.replace(
            self._original,
            client_id=linked,
            client_nickname=self._original.client_nickname if linked else None,
            date=pydate(self.date.date()),
            start=start,
            minutes=self.minutes.value(),
            travel_minutes=self.travel.value(),
            mode=self.mode.currentData(),
            programme=self.programme.currentData(),
            participants=self.participants.value() if group else None,
            age_band=self.age_band.currentData(),
            language=self.language.currentData(),
            municipality=municipality,
            topics=self.topic_picker.topics(),
            devices=tuple(c for c, b in self.device_buttons.items() if b.isChecked()),
            outcome=self.outcome.currentData(),
            follow_up=pydate(self.follow_up.date()) if self.follow_up_on.isChecked() else None,
            notes=self.notes.toPlainText(),
            guides=self.guide_picker.guides() if self.guide_picker else self._original.guides,
        )

    def save(self) -> None:
        candidate = self.session()
        if isinstance(candidate, Problem):
            self.show_problems([candidate])
            return
        try:
            stored = self._service.save(candidate)
        except InvalidSession as invalid:
            self.show_problems(invalid.problems)
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
    def _sync_presets(self, value: int) -> None:
        # Minutes typed in the box may match no chip: the group lets go of its one checked.
        self._presets.setExclusive(False)
        for minutes, preset in self.preset_buttons.items():
            preset.setChecked(minutes == value)
        self._presets.setExclusive(True)

    def _client_template(self, nickname: str) -> Client:
        """A client created from the form starts with the form's age band, language and
        municipality."""
        session = self.session()
        if isinstance(session, Problem):
            session = self._original
        return Client(
            nickname=nickname,
            age_band=session.age_band,
            language=session.language,
            municipality=session.municipality,
        )

    def _client_chosen(self, client: Client | None) -> None:
        if client is None or self._clients is None:
            return
        # A linked session copies the client's attributes (DESIGN.md §4).
        current = self.session()
        base = current if isinstance(current, Session) else self._original
        prefilled = with_client_attributes(base, client)
        self._select(self.age_band, prefilled.age_band)
        self._select(self.language, prefilled.language)
        m = prefilled.municipality
        self.municipality.setText(
            self._kit.municipalities.label(m, self._kit.language) if m else ""
        )

    def _mode_changed(self) -> None:
        self.participants.setEnabled(self.mode.currentData() == "group")

    def _notes_changed(self) -> None:
        length = len(self.notes.toPlainText())
        self.notes_counter.setText(f"{length} / {MAX_NOTES}")
        self.notes_counter.setProperty("role", "error" if length > MAX_NOTES else "muted")
        repolish(self.notes_counter)


def session_form_opener(
    service: SessionService,
    kit: Kit,
    clients: ClientService | None = None,
    guides: GuideDesk | None = None,
) -> OpenSessionForm:
    """How other pages open this form: shown at once, ``on_saved`` told of the stored session."""

    def open_form(
        session: Session, parent: QWidget, on_saved: Callable[[Session], None]
    ) -> QDialog:
        form = SessionForm(service, kit, session, parent, clients=clients, guides=guides)
        form.saved.connect(on_saved)
        form.open()
        return form

    return open_form
