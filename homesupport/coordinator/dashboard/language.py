"""The page language of one request: ?lang=, then the cookie, then Accept-Language, then fi."""

from __future__ import annotations

from starlette.requests import Request

from homesupport.i18n import DEFAULT_LANGUAGE, SUPPORTED

COOKIE = "hs_lang"


def from_accept_language(header: str) -> str | None:
    choices: list[tuple[float, str]] = []
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.split("-")[0].strip().lower()
        if language in SUPPORTED and quality > 0:
            choices.append((quality, language))
    return max(choices, key=lambda c: c[0])[1] if choices else None


def choose(request: Request) -> tuple[str, bool]:
    """The language and whether it was picked explicitly now (then it is remembered)."""
    asked = request.query_params.get("lang", "")
    if asked in SUPPORTED:
        return asked, True
    remembered = request.cookies.get(COOKIE, "")
    if remembered in SUPPORTED:
        return remembered, False
    return from_accept_language(request.headers.get("accept-language", "")) or (
        DEFAULT_LANGUAGE
    ), False
