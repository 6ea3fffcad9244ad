"""Structured (JSON lines) logs. Never a payload, token, code or password: only what
happened, to which route, with which status and how long it took."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

LOGGER = "homesupport.coordinator"
_FIELDS = ("method", "path", "status", "ms", "device", "client", "event")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


async def access_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    started = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        return response
    finally:
        route = request.scope.get("route")
        logging.getLogger(LOGGER + ".access").info(
            "request",
            extra={
                "method": request.method,
                # The route template, not the URL: no query strings or ids in the log.
                "path": getattr(route, "path", "(unmatched)"),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "device": getattr(request.state, "device", None),
                "client": request.client.host if request.client else None,
            },
        )
