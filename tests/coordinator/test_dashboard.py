"""Dashboard and CSV export through HTTP (the real browser run is in test_browser.py)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from coordinator_helpers import PASSWORD, add_user, bearer, enrol, make_report, payload
from fastapi.testclient import TestClient

from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import policy


def send(client: TestClient, coordinator: Coordinator, reports: dict[str, list[dict]]) -> None:
    for name, items in reports.items():
        token = enrol(client, coordinator, name)["token"]
        for report in items:
            answer = client.put(
                f"/api/v1/reports/{report['period']}",
                content=payload(report),
                headers=bearer(token),
            )
            assert answer.status_code == 201, answer.text


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def log_in(client: TestClient, name: str = "coordinator", password: str = PASSWORD):
    page = client.get("/login")
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )


def test_pages_need_a_login(client):
    for path in ("/", "/period/2026-10", "/export.csv?from=2026-01&to=2026-10"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_login_sets_a_hardened_cookie_and_shows_totals(client, coordinator):
    add_user(coordinator)
    send(client, coordinator, {"A": [make_report(sessions=42)], "B": [make_report(sessions=17)]})
    answer = log_in(client)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = client.get("/period/2026-10?lang=en")
    assert page.status_code == 200
    assert 'id="total-sessions">59<' in page.text
    # labels from the code list, never raw codes
    assert "My Kanta" in page.text and "Helsinki" in page.text
    assert ">omakanta<" not in page.text
    # each device's suppressed 65–74 cell is counted, never guessed
    assert '65–74</th><td class="num">2 small groups<' in page.text
    assert '75–84</th><td class="num">49<' in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_finnish_is_the_default_and_language_is_remembered(client, coordinator):
    add_user(coordinator)
    send(client, coordinator, {"A": [make_report()], "B": [make_report()]})
    log_in(client)
    assert "OmaKanta" in client.get("/period/2026-10").text
    assert "MittKanta" in client.get("/period/2026-10?lang=sv").text
    assert "MittKanta" in client.get("/period/2026-10").text
    assert client.get("/period/2026-10", headers={"Accept-Language": "en"}).text.count("MittKanta")


def test_one_devices_figures_are_never_shown_alone(client, coordinator):
    add_user(coordinator)
    send(client, coordinator, {"Only one": [make_report(sessions=42)]})
    log_in(client)
    page = client.get("/period/2026-10?lang=en").text
    assert 'id="total-sessions"' not in page and "fewer than 2 devices" in page
    export = client.get("/export.csv?from=2026-10&to=2026-10").text
    assert export.strip() == "period,table,code,value,suppressed,devices"


def test_overview_lists_who_has_not_reported_without_their_figures(client, coordinator):
    add_user(coordinator)
    send(client, coordinator, {"Reported A": [make_report()], "Reported B": [make_report()]})
    enrol(client, coordinator, "Silent laptop")
    log_in(client)
    page = client.get("/?lang=en").text
    assert "2 of 3 devices have reported" in page
    missing = page.split("Not reported yet")[1].split("</ul>")[0]
    assert "Silent laptop" in missing and "Reported" not in missing


def test_quarter_and_year_add_up_months(client, coordinator):
    add_user(coordinator)
    months = ["2026-07", "2026-08", "2026-09"]
    send(
        client,
        coordinator,
        {n: [make_report(period=m, sessions=20) for m in months] for n in ("A", "B")},
    )
    log_in(client)
    assert 'id="total-sessions">120<' in client.get("/period/2026-Q3").text
    assert 'id="total-sessions">120<' in client.get("/period/2026").text
    assert client.get("/period/2026-Q5").status_code == 404


def test_a_correction_changes_the_totals(client, coordinator):
    add_user(coordinator)
    token = enrol(client, coordinator, "A")["token"]
    send(client, coordinator, {"B": [make_report(sessions=10)]})
    first = make_report(sessions=30)
    client.put("/api/v1/reports/2026-10", content=payload(first), headers=bearer(token))
    log_in(client)
    assert 'id="total-sessions">40<' in client.get("/period/2026-10").text
    second = make_report(sessions=12, revision=2, report_id=first["report_id"])
    client.put("/api/v1/reports/2026-10", content=payload(second), headers=bearer(token))
    assert 'id="total-sessions">22<' in client.get("/period/2026-10").text


def test_csv_export_is_tidy_with_whole_range_rows(client, coordinator):
    add_user(coordinator)
    send(
        client,
        coordinator,
        {
            "A": [make_report(period="2026-09", sessions=20), make_report(period="2026-10")],
            "B": [make_report(period="2026-09", sessions=30), make_report(period="2026-10")],
        },
    )
    log_in(client)
    answer = client.get("/export.csv?from=2026-09&to=2026-10")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    index = {(r["period"], r["table"], r["code"]): r for r in rows}
    assert index[("2026-09", "totals", "sessions")]["value"] == "50"
    whole = index[("2026-09..2026-10", "totals", "sessions")]
    assert (whole["value"], whole["devices"]) == ("134", "2")
    age = index[("2026-09..2026-10", "clients.age_band", "65_74")]
    assert (age["value"], age["suppressed"], age["devices"]) == ("0", "4", "2")
    assert index[("2026-10", "totals", "new_clients")]["suppressed"] == "2"


def test_wrong_password_is_refused_and_throttled(client, coordinator):
    add_user(coordinator)
    for _ in range(coordinator.settings.login_failures_allowed):
        assert log_in(client, password="wrong password").status_code == 401
    # now even the right password waits
    assert log_in(client).status_code == 429


def test_login_without_csrf_is_refused(client, coordinator):
    add_user(coordinator)
    client.get("/login")
    answer = client.post(
        "/login", data={"name": "coordinator", "password": PASSWORD}, follow_redirects=False
    )
    assert answer.status_code == 403 and "hs_session" not in answer.headers.get("set-cookie", "")


def test_logout_needs_the_sessions_csrf_token(client, coordinator):
    add_user(coordinator)
    log_in(client)
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("query", ["from=2026-10&to=2026-01", "from=x&to=y", ""])
def test_bad_export_range_is_a_clear_400(client, coordinator, query):
    add_user(coordinator)
    log_in(client)
    assert client.get(f"/export.csv?{query}").status_code == 400


def test_a_large_secondary_suppressed_cell_is_accepted_and_summed_as_a_small_group(
    client, coordinator
):
    """§5 step 3 may hide a cell of k or more; the coordinator stores it, counts it as one
    suppressed cell (at least one client) and never infers an upper bound from it."""
    add_user(coordinator)
    reports = []
    for sessions in (20, 30):
        report = make_report(sessions=sessions, k=3)
        clients = sessions - 3
        # u18 = 1 (primary), unknown = clients - 1 ≥ k (secondary)
        report["clients"]["age_band"] = {"u18": "<3", "unknown": "<3"}
        report["totals"]["clients"] = clients
        reports.append(report)
    with coordinator.sessions.begin() as session:
        policy.set_k(session, 3)
    send(client, coordinator, {"A": [reports[0]], "B": [reports[1]]})
    log_in(client)
    page = client.get("/period/2026-10?lang=en").text
    assert 'Unknown</th><td class="num">2 small groups<' in page
    assert 'id="total-clients">44<' in page
    rows = csv.DictReader(io.StringIO(client.get("/export.csv?from=2026-10&to=2026-10").text))
    index = {(r["period"], r["table"], r["code"]): r for r in rows}
    unknown = index[("2026-10", "clients.age_band", "unknown")]
    assert (unknown["value"], unknown["suppressed"], unknown["devices"]) == ("0", "2", "2")


def test_an_exact_figure_with_small_groups_inside_is_shown_honestly(client, coordinator):
    """Jinja's format filter names its own first argument "value": the placeholder must not."""
    add_user(coordinator)
    exact = make_report(sessions=42)
    exact["totals"]["new_clients"] = 7
    send(client, coordinator, {"A": [exact], "B": [make_report(sessions=17)]})
    log_in(client)
    for path in ("/?lang=en", "/period/2026-10?lang=en", "/period/2026?lang=fi"):
        page = client.get(path)
        assert page.status_code == 200, path
    page = client.get("/period/2026-10?lang=en")
    assert 'id="total-new_clients">7, plus 1 small group<' in page.text
