"""Schemathesis against the OpenAPI document: no 5xx, answers as documented, and no invalid
report ever accepted. SQLite only, and bounded, to keep the suite quick.

The API's rate limits are raised for the run, and the status codes it got are counted: every
authenticated operation must have been reached (answered past the token check and the rate
limit), or the run would prove nothing about them."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from typing import Any

import pytest
import schemathesis
from coordinator_helpers import bearer, enrol, make_report
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from homesupport.coordinator.app import create_app
from homesupport.coordinator.storage import guides, policy
from homesupport.domain.guide_archive import read_guide_archive
from homesupport.domain.report_format import parse_report, validate_report
from homesupport.resources import resource

GUIDE = "safe-login"

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {"PUT /api/v1/reports/{period}": 150}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"api_requests_per_window": 10**6, "enrol_attempts_per_window": 10**6}


def operations(coordinator: Any) -> list[Any]:
    app = create_app(coordinator.settings, coordinator=coordinator)
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    return [result.ok() for result in schema.include(path_regex="^/api/v1/").get_all_operations()]


def publish_a_guide(coordinator: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(resource("guides", GUIDE).iterdir()):
            archive.write(file, f"{GUIDE}/{file.name}")
    checked = read_guide_archive(buffer.getvalue(), GUIDE)
    topics = coordinator.codes.codes_of("topic")
    with coordinator.sessions.begin() as session:
        guides.publish(session, checked, checked.guides(GUIDE, topics), coordinator.clock())


def seeded_cases(operation: Any) -> list[Any]:
    """Cases generation alone would hardly ever write: a valid report, its replay, a conflicting
    one and one for a locked month, so the checks also cover the answers that store; and the
    published guide, which generated names would hardly ever hit."""
    if operation.path == "/api/v1/guides/{slug}/{version}":
        return [operation.Case(path_parameters={"slug": GUIDE, "version": 1})]
    if operation.method.upper() != "PUT":
        return []
    first = make_report(period="2026-10")
    conflicting = {**first, "totals": {**first["totals"], "guides_given": 3}}
    return [
        operation.Case(path_parameters={"period": "2026-10"}, body=first),
        operation.Case(path_parameters={"period": "2026-10"}, body=first),
        operation.Case(path_parameters={"period": "2026-10"}, body=conflicting),
        operation.Case(path_parameters={"period": "2026-09"}, body=make_report("2026-09")),
    ]


def test_api_never_fails_and_never_accepts_an_invalid_report(client, coordinator):
    token = enrol(client, coordinator)["token"]
    with coordinator.sessions.begin() as session:
        policy.lock(session, "2026-09", coordinator.clock())
    publish_a_guide(coordinator)
    answers: dict[str, Counter[int]] = {}

    def call(label: str, case: Any) -> None:
        response = case.call(headers=bearer(token))
        answers.setdefault(label, Counter())[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)
        if case.method == "PUT" and response.status_code in (200, 201):
            body = case.body if isinstance(case.body, bytes) else json.dumps(case.body).encode()
            problems = validate_report(
                parse_report(body), coordinator.codes, coordinator.municipalities, 5
            )
            assert problems == [], problems

    def generated(label: str, operation: Any) -> None:
        @settings(
            max_examples=EXAMPLES.get(label, 40),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            call(label, case)

        run()

    for operation in operations(coordinator):
        label = f"{operation.method.upper()} {operation.path}"
        for case in seeded_cases(operation):
            call(label, case)
        generated(label, operation)

    put = answers["PUT /api/v1/reports/{period}"]
    assert {201, 200, 409, 423, 422} <= set(put), put
    assert {400, 404} <= set(answers["POST /api/v1/enrol"]), answers
    authenticated = {k: v for k, v in answers.items() if k != "POST /api/v1/enrol"}
    assert set(authenticated) == {
        "PUT /api/v1/reports/{period}",
        "GET /api/v1/reports",
        "GET /api/v1/policy",
        *(k for k in authenticated if "/guides" in k),
    }, answers
    for label, statuses in answers.items():
        # Reached: past the token check, never slowed down by a rate limit.
        assert not {401, 403, 429} & set(statuses), (label, statuses)
        assert sum(statuses.values()) >= 20, (label, statuses)
    for label, statuses in authenticated.items():
        assert any(200 <= status < 300 for status in statuses), (label, statuses)
