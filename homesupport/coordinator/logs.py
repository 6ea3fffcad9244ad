"""Structured (JSON lines) logs. Never a payload, token, code or password: only what
happened, to which route, with which status and how long it took."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class AccessLog:
    """Pure ASGI middleware (no per-request task or body streaming of BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.logger = logging.getLogger(LOGGER + ".access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            if self.logger.isEnabledFor(logging.INFO):
                self._log(scope, status, started)

    def _log(self, scope: Scope, status: int, started: float) -> None:
        route = scope.get("route")
        client = scope.get("client")
        self.logger.info(
            "request",
            extra={
                "method": scope["method"],
                # The route template, not the URL: no query strings or ids in the log.
                "path": getattr(route, "path", "(unmatched)"),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "device": scope.get("state", {}).get("device"),
                "client": client[0] if client else None,
            },
        )
