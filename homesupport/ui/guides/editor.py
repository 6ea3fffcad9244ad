"""Making and editing a guide: title, summary, topics, date checked, official address and
steps. Problems are shown as one types, under the field they are about; saving writes the
user's own copy (a bundled guide itself is never changed). Ctrl+S saves, Esc cancels."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.guides import (
    MAX_ADDRESS,
    MAX_SLUG,
    MAX_TITLE,
    Guide,
    GuideError,
    GuideProblem,
    validate_guide,
)
from homesupport.i18n import _
from homesupport.services.guides import GuideLibrary, LibraryGuide
from homesupport.ui.common.errors import fill
from homesupport.ui.common.fit import fit_to_screen
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import (
    Card,
    add_field_row,
    keyed,
    label,
    repolish,
    save_cancel_row,
)
from homesupport.ui.guides.steps import StepsEditor

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
GENERAL = ""
_STEP_FIELD = re.compile(r"steps\[(\d+)\]\.(\w+)")


def slug_from(title: str) -> str:
    """A slug from a title: 'Käytä Wilmaa' → 'kayta-wilmaa'."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", plain))[: MAX_SLUG - 10].strip("-")
    return slug or "my-guide"


class GuideEditor(AsksBeforeDiscarding, QDialog):
    saved = Signal(object)  # the stored LibraryGuide

    def __init__(
        self,
        library: GuideLibrary,
        kit: Kit,
        guide: Guide,
        source: LibraryGuide | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``source``: the library guide being edited (None for a new guide)."""
        super().__init__(parent)
        self._library = library
        self._kit = kit
        self._guide = guide
        self._source = source
        self._shown_all = False  # a new guide's empty fields are not errors until Save
        self._touched: set[str] = set()
        self.setWindowTitle(self._heading())
        self.setAccessibleName(self._heading())
        fit_to_screen(self, 920, 860)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE + 20)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(80)
        self.topics = QListWidget()
        self.topics.setFixedHeight(150)
        for code in sorted(kit.codes.of("topic"), key=lambda c: c.label(kit.language).casefold()):
            item = QListWidgetItem(code.label(kit.language))
            item.setData(CODE_ROLE, code.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.topics.addItem(item)
        self.topics_chosen = label("", "muted", wrap=True)  # the list scrolls; this does not
        self.topics.itemChanged.connect(lambda _i: self._show_topics())
        self.checked = QDateEdit()
        self.checked.setCalendarPopup(True)
        self.checked.setDisplayFormat("d.M.yyyy")
        self.checked.setMaximumWidth(180)
        self.address = QLineEdit()
        self.address.setMaxLength(MAX_ADDRESS + 20)
        self.address.setPlaceholderText("https://www.kanta.fi")
        self.steps = StepsEditor(kit, self._locate_image)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        rows = (
            ("title", keyed(_("Title"), "I"), self.title, _("Title")),
            ("summary", keyed(_("Summary"), "S"), self.summary, _("Summary")),
            ("topics", keyed(_("Topics"), "T"), self.topics, _("Topics")),
            ("checked", keyed(_("Checked on"), "K"), self.checked, _("Date the guide was checked")),
            ("address", keyed(_("Address"), "E"), self.address, _("Official address to type in")),
        )
        for name, caption, widget, a11y in rows:
            self._row(form, name, caption, widget, a11y)
            if name == "topics":
                form.addRow("", self.topics_chosen)
        details = Card(_("Guide"))
        details.add(form)
        steps = Card(_("Steps"))
        steps.add(
            label(
                _("One action per step. Say what the reader will see next."),
                "muted",
                wrap=True,
            )
        )
        steps_error = label("", "error", wrap=True)
        steps_error.hide()
        self._errors["steps"] = steps_error
        steps.add(steps_error)
        steps.add(self.steps)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.setSpacing(14)
        content_layout.addWidget(details)
        content_layout.addWidget(steps)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.general_error = label("", "error", wrap=True)
        self.general_error.hide()
        self._errors[GENERAL] = self.general_error
        buttons, _cancel, self.save_button = save_cancel_row(
            self, _("Save guide"), kit.icons.get("check", "on_accent"), self.save
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(label(self._heading(), "title"))
        role = "note" if source and source.bundled else "subtitle"
        self.explanation = label(self._explanation(), role, wrap=True)
        layout.addWidget(self.explanation)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

        self._load(guide)
        for name, signal in (
            ("title", self.title.textChanged),
            ("summary", self.summary.textChanged),
            ("topics", self.topics.itemChanged),
            ("checked", self.checked.dateChanged),
            ("address", self.address.textChanged),
            ("steps", self.steps.changed),
        ):
            signal.connect(lambda *_args, n=name: self._edited(n))
        self.watch_changes(self.guide)
        self.title.setFocus()

    # --- layout -------------------------------------------------------------------------------
    def _heading(self) -> str:
        if self._source is None:
            return _("New guide")
        return _("Edit “{title}”").format(title=self._source.title)

    def _explanation(self) -> str:
        language = self._kit.label("language", self._guide.language)
        if self._source is None:
            return _("A new guide of your own, in {language}.").format(language=language)
        if self._source.bundled:
            return _(
                "This guide came with the app and stays unchanged. Saving makes your own copy "
                "in {language}, used instead of it; delete your copy to get the original back."
            ).format(language=language)
        return _("Your own guide, in {language}.").format(language=language)

    def _row(self, form: QFormLayout, name: str, caption: str, widget: QWidget, a11y: str) -> None:
        self._errors[name] = add_field_row(form, caption, widget, a11y)
        self._fields[name] = widget

    # --- values -------------------------------------------------------------------------------
    def _load(self, guide: Guide) -> None:
        self.title.setText(guide.title)
        self.summary.setPlainText(guide.summary)
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            ticked = item.data(CODE_ROLE) in guide.topics
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.checked.setDate(QDate(guide.checked.year, guide.checked.month, guide.checked.day))
        self.address.setText(guide.address or "")
        self.steps.set_steps(guide.steps)
        self._show_topics()

    def _show_topics(self) -> None:
        chosen = ", ".join(self._kit.label("topic", code) for code in self.guide().topics)
        self.topics_chosen.setText(
            _("Chosen: {topics}").format(topics=chosen) if chosen else _("No topic chosen yet.")
        )

    def guide(self) -> Guide:
        """The guide as typed (not yet valid, perhaps)."""
        items = (self.topics.item(row) for row in range(self.topics.count()))
        day = self.checked.date()
        return replace(
            self._guide,
            title=self.title.text().strip(),
            summary=self.summary.toPlainText().strip(),
            topics=tuple(
                i.data(CODE_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked
            ),
            checked=dt.date(day.year(), day.month(), day.day()),
            address=self.address.text().strip() or None,
            steps=self.steps.steps(),
        )

    def _locate_image(self, name: str) -> Path | None:
        folders = [self._source.folder] if self._source else []
        folders += [self._library.user_dir / self._guide.slug]
        return next((f / name for f in folders if (f / name).is_file()), None)

    # --- checking and saving ------------------------------------------------------------------
    def problems(self) -> tuple[GuideProblem, ...]:
        known = frozenset(self._kit.codes.codes_of("topic"))
        return validate_guide(self.guide(), file=self._guide.slug, known_topics=known)

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self.show_problems(self.problems())

    def save(self) -> LibraryGuide | None:
        self._shown_all = True
        guide = self.guide()
        if self._source is None:  # a new guide gets its slug from its title when first saved
            guide = replace(guide, slug=self._library.new_slug(slug_from(guide.title)))
        problems = self.problems()
        if not problems:
            try:
                stored = self._library.save(guide, self.steps.images())
            except GuideError as error:
                problems = error.problems
            except OSError as error:
                problems = (GuideProblem(guide.slug, "", str(error.strerror or error)),)
            else:
                self.saved.emit(stored)
                self.accept()
                return stored
        self.show_problems(problems, focus=True)
        return None

    def show_problems(self, problems: tuple[GuideProblem, ...], focus: bool = False) -> None:
        """Each message under its field; a new guide's untouched fields stay quiet."""
        found: dict[str, list[str]] = {}
        steps: dict[int, dict[str, str]] = {}
        for problem in problems:
            text = fill(problem.message, dict(problem.params))
            text = text[:1].upper() + text[1:]  # catalogue ids are written to follow "field:"
            if match := _STEP_FIELD.fullmatch(problem.field):
                if self._source is None and not self._shown_all and "steps" not in self._touched:
                    continue
                steps.setdefault(int(match[1]), {})[match[2]] = text
                continue
            name = problem.field if problem.field in self._errors else GENERAL
            quiet = self._source is None and not self._shown_all
            if quiet and name not in self._touched:
                continue
            found.setdefault(name, []).append(text)
        for name, error in self._errors.items():
            error.setText("\n".join(found.get(name, [])))
            error.setVisible(name in found)
            if widget := self._fields.get(name):
                widget.setProperty("invalid", name in found)
                repolish(widget)
        for number, card in enumerate(self.steps.cards, start=1):
            card.show_errors(steps.get(number, {}))
        self.save_button.setToolTip(
            _("Save (Ctrl+S)") if not problems else _("Fix the problems shown first")
        )
        if focus:
            self._focus_first(found, steps)

    def _focus_first(self, found: dict[str, list[str]], steps: dict[int, dict[str, str]]) -> None:
        for name in ("title", "summary", "topics", "checked", "address"):
            if name in found:
                self._fields[name].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if steps:
            card = self.steps.cards[min(steps) - 1]
            field = next(iter(steps[min(steps)]))
            widget = {"tip": card.tip, "warning": card.warning, "image": card.choose}
            widget.get(field, card.text).setFocus(Qt.FocusReason.OtherFocusReason)
