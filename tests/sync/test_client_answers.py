"""Every kind of answer, from a real loopback HTTP server, becomes the right outcome."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Iterator

import pytest
from scripted_server import Answer, ScriptedServer, scripted_server

from homesupport.sync.client import CoordinatorClient
from homesupport.sync.links import AddressError
from homesupport.sync.outcomes import (
    Accepted,
    Conflict,
    CoordinatorError,
    EnrolRefused,
    Invalid,
    Locked,
    Malformed,
    Offline,
    Outcome,
    RateLimited,
    Receipt,
    Revoked,
    ServerError,
    TlsError,
    TooLarge,
    Unauthorized,
)

PAYLOAD = b'{"period":"2026-10","revision":1}'
SHA = hashlib.sha256(PAYLOAD).hexdigest()
RECEIPT = {
    "period": "2026-10",
    "revision": 1,
    "sha256": SHA,
    "received_at": "2026-11-02T08:15:00Z",
    "sessions": 42,
}


def body(obj: object) -> bytes:
    return json.dumps(obj).encode()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


def put(server: ScriptedServer, *answers: Answer, timeout: float = 5.0) -> Outcome:
    server.answers.extend(answers)
    with CoordinatorClient(server.url, "tok", timeout=timeout) as client:
        return client.put_report("2026-10", PAYLOAD)


def test_stored_and_replayed_reports_are_accepted_with_their_receipt(
    server: ScriptedServer,
) -> None:
    assert put(server, Answer(201, body(RECEIPT))) == Accepted(Receipt(**RECEIPT))
    assert put(server, Answer(200, body(RECEIPT))) == Accepted(Receipt(**RECEIPT), replay=True)
    seen = server.seen[-1]
    assert (seen.method, seen.path, seen.body) == ("PUT", "/api/v1/reports/2026-10", PAYLOAD)
    assert seen.headers["Authorization"] == "Bearer tok"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            Answer(409, body({"error": "conflict", "receipt": RECEIPT})),
            Conflict(Receipt(**RECEIPT)),
        ),
        (Answer(409, b"nope", "text/plain"), Conflict(None)),
        (
            Answer(422, body({"problems": [{"path": "$.k", "message": "too small"}]})),
            Invalid(("$.k: too small",)),
        ),
        (Answer(423, body({"error": "locked"})), Locked()),
        (Answer(401, body({})), Unauthorized()),
        (Answer(403, body({})), Revoked()),
        (Answer(413, b"<h1>too big</h1>", "text/html"), TooLarge()),
        (Answer(429, body({}), headers={"Retry-After": "30"}), RateLimited(30.0)),
        (
            Answer(429, body({}), headers={"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}),
            RateLimited(None),
        ),
        (Answer(500, b"oops", "text/plain"), ServerError(500)),
        (Answer(502, b"<html>bad gateway</html>", "text/html"), ServerError(502)),
        (Answer(503, body({})), ServerError(503)),
    ],
)
def test_refusals_and_server_trouble(
    server: ScriptedServer, answer: Answer, expected: Outcome
) -> None:
    assert put(server, answer) == expected


@pytest.mark.parametrize(
    "answer",
    [
        # a captive portal's login page answering 200
        Answer(200, b"<html><body>Log in to CityWiFi</body></html>", "text/html; charset=utf-8"),
        Answer(200, b'{"period": "2026-10", ', "application/json"),  # cut JSON
        Answer(200, body(RECEIPT), None),  # no content type
        Answer(201, body({k: v for k, v in RECEIPT.items() if k != "sessions"})),
        Answer(201, body({**RECEIPT, "sha256": "0" * 64})),  # a receipt for other bytes
        Answer(201, body({**RECEIPT, "period": "2026-09"})),
        Answer(201, body({**RECEIPT, "revision": "1"})),
        Answer(201, body([RECEIPT])),
        Answer(302, b"", None, headers={"Location": "http://login.example/"}),
        Answer(404, b"not here", "text/plain"),
    ],
)
def test_answers_that_are_not_the_protocol_are_malformed(
    server: ScriptedServer, answer: Answer
) -> None:
    assert isinstance(put(server, answer), Malformed)


def test_a_slow_server_is_offline_after_the_timeout(server: ScriptedServer) -> None:
    assert put(server, Answer(201, body(RECEIPT), delay=1.0), timeout=0.2) == Offline("timeout")


def test_a_closed_port_is_offline() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with CoordinatorClient(f"http://127.0.0.1:{port}", "tok") as client:
        assert isinstance(client.put_report("2026-10", PAYLOAD), Offline)


def test_tls_failure_is_reported_as_such(server: ScriptedServer) -> None:
    # https to a server that speaks plain HTTP: the TLS handshake itself fails
    https = server.url.replace("http://", "https://")
    with CoordinatorClient(https, "tok") as client:
        assert isinstance(client.put_report("2026-10", PAYLOAD), TlsError)


def test_without_a_token_nothing_is_sent(server: ScriptedServer) -> None:
    with CoordinatorClient(server.url, None) as client:
        assert client.put_report("2026-10", PAYLOAD) == Unauthorized()
    assert server.seen == []


def test_plain_http_is_refused_beyond_loopback() -> None:
    with pytest.raises(AddressError):
        CoordinatorClient("http://coordinator.example.fi", "tok")
    CoordinatorClient("https://coordinator.example.fi", "tok").close()


def test_enrolment(server: ScriptedServer) -> None:
    server.answers.append(
        Answer(201, body({"device_id": "d1", "token": "s3cret-t0ken", "policy": {"k": 7}}))
    )
    with CoordinatorClient(server.url) as client:
        enrolment = client.enrol("ABCD-1234", "Laptop 3")
        assert (enrolment.device_id, enrolment.token, enrolment.k) == ("d1", "s3cret-t0ken", 7)
        assert "s3cret" not in repr(enrolment)  # the secret stays out of reprs and logs
        server.answers.append(Answer(200, body([RECEIPT])))
        assert client.list_receipts() == [Receipt(**RECEIPT)]  # the new token is used
    assert json.loads(server.seen[0].body) == {"code": "ABCD-1234", "device_name": "Laptop 3"}
    assert server.seen[1].headers["Authorization"] == "Bearer s3cret-t0ken"


@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        (Answer(404, body({"error": "unknown_code"})), EnrolRefused()),
        (Answer(400, body({"error": "bad_request"})), EnrolRefused()),
        (Answer(429, body({}), headers={"Retry-After": "60"}), RateLimited(60.0)),
        (Answer(200, b"<html>portal</html>", "text/html"), None),
        (Answer(201, body({"device_id": "d1", "policy": {"k": 5}})), None),
    ],
)
def test_enrolment_failures(
    server: ScriptedServer, answer: Answer, outcome: Outcome | None
) -> None:
    server.answers.append(answer)
    with CoordinatorClient(server.url) as client, pytest.raises(CoordinatorError) as caught:
        client.enrol("ABCD-1234", "Laptop")
    if outcome is None:
        assert isinstance(caught.value.outcome, Malformed)
    else:
        assert caught.value.outcome == outcome


def test_receipts_and_policy_failures_raise_with_their_outcome(server: ScriptedServer) -> None:
    server.answers.extend(
        [
            Answer(403, body({})),
            Answer(200, b"<html/>", "text/html"),
            Answer(200, body({"k": 6, "locked_periods": ["2026-01"]})),
            Answer(200, body({"k": "6"})),
        ]
    )
    with CoordinatorClient(server.url, "tok") as client:
        with pytest.raises(CoordinatorError) as revoked:
            client.list_receipts()
        assert revoked.value.outcome == Revoked()
        with pytest.raises(CoordinatorError) as portal:
            client.list_receipts()
        assert isinstance(portal.value.outcome, Malformed)
        policy = client.policy()
        assert (policy.k, policy.locked_periods) == (6, ("2026-01",))
        with pytest.raises(CoordinatorError):
            client.policy()
