"""What the mapping dialog's choosers offer, and the choices made read back into a mapping.

A column's choice is a field name, IGNORE, or "flag:FIELD:CODE" for a column whose ticks add
CODE to FIELD; the words' and defaults' choices are codes. Nothing here shows anything: the
dialog (ui/import_mapping_dialog.py) fills its tables from these lists and asks
:func:`read_mapping` for the mapping its choices make.
"""

from __future__ import annotations

from collections.abc import Mapping

from homesupport.domain.import_mapping import FIELD_LISTS, IGNORE, ImportMapping
from homesupport.domain.importing import COLUMNS, REQUIRED
from homesupport.i18n import N_, _
from homesupport.ui.common.kit import Kit

FIELD_NAMES = {
    "date": N_("Date"),
    "start": N_("Start time"),
    "minutes": N_("Duration"),
    "travel_minutes": N_("Travel time"),
    "mode": N_("Mode"),
    "programme": N_("Programme"),
    "client": N_("Client"),
    "age_band": N_("Age band"),
    "language": N_("Language"),
    "municipality": N_("Municipality"),
    "participants": N_("Participants"),
    "topics": N_("Topics"),
    "devices": N_("Devices"),
    "outcome": N_("Outcome"),
    "follow_up": N_("Follow-up date"),
    "notes": N_("Notes"),
}
TICK_NAMES = {
    "topics": N_("Ticked: topic “{label}”"),
    "devices": N_("Ticked: device “{label}”"),
    "mode": N_("Ticked: mode “{label}”"),
}
FLAG = "flag"  # a column target "flag:FIELD:CODE": the column's ticks add CODE to FIELD


def flag_target(field_name: str, code: str) -> str:
    return f"{FLAG}:{field_name}:{code}"


def column_choice(mapping: ImportMapping, heading: str) -> str:
    """The choice a mapping makes for a heading ("" for none)."""
    target = mapping.target_of(heading)
    if target is None:
        return ""
    field_name, code = target
    return field_name if code is None else flag_target(field_name, code)


def provided_fields(targets: Mapping[str, str]) -> set[str]:
    """The fields the columns' choices fill (a tick column fills its field)."""
    return {t.split(":")[1] if t.startswith(FLAG) else t for t in targets.values()}


def column_choices(kit: Kit) -> list[tuple[str, str]]:
    """(choice, label) for a heading: every field, ignore, and each code a tick can add."""
    choices = [(name, _(FIELD_NAMES[name])) for name in COLUMNS]
    choices.append((IGNORE, _("Ignore this column")))
    for field_name, template in TICK_NAMES.items():
        for code in kit.codes.of(FIELD_LISTS[field_name]):
            text = _(template).format(label=code.label(kit.language))
            choices.append((flag_target(field_name, code.code), text))
    return choices


def code_choices(kit: Kit, field_name: str) -> list[tuple[str, str]]:
    """(code, label) for a word of a coded field, "Ignore" last."""
    if field_name == "municipality":
        items = sorted(kit.municipalities.items, key=lambda m: m.label(kit.language).casefold())
        choices = [(m.code, m.label(kit.language)) for m in items]
    else:
        choices = [(c.code, c.label(kit.language)) for c in kit.codes.of(FIELD_LISTS[field_name])]
    return [*choices, (IGNORE, _("Ignore"))]


def read_mapping(
    targets: Mapping[str, str],
    words: Mapping[str, Mapping[str, str]],
    defaults: Mapping[str, str],
    split: Mapping[str, tuple[str, ...]],
    header_row: int | None,
) -> ImportMapping:
    """The mapping the choices make: ``targets`` heading -> column choice, ``words`` field ->
    word -> code, ``defaults`` field -> value. Open choices ("") are left out, and so are
    words, defaults and separators of fields no column fills any more."""
    columns: dict[str, str] = {}
    flags: dict[str, dict[str, str]] = {}
    for heading, choice in targets.items():
        if choice.startswith(FLAG + ":"):
            _flag, field_name, code = choice.split(":", 2)
            flags.setdefault(field_name, {})[heading] = code
        elif choice:
            columns[heading] = choice
    in_use = set(columns.values()) | set(flags)
    values = {
        field_name: {w: c for w, c in chosen.items() if c}
        for field_name, chosen in words.items()
        if field_name in in_use and chosen
    }
    kept_defaults = {f: v for f, v in defaults.items() if f not in in_use or f not in REQUIRED}
    kept_split = {f: s for f, s in split.items() if f in in_use}
    return ImportMapping(columns, values, flags, kept_defaults, kept_split, header_row)
