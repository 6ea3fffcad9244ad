"""Jinja2 rendering with the visitor's gettext catalogue and the security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from homesupport.coordinator.dashboard import language
from homesupport.domain.formatting import count_text
from homesupport.i18n import translation

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
# No JavaScript at all; styles only from our own file; forms only post back to us.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
YEAR = 365 * 24 * 3600


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Renderer:
    def __init__(self, env: Environment) -> None:
        self.env = env

    def page(
        self, request: Request, template: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        lang, explicit = language.choose(request)
        catalogue = translation(lang)
        html = self.env.get_template(template).render(
            _=catalogue.gettext,
            gettext=catalogue.gettext,
            ngettext=catalogue.ngettext,
            lang=lang,
            languages=(("fi", "suomeksi"), ("sv", "på svenska"), ("en", "in English")),
            path=request.url.path,
            number=lambda n: count_text(n, lang),
            **context,
        )
        response = HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)
        if explicit:
            response.set_cookie(
                language.COOKIE,
                lang,
                max_age=YEAR,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response
