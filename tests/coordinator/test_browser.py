"""The dashboard in a real headless Chromium: log in, read a total, export CSV; wrong
password and a missing CSRF token refused. Screenshots go to /tmp/shots-coordinator/."""

from __future__ import annotations

import pytest
from coordinator_helpers import PASSWORD, add_user, bearer, enrol, make_report, payload
from live_server import serving

from homesupport.coordinator.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    return sqlite_url


def test_dashboard_in_chromium(browser, client, coordinator, shots_dir, tmp_path):
    add_user(coordinator, "maria")
    for name, sessions in (("Anna", 42), ("Bertil", 17), ("Chen", 25)):
        token = enrol(client, coordinator, name)["token"]
        for period in ("2026-09", "2026-10"):
            report = make_report(period=period, sessions=sessions)
            answer = client.put(
                f"/api/v1/reports/{period}", content=payload(report), headers=bearer(token)
            )
            assert answer.status_code == 201
    enrol(client, coordinator, "Dmitri")  # has not reported
    app = create_app(coordinator.settings, coordinator=coordinator)
    with serving(app) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(f"{url}/?lang=en")
        assert page.url.endswith("/login")
        page.fill("#name", "maria")
        page.fill("#password", "not the password")
        page.click("button[type=submit]")
        assert page.locator(".error").inner_text() == "Wrong user name or password."
        page.screenshot(path=str(shots_dir / "login-refused.png"), full_page=True)

        # A form without its CSRF token is refused.
        page.evaluate("document.querySelector('input[name=csrf]').remove()")
        page.fill("#name", "maria")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        assert "expired" in page.locator(".error").inner_text()

        page.fill("#name", "maria")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")
        assert "Dmitri" in page.locator("ul.names").inner_text()
        page.screenshot(path=str(shots_dir / "overview.png"), full_page=True)

        page.click("a[href='/period/2026-10']")
        assert page.locator("#total-sessions").inner_text() == str(42 + 17 + 25)
        page.screenshot(path=str(shots_dir / "month.png"), full_page=True)
        page.goto(f"{url}/period/2026-Q3?lang=fi")
        assert page.locator("#total-sessions").inner_text() == "84"
        page.screenshot(path=str(shots_dir / "quarter-fi.png"), full_page=True)

        page.goto(f"{url}/?lang=en")
        with page.expect_download() as download_info:
            page.click("form[action='/export.csv'] button")
        target = tmp_path / "export.csv"
        download_info.value.save_as(target)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "period,table,code,value,suppressed,devices"
        assert "2026-10,totals,sessions,84,0,3" in lines
        page.close()
