"""The ASGI application factory: API, dashboard, static files, logs, OpenAPI."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from homesupport.coordinator import logs
from homesupport.coordinator.api.errors import (
    ApiError,
    api_error_handler,
    request_validation_handler,
)
from homesupport.coordinator.api.routes import build_health_router, build_router
from homesupport.coordinator.api.schemas import report_model
from homesupport.coordinator.context import Coordinator, open_coordinator
from homesupport.coordinator.dashboard.auth import build_auth_router
from homesupport.coordinator.dashboard.render import STATIC, Renderer, environment
from homesupport.coordinator.dashboard.views import build_views_router
from homesupport.coordinator.settings import Settings, settings_from_environment
from homesupport.coordinator.storage import aggregates

REPORT_SCHEMA = "MonthlyReport"
VERSION = "1"


def create_app(settings: Settings, *, coordinator: Coordinator | None = None) -> FastAPI:
    """Builds the app; opens (and migrates) the database unless a coordinator is given."""
    state = coordinator or open_coordinator(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        folding = (
            asyncio.create_task(fold_now_and_then(state))
            if settings.fold_interval_seconds > 0
            else None
        )
        try:
            yield
        finally:
            if folding is not None:
                folding.cancel()
                with suppress(asyncio.CancelledError):
                    await folding
            if coordinator is None:  # we opened it, we close it
                state.close()

    app = FastAPI(
        title="HomeSupport coordinator",
        version=VERSION,
        description="Receives the monthly reports of digital supporters (sync protocol v1).",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.coordinator = state
    app.add_exception_handler(ApiError, api_error_handler)
    app.add_exception_handler(RequestValidationError, request_validation_handler)
    app.add_middleware(logs.AccessLog)
    app.include_router(build_router(f"#/components/schemas/{REPORT_SCHEMA}"))
    app.include_router(build_health_router())
    renderer = Renderer(environment())
    app.include_router(build_auth_router(renderer))
    app.include_router(build_views_router(renderer))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = lambda: _openapi(app, state)  # type: ignore[method-assign]
    return app


async def fold_now_and_then(coordinator: Coordinator) -> None:
    """Keeps the month sums close to current in the background, so the first dashboard view
    after a burst of reports has only a few seconds' deltas left to fold. Any worker may do
    it; one at a time (the others skip a round)."""
    while True:
        await asyncio.sleep(coordinator.settings.fold_interval_seconds)
        try:
            await run_in_threadpool(aggregates.fold_pending, coordinator.engine)
        except Exception:  # the database may be briefly away; the next round tries again
            logging.getLogger(logs.LOGGER).warning("folding month sums failed", exc_info=True)


def _openapi(app: FastAPI, state: Coordinator) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        report = report_model(state.codes, state.municipalities).model_json_schema(
            by_alias=True, ref_template="#/components/schemas/{model}"
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(report.pop("$defs", {}))
        components[REPORT_SCHEMA] = report
        schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        for path, operations in schema["paths"].items():
            if path.startswith("/api/v1/") and path != "/api/v1/enrol":
                for operation in operations.values():
                    operation["security"] = [{"bearer": []}]
        app.openapi_schema = schema
    return app.openapi_schema


def app_from_environment() -> FastAPI:
    """For ``uvicorn --factory`` and ``serve --workers N``: settings come from the environment."""
    logs.configure()
    return create_app(settings_from_environment())
