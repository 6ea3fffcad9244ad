"""Pydantic models of the protocol; every request model forbids unknown fields.

The report body is described from the code list so the OpenAPI document names every code;
the authoritative check is still ``validate_report`` (it also knows k and the sums).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model

from homesupport.domain.codes import TAXONOMY_VERSION, CodeList, Municipalities
from homesupport.domain.report_format import (
    CLIENT_TABLES,
    FORMAT,
    GUIDE_TABLE,
    MAX_K,
    MAX_REVISION,
    MIN_K,
    OTHER_MUNICIPALITY,
    SESSION_TABLES,
    TOTALS,
)

STRICT = ConfigDict(extra="forbid")
Period = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
SuppressedCell = Annotated[str, StringConstraints(pattern=r"^<\d{1,3}$")]


def _printable(name: str) -> str:
    """A device's name is shown in terminals and on the dashboard: printable text only."""
    if not name.isprintable():
        raise ValueError("a device name is printable text: no control or formatting characters")
    return name


DeviceName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_printable),
]


class EnrolRequest(BaseModel):
    model_config = STRICT
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    device_name: DeviceName


class Policy(BaseModel):
    model_config = STRICT
    k: int


class EnrolResponse(BaseModel):
    model_config = STRICT
    device_id: str
    token: str
    policy: Policy


class PolicyResponse(BaseModel):
    model_config = STRICT
    k: int
    locked_periods: list[Period]
    # v1.1: the report format revisions accepted ("1.1" adds sessions.guide)
    report_formats: list[str]


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]


class GuideCatalogueItem(BaseModel):
    """One published guide: its newest version and what a laptop checks its download against."""

    model_config = STRICT
    slug: Slug
    version: int = Field(ge=1)
    sha256: str = Field(description="SHA-256 (hex) of the guide's .zip")
    languages: list[Literal["fi", "sv", "en"]]
    checked_on: dict[str, str] = Field(description="language -> date the guide was last checked")


class Receipt(BaseModel):
    model_config = STRICT
    period: Period
    revision: int
    sha256: str
    received_at: str = Field(description="UTC, ISO 8601, e.g. 2026-11-02T08:15:00Z")
    sessions: int


class Problem(BaseModel):
    model_config = STRICT
    path: str = Field(description="JSON path of the problem, e.g. $.clients.age_band")
    message: str


class ErrorResponse(BaseModel):
    model_config = STRICT
    error: str
    message: str
    problems: list[Problem] = []
    receipt: Receipt | None = None


class Health(BaseModel):
    model_config = STRICT
    status: str
    database: str


def _model(name: str, fields: dict[str, Any]) -> type[BaseModel]:
    return create_model(name, __config__=STRICT, **fields)


def report_model(codes: CodeList, municipalities: Municipalities) -> type[BaseModel]:
    """The report of DESIGN.md §5 as a model, with every table's codes spelled out.

    Cells are optional but never null: only non-zero cells appear in a report.
    """
    count = Annotated[int, Field(ge=0)]
    cell = Annotated[int, Field(ge=1)]
    client_cell = cell | SuppressedCell

    def table(name: str, codes_: tuple[str, ...], value: Any) -> type[BaseModel]:
        fields: dict[str, Any] = {
            f"c_{code}": (value, Field(default=None, alias=code)) for code in codes_
        }
        return _model(name, fields)

    def group(name: str, tables: dict[str, type[BaseModel]]) -> type[BaseModel]:
        return _model(name, {t: (m, ...) for t, m in tables.items()})

    municipality_codes = (*(m.code for m in municipalities.items), OTHER_MUNICIPALITY)
    session_tables = {
        t: table(f"Sessions_{t}", codes.codes_of(list_name), cell)
        for t, list_name in SESSION_TABLES.items()
    }
    client_tables = {
        t: table(
            f"Clients_{t}",
            municipality_codes if list_name == "municipality" else codes.codes_of(list_name),
            client_cell,
        )
        for t, list_name in CLIENT_TABLES.items()
    }
    # Format 1.1: the optional guide table, guide slug (or "own") -> sessions.
    sessions = _model(
        "SessionTables",
        {
            **{t: (m, ...) for t, m in session_tables.items()},
            GUIDE_TABLE: (dict[Slug, cell], Field(default_factory=dict)),
        },
    )
    totals = _model(
        "Totals",
        {
            name: ((count | SuppressedCell) if name in ("clients", "new_clients") else count, ...)
            for name in TOTALS
        },
    )
    fields: dict[str, Any] = {
        "format": (Literal[FORMAT], ...),
        "taxonomy": (Literal[TAXONOMY_VERSION], ...),
        "period": (Period, ...),
        "report_id": (str, Field(pattern=r"^[0-9a-f-]{36}$")),
        "revision": (int, Field(ge=1, le=MAX_REVISION)),
        "k": (int, Field(ge=MIN_K, le=MAX_K)),
        "totals": (totals, ...),
        "sessions": (sessions, ...),
        "clients": (group("ClientTables", client_tables), ...),
    }
    return _model("MonthlyReport", fields)
