"""Import mapping v1 (DESIGN.md §8): sheets with their own headings and words.

A mapping says which of the sheet's headings holds which field of §8, which code each of the
sheet's words means, which tick columns (one column per choice, as survey tools export a
multiple-choice question) add a code, what every row gets for a field the sheet lacks, and
how multi-value cells are split. It is a TOML file (:func:`load_mapping`,
:func:`render_toml`), or the mapping dialog's state.

Reading a sheet's headings and suggesting a mapping is :mod:`homesupport.domain.import_sheet`;
importing the sheet with a mapping is :mod:`homesupport.domain.import_mapped`.

Value keys compare with case, surrounding and repeated spaces and dash variants ignored
(:func:`value_key`); headings with case and spacing ignored (:func:`heading_key`).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.importing import (
    COLUMNS,
    Cell,
    ImportProblem,
)
from homesupport.i18n import N_

IGNORE = "ignore"
# Fields whose cells hold codes, and the list of codes.csv they come from.
FIELD_LISTS: Mapping[str, str] = {
    "mode": "mode",
    "programme": "programme",
    "age_band": "age_band",
    "language": "language",
    "outcome": "outcome",
    "topics": "topic",
    "devices": "device",
}
CODED_FIELDS = (*FIELD_LISTS, "municipality")
MULTI_FIELDS = ("topics", "devices")
# Several columns may feed these (e.g. "Aihe 1", "Aihe 2"; "Huom." and "Lisätiedot").
SHARED_FIELDS = ("topics", "devices", "notes")
DEFAULT_SPLIT = (";",)

_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")

Translate = Callable[[str], str]


def value_key(text: str) -> str:
    """How a cell's word is compared: case, spaces and dash variants ignored."""
    return _DASHES.sub("-", " ".join(text.casefold().split()))


def heading_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").casefold().split())


def cell_text(cell: Cell) -> str:
    """A cell as the text a person sees (integral floats without ``.0``)."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ", timespec="minutes").removesuffix(" 00:00")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


# --- the mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportMapping:
    """The contents of a mapping file. Keys are written as in the sheet."""

    columns: Mapping[str, str] = field(default_factory=dict)  # heading -> field or IGNORE
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> word -> code
    flags: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> heading -> code
    defaults: Mapping[str, str] = field(default_factory=dict)  # field -> value
    split: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> separators
    header_row: int | None = None

    def target_of(self, heading: str) -> tuple[str, str | None] | None:
        """(field, None) for a column, (field, code) for a tick column, or None."""
        key = heading_key(heading)
        for written, target in self.columns.items():
            if heading_key(written) == key:
                return target, None
        for field_name, flags in self.flags.items():
            for written, code in flags.items():
                if heading_key(written) == key:
                    return field_name, code
        return None

    def separators(self, field_name: str) -> tuple[str, ...]:
        return self.split.get(field_name) or DEFAULT_SPLIT


@dataclass(frozen=True)
class Draft:
    """A mapping and what a person still has to complete: headings without a field, words
    without a code, required fields without a column or default."""

    mapping: ImportMapping
    open_columns: tuple[str, ...] = ()
    open_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    open_defaults: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.open_columns or any(self.open_values.values()) or self.open_defaults)


def _mapping_problem(message: str, **params: object) -> ImportProblem:
    return ImportProblem(None, None, message, {k: str(v) for k, v in params.items()})


def load_mapping(
    text: str, codes: CodeList, municipalities: Municipalities
) -> tuple[ImportMapping | None, list[ImportProblem]]:
    """A mapping file's text, checked against the fields and code lists; codes may also be
    written as labels. Problems name the section and key."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [
            _mapping_problem(N_("The mapping is not valid TOML: {reason}."), reason=error)
        ]
    problems: list[ImportProblem] = []
    known = {"header_row", "columns", "values", "flags", "defaults", "split"}
    for key in document:
        if key not in known:
            problems.append(_mapping_problem(N_("Unknown section “{name}”."), name=key))
    header_row = document.get("header_row")
    if header_row is not None and (
        not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1
    ):
        problems.append(_mapping_problem(N_("header_row must be a row number, 1 or more.")))
        header_row = None

    def table(name: str) -> dict[str, object]:
        value = document.get(name, {})
        if isinstance(value, dict):
            return value
        problems.append(_mapping_problem(N_("“{name}” must be a table."), name=name))
        return {}

    columns: dict[str, str] = {}
    for heading, target in table("columns").items():
        if not isinstance(target, str) or (target not in COLUMNS and target != IGNORE):
            problems.append(
                _mapping_problem(
                    N_("[columns] “{heading}”: “{target}” is not a field; write one of {fields}."),
                    heading=heading,
                    target=target,
                    fields=", ".join((*COLUMNS, IGNORE)),
                )
            )
        else:
            columns[heading] = target

    def code_of(section: str, field_name: str, key: str, value: object) -> str | None:
        resolved = _resolve_code(field_name, value, codes, municipalities)
        if resolved is None:
            problems.append(
                _mapping_problem(
                    N_("[{section}] “{key}”: “{value}” is not a code of {field}."),
                    section=section,
                    key=key,
                    value=value,
                    field=field_name,
                )
            )
        return resolved

    values: dict[str, dict[str, str]] = {}
    for field_name, words in table("values").items():
        section = f"values.{field_name}"
        if field_name not in CODED_FIELDS or not isinstance(words, dict):
            problems.append(_not_coded(section, field_name))
            continue
        checked: dict[str, str] = {}
        for word, value in words.items():
            if value == IGNORE:
                checked[word] = IGNORE
            elif (code := code_of(section, field_name, word, value)) is not None:
                checked[word] = code
        values[field_name] = checked
    flags: dict[str, dict[str, str]] = {}
    for field_name, headings in table("flags").items():
        section = f"flags.{field_name}"
        if field_name not in FIELD_LISTS or not isinstance(headings, dict):
            problems.append(_not_coded(section, field_name))
            continue
        flags[field_name] = {
            heading: code
            for heading, value in headings.items()
            if (code := code_of(section, field_name, heading, value)) is not None
        }
    defaults: dict[str, str] = {}
    for field_name, value in table("defaults").items():
        if field_name not in COLUMNS:
            problems.append(
                _mapping_problem(N_("[defaults] “{name}” is not a field."), name=field_name)
            )
        elif field_name in CODED_FIELDS:
            if (code := code_of("defaults", field_name, field_name, value)) is not None:
                defaults[field_name] = code
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            defaults[field_name] = cell_text(value)
        else:
            problems.append(
                _mapping_problem(N_("[defaults] “{name}” needs a value."), name=field_name)
            )
    split: dict[str, tuple[str, ...]] = {}
    for field_name, separators in table("split").items():
        if field_name not in MULTI_FIELDS:
            problems.append(
                _mapping_problem(
                    N_("[split] “{name}”: only {fields} hold several values."),
                    name=field_name,
                    fields=", ".join(MULTI_FIELDS),
                )
            )
        elif not (
            isinstance(separators, list)
            and separators
            and all(isinstance(s, str) and s for s in separators)
        ):
            problems.append(
                _mapping_problem(
                    N_('[split] “{name}” must be a list of separators, e.g. [";", ","].'),
                    name=field_name,
                )
            )
        else:
            split[field_name] = tuple(separators)
    if problems:
        return None, problems
    mapping = ImportMapping(columns, values, flags, defaults, split, header_row)
    return mapping, []


