"""Contract tests: every answer of the protocol table in DESIGN.md §6, on every backend."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from coordinator_helpers import bearer, enrol, make_report, new_code, payload
from fastapi.testclient import TestClient

from homesupport.coordinator.storage import devices, policy
from homesupport.coordinator.storage.models import ReportRevision
from homesupport.domain.report_format import report_hash


def put(client: TestClient, token: str, report: dict[str, object], period: str | None = None):
    return client.put(
        f"/api/v1/reports/{period or report['period']}",
        content=payload(report),
        headers={**bearer(token), "Content-Type": "application/json"},
    )


def test_enrol_answers_201_with_device_token_and_policy(client, coordinator):
    body = enrol(client, coordinator, "Anna's laptop")
    assert set(body) == {"device_id", "token", "policy"}
    assert body["policy"] == {"k": 5}
    with coordinator.sessions() as session:
        device = devices.by_token(session, body["token"])
        assert device is not None and device.name == "Anna's laptop"
        # only the hash is stored
        assert body["token"] not in (device.token_hash or "")


def test_enrol_code_is_single_use(client, coordinator):
    code = new_code(coordinator)
    first = client.post("/api/v1/enrol", json={"code": code, "device_name": "A"})
    again = client.post("/api/v1/enrol", json={"code": code, "device_name": "B"})
    assert first.status_code == 201
    assert again.status_code == 404 and again.json()["error"] == "unknown_code"


def test_enrol_code_typed_loosely_still_works(client, coordinator):
    code = new_code(coordinator)
    typed = code.lower().replace("-", " ")
    assert client.post("/api/v1/enrol", json={"code": typed, "device_name": "A"}).status_code == 201


def test_expired_and_unknown_codes_answer_404(client, coordinator, clock):
    code = new_code(coordinator, days=14)
    clock.now += dt.timedelta(days=14, seconds=1)
    expired = client.post("/api/v1/enrol", json={"code": code, "device_name": "A"})
    unknown = client.post("/api/v1/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "A"})
    assert expired.status_code == 404 and unknown.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"code": "AAAA-BBBB-CCCC-DDDD"},
        {"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "x", "extra": 1},
        {"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "   "},
        {"code": 5, "device_name": "x"},
    ],
)
def test_malformed_enrol_answers_400_naming_the_problem(client, body):
    answer = client.post("/api/v1/enrol", json=body)
    assert answer.status_code == 400
    assert answer.json()["problems"], answer.json()


def test_enrol_attempts_are_rate_limited(client, coordinator):
    limit = coordinator.settings.enrol_attempts_per_window
    answers = [
        client.post("/api/v1/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "x"})
        for _ in range(limit + 1)
    ]
    assert [a.status_code for a in answers[:limit]] == [404] * limit
    assert answers[-1].status_code == 429 and int(answers[-1].headers["Retry-After"]) > 0


def test_put_stores_201_then_replay_200_with_the_same_receipt(client, coordinator):
    token = enrol(client, coordinator)["token"]
    report = make_report(sessions=42)
    first = put(client, token, report)
    assert first.status_code == 201, first.text
    receipt = first.json()
    assert receipt == {
        "period": "2026-10",
        "revision": 1,
        "sha256": report_hash(payload(report)),
        "received_at": "2026-11-15T12:00:00Z",
        "sessions": 42,
    }
    coordinator.clock.now += dt.timedelta(hours=1)  # type: ignore[attr-defined]
    replay = put(client, token, report)
    assert replay.status_code == 200 and replay.json() == receipt


def test_higher_revision_replaces_and_keeps_audit_trail(client, coordinator):
    token = enrol(client, coordinator)["token"]
    first = make_report(sessions=42)
    put(client, token, first)
    second = make_report(sessions=44, revision=2, report_id=first["report_id"])
    answer = put(client, token, second)
    assert answer.status_code == 201 and answer.json()["revision"] == 2
    receipts = client.get("/api/v1/reports", headers=bearer(token)).json()
    assert [(r["period"], r["revision"], r["sessions"]) for r in receipts] == [("2026-10", 2, 44)]
    with coordinator.sessions() as session:
        trail = session.query(ReportRevision).order_by(ReportRevision.revision).all()
        assert [(r.revision, json.loads(r.payload)["totals"]["sessions"]) for r in trail] == [
            (1, 42),
            (2, 44),
        ]


def test_same_revision_other_content_answers_409_with_what_is_stored(client, coordinator):
    token = enrol(client, coordinator)["token"]
    first = make_report(sessions=42)
    put(client, token, first)
    other = make_report(sessions=43, report_id=first["report_id"])
    answer = put(client, token, other)
    assert answer.status_code == 409
    assert answer.json()["receipt"]["sessions"] == 42


def test_lower_revision_answers_409(client, coordinator):
    token = enrol(client, coordinator)["token"]
    report = make_report(revision=3)
    put(client, token, report)
    older = make_report(revision=2, report_id=report["report_id"], sessions=40)
    answer = put(client, token, older)
    assert answer.status_code == 409 and answer.json()["receipt"]["revision"] == 3


def test_invalid_report_answers_422_naming_each_problem(client, coordinator):
    token = enrol(client, coordinator)["token"]
    report = make_report()
    report["colour"] = "blue"
    report["sessions"]["topic"]["astrology"] = 2
    report["clients"]["language"] = {"fi": 3, "sv": "<5"}
    report["totals"]["travel_minutes"] = -1
    answer = put(client, token, report)
    assert answer.status_code == 422
    paths = {p["path"] for p in answer.json()["problems"]}
    assert {
        "$.colour",
        "$.sessions.topic.astrology",
        "$.clients.language.fi",
        "$.totals.travel_minutes",
    } <= paths


@pytest.mark.parametrize("body", [b"", b"{", b"[1]", b'{"a":1,"a":2}', b"\xff\xfe", b'{"x": NaN}'])
def test_garbage_answers_422(client, coordinator, body):
    token = enrol(client, coordinator)["token"]
    answer = client.put("/api/v1/reports/2026-10", content=body, headers=bearer(token))
    assert answer.status_code == 422 and answer.json()["problems"]


def test_period_in_url_must_match_and_be_closed(client, coordinator):
    token = enrol(client, coordinator)["token"]
    assert put(client, token, make_report(period="2026-10"), "2026-09").status_code == 422
    assert put(client, token, make_report(period="2026-11")).status_code == 422  # not over
    assert put(client, token, make_report(), "october").status_code == 422


def test_locked_period_answers_423(client, coordinator):
    token = enrol(client, coordinator)["token"]
    stored = make_report(period="2026-09")
    put(client, token, stored)
    with coordinator.sessions.begin() as session:
        policy.lock(session, "2026-10", coordinator.clock())
        policy.lock(session, "2026-09", coordinator.clock())
    assert put(client, token, make_report(period="2026-10")).status_code == 423
    # a replay of what is already stored still gets its receipt
    assert put(client, token, stored).status_code == 200
    correction = make_report(period="2026-09", revision=2, report_id=stored["report_id"])
    assert put(client, token, correction).status_code == 423


def test_unknown_or_missing_token_answers_401(client):
    for headers in ({}, bearer("hs1_nope"), {"Authorization": "Basic abc"}):
        answer = client.put(
            "/api/v1/reports/2026-10", content=payload(make_report()), headers=headers
        )
        assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/reports", headers=bearer("x")).status_code == 401
    assert client.get("/api/v1/policy").status_code == 401


def test_revoked_device_answers_403_at_once(client, coordinator):
    body = enrol(client, coordinator)
    with coordinator.sessions.begin() as session:
        assert devices.revoke(session, body["device_id"], coordinator.clock()) is True
    assert put(client, body["token"], make_report()).status_code == 403
    assert client.get("/api/v1/policy", headers=bearer(body["token"])).status_code == 403


def test_too_large_answers_413(client, coordinator):
    token = enrol(client, coordinator)["token"]
    big = b"{" + b" " * coordinator.settings.max_report_bytes + b"}"
    answer = client.put("/api/v1/reports/2026-10", content=big, headers=bearer(token))
    assert answer.status_code == 413


@pytest.mark.parametrize("settings_overrides", [{"api_requests_per_window": 3}])
def test_too_many_requests_answers_429_per_token(client, coordinator):
    first = enrol(client, coordinator, "A")["token"]
    second = enrol(client, coordinator, "B")["token"]
    codes = [client.get("/api/v1/policy", headers=bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/policy", headers=bearer(second)).status_code == 200
    coordinator.clock.now += dt.timedelta(seconds=60)  # type: ignore[attr-defined]
    assert client.get("/api/v1/policy", headers=bearer(first)).status_code == 200


def test_receipts_list_only_the_devices_own_months(client, coordinator):
    mine = enrol(client, coordinator, "A")["token"]
    theirs = enrol(client, coordinator, "B")["token"]
    put(client, mine, make_report(period="2026-08"))
    put(client, mine, make_report(period="2026-09", sessions=20))
    put(client, theirs, make_report(period="2026-07"))
    receipts = client.get("/api/v1/reports", headers=bearer(mine)).json()
    assert [(r["period"], r["sessions"]) for r in receipts] == [("2026-08", 42), ("2026-09", 20)]


def test_policy_tells_k_and_locked_periods(client, coordinator):
    token = enrol(client, coordinator)["token"]
    with coordinator.sessions.begin() as session:
        policy.set_k(session, 7)
        policy.lock(session, "2026-05", coordinator.clock())
    answer = client.get("/api/v1/policy", headers=bearer(token))
    assert answer.json() == {
        "k": 7,
        "locked_periods": ["2026-05"],
        "report_formats": ["1.0", "1.1"],  # 1.1: sessions.guide may be sent
    }
    # a report made with a smaller k than the policy's is refused
    assert put(client, token, make_report(k=5)).status_code == 422
    assert put(client, token, make_report(k=7)).status_code == 201


def test_health_and_openapi(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    document = client.get("/api/openapi.json").json()
    put_op = document["paths"]["/api/v1/reports/{period}"]["put"]
    assert {"200", "201", "409", "413", "422", "423", "401", "403", "429"} <= set(
        put_op["responses"]
    )
    report = document["components"]["schemas"]["MonthlyReport"]
    assert report["additionalProperties"] is False
