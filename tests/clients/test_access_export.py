import datetime as dt
import json

import pytest
from pypdf import PdfReader

from homesupport.domain.privacy import AuditAction
from homesupport.services.access_export import AccessExportService


@pytest.fixture
def exporter(app, codes, municipalities):
    store = app.store
    return AccessExportService(
        store.session_factory, codes, municipalities, app.clock, data_dir=store.paths.data_dir
    )


def fill(app):
    client = app.client(
        "Åsa Märta",
        age_band="85plus",
        language="sv",
        municipality="049",
        consent_date=dt.date(2026, 9, 1),
        consent_scope=("sessions",),
        notes="Tycker om att läsa",
    )
    first = app.session(dt.date(2026, 10, 2), client_id=client.id, topics=("omakanta",))
    app.session(
        dt.date(2026, 11, 2),
        client_id=client.id,
        notes="Harjoiteltiin",
        guides=("omakanta-login",),
        follow_up=dt.date(2026, 11, 27),
    )
    app.sessions.delete([first.id])  # deleted but kept for undo: still stored, so exported
    app.session(dt.date(2026, 11, 3), notes="someone else entirely")
    return client


def test_json_holds_everything_stored_about_the_client_in_the_language(app, exporter, tmp_path):
    client = fill(app)
    exporter.export(client.id, "sv", tmp_path / "a.json", None)
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["format"] == "homesupport.access/1" and data["language"] == "sv"
    assert data["client"]["nickname"] == "Åsa Märta"
    assert data["client"]["notes"] == "Tycker om att läsa"
    assert data["client"]["municipality"] == {"code": "049", "label": "Esbo"}
    assert data["client"]["age_band"]["label"] == "85 eller äldre"
    assert [s["date"] for s in data["sessions"]] == ["2026-10-02", "2026-11-02"]
    assert [s["deleted"] for s in data["sessions"]] == [True, False]
    assert data["sessions"][1]["notes"] == "Harjoiteltiin"
    assert "someone else" not in (tmp_path / "a.json").read_text(encoding="utf-8")
    assert AuditAction.ACCESS_EXPORT in {e.action for e in app.privacy.audit_log()}


def test_pdf_is_readable_text_with_the_clients_data(app, exporter, tmp_path):
    client = fill(app)
    exporter.export(client.id, "fi", None, tmp_path / "a.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "a.pdf").pages)
    for expected in ("Åsa Märta", "Tycker om att läsa", "Harjoiteltiin", "Espoo", "27.11.2026"):
        assert expected in text
    assert "someone else" not in text


def test_the_pdf_follows_the_interface_language(app, exporter, tmp_path):
    client = fill(app)
    record = exporter.record(client.id)
    assert exporter.content(record, "sv").sections[0].rows[3][1] == "Esbo"
    assert exporter.content(record, "fi").sections[0].rows[3][1] == "Espoo"


def test_an_erased_client_has_nothing_to_export(app, exporter, tmp_path):
    client = fill(app)
    app.privacy.erase_now(client.id)
    assert exporter.export(client.id, "fi", tmp_path / "a.json", tmp_path / "a.pdf") is None
    assert not (tmp_path / "a.json").exists()
