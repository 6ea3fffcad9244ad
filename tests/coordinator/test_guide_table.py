"""Format 1.1's optional ``sessions.guide``: accepted beside 1.0, slugs checked against the
bundled and the published guides, stored and shown on the period pages and in the CSV."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from coordinator_helpers import add_user, bearer, enrol, make_report, payload
from test_dashboard import log_in
from test_hand_import import hand_import
from test_published_guides import run

from homesupport.domain.report_format import format_revision
from homesupport.resources import resource

BUNDLED = "omakanta-renew-prescription"
# 60 characters, the longest slug a guide may have: wider than the cells' first code column
LONG_SLUG = "kela-" + "liite-" * 8 + "lahetys"


def with_guides(report: dict, table: dict) -> dict:
    report["sessions"]["guide"] = table
    return report


def put(client, token: str, report: dict):
    return client.put(
        f"/api/v1/reports/{report['period']}", content=payload(report), headers=bearer(token)
    )


def published_copy(tmp_path: Path, slug: str) -> Path:
    """A bundled guide under another slug, as a coordinator's own sheet."""
    folder = tmp_path / slug
    shutil.copytree(resource("guides", BUNDLED), folder)
    for file in folder.glob("*.toml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace(f'slug = "{BUNDLED}"', f'slug = "{slug}"'), "utf-8")
    return folder


def test_the_long_slug_is_as_long_as_a_slug_may_be():
    assert len(LONG_SLUG) == 60


def test_policy_says_which_report_formats_are_accepted(client, coordinator):
    token = enrol(client, coordinator)["token"]
    answer = client.get("/api/v1/policy", headers=bearer(token))
    assert answer.json()["report_formats"] == ["1.0", "1.1"]


def test_reports_with_and_without_the_guide_table_are_both_accepted(client, coordinator):
    token = enrol(client, coordinator)["token"]
    plain = make_report(period="2026-09")
    assert format_revision(plain) == "1.0"
    assert put(client, token, plain).status_code == 201
    guided = with_guides(make_report(period="2026-10"), {BUNDLED: 1, "own": 1})
    assert format_revision(guided) == "1.1"
    answer = put(client, token, guided)
    assert answer.status_code == 201, answer.text
    # a replay of the same 1.1 bytes is a replay, not a new report
    assert put(client, token, guided).status_code == 200


def test_unknown_slug_is_rejected_naming_the_table_and_row(client, coordinator):
    token = enrol(client, coordinator)["token"]
    report = with_guides(make_report(), {BUNDLED: 1, "aino-virtanen-pankki": 1})
    answer = put(client, token, report)
    assert answer.status_code == 422
    problems = {p["path"]: p["message"] for p in answer.json()["problems"]}
    path = "$.sessions.guide['aino-virtanen-pankki']"
    assert set(problems) == {path}
    assert "Unknown guide: aino-virtanen-pankki" in problems[path]


@pytest.mark.parametrize(
    ("table", "path"),
    [
        ({BUNDLED: 0}, f"$.sessions.guide['{BUNDLED}']"),  # only non-zero cells
        ({BUNDLED: "<5"}, f"$.sessions.guide['{BUNDLED}']"),  # session counts are exact
        ({BUNDLED: 43}, f"$.sessions.guide['{BUNDLED}']"),  # more than the 42 sessions
        ({BUNDLED: 2, "own": 1}, "$.sessions.guide"),  # more than the 2 guides given
        ([BUNDLED], "$.sessions.guide"),
    ],
)
def test_bad_guide_tables_are_rejected(client, coordinator, table, path):
    token = enrol(client, coordinator)["token"]
    answer = put(client, token, with_guides(make_report(), table))
    assert answer.status_code == 422
    assert path in {p["path"] for p in answer.json()["problems"]}


def test_published_guides_are_accepted_even_after_withdrawal(client, coordinator, capsys, tmp_path):
    token = enrol(client, coordinator)["token"]
    report = with_guides(make_report(period="2026-09"), {LONG_SLUG: 2})
    assert put(client, token, report).status_code == 422  # not published yet
    folder = published_copy(tmp_path, LONG_SLUG)
    assert run(coordinator, capsys, "guides", "publish", str(folder))[0] == 0
    assert put(client, token, report).status_code == 201
    assert run(coordinator, capsys, "guides", "withdraw", LONG_SLUG)[0] == 0
    # a month in which the guide was given still names it
    later = with_guides(make_report(period="2026-10"), {LONG_SLUG: 1})
    assert put(client, token, later).status_code == 201


def send_two_devices(client, coordinator) -> None:
    first = enrol(client, coordinator, "A")["token"]
    second = enrol(client, coordinator, "B")["token"]
    assert put(client, first, with_guides(make_report(), {BUNDLED: 2})).status_code == 201
    assert (
        put(client, second, with_guides(make_report(), {"own": 1, BUNDLED: 1})).status_code == 201
    )
    # a 1.0 month beside it: its page says no report names guides
    assert put(client, first, make_report(period="2026-09")).status_code == 201
    assert put(client, second, make_report(period="2026-09")).status_code == 201


PAGE_WORDS = [
    ("en", "Renew a prescription in My Kanta", "Supporters’ own guides", "Sessions by guide given"),
    ("fi", "Pyydä reseptin uusimista OmaKannassa", "Tukijoiden omat ohjeet",
     "Käynnit annetun ohjeen mukaan"),
    ("sv", "Be om förnyelse av recept i MittKanta", "Stödpersonernas egna guider",
     "Besök efter utdelad guide"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "own", "heading"), PAGE_WORDS)
def test_period_page_shows_guides_given_by_title(client, coordinator, lang, title, own, heading):
    add_user(coordinator)
    send_two_devices(client, coordinator)
    assert log_in(client).status_code == 303
    page = client.get(f"/period/2026-10?lang={lang}").text
    assert heading in page
    assert f'{title}</th><td class="num">3<' in page
    assert f'{own}</th><td class="num">1<' in page
    assert BUNDLED not in page  # titles, never slugs
    # the month of 1.0 reports
    before = client.get(f"/period/2026-09?lang={lang}").text
    assert heading in before and title not in before


def test_csv_export_has_the_guide_rows(client, coordinator):
    add_user(coordinator)
    send_two_devices(client, coordinator)
    assert log_in(client).status_code == 303
    answer = client.get("/export.csv?from=2026-09&to=2026-10")
    rows = list(csv.reader(io.StringIO(answer.text)))
    guides = [r for r in rows if r[1] == "sessions.guide"]
    assert ["2026-10", "sessions.guide", BUNDLED, "3", "0", "2"] in guides
    assert ["2026-10", "sessions.guide", "own", "1", "0", "1"] in guides
    assert not [r for r in guides if r[0] == "2026-09"]


def test_hand_import_checks_the_guide_table_too(coordinator, capsys, tmp_path):
    good = with_guides(make_report(period="2026-09"), {BUNDLED: 1, "own": 1})
    code, out = hand_import(coordinator, tmp_path, capsys, good)
    assert code == 0, out
    bad = with_guides(make_report(period="2026-10"), {"pekan-oma-ohje": 1})
    code, out = hand_import(coordinator, tmp_path, capsys, bad)
    assert code != 0
    assert "$.sessions.guide['pekan-oma-ohje']" in out and "pekan-oma-ohje" in out
