"""The endpoints of the sync protocol v1 (DESIGN.md §6)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from homesupport.coordinator import ingest
from homesupport.coordinator.api.errors import ApiError
from homesupport.coordinator.api.schemas import (
    EnrolRequest,
    EnrolResponse,
    ErrorResponse,
    Health,
    PolicyResponse,
    Receipt,
)
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import devices, policy, ratelimit, reports
from homesupport.domain.report_format import ReportProblem, is_period

JSON_ERROR = {"model": ErrorResponse}
LAST_SEEN_PRECISION = dt.timedelta(minutes=1)
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**JSON_ERROR, "description": "Unknown or missing token"},
    403: {**JSON_ERROR, "description": "The device was revoked"},
    429: {**JSON_ERROR, "description": "Too many requests; see Retry-After"},
}


def coordinator_of(request: Request) -> Coordinator:
    found: Coordinator = request.app.state.coordinator
    return found


CoordinatorDep = Annotated[Coordinator, Depends(coordinator_of)]


def authenticated_device(request: Request, coordinator: CoordinatorDep) -> int:
    """The device behind the bearer token; counts the request against its rate limit."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "A bearer token is needed.", headers=challenge)
    settings = coordinator.settings
    now = coordinator.clock()
    with coordinator.sessions.begin() as session:
        device = devices.by_token(session, token.strip())
        if device is None:
            raise ApiError(401, "unauthorized", "Unknown token.", headers=challenge)
        if device.revoked_at is not None:
            raise ApiError(403, "revoked", "This device was revoked by the coordinator.")
        used = ratelimit.hit(session, f"token:{device.id}", now, settings.api_window_seconds)
        if device.last_seen_at is None or now - device.last_seen_at > LAST_SEEN_PRECISION:
            device.last_seen_at = now  # a write per minute at most, not per request
        device_pk = device.id
        request.state.device = device.public_id
    if used > settings.api_requests_per_window:
        wait = ratelimit.retry_after(now, settings.api_window_seconds)
        raise ApiError(
            429,
            "rate_limited",
            "Too many requests; slow down.",
            headers={"Retry-After": str(wait)},
        )
    return device_pk


DeviceDep = Annotated[int, Depends(authenticated_device)]


async def read_capped(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    too_large = ApiError(413, "too_large", f"A report may have at most {limit} bytes.")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large
    return bytes(body)


def build_router(report_schema_ref: str) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["sync v1"])

    @router.post(
        "/enrol",
        status_code=201,
        response_model=EnrolResponse,
        responses={
            400: {**JSON_ERROR, "description": "Malformed request"},
            404: {**JSON_ERROR, "description": "Unknown, used or expired code"},
            429: {**JSON_ERROR, "description": "Too many attempts; see Retry-After"},
        },
    )
    def enrol(body: EnrolRequest, request: Request, coordinator: CoordinatorDep) -> Any:
        """Spends a one-time enrolment code on a new device and returns its token."""
        settings = coordinator.settings
        now = coordinator.clock()
        address = request.client.host if request.client else "unknown"
        with coordinator.sessions.begin() as session:
            attempts = ratelimit.hit(
                session, f"enrol:{address}", now, settings.enrol_window_seconds
            )
        if attempts > settings.enrol_attempts_per_window:
            wait = ratelimit.retry_after(now, settings.enrol_window_seconds)
            raise ApiError(
                429,
                "rate_limited",
                "Too many enrolment attempts.",
                headers={"Retry-After": str(wait)},
            )
        with coordinator.sessions.begin() as session:
            enrolled = devices.enrol(session, body.code, body.device_name, now)
            k = policy.get_k(session)
        if enrolled is None:
            raise ApiError(404, "unknown_code", "The code is unknown, used or expired.")
        return {"device_id": enrolled.device_id, "token": enrolled.token, "policy": {"k": k}}

    @router.put(
        "/reports/{period}",
        status_code=201,
        response_model=Receipt,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": report_schema_ref}}},
            }
        },
        responses={
            200: {"model": Receipt, "description": "The same revision again (replay)"},
            201: {"model": Receipt, "description": "Stored"},
            409: {**JSON_ERROR, "description": "Same revision with other content, or lower"},
            413: {**JSON_ERROR, "description": "Report too large"},
            422: {**JSON_ERROR, "description": "Invalid report; each problem is named"},
            423: {**JSON_ERROR, "description": "The period is locked"},
            **AUTH_ERRORS,
        },
    )
    async def put_report(
        period: str, request: Request, device_pk: DeviceDep, coordinator: CoordinatorDep
    ) -> Response:
        """Stores a monthly report (canonical JSON of DESIGN.md §5) and answers a receipt."""
        payload = await read_capped(request, coordinator.settings.max_report_bytes)
        if not is_period(period):
            problem = ReportProblem("period", "A period is a month written YYYY-MM.")
            raise ApiError(422, "invalid_report", "Invalid period.", problems=[problem])
        checked = await run_in_threadpool(ingest.check, coordinator, payload, period)
        if isinstance(checked, ingest.Rejected):
            raise ApiError(
                422, "invalid_report", "The report is not valid.", problems=checked.problems
            )
        stored = await run_in_threadpool(ingest.store, coordinator, device_pk, checked)
        receipt = stored.receipt.as_json() if stored.receipt else None
        if stored.outcome is reports.Outcome.CONFLICT:
            raise ApiError(
                409,
                "conflict",
                f"The coordinator has another version of this month ({stored.reason}).",
                receipt=receipt,
            )
        if stored.outcome is reports.Outcome.LOCKED:
            raise ApiError(423, "locked", f"The period {period} is locked.", receipt=receipt)
        status = 201 if stored.outcome is reports.Outcome.CREATED else 200
        return JSONResponse(receipt, status_code=status)

    @router.get("/reports", response_model=list[Receipt], responses=AUTH_ERRORS)
    def list_receipts(device_pk: DeviceDep, coordinator: CoordinatorDep) -> Any:
        """The receipts of every month this device has sent, for reconciliation."""
        with coordinator.sessions() as session:
            device = devices.by_pk(session, device_pk)
            return [r.as_json() for r in reports.receipts(session, device)]

    @router.get("/policy", response_model=PolicyResponse, responses=AUTH_ERRORS)
    def get_policy(_device: DeviceDep, coordinator: CoordinatorDep) -> Any:
        """The threshold k and the locked months."""
        with coordinator.sessions() as session:
            return {"k": policy.get_k(session), "locked_periods": policy.locked_periods(session)}

    return router


def build_health_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
    def health(coordinator: CoordinatorDep) -> Any:
        """Liveness and database reachability, for a load balancer or a monitor."""
        try:
            with coordinator.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable", "database": "error"}, 503)
        return {"status": "ok", "database": "ok"}

    return router
