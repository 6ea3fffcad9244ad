"""The endpoints of the sync protocol v1 (DESIGN.md §6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from homesupport.coordinator import ingest
from homesupport.coordinator.api.errors import ApiError
from homesupport.coordinator.api.schemas import (
    EnrolRequest,
    EnrolResponse,
    ErrorResponse,
    GuideCatalogueItem,
    Health,
    PolicyResponse,
    Receipt,
)
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import devices, guides, policy, ratelimit, reports
from homesupport.domain.guides import MAX_SLUG
from homesupport.domain.report_format import FORMAT_REVISIONS

JSON_ERROR = {"model": ErrorResponse}
CHALLENGE = {"WWW-Authenticate": "Bearer"}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**JSON_ERROR, "description": "Unknown or missing token"},
    403: {**JSON_ERROR, "description": "The device was revoked"},
    429: {**JSON_ERROR, "description": "Too many requests; see Retry-After"},
}


def coordinator_of(request: Request) -> Coordinator:
    found: Coordinator = request.app.state.coordinator
    return found


CoordinatorDep = Annotated[Coordinator, Depends(coordinator_of)]


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "A bearer token is needed.", headers=CHALLENGE)
    return token.strip()


def refuse(found: devices.Access | None, coordinator: Coordinator) -> None:
    """Raises the 401, 403 or 429 a device lookup calls for; returns for a usable device."""
    if found is None:
        raise ApiError(401, "unauthorized", "Unknown token.", headers=CHALLENGE)
    if found.revoked:
        raise ApiError(403, "revoked", "This device was revoked by the coordinator.")
    settings = coordinator.settings
    if found.requests > settings.api_requests_per_window:
        wait = ratelimit.retry_after(coordinator.clock(), settings.api_window_seconds)
        raise ApiError(
            429,
            "rate_limited",
            "Too many requests; slow down.",
            headers={"Retry-After": str(wait)},
        )


def authenticated_device(request: Request, coordinator: CoordinatorDep) -> int:
    """The device behind the bearer token; counts the request against its rate limit."""
    token = bearer_token(request)
    with coordinator.engine.begin() as connection:
        found = devices.access(
            connection, token, coordinator.clock(), coordinator.settings.api_window_seconds, None
        )
    if found is not None:
        request.state.device = found.public_id
    refuse(found, coordinator)
    assert found is not None
    return found.device_pk


DeviceDep = Annotated[int, Depends(authenticated_device)]


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is larger than ``limit`` bytes (reading stops there)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            return None
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
    async def put_report(period: str, request: Request, coordinator: CoordinatorDep) -> Response:
        """Stores a monthly report (canonical JSON of DESIGN.md §5) and answers a receipt."""
        token = bearer_token(request)
        limit = coordinator.settings.max_report_bytes
        payload = await read_capped(request, limit)
        received = await run_in_threadpool(ingest.receive, coordinator, token, period, payload)
        if received.access is not None:
            request.state.device = received.access.public_id
        refuse(received.access, coordinator)
        stored = received.outcome
        if isinstance(stored, ingest.TooLarge):
            raise ApiError(413, "too_large", f"A report may have at most {limit} bytes.")
        if isinstance(stored, ingest.Rejected):
            raise ApiError(
                422, "invalid_report", "The report is not valid.", problems=stored.problems
            )
        assert stored is not None
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
    def get_policy(request: Request, coordinator: CoordinatorDep) -> Any:
        """The threshold k and the locked months."""
        token = bearer_token(request)
        settings = coordinator.settings
        with coordinator.engine.begin() as connection:
            found = devices.access(
                connection, token, coordinator.clock(), settings.api_window_seconds, None
            )
            locked = policy.locked_periods_at(connection) if found is not None else []
        if found is not None:
            request.state.device = found.public_id
        refuse(found, coordinator)
        assert found is not None
        return {"k": found.k, "locked_periods": locked, "report_formats": list(FORMAT_REVISIONS)}

    @router.get(
        "/guides",
        response_model=list[GuideCatalogueItem],
        responses={304: {"description": "Not modified (If-None-Match)"}, **AUTH_ERRORS},
    )
    def guide_catalogue(
        request: Request, device_pk: DeviceDep, coordinator: CoordinatorDep
    ) -> Response:
        """The guides the coordinator publishes, newest version of each; with an ETag, so an
        unchanged catalogue costs one small 304."""
        with coordinator.sessions() as session:
            entries = guides.catalogue(session)
        etag = guides.catalogue_etag(entries)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        asked = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
        if etag in asked:
            return Response(status_code=304, headers=headers)
        return JSONResponse([e.as_json() for e in entries], headers=headers)

    @router.get(
        "/guides/{slug}/{version}",
        response_class=Response,
        responses={
            200: {"content": {"application/zip": {}}, "description": "The guide's .zip"},
            404: {**JSON_ERROR, "description": "No such guide or version, or withdrawn"},
            **AUTH_ERRORS,
        },
    )
    def guide_archive(
        device_pk: DeviceDep,
        coordinator: CoordinatorDep,
        slug: Annotated[str, Path(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=MAX_SLUG)],
        version: Annotated[int, Path(ge=1, le=2**31 - 1)],
    ) -> Response:
        """One published guide as a .zip in the app's guide format; its SHA-256 is the
        catalogue's."""
        with coordinator.sessions.begin() as session:
            data = guides.download(session, slug, version, device_pk, coordinator.clock())
        if data is None:
            raise ApiError(404, "unknown_guide", "No such guide version is published.")
        return Response(data, media_type="application/zip")

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
