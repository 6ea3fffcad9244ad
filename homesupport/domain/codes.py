"""The code list of DESIGN.md §3 and the Finnish municipalities, with their labels.

Codes are stored everywhere; labels are shown. A label in any of the three languages (or the
code itself) resolves back to its code, case-insensitively, for imports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY_VERSION = "2026.1"
LANGUAGES = ("fi", "sv", "en")

# The code lists a session refers to.
LISTS = (
    "topic_group",
    "topic",
    "mode",
    "programme",
    "age_band",
    "language",
    "outcome",
    "device",
    "duration_band",
)


@dataclass(frozen=True)
class Code:
    list: str
    code: str
    group: str | None
    labels: Mapping[str, str]

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["fi"]


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str | None
    region_fi: str

    def label(self, language: str) -> str:
        if language == "sv" and self.name_sv:
            return self.name_sv
        return self.name_fi


def _normalise(text: str) -> str:
    return " ".join(text.strip().casefold().split())


@dataclass(frozen=True)
class CodeList:
    """All codes, grouped by list, in file order (which is the order people see them)."""

    codes: tuple[Code, ...]
    _by_list: dict[str, tuple[Code, ...]] = field(init=False, repr=False, compare=False)
    _lookup: dict[tuple[str, str], str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_list: dict[str, list[Code]] = {}
        lookup: dict[tuple[str, str], str] = {}
        for code in self.codes:
            by_list.setdefault(code.list, []).append(code)
            lookup[(code.list, _normalise(code.code))] = code.code
        for code in self.codes:  # labels after codes, so a code always wins over a label
            for label in code.labels.values():
                lookup.setdefault((code.list, _normalise(label)), code.code)
        object.__setattr__(self, "_by_list", {k: tuple(v) for k, v in by_list.items()})
        object.__setattr__(self, "_lookup", lookup)

    @classmethod
    def from_csv(cls, path: Path) -> CodeList:
        return cls.from_text(path.read_text(encoding="utf-8"))

    @classmethod
    def from_text(cls, text: str) -> CodeList:
        rows = csv.DictReader(io.StringIO(text))
        return cls(
            tuple(
                Code(
                    list=row["list"],
                    code=row["code"],
                    group=row["group"] or None,
                    labels={lang: row[lang] for lang in LANGUAGES},
                )
                for row in rows
            )
        )

    def of(self, list_name: str) -> tuple[Code, ...]:
        return self._by_list.get(list_name, ())

    def codes_of(self, list_name: str) -> tuple[str, ...]:
        return tuple(c.code for c in self.of(list_name))

    def is_valid(self, list_name: str, code: str) -> bool:
        return (list_name, _normalise(code)) in self._lookup and self._lookup[
            (list_name, _normalise(code))
        ] == code

    def resolve(self, list_name: str, text: str) -> str | None:
        """The code for a code or a label in any language, or None."""
        return self._lookup.get((list_name, _normalise(text)))

    def get(self, list_name: str, code: str) -> Code | None:
        return next((c for c in self.of(list_name) if c.code == code), None)

    def label(self, list_name: str, code: str, language: str) -> str:
        found = self.get(list_name, code)
        return found.label(language) if found else code

    def topics_by_group(self) -> list[tuple[Code | None, tuple[Code, ...]]]:
        """Topic groups with their topics; ungrouped topics (``other``) come last under None."""
        groups: list[tuple[Code | None, tuple[Code, ...]]] = [
            (group, tuple(t for t in self.of("topic") if t.group == group.code))
            for group in self.of("topic_group")
        ]
        loose = tuple(t for t in self.of("topic") if t.group is None)
        if loose:
            groups.append((None, loose))
        return groups


@dataclass(frozen=True)
class Municipalities:
    items: tuple[Municipality, ...]
    _by_code: dict[str, Municipality] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, str] = {}
        for m in self.items:
            by_name[_normalise(m.name_fi)] = m.code
            if m.name_sv:
                by_name.setdefault(_normalise(m.name_sv), m.code)
        object.__setattr__(self, "_by_code", {m.code: m for m in self.items})
        object.__setattr__(self, "_by_name", by_name)

    @classmethod
    def from_csv(cls, path: Path) -> Municipalities:
        with path.open(encoding="utf-8", newline="") as handle:
            return cls.from_rows(csv.DictReader(handle))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, str]]) -> Municipalities:
        return cls(
            tuple(
                Municipality(r["code"], r["name_fi"], r["name_sv"] or None, r["region_fi"])
                for r in rows
            )
        )

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Municipality | None:
        return self._by_code.get(code)

    def resolve(self, text: str) -> str | None:
        """The code for a code (``91`` or ``091``) or a Finnish/Swedish name, or None."""
        cleaned = text.strip()
        if cleaned.isdigit() and len(cleaned) <= 3:
            padded = cleaned.zfill(3)
            return padded if padded in self._by_code else None
        return self._by_name.get(_normalise(cleaned))

    def label(self, code: str, language: str) -> str:
        found = self._by_code.get(code)
        return found.label(language) if found else code

    def search(self, text: str, language: str, limit: int = 20) -> list[Municipality]:
        """Type-ahead: names starting with the text first, then names containing it."""
        needle = _normalise(text)
        if not needle:
            return []
        starts, contains = [], []
        for m in self.items:
            names = [_normalise(m.name_fi)] + ([_normalise(m.name_sv)] if m.name_sv else [])
            if any(n.startswith(needle) for n in names) or m.code.startswith(needle):
                starts.append(m)
            elif any(needle in n for n in names):
                contains.append(m)
        key = lambda m: m.label(language).casefold()  # noqa: E731
        return (sorted(starts, key=key) + sorted(contains, key=key))[:limit]


def duration_band(minutes: int) -> str:
    """DESIGN.md §3: lt30 (< 30), 30to60 (30–60 inclusive), gt60 (> 60)."""
    if minutes < 30:
        return "lt30"
    if minutes <= 60:
        return "30to60"
    return "gt60"
