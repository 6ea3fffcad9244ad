"""What the dashboard shows: labelled, honestly summed figures with bar lengths.

Codes never reach the page raw; their labels come from the code list in the page language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from homesupport.coordinator.storage.aggregates import Figure, Key
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.report_format import (
    CLIENT_TABLES,
    OTHER_MUNICIPALITY,
    SESSION_TABLES,
    TOTALS,
)
from homesupport.domain.report_names import TABLE_NAMES, TOTAL_NAMES

# Long lists read best largest first; short ordinal ones (age bands...) in code-list order.
BY_SIZE = {"sessions.topic", "clients.municipality"}
TABLES = (
    *(f"sessions.{t}" for t in ("topic", "mode", "programme")),
    *(f"clients.{t}" for t in ("age_band", "language", "municipality")),
    *(f"sessions.{t}" for t in ("outcome", "duration_band", "device")),
)


@dataclass(frozen=True)
class Row:
    label: str
    figure: Figure
    percent: float  # bar length, relative to the table's largest exact value


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: tuple[Row, ...]


def list_of(table: str) -> str:
    group, name = table.split(".")
    return (SESSION_TABLES if group == "sessions" else CLIENT_TABLES)[name]


class Labeller:
    def __init__(
        self,
        codes: CodeList,
        municipalities: Municipalities,
        lang: str,
        gettext: Callable[[str], str],
    ) -> None:
        self.codes = codes
        self.municipalities = municipalities
        self.lang = lang
        self.gettext = gettext

    def label(self, table: str, code: str) -> str:
        list_name = list_of(table)
        if list_name == "municipality":
            if code == OTHER_MUNICIPALITY:
                return self.gettext("Other municipalities")
            return self.municipalities.label(code, self.lang)
        found = self.codes.get(list_name, code)
        return found.label(self.lang) if found else self.gettext("Unknown code")

    def order(self, table: str) -> dict[str, int]:
        list_name = list_of(table)
        if list_name == "municipality":
            return {}
        return {code: i for i, code in enumerate(self.codes.codes_of(list_name))}


def totals(cells: Mapping[Key, Figure]) -> list[tuple[str, str, Figure]]:
    """(name, untranslated title, figure) for every total, zero included."""
    return [
        (name, TOTAL_NAMES[name], cells.get(("totals", name), Figure(0, 0, 0))) for name in TOTALS
    ]


def tables(cells: Mapping[Key, Figure], labeller: Labeller) -> list[Table]:
    result = []
    for table in TABLES:
        figures = {code: f for (t, code), f in cells.items() if t == table}
        order = labeller.order(table)
        if table in BY_SIZE:
            codes = sorted(
                figures,
                key=lambda c: (
                    c == OTHER_MUNICIPALITY,
                    -figures[c].value,
                    -figures[c].suppressed,
                    labeller.label(table, c),
                ),
            )
        else:
            codes = sorted(figures, key=lambda c: (order.get(c, len(order)), c))
        largest = max((f.value for f in figures.values()), default=0) or 1
        rows = tuple(
            Row(labeller.label(table, c), figures[c], round(100 * figures[c].value / largest, 1))
            for c in codes
        )
        result.append(Table(table, TABLE_NAMES[table], rows))
    return result
