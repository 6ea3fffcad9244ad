"""Login, logout and CSRF for the dashboard.

Login sessions live in the database (any worker or instance can serve the next page); the
cookie holds a random id whose hash is stored. Every form carries a CSRF token: the login
form a double-submit token from its own cookie, later forms the login session's token.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from homesupport.coordinator.api.routes import CoordinatorDep
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.dashboard.render import Renderer
from homesupport.coordinator.security import same_secret
from homesupport.coordinator.storage import ratelimit, users
from homesupport.coordinator.storage.users import SignedIn
from homesupport.i18n import N_

SESSION_COOKIE = "hs_session"
LOGIN_CSRF_COOKIE = "hs_login_csrf"
MAX_FIELD = 200


def signed_in(request: Request, coordinator: Coordinator) -> SignedIn | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with coordinator.sessions() as session:
        return users.current(session, token, coordinator.clock())


def csrf_ok(form_value: object, expected: str | None) -> bool:
    return (
        isinstance(form_value, str) and bool(expected) and same_secret(form_value, expected or "")
    )


def to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _cookie_args(request: Request) -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": request.url.scheme == "https",
        "path": "/",
    }


def build_auth_router(renderer: Renderer) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def login_page(request: Request, error: str | None, status: int, name: str = "") -> Response:
        token = secrets.token_urlsafe(32)
        response = renderer.page(
            request, "login.html", {"csrf": token, "error": error, "name": name}, status
        )
        response.set_cookie(LOGIN_CSRF_COOKIE, token, **_cookie_args(request))
        return response

    @router.get("/login")
    def show_login(request: Request, coordinator: CoordinatorDep) -> Response:
        if signed_in(request, coordinator):
            return RedirectResponse("/", status_code=303)
        return login_page(request, None, 200)

    @router.post("/login")
    async def log_in(request: Request, coordinator: CoordinatorDep) -> Response:
        form = await request.form()
        if not csrf_ok(form.get("csrf"), request.cookies.get(LOGIN_CSRF_COOKIE)):
            return login_page(request, N_("The form had expired. Please try again."), 403)
        name = str(form.get("name", ""))[:MAX_FIELD].strip()
        password = str(form.get("password", ""))[:MAX_FIELD]
        token = await run_in_threadpool(_check_login, coordinator, request, name, password)
        if token is None:
            return login_page(request, N_("Wrong user name or password."), 401, name)
        if token == "":
            return login_page(
                request,
                N_("Too many failed attempts. Please wait a while and try again."),
                429,
                name,
            )
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=coordinator.settings.login_session_hours * 3600,
            **_cookie_args(request),
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
        return response

    @router.post("/logout")
    async def log_out(request: Request, coordinator: CoordinatorDep) -> Response:
        form = await request.form()
        user = signed_in(request, coordinator)
        if user is None:
            return to_login()
        if not csrf_ok(form.get("csrf"), user.csrf_token):
            return renderer.page(
                request,
                "error.html",
                {"message": N_("The form had expired."), "user": user},
                403,
            )
        with coordinator.sessions.begin() as session:
            users.end_session(session, request.cookies.get(SESSION_COOKIE, ""))
        response = to_login()
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return router


def _check_login(
    coordinator: Coordinator, request: Request, name: str, password: str
) -> str | None:
    """A new session's cookie value; None for a wrong password; "" when throttled.

    Failures are counted in the database (throttling holds across workers and instances) per
    address and user name, and per address over all names. An address that failed too often,
    for one user or in all, waits; failures from elsewhere never lock out a person typing
    the right password from an address that did not fail (with a per-user count, anyone could
    lock the real user out for the whole window)."""
    settings = coordinator.settings
    now = coordinator.clock()
    address = request.client.host if request.client else "unknown"
    pair_key = f"login:{address}:{name.casefold()[:80]}"
    address_key = f"login-addr:{address}"
    window = settings.login_window_seconds
    with coordinator.sessions() as session:
        pair = ratelimit.count(session, pair_key, now, window)
        by_address = ratelimit.count(session, address_key, now, window)
        user = users.find(session, name)
    if (
        pair >= settings.login_failures_allowed
        or by_address >= settings.login_address_failures_allowed
    ):
        return ""
    if user is None:
        coordinator.passwords.dummy_verify(password)
    if user is None or not coordinator.passwords.verify(user.password_hash, password):
        with coordinator.sessions.begin() as session:
            for key in (pair_key, address_key):
                ratelimit.hit(session, key, now, window)
        return None
    with coordinator.sessions.begin() as session:
        ratelimit.clear(session, pair_key)
        return users.start_session(session, user, now, settings.login_session_hours)