def _not_coded(section: str, field_name: str) -> ImportProblem:
    return _mapping_problem(
        N_("[{section}]: “{name}” is not a field with codes."), section=section, name=field_name
    )


def _resolve_code(
    field_name: str, value: object, codes: CodeList, municipalities: Municipalities
) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if field_name == "municipality":
        return municipalities.resolve(text)
    return codes.resolve(FIELD_LISTS[field_name], text)


# --- writing TOML -----------------------------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(
        f"\\u{ord(c):04X}" if (ord(c) < 0x20 or ord(c) == 0x7F) else c for c in escaped
    )
    return f'"{escaped}"'


def render_toml(
    draft: Draft,
    codes: CodeList,
    language: str,
    translate: Translate,
    title: Sequence[str] = (),
) -> str:
    """The draft as a mapping file: known entries as TOML, open ones as commented lines with
    the choices listed, so a person completes the file by removing ``#`` and filling in."""
    mapping = draft.mapping
    lines = [f"# {line}" for line in title]
    if mapping.header_row is not None:
        lines.append(f"header_row = {mapping.header_row}")
    lines += ["", "[columns]"]
    lines += [f"{toml_string(h)} = {toml_string(t)}" for h, t in mapping.columns.items()]
    if draft.open_columns:
        lines.append(
            "# " + translate(N_("Not recognised: choose a field or “ignore” and remove the #."))
        )
        lines.append("# " + ", ".join((*COLUMNS, IGNORE)))
        lines += [f'# {toml_string(h)} = ""' for h in draft.open_columns]
    for field_name, flags in mapping.flags.items():
        if flags:
            lines += ["", f"[flags.{field_name}]"]
            lines += [f"{toml_string(h)} = {toml_string(c)}" for h, c in flags.items()]
    fields = [f for f in CODED_FIELDS if mapping.values.get(f) or draft.open_values.get(f)]
    for field_name in fields:
        lines += ["", f"[values.{field_name}]"]
        words = mapping.values.get(field_name, {})
        lines += [f"{toml_string(w)} = {toml_string(c)}" for w, c in words.items()]
        open_words = draft.open_values.get(field_name, ())
        if open_words:
            lines.append(
                "# " + translate(N_("Not recognised: write a code or “ignore” and remove the #."))
            )
            lines += _code_choices(field_name, codes, language)
            lines += [f'# {toml_string(w)} = ""' for w in open_words]
    if mapping.defaults or draft.open_defaults:
        lines += ["", "[defaults]"]
        lines += [f"{f} = {toml_string(v)}" for f, v in mapping.defaults.items()]
        for field_name in draft.open_defaults:
            lines.append(
                "# "
                + translate(N_("No column holds “{field}”: give every row a value.")).format(
                    field=field_name
                )
            )
            lines += _code_choices(field_name, codes, language)
            lines.append(f'# {field_name} = ""')
    if mapping.split:
        lines += ["", "[split]"]
        for field_name, separators in mapping.split.items():
            listed = ", ".join(toml_string(s) for s in separators)
            lines.append(f"{field_name} = [{listed}]")
    return "\n".join(lines).lstrip("\n") + "\n"


def _code_choices(field_name: str, codes: CodeList, language: str) -> list[str]:
    if field_name not in FIELD_LISTS:
        return []
    return [
        f"#   {code.code} = {code.label(language)}" for code in codes.of(FIELD_LISTS[field_name])
    ]
