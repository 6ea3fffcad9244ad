"""Export to CSV, XLSX and JSON, atomic writes, and round trips back through the importer."""

import datetime as dt
import json
import tempfile

import openpyxl
import pytest

from homesupport.domain.importing import COLUMNS, SESSIONS_FORMAT
from homesupport.domain.sessions import Session
from homesupport.services.tabular import ExportError, export_sessions, import_sessions, write_csv

TODAY = dt.date(2026, 3, 10)

SESSIONS = [
    Session(
        date=dt.date(2026, 3, 4),
        minutes=45,
        mode="home_visit",
        programme="home",
        start=dt.time(9, 30),
        travel_minutes=20,
        client_id=7,
        age_band="75_84",
        language="sv",
        municipality="091",
        topics=("omakanta", "photos_files_printing"),
        devices=("iphone",),
        outcome="follow_up",
        guides=("omakanta-login",),
        follow_up=dt.date(2026, 3, 18),
        notes='=SUM(A1) "quoted"; two\nlines',
        id=12,
        client_nickname="Mummo; Kallio",
    ),
    Session(
        date=dt.date(2026, 3, 5),
        minutes=90,
        mode="group",
        programme="youth",
        participants=14,
        topics=("wilma",),
        notes="#N/A",
        id=13,
    ),
]


def test_csv_is_utf8_with_bom_semicolons_codes_and_iso_dates(tmp_path):
    path = tmp_path / "out.csv"
    export_sessions(path, SESSIONS, "csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + ";".join(COLUMNS).encode() + b"\r\n")
    first = data.decode("utf-8-sig").splitlines()[1]
    assert first.startswith('2026-03-04;09:30;45;20;home_visit;home;"Mummo; Kallio";75_84;sv;091;;')
    assert '"omakanta;photos_files_printing";iphone;follow_up;2026-03-18;' in first


def test_xlsx_has_a_bold_frozen_header_widths_date_cells_and_text_that_stays_text(tmp_path):
    path = tmp_path / "out.xlsx"
    export_sessions(path, SESSIONS, "xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["P"].width > sheet.column_dimensions["C"].width
    assert sheet["A2"].is_date and sheet["A2"].value.date() == dt.date(2026, 3, 4)
    assert sheet["B2"].value == dt.time(9, 30) and sheet["C2"].value == 45
    assert sheet["P2"].data_type == "s" and sheet["P2"].value.startswith("=SUM")
    assert sheet["P3"].data_type == "s" and sheet["P3"].value == "#N/A"


def test_json_holds_every_field_under_a_versioned_schema(tmp_path):
    path = tmp_path / "out.json"
    export_sessions(path, SESSIONS, "json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == SESSIONS_FORMAT == "homesupport.sessions/1"
    first = document["sessions"][0]
    assert first["id"] == 12 and first["client_id"] == 7
    assert first["client_nickname"] == "Mummo; Kallio"
    assert first["guides"] == ["omakanta-login"]
    assert first["start"] == "09:30" and first["follow_up"] == "2026-03-18"
    assert first["notes"] == SESSIONS[0].notes
    assert document["sessions"][1]["participants"] == 14


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_sessions(tmp_path, codes, municipalities, file_format):
    path = tmp_path / f"out.{file_format}"
    export_sessions(path, SESSIONS, file_format)
    imported, problems = import_sessions(path, codes, municipalities, TODAY)
    assert problems == []
    # ids, client links and guides are not part of the §8 columns
    expected = [
        Session(**{**s.__dict__, "id": None, "client_id": None, "guides": ()}) for s in SESSIONS
    ]
    assert [i.session for i in imported] == expected
    assert [i.client_nickname for i in imported] == ["Mummo; Kallio", None]


def test_a_comma_csv_round_trips_too(tmp_path, codes, municipalities):
    path = tmp_path / "out.csv"
    write_csv(path, SESSIONS, delimiter=",")
    imported, problems = import_sessions(path, codes, municipalities, TODAY)
    assert problems == [] and [i.session.topics for i in imported] == [s.topics for s in SESSIONS]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_a_failed_export_leaves_the_old_file_and_no_temporary_file(
    tmp_path, monkeypatch, file_format
):
    path = tmp_path / f"out.{file_format}"
    path.write_bytes(b"previous export")

    def broken():
        yield SESSIONS[0]
        raise RuntimeError("disk went away")

    system_temp = tmp_path / "system-temp"  # nothing staged there either, in clear
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    with pytest.raises(RuntimeError):
        export_sessions(path, broken(), file_format)
    assert path.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "system-temp"])
    assert list(system_temp.iterdir()) == []


def test_an_unwritable_target_is_an_export_error(tmp_path):
    with pytest.raises(ExportError) as caught:
        export_sessions(tmp_path / "missing-folder" / "out.csv", SESSIONS, "csv")
    assert caught.value.message == "Could not write {path}: {reason}."
    assert "missing-folder" in caught.value.params["path"]


def test_unknown_export_format(tmp_path):
    with pytest.raises(ValueError):
        export_sessions(tmp_path / "out.pdf", SESSIONS, "pdf")
