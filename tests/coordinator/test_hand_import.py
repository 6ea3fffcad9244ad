"""A month delivered by hand (``homesupport-coordinator import FILE``) and later sent by the
same laptop once enrolled is counted once: the enrolled device takes over the by-hand copy
(same report_id), and a hand import of a report_id a device holds lands on that device."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from coordinator_helpers import add_user, bearer, enrol, make_report, payload
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_dashboard import log_in

from homesupport.coordinator.cli import main
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import devices
from homesupport.coordinator.storage.models import Device, Report, ReportRevision


def hand_import(
    coordinator: Coordinator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    report: dict[str, Any],
    *extra: str,
) -> tuple[int, str]:
    path = tmp_path / f"{report['period']}-{report['report_id']}-{report['revision']}.json"
    path.write_bytes(payload(report))
    code = main(["--db", coordinator.settings.db_url, "import", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out or err


def put(client: TestClient, token: str, report: dict[str, Any]):
    return client.put(
        f"/api/v1/reports/{report['period']}", content=payload(report), headers=bearer(token)
    )


def months_by_name(coordinator: Coordinator) -> dict[str, tuple[str, ...]]:
    with coordinator.sessions() as session:
        return {row.name: row.months for row in devices.listing(session)}


def audit_trail(coordinator: Coordinator, name: str, period: str) -> list[tuple[int, str]]:
    with coordinator.sessions() as session:
        rows = session.execute(
            select(ReportRevision.revision, ReportRevision.source)
            .join(Device, Device.id == ReportRevision.device_id)
            .where(Device.name == name, ReportRevision.period == period)
            .order_by(ReportRevision.revision)
        )
        return [(revision, source) for revision, source in rows]


def dashboard_sessions(client: TestClient, period: str = "2026-10") -> str:
    page = client.get(f"/period/{period}?lang=en").text
    start = page.index('id="total-sessions">') + len('id="total-sessions">')
    return page[start : page.index("<", start)]


def csv_sessions(client: TestClient, first: str = "2026-10", last: str = "2026-10") -> list:
    text = client.get(f"/export.csv?from={first}&to={last}").text
    return [
        (r["period"], r["value"], r["devices"])
        for r in csv.DictReader(io.StringIO(text))
        if r["table"] == "totals" and r["code"] == "sessions"
    ]


@pytest.fixture
def other(client: TestClient, coordinator: Coordinator) -> str:
    """Another laptop with 10 sessions in October, so the month may be published, and a
    logged-in coordinator."""
    add_user(coordinator)
    token = enrol(client, coordinator, "Other")["token"]
    assert put(client, token, make_report(sessions=10)).status_code == 201
    assert log_in(client).status_code == 303
    return str(token)


def test_enrolled_device_replaying_its_hand_imported_month_takes_it_over(
    client, coordinator, other, tmp_path, capsys
):
    october = make_report(sessions=30)
    code, out = hand_import(coordinator, tmp_path, capsys, october, "--name", "Paper")
    assert code == 0 and json.loads(out)["sessions"] == 30
    # the month sums are folded with the by-hand copy in them before the laptop sends it
    assert dashboard_sessions(client) == "40"
    token = enrol(client, coordinator, "Laptop")["token"]
    answer = put(client, token, october)
    assert answer.status_code == 200, answer.text
    assert answer.json()["revision"] == 1 and answer.json()["sessions"] == 30
    assert [r["period"] for r in client.get("/api/v1/reports", headers=bearer(token)).json()] == [
        "2026-10"
    ]
    months = months_by_name(coordinator)
    assert months["Laptop"] == ("2026-10",) and months["Paper"] == ()
    assert audit_trail(coordinator, "Laptop", "2026-10") == [(1, "import")]
    assert audit_trail(coordinator, "Paper", "2026-10") == []
    assert dashboard_sessions(client) == "40"
    assert csv_sessions(client) == [("2026-10", "40", "2"), ("2026-10..2026-10", "40", "2")]
    # and again: a plain replay now
    assert put(client, token, october).status_code == 200
    assert dashboard_sessions(client) == "40"


def test_a_next_revision_replaces_the_hand_imported_copy_once(
    client, coordinator, other, tmp_path, capsys
):
    first = make_report(sessions=30)
    assert hand_import(coordinator, tmp_path, capsys, first)[0] == 0
    assert dashboard_sessions(client) == "40"
    assert csv_sessions(client) == [("2026-10", "40", "2"), ("2026-10..2026-10", "40", "2")]
    token = enrol(client, coordinator, "Laptop")["token"]
    second = make_report(sessions=12, revision=2, report_id=first["report_id"])
    answer = put(client, token, second)
    assert answer.status_code == 201, answer.text
    assert answer.json()["revision"] == 2
    assert dashboard_sessions(client) == "22"
    assert csv_sessions(client) == [("2026-10", "22", "2"), ("2026-10..2026-10", "22", "2")]
    assert audit_trail(coordinator, "Laptop", "2026-10") == [(1, "import"), (2, "api")]
    with coordinator.sessions() as session:
        assert (
            session.scalar(
                select(Report.sessions)
                .where(Report.period == "2026-10")
                .where(Report.report_id == first["report_id"])
            )
            == 12
        )
        assert len(session.scalars(select(Report).where(Report.period == "2026-10")).all()) == 2
    assert months_by_name(coordinator)[f"{first['period']}-{first['report_id']}-1 (by hand)"] == ()
    assert put(client, token, second).status_code == 200


def test_lower_or_conflicting_revision_against_the_hand_copy_is_409_and_counted_once(
    client, coordinator, other, tmp_path, capsys
):
    first = make_report(sessions=30)
    second = make_report(sessions=20, revision=2, report_id=first["report_id"])
    assert hand_import(coordinator, tmp_path, capsys, second, "--name", "Paper")[0] == 0
    token = enrol(client, coordinator, "Laptop")["token"]
    lower = put(client, token, first)
    assert lower.status_code == 409 and lower.json()["receipt"]["revision"] == 2
    other_content = make_report(sessions=25, revision=2, report_id=first["report_id"])
    assert put(client, token, other_content).status_code == 409
    assert put(client, token, second).status_code == 200
    assert dashboard_sessions(client) == "30"
    assert csv_sessions(client) == [("2026-10", "30", "2"), ("2026-10..2026-10", "30", "2")]
    assert sum(len(m) for m in months_by_name(coordinator).values()) == 2


def test_hand_import_of_a_month_an_enrolled_device_holds_lands_on_that_device(
    client, coordinator, other, tmp_path, capsys
):
    token = enrol(client, coordinator, "Laptop")["token"]
    first = make_report(sessions=30)
    assert put(client, token, first).status_code == 201
    assert dashboard_sessions(client) == "40"
    code, out = hand_import(coordinator, tmp_path, capsys, first)
    assert code == 0 and json.loads(out)["result"] == "Already stored"
    second = make_report(sessions=12, revision=2, report_id=first["report_id"])
    code, out = hand_import(coordinator, tmp_path, capsys, second)
    assert code == 0 and json.loads(out)["result"] == "Stored"
    assert months_by_name(coordinator) == {"Other": ("2026-10",), "Laptop": ("2026-10",)}
    assert audit_trail(coordinator, "Laptop", "2026-10") == [(1, "api"), (2, "import")]
    assert dashboard_sessions(client) == "22"
    assert csv_sessions(client) == [("2026-10", "22", "2"), ("2026-10..2026-10", "22", "2")]
    receipts = client.get("/api/v1/reports", headers=bearer(token)).json()
    assert [(r["period"], r["revision"]) for r in receipts] == [("2026-10", 2)]


def test_another_report_of_the_same_hand_device_is_untouched(
    client, coordinator, other, tmp_path, capsys
):
    october = make_report(sessions=30)
    assert hand_import(coordinator, tmp_path, capsys, october, "--name", "Paper")[0] == 0
    paper = next(r for r in _listing(coordinator) if r.name == "Paper").device_id
    september = make_report(period="2026-09", sessions=16)
    code, _out = hand_import(coordinator, tmp_path, capsys, september, "--device", paper)
    assert code == 0
    token = enrol(client, coordinator, "Laptop")["token"]
    assert put(client, token, october).status_code == 200
    own_september = make_report(period="2026-09", sessions=11)  # its own report_id
    assert put(client, token, own_september).status_code == 201
    months = months_by_name(coordinator)
    assert months["Paper"] == ("2026-09",)
    assert months["Laptop"] == ("2026-09", "2026-10")
    assert audit_trail(coordinator, "Paper", "2026-09") == [(1, "import")]
    assert audit_trail(coordinator, "Laptop", "2026-09") == [(1, "api")]
    assert csv_sessions(client, "2026-09", "2026-10") == [
        ("2026-09", "27", "2"),
        ("2026-10", "40", "2"),
        ("2026-09..2026-10", "67", "3"),
    ]


def _listing(coordinator: Coordinator) -> list[devices.DeviceRow]:
    with coordinator.sessions() as session:
        return devices.listing(session)
