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
    GUIDE_TABLE,
    OTHER_MUNICIPALITY,
    OWN_GUIDES,
    SESSION_TABLES,
    TOTALS,
)
from homesupport.domain.report_names import TABLE_NAMES, TOTAL_NAMES
from homesupport.i18n import N_

# Long lists read best largest first; short ordinal ones (age bands...) in code-list order.
GUIDES = f"sessions.{GUIDE_TABLE}"
BY_SIZE = {"sessions.topic", "clients.municipality", GUIDES}
TABLES = (
    *(f"sessions.{t}" for t in ("topic", "mode", "programme")),
    *(f"clients.{t}" for t in ("age_band", "language", "municipality")),
    *(f"sessions.{t}" for t in ("outcome", "duration_band", "device")),
    GUIDES,  # format 1.1: only reports of newer app versions carry it
)
EMPTY = N_("Nothing reported.")
# Reports from app versions before format 1.1 do not say which guides were given.
EMPTY_GUIDES = N_("No report of this period names the guides given.")


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
    empty: str = EMPTY  # untranslated: what the page says when there are no rows


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
        guide_titles: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.codes = codes
        self.municipalities = municipalities
        self.lang = lang
        self.gettext = gettext
        self.guide_titles = guide_titles or {}  # slug -> language -> title

    def label(self, table: str, code: str) -> str:
        if table == GUIDES:
            return self.guide(code)
        list_name = list_of(table)
        if list_name == "municipality":
            if code == OTHER_MUNICIPALITY:
                return self.gettext("Other municipalities")
            return self.municipalities.label(code, self.lang)
        found = self.codes.get(list_name, code)
        return found.label(self.lang) if found else self.gettext("Unknown code")

    def guide(self, slug: str) -> str:
        """The guide's title in the page language (else another), else its slug."""
        if slug == OWN_GUIDES:
            return self.gettext("Supporters’ own guides")
        titles = self.guide_titles.get(slug, {})
        return titles.get(self.lang) or next(iter(sorted(titles.items())), ("", slug))[1]

    def order(self, table: str) -> dict[str, int]:
        if table == GUIDES:
            return {}
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
                    c in (OTHER_MUNICIPALITY, OWN_GUIDES),
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
        empty = EMPTY_GUIDES if table == GUIDES else EMPTY
        result.append(Table(table, TABLE_NAMES[table], rows, empty))
    return result
