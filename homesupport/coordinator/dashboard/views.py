"""Dashboard pages: the overview, one month/quarter/year, and the CSV export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from homesupport.coordinator import export
from homesupport.coordinator.api.routes import CoordinatorDep
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.dashboard import figures
from homesupport.coordinator.dashboard.auth import signed_in, to_login
from homesupport.coordinator.dashboard.language import choose
from homesupport.coordinator.dashboard.render import Renderer
from homesupport.coordinator.periods import (
    Span,
    month_of,
    months_between,
    parse_span,
    quarter_of,
    shift,
)
from homesupport.coordinator.storage import aggregates, devices, guides
from homesupport.i18n import N_, translation

OVERVIEW_MONTHS = 12


def build_views_router(renderer: Renderer) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    def overview(request: Request, coordinator: CoordinatorDep) -> Response:
        user = signed_in(request, coordinator)
        if user is None:
            return to_login()
        context = overview_context(coordinator)
        return renderer.page(request, "overview.html", {"user": user, **context})

    @router.get("/period/{spec}")
    def period(spec: str, request: Request, coordinator: CoordinatorDep) -> Response:
        user = signed_in(request, coordinator)
        if user is None:
            return to_login()
        try:
            span = parse_span(spec)
        except ValueError:
            message = N_("There is no such month, quarter or year.")
            return renderer.page(request, "error.html", {"user": user, "message": message}, 404)
        lang, _explicit = choose(request)
        context = span_context(coordinator, span, lang)
        return renderer.page(request, "period.html", {"user": user, **context})

    @router.get("/go")
    def go(request: Request) -> Response:
        """The period picker form posts here (GET, no JavaScript) and lands on the page."""
        spec = request.query_params.get("spec", "").strip()
        return RedirectResponse(f"/period/{spec}" if spec.isascii() else "/", 303)

    @router.get("/export.csv")
    async def export_csv(request: Request, coordinator: CoordinatorDep) -> Response:
        user = await run_in_threadpool(signed_in, request, coordinator)
        if user is None:
            return to_login()
        first = request.query_params.get("from", "")
        last = request.query_params.get("to", "")
        try:
            months_between(first, last)
        except ValueError:
            message = N_("Choose the first and the last month of the export.")
            return renderer.page(request, "error.html", {"user": user, "message": message}, 400)
        text = await run_in_threadpool(export.to_csv, coordinator, first, last)
        return Response(
            text.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="homesupport-{first}-{last}.csv"',
                "Cache-Control": "no-store",
            },
        )

    return router


def overview_context(coordinator: Coordinator) -> dict[str, Any]:
    today = coordinator.clock()
    last_month = shift(month_of(today), -1)
    months = months_between(shift(last_month, -(OVERVIEW_MONTHS - 1)), last_month)
    aggregates.refresh(coordinator.sessions, months)
    with coordinator.sessions() as session:
        counts = aggregates.devices_by_period(session, months[0], months[-1])
        cells = aggregates.by_period(session, months)
        missing = devices.missing_for(session, last_month)
        active = devices.active_count(session)
        published = guides.use(session)
    minimum = coordinator.settings.min_devices
    rows = [
        {
            "period": m,
            "devices": counts.get(m, 0),
            "shown": counts.get(m, 0) >= minimum,
            "totals": figures.totals(cells[m]),
        }
        for m in reversed(months)
    ]
    years = sorted({m[:4] for m in months}, reverse=True)
    quarters = sorted({quarter_of(m) for m in months}, reverse=True)
    return {
        "last_month": last_month,
        "reported_last_month": counts.get(last_month, 0),
        "active_devices": active,
        "missing": missing,
        "rows": rows,
        "years": years,
        "quarters": quarters,
        "min_devices": minimum,
        "guides": published,
        "export_from": months[0],
        "export_to": last_month,
    }


def span_context(coordinator: Coordinator, span: Span, lang: str) -> dict[str, Any]:
    published, withheld = export.published_months(coordinator, span.first, span.last)
    aggregates.refresh(coordinator.sessions, published)
    with coordinator.sessions() as session:
        monthly = aggregates.by_period(session, published)
        reporting = aggregates.distinct_devices(session, published)
        # a published guide's own titles win over the bundled guide's of the same slug
        guide_titles = {**coordinator.bundled_guides.titles, **guides.titles(session)}
    summed: dict[aggregates.Key, aggregates.Figure] = {}
    for cells in monthly.values():
        for key, figure in cells.items():
            summed[key] = summed[key] + figure if key in summed else figure
    labeller = figures.Labeller(
        coordinator.codes,
        coordinator.municipalities,
        lang,
        translation(lang).gettext,
        guide_titles,
    )
    return {
        "span": span,
        "previous": span.neighbour(-1),
        "next": span.neighbour(1),
        "published": published,
        "withheld": withheld,
        "devices": reporting,
        "min_devices": coordinator.settings.min_devices,
        "totals": figures.totals(summed),
        "tables": figures.tables(summed, labeller) if published else [],
    }
