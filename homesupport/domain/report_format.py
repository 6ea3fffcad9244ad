"""The monthly report format v1 (DESIGN.md §5): its names and its canonical bytes.

Shared by the desktop app (which builds reports) and the coordinator (which validates them).

Revision 1.1 of the format adds one optional table, ``sessions.guide`` (guide slug -> sessions
in which that guide was given). It is additive: the ``format`` string stays
``homesupport.monthly/1`` (DESIGN.md §5), a report without the table (1.0) stays valid, and the
table's presence is what marks a 1.1 report (:func:`format_revision`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from homesupport.domain.codes import TAXONOMY_VERSION, CodeList, Municipalities

FORMAT = "homesupport.monthly/1"
DEFAULT_K = 5
MIN_K = 3

TOTALS = (
    "sessions",
    "minutes",
    "travel_minutes",
    "clients",
    "new_clients",
    "group_participants",
    "guides_given",
)
# report table -> the code list its cells come from
SESSION_TABLES = {
    "mode": "mode",
    "programme": "programme",
    "topic": "topic",
    "outcome": "outcome",
    "duration_band": "duration_band",
    "device": "device",
}
CLIENT_TABLES = {
    "age_band": "age_band",
    "language": "language",
    "municipality": "municipality",
}
OTHER_MUNICIPALITY = "other"
# Format 1.1: the optional session table of guides given. Only slugs both sides know are named
# (bundled guides, guides the coordinator published); a supporter's own guides count as "own",
# since their slugs come from titles a supporter typed (possibly a client's name).
GUIDE_TABLE = "guide"
OWN_GUIDES = "own"
OPTIONAL_SESSION_TABLES = (GUIDE_TABLE,)
FORMAT_REVISIONS = ("1.0", "1.1")
_GUIDE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_GUIDE_SLUG = 60


def format_revision(report: dict[str, Any]) -> str:
    """``"1.1"`` for a report carrying ``sessions.guide``, else ``"1.0"``."""
    sessions = report.get("sessions")
    return "1.1" if isinstance(sessions, dict) and GUIDE_TABLE in sessions else "1.0"


def suppressed_marker(k: int) -> str:
    """The string a primary- or secondary-suppressed cell becomes, e.g. ``"<5"``."""
    return f"<{k}"


def canonical_bytes(report: dict[str, Any]) -> bytes:
    """The exact bytes that leave the laptop; their SHA-256 is the report's hash."""
    return json.dumps(report, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def report_hash(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


# ---------------------------------------------------------------------------------------------
# Strict validation (DESIGN.md §6: unknown fields, unknown codes, negative counts and any
# client cell between 1 and k−1 are all rejected). Pure Python, so the desktop app can check
# its own reports with the very rules the coordinator applies.

# Plausibility bounds for one device and one month; far above any real supporter's month.
MAX_SESSIONS = 5_000
MAX_MINUTES_PER_SESSION = 600
MAX_TRAVEL_PER_SESSION = 600
MAX_PARTICIPANTS_PER_GROUP = 500
MAX_GUIDES_PER_SESSION = 50
MAX_REVISION = 1_000_000
MAX_K = 100
REPORT_KEYS = ("format", "taxonomy", "period", "report_id", "revision", "k", "totals")
TABLE_GROUPS = {"sessions": SESSION_TABLES, "clients": CLIENT_TABLES}
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


# Babel extracts N_ by default; a local one keeps the domain free of the i18n module.
def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class ReportProblem:
    """One thing wrong with a report. ``path`` is a JSON path such as ``$.clients.age_band``;
    ``message`` is an untranslated catalogue id whose ``{placeholders}`` come from ``params``."""

    path: str
    message: str
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return self.message.format(**self.params)


class ReportSyntaxError(ValueError):
    """The bytes are not one strict JSON object (bad UTF-8, duplicate keys, NaN...)."""


def _reject_constant(name: str) -> Any:
    raise ReportSyntaxError(f"{name} is not allowed")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ReportSyntaxError(f"duplicate key {key!r}")
        result[key] = value
    return result


def parse_report(payload: bytes) -> Any:
    """Parses report bytes strictly: UTF-8, no duplicate keys, no NaN or Infinity."""
    try:
        text = payload.decode("utf-8")
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        raise ReportSyntaxError("the report is not UTF-8") from error
    except json.JSONDecodeError as error:
        raise ReportSyntaxError(f"not JSON: {error.msg} at {error.pos}") from error
    except RecursionError as error:
        raise ReportSyntaxError("nested too deeply") from error
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        raise ReportSyntaxError(str(error)) from error


def parse_canonical(payload: bytes) -> tuple[Any, bytes]:
    """Parses strictly like :func:`parse_report` and returns the canonical bytes too.

    Fast path for what clients send: bytes that already are canonical JSON. A plain parse
    whose re-serialisation equals the payload cannot have had a duplicate key (it would have
    been lost), so the slower duplicate-checking parse runs only for other bytes."""
    try:
        parsed = json.loads(payload.decode("utf-8"), parse_constant=_reject_constant)
        if canonical_bytes(parsed) == payload:
            return parsed, payload
    except (ValueError, RecursionError):
        pass
    parsed = parse_report(payload)
    return parsed, canonical_bytes(parsed)


def is_period(value: object) -> bool:
    match = _PERIOD.match(value) if isinstance(value, str) else None
    return bool(match) and 2000 <= int(match[1]) <= 2999 and 1 <= int(match[2]) <= 12  # type: ignore[index]


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if re.fullmatch(r"[A-Za-z0-9_]+", key) else f"{parent}[{key!r}]"


class _Checker:
    def __init__(self, codes: CodeList, municipalities: Municipalities, k: int) -> None:
        self.codes = codes
        self.municipalities = municipalities
        self.policy_k = k
        self.problems: list[ReportProblem] = []

    def add(self, path: str, message: str, **params: object) -> None:
        self.problems.append(ReportProblem(path, message, {n: str(v) for n, v in params.items()}))

    def keys(
        self,
        obj: dict[str, Any],
        path: str,
        expected: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        for key in expected:
            if key not in obj:
                self.add(_path(path, key), N_("This field is missing."))
        for key in obj:
            if key not in expected and key not in optional:
                self.add(_path(path, key), N_("Unknown field."))

    def count(self, value: object, path: str, high: int, low: int = 0) -> int | None:
        if not _is_count(value):
            self.add(path, N_("Expected a whole number, not {value}."), value=json.dumps(value))
            return None
        if not low <= value <= high:
            self.add(
                path,
                N_("Expected a number between {low} and {high}, not {value}."),
                low=low,
                high=high,
                value=value,
            )
            return None
        return value

    def cell_code_ok(self, list_name: str, code: str) -> bool:
        if list_name == "municipality":
            return code == OTHER_MUNICIPALITY or code in self.municipalities
        return self.codes.is_valid(list_name, code)


@dataclass
class _ClientTable:
    exact: int = 0
    suppressed: int = 0
    cells: int = 0


def validate_report(
    obj: object,
    codes: CodeList,
    municipalities: Municipalities,
    k: int = DEFAULT_K,
    *,
    period: str | None = None,
    current_period: str | None = None,
    guide_slugs: Collection[str] = (),
) -> list[ReportProblem]:
    """Every problem with a parsed report, each naming its JSON path; ``[]`` when valid.

    ``k`` is the coordinator's threshold: a report may use a larger one, never a smaller.
    ``period``, when given, must equal the report's own; ``current_period`` (``YYYY-MM``) is
    the present month, and only months before it are closed and may be sent.
    ``guide_slugs`` are the guides the optional ``sessions.guide`` table (format 1.1) may name
    besides ``own``: the bundled guides and every guide the coordinator ever published.
    """
    check = _Checker(codes, municipalities, max(k, MIN_K))
    if not isinstance(obj, dict):
        check.add("$", N_("A report is a JSON object."))
        return check.problems
    check.keys(obj, "$", (*REPORT_KEYS, *TABLE_GROUPS))
    if "format" in obj and obj["format"] != FORMAT:
        check.add(
            "$.format", N_("Unsupported report format; expected {expected}."), expected=FORMAT
        )
    if "taxonomy" in obj and obj["taxonomy"] != TAXONOMY_VERSION:
        check.add(
            "$.taxonomy",
            N_("Unsupported taxonomy version; expected {expected}."),
            expected=TAXONOMY_VERSION,
        )
    _check_identity(check, obj, period, current_period)
    report_k = _check_k(check, obj)
    sessions = _check_totals(check, obj, report_k)
    tables = _check_session_tables(check, obj, sessions)
    _check_guide_table(check, obj, sessions, frozenset(guide_slugs))
    _check_client_tables(check, obj, report_k, tables)
    return check.problems


def _check_identity(
    check: _Checker, obj: dict[str, Any], period: str | None, current: str | None
) -> None:
    if "period" in obj:
        value = obj["period"]
        if not is_period(value):
            check.add("$.period", N_("A period is a month written YYYY-MM."))
        elif period is not None and value != period:
            check.add(
                "$.period",
                N_("The report is for {value}, not {period}."),
                value=value,
                period=period,
            )
        elif current is not None and value >= current:
            check.add(
                "$.period",
                N_("Only closed months can be reported; {value} is not over."),
                value=value,
            )
    if "report_id" in obj and not (
        isinstance(obj["report_id"], str) and _UUID4.match(obj["report_id"])
    ):
        check.add("$.report_id", N_("The report id must be a lowercase UUID4."))
    if "revision" in obj:
        check.count(obj["revision"], "$.revision", MAX_REVISION, low=1)


def _check_k(check: _Checker, obj: dict[str, Any]) -> int | None:
    if "k" not in obj:
        return None
    k = check.count(obj["k"], "$.k", MAX_K, low=MIN_K)
    if k is not None and k < check.policy_k:
        check.add("$.k", N_("The threshold k must be at least {k}."), k=check.policy_k)
        return None
    return k


def _check_totals(check: _Checker, obj: dict[str, Any], k: int | None) -> int | None:
    """Checks the totals and returns the session count when it is usable."""
    totals = obj.get("totals")
    if "totals" not in obj:
        return None
    if not isinstance(totals, dict):
        check.add("$.totals", N_("Expected an object."))
        return None
    check.keys(totals, "$.totals", TOTALS)
    sessions = (
        check.count(totals.get("sessions"), "$.totals.sessions", MAX_SESSIONS)
        if ("sessions" in totals)
        else None
    )
    n = sessions if sessions is not None else MAX_SESSIONS
    limits = {
        "minutes": MAX_MINUTES_PER_SESSION * n,
        "travel_minutes": MAX_TRAVEL_PER_SESSION * n,
        "group_participants": MAX_PARTICIPANTS_PER_GROUP * n,
        "guides_given": MAX_GUIDES_PER_SESSION * n,
    }
    for name, high in limits.items():
        if name in totals:
            check.count(totals[name], f"$.totals.{name}", high)
    minutes = totals.get("minutes")
    if sessions is not None and _is_count(minutes) and minutes < sessions:
        check.add("$.totals.minutes", N_("Every session lasts at least one minute."))
    exact: dict[str, int] = {}
    for name in ("clients", "new_clients"):
        if name not in totals:
            continue
        value = totals[name]
        if k is not None and value == suppressed_marker(k):
            continue
        got = check.count(value, f"$.totals.{name}", n)
        if got is not None and k is not None and 0 < got < k:
            check.add(f"$.totals.{name}", N_('Below {k} this total must be written "<{k}".'), k=k)
        elif got is not None:
            exact[name] = got
    if "clients" in exact and "new_clients" in exact and exact["new_clients"] > exact["clients"]:
        check.add("$.totals.new_clients", N_("There are more new clients than clients."))
    return sessions


def _check_session_tables(
    check: _Checker, obj: dict[str, Any], sessions: int | None
) -> dict[str, dict[str, Any]]:
    tables = _table_group(check, obj, "sessions", SESSION_TABLES, OPTIONAL_SESSION_TABLES)
    for name, list_name in SESSION_TABLES.items():
        table = tables.get(name)
        if table is None:
            continue
        total = 0
        for code, value in table.items():
            path = _path(f"$.sessions.{name}", code)
            if not check.cell_code_ok(list_name, code):
                check.add(path, N_("Unknown code: {value}."), value=code)
            got = check.count(value, path, sessions if sessions is not None else MAX_SESSIONS, 1)
            total += got or 0
        # Every session has exactly one mode, programme and duration; at most one outcome.
        if sessions is not None and name in ("mode", "programme", "duration_band"):
            if total != sessions:
                check.add(
                    f"$.sessions.{name}",
                    N_("The cells add up to {value}, not to the {sessions} sessions."),
                    value=total,
                    sessions=sessions,
                )
        elif sessions is not None and name == "outcome" and total > sessions:
            check.add("$.sessions.outcome", N_("More outcomes than sessions."))
    _check_groups(check, obj, tables.get("mode"))
    return tables


def _check_groups(check: _Checker, obj: dict[str, Any], modes: dict[str, Any] | None) -> None:
    totals = obj.get("totals")
    if modes is None or not isinstance(totals, dict):
        return
    groups = modes.get("group", 0)
    participants = totals.get("group_participants")
    if not (_is_count(groups) and _is_count(participants)):
        return
    if participants < groups or participants > groups * MAX_PARTICIPANTS_PER_GROUP:
        check.add(
            "$.totals.group_participants",
            N_("Group participants do not fit the {groups} group sessions."),
            groups=groups,
        )


def _check_guide_table(
    check: _Checker, obj: dict[str, Any], sessions: int | None, known: frozenset[str]
) -> None:
    """Format 1.1's ``sessions.guide``: known slugs (or ``own``), each 1 … sessions; a session
    adds one to each guide it gave, so the cells never add up to more than ``guides_given``."""
    group = obj.get("sessions")
    if not isinstance(group, dict) or GUIDE_TABLE not in group:
        return
    table = group[GUIDE_TABLE]
    path = f"$.sessions.{GUIDE_TABLE}"
    if not isinstance(table, dict):
        check.add(path, N_("Expected an object."))
        return
    total = 0
    for slug, value in table.items():
        cell = _path(path, slug)
        if not (
            slug == OWN_GUIDES
            or (slug in known and _GUIDE_SLUG.match(slug) and len(slug) <= MAX_GUIDE_SLUG)
        ):
            check.add(
                cell,
                N_("Unknown guide: {value}; only bundled and published guides or {own}."),
                value=slug,
                own=OWN_GUIDES,
            )
        got = check.count(value, cell, sessions if sessions is not None else MAX_SESSIONS, 1)
        total += got or 0
    totals = obj.get("totals")
    given = totals.get("guides_given") if isinstance(totals, dict) else None
    if _is_count(given) and total > given:
        check.add(
            path,
            N_("The cells add up to {value}, more than the {given} guides given."),
            value=total,
            given=given,
        )


def _table_group(
    check: _Checker,
    obj: dict[str, Any],
    group: str,
    names: dict[str, str],
    optional: tuple[str, ...] = (),
) -> dict[str, dict[str, Any]]:
    if group not in obj:
        return {}
    value = obj[group]
    if not isinstance(value, dict):
        check.add(f"$.{group}", N_("Expected an object."))
        return {}
    check.keys(value, f"$.{group}", tuple(names), optional)
    tables: dict[str, dict[str, Any]] = {}
    for name in names:
        table = value.get(name)
        if name in value and not isinstance(table, dict):
            check.add(f"$.{group}.{name}", N_("Expected an object."))
        elif isinstance(table, dict):
            tables[name] = table
    return tables


def _check_client_tables(
    check: _Checker, obj: dict[str, Any], k: int | None, session_tables: dict[str, Any]
) -> None:
    tables = _table_group(check, obj, "clients", CLIENT_TABLES)
    totals = obj.get("totals") if isinstance(obj.get("totals"), dict) else {}
    assert isinstance(totals, dict)
    clients = totals.get("clients")
    marker = suppressed_marker(k) if k is not None else None
    for name, list_name in CLIENT_TABLES.items():
        table = tables.get(name)
        if table is None:
            continue
        if marker is not None and clients == marker and table:
            check.add(
                f"$.clients.{name}",
                N_("With fewer than {k} clients every client table must be empty."),
                k=k,
            )
            continue
        summary = _ClientTable()
        for code, value in table.items():
            path = _path(f"$.clients.{name}", code)
            if not check.cell_code_ok(list_name, code):
                check.add(path, N_("Unknown code: {value}."), value=code)
            if marker is not None and value == marker:
                summary.suppressed += 1
            elif k is not None and _is_count(value) and 0 < value < k:
                check.add(path, N_('A cell below {k} must be written "<{k}".'), k=k)
            elif (got := check.count(value, path, MAX_SESSIONS, low=k or 1)) is not None:
                summary.exact += got
            summary.cells += 1
        _check_client_sums(check, name, summary, clients, k)


def _check_client_sums(
    check: _Checker, name: str, table: _ClientTable, clients: object, k: int | None
) -> None:
    path = f"$.clients.{name}"
    if table.suppressed == 1 and table.cells > 1:
        check.add(path, N_("A lone suppressed cell needs a second one (secondary suppression)."))
    if k is None or not _is_count(clients):
        return
    assert isinstance(clients, int)
    # A "<k" cell holds at least one client and has no upper bound: a primary-suppressed cell
    # holds 1 … k−1, but the secondarily suppressed one (§5 step 3) is the smallest *remaining*
    # cell, which may hold k or more. So suppressed cells only ever raise the lower bound.
    if table.exact + table.suppressed > clients:
        check.add(path, N_("The cells add up to more than the {clients} clients."), clients=clients)
    # Every client has an age band ("unknown" included), so that table accounts for all; only
    # a table without suppressed cells can be known to fall short.
    elif name == "age_band" and table.suppressed == 0 and table.exact < clients:
        check.add(path, N_("The cells add up to less than the {clients} clients."), clients=clients)
