"""How a report's figures read to people, shared by the CLI and the Statistics view: names of
totals and tables, code labels in the active language, and why some cells are hidden."""

from __future__ import annotations

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.report_format import (
    CLIENT_TABLES,
    GUIDE_TABLE,
    OPTIONAL_SESSION_TABLES,
    OTHER_MUNICIPALITY,
    OWN_GUIDES,
    SESSION_TABLES,
)
from homesupport.domain.report_names import TABLE_NAMES, TOTAL_NAMES
from homesupport.domain.statistics import ReportRow
from homesupport.i18n import N_, _

TABLE_ORDER = (
    "totals",
    *(f"sessions.{t}" for t in (*SESSION_TABLES, *OPTIONAL_SESSION_TABLES)),
    *(f"clients.{t}" for t in CLIENT_TABLES),
)
WHY_SUPPRESSED = N_(
    "A cell marked “<{k}” stands for 1 to {below} clients. Groups smaller than {k} are hidden "
    "so that no client can be recognised, and when only one cell of a table would be hidden, "
    "the next smallest is hidden too, so that it cannot be worked out from the others."
)
FEW_CLIENTS = N_(
    "This month has fewer than {k} clients, so the client tables are sent empty and the "
    "number of clients as “<{k}”."
)


def table_name(table: str) -> str:
    return _(TABLE_NAMES.get(table, table))


def cell_label(
    codes: CodeList, municipalities: Municipalities, table: str, code: str, language: str
) -> str:
    """The readable name of one cell's code (a total's name for ``totals``)."""
    if table == "totals":
        return _(TOTAL_NAMES.get(code, code))
    list_name = table.split(".", 1)[1]
    if list_name == GUIDE_TABLE:  # the slug is what is sent; the supporter's own are one cell
        return _("Your own guides") if code == OWN_GUIDES else code
    if list_name == "municipality":
        if code == OTHER_MUNICIPALITY:
            return _("Other municipalities")
        return municipalities.label(code, language)
    return codes.label(list_name, code, language)


def cell_value(row: ReportRow, k: int) -> str:
    return f"<{k}" if row.suppressed else str(row.value)
