"""JSON errors that name each problem: ``{"error", "message", "problems": [{path, message}]}``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from homesupport.domain.report_format import ReportProblem


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        *,
        problems: list[ReportProblem] | None = None,
        receipt: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.problems = problems or []
        self.receipt = receipt
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "error": self.error,
            "message": self.message,
            "problems": [{"path": p.path, "message": p.text()} for p in self.problems],
        }
        if self.receipt is not None:
            body["receipt"] = self.receipt
        return body


async def api_error_handler(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ApiError)
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


async def request_validation_handler(_request: Request, error: Exception) -> JSONResponse:
    """FastAPI's own request checks (the enrol body) answer 400, as the protocol says."""
    assert isinstance(error, RequestValidationError)
    problems = [
        ReportProblem("$" + "".join(f".{part}" for part in item["loc"][1:]), str(item["msg"]))
        for item in error.errors()
    ]
    return JSONResponse(
        ApiError(400, "bad_request", "The request is not valid.", problems=problems).body(),
        status_code=400,
    )
