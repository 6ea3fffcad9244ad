"""Schemathesis against the OpenAPI document: no 5xx, answers as documented, and no invalid
report ever accepted. SQLite only, and bounded, to keep the suite quick."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from coordinator_helpers import bearer, enrol
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from homesupport.coordinator.app import create_app
from homesupport.domain.report_format import parse_report, validate_report

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


def test_api_never_fails_and_never_accepts_an_invalid_report(client, coordinator):
    token = enrol(client, coordinator)["token"]
    tested = []
    for operation in operations(coordinator):
        label = f"{operation.method.upper()} {operation.path}"
        tested.append(label)

        @settings(
            max_examples=EXAMPLES.get(label, 40),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            response = case.call(headers=bearer(token))
            case.validate_response(response, checks=CHECKS)
            if case.method == "PUT" and response.status_code in (200, 201):
                body = case.body if isinstance(case.body, bytes) else json.dumps(case.body).encode()
                problems = validate_report(
                    parse_report(body), coordinator.codes, coordinator.municipalities, 5
                )
                assert problems == [], problems

        run()
    assert "PUT /api/v1/reports/{period}" in tested and "POST /api/v1/enrol" in tested
