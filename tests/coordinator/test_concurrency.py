"""The same report PUT over several connections at once is stored exactly once."""

from __future__ import annotations

import threading

import httpx
from coordinator_helpers import bearer, enrol, make_report, payload
from live_server import serving
from sqlalchemy import func, select

from homesupport.coordinator.app import create_app
from homesupport.coordinator.storage.models import Report, ReportCell, ReportRevision

CONNECTIONS = 8


def test_same_put_from_many_connections_is_stored_once(client, coordinator):
    token = enrol(client, coordinator)["token"]
    report = make_report()
    body = payload(report)
    app = create_app(coordinator.settings, coordinator=coordinator)
    answers: list[httpx.Response] = []
    barrier = threading.Barrier(CONNECTIONS)
    with serving(app) as url:

        def send() -> None:
            with httpx.Client(base_url=url, timeout=30) as http:
                barrier.wait()
                answers.append(
                    http.put("/api/v1/reports/2026-10", content=body, headers=bearer(token))
                )

        threads = [threading.Thread(target=send) for _ in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * (CONNECTIONS - 1) + [201], [a.text for a in answers]
    assert len({a.text for a in answers}) == 1  # one receipt for all
    with coordinator.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 1
        assert session.scalar(select(func.count()).select_from(ReportRevision)) == 1
        cells = session.scalar(select(func.count()).select_from(ReportCell))
        assert cells == 7 + sum(len(t) for g in ("sessions", "clients") for t in report[g].values())
