"""Reading CSV and XLSX files: encodings, delimiters, damaged and foreign files, limits."""

import codecs
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from homesupport.services import tabular
from homesupport.services.tabular import import_sessions

TODAY = dt.date(2026, 3, 10)

FINNISH_CSV = (
    "Päivämäärä{d}Kesto{d}Tapa{d}Ohjelma{d}Aiheet{d}Kunta{d}Asiakas{d}Muistiinpanot\r\n"
    '4.3.2026{d}45{d}Kotikäynti{d}Kotiin vietävä digituki{d}"OmaKanta;Sähköposti"{d}'
    'Jyväskylä{d}Äijä{d}"Näytin; kuinka ""Kanta"" toimii"\r\n'
    "5.3.2026{d}30{d}Puhelin{d}Yleinen digituki{d}{d}Pedersöre{d}{d}€ maksu\r\n"
)


def run(path, codes, municipalities):
    return import_sessions(path, codes, municipalities, TODAY)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_every_encoding_with_every_delimiter_imports(
    tmp_path, codes, municipalities, encoding, delimiter
):
    path = tmp_path / "sessions.csv"
    path.write_bytes(FINNISH_CSV.format(d=delimiter).encode(encoding))
    sessions, problems = run(path, codes, municipalities)
    assert problems == []
    first, second = (s.session for s in sessions)
    assert first.topics == ("omakanta", "email")
    assert first.municipality == "179"
    assert sessions[0].client_nickname == "Äijä"
    assert first.notes == 'Näytin; kuinka "Kanta" toimii'
    assert (second.mode, second.programme, second.municipality) == ("phone", "general", "599")
    assert second.notes == "€ maksu"


def test_the_bom_is_no_part_of_the_first_header(tmp_path, codes, municipalities):
    path = tmp_path / "s.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"Date,Minutes\r\n")
    _, problems = run(path, codes, municipalities)
    assert [p.column for p in problems] == ["mode", "programme"]


def test_an_excel_sep_line_names_the_delimiter_and_is_not_a_row(tmp_path, codes, municipalities):
    path = tmp_path / "s.csv"
    path.write_text("sep=,\r\ndate;x,minutes,mode,programme\r\n", encoding="utf-8")
    _, problems = run(path, codes, municipalities)
    assert [(p.row, p.column) for p in problems] == [(1, "date;x"), (1, "date")]


def test_undecodable_bytes_are_one_problem(tmp_path, codes, municipalities):
    path = tmp_path / "s.csv"
    path.write_bytes(b"date;minutes;mode;programme\r\n\x81\x8d\x90;1;2;3\r\n")
    sessions, problems = run(path, codes, municipalities)
    assert sessions == [] and len(problems) == 1
    assert problems[0].row is None and "encoding" in problems[0].message


def test_a_quoted_line_break_keeps_one_spreadsheet_row(tmp_path, codes, municipalities):
    path = tmp_path / "s.csv"
    text = (
        "date;minutes;mode;programme;notes\n"
        '2026-03-04;30;phone;home;"a\nb"\n'
        "2026-03-04;0;phone;home;\n"
    )
    path.write_text(text, encoding="utf-8")
    _, problems = run(path, codes, municipalities)
    assert [(p.row, p.column) for p in problems] == [(3, "minutes")]


def test_a_damaged_csv_names_the_row(tmp_path, codes, municipalities):
    path = tmp_path / "s.csv"
    # an unmatched quote swallows the rest of a big file into one cell, past csv's field limit
    rest = b"2026-03-04;30;phone;home\n" * 10_000
    path.write_bytes(b'date;minutes;mode;programme\n2026-03-04;30;phone;home\n"x;' + rest)
    sessions, problems = run(path, codes, municipalities)
    assert sessions == []
    assert [(p.row, p.params) for p in problems] == [(None, {"row": "3"})]


def write_xlsx(path, rows, title="Sheet"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_xlsx_with_real_date_cells_and_numbers(tmp_path, codes, municipalities):
    path = tmp_path / "s.xlsx"
    write_xlsx(
        path,
        [
            ["Datum", "Början", "Längd", "Restid", "Form", "Program", "Kommun", "Uppföljning"],
            [dt.date(2026, 3, 4), dt.time(9, 30), 45, 15.0, "Hembesök", "home", 91, None],
            [dt.datetime(2026, 3, 5), "10.15", 30.0, None, "phone", "youth", "Vasa", "1.4.2026"],
        ],
    )
    sessions, problems = run(path, codes, municipalities)
    assert problems == []
    first, second = (s.session for s in sessions)
    assert (first.date, first.start, first.minutes, first.travel_minutes) == (
        dt.date(2026, 3, 4),
        dt.time(9, 30),
        45,
        15,
    )
    assert (first.mode, first.municipality, first.follow_up) == ("home_visit", "091", None)
    assert (second.date, second.start, second.minutes) == (dt.date(2026, 3, 5), dt.time(10, 15), 30)
    assert (second.municipality, second.follow_up) == ("905", dt.date(2026, 4, 1))


def test_xlsx_problems_name_the_spreadsheet_row_across_blank_rows(tmp_path, codes, municipalities):
    path = tmp_path / "s.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for column, value in enumerate(["date", "minutes", "mode", "programme"], start=1):
        sheet.cell(1, column, value)
    for column, value in enumerate([dt.date(2026, 3, 4), 0, "phone", "home"], start=1):
        sheet.cell(7, column, value)
    sheet.cell(2, 6, "  ")  # a stray blank cell out of the header's reach
    workbook.save(path)
    _, problems = run(path, codes, municipalities)
    assert [(p.row, p.column) for p in problems] == [(7, "minutes")]


def test_xlsx_imports_only_the_first_sheet(tmp_path, codes, municipalities):
    path = tmp_path / "s.xlsx"
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.append(["date", "minutes", "mode", "programme"])
    first.append(["2026-03-04", 30, "phone", "home"])
    workbook.create_sheet("other").append(["nonsense"])
    workbook.save(path)
    sessions, problems = run(path, codes, municipalities)
    assert problems == [] and len(sessions) == 1


def valid_xlsx_bytes(tmp_path):
    path = tmp_path / "valid.xlsx"
    write_xlsx(
        path, [["date", "minutes", "mode", "programme"], ["2026-03-04", 30, "phone", "home"]]
    )
    return path.read_bytes()


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda tmp: b"date;minutes\n2026-03-04;30\n", "not an Excel workbook"),
        (lambda tmp: valid_xlsx_bytes(tmp)[:1500], "not an Excel workbook"),
        (lambda tmp: zip_bytes({"mimetype": "application/vnd.oasis.opendocument"}), "not an Excel"),
        (lambda tmp: zip_bytes({"[Content_Types].xml": "<Types/>"}), "not an Excel workbook"),
        (lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected"),
        (lambda tmp: b"", "not an Excel workbook"),
    ],
    ids=["text", "truncated", "ods-like zip", "empty package", "encrypted or xls", "empty"],
)
def test_corrupted_or_foreign_xlsx_is_one_clear_problem(
    tmp_path, codes, municipalities, content, message
):
    path = tmp_path / "sessions.xlsx"
    path.write_bytes(content(tmp_path))
    sessions, problems = run(path, codes, municipalities)
    assert sessions == [] and len(problems) == 1
    assert problems[0].row is None and message in problems[0].message


def test_damaged_sheet_xml_is_a_problem_not_a_traceback(tmp_path, codes, municipalities):
    source = valid_xlsx_bytes(tmp_path)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["xl/worksheets/sheet1.xml"] = files["xl/worksheets/sheet1.xml"][:-40]
    path = tmp_path / "sessions.xlsx"
    path.write_bytes(zip_bytes(files))
    sessions, problems = run(path, codes, municipalities)
    assert sessions == [] and len(problems) == 1 and problems[0].row is None


def test_an_xlsx_renamed_to_csv_is_recognised(tmp_path, codes, municipalities):
    path = tmp_path / "sessions.csv"
    path.write_bytes(valid_xlsx_bytes(tmp_path))
    _, problems = run(path, codes, municipalities)
    assert len(problems) == 1 and ".xlsx" in problems[0].message


@pytest.mark.parametrize("name", ["old.xls", "calc.ods", "notes.docx", "noending"])
def test_other_file_types_are_refused(tmp_path, codes, municipalities, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    sessions, problems = run(path, codes, municipalities)
    assert sessions == [] and len(problems) == 1 and problems[0].row is None


def test_a_missing_file_is_a_problem(tmp_path, codes, municipalities):
    _, problems = run(tmp_path / "nowhere.csv", codes, municipalities)
    assert len(problems) == 1 and problems[0].params["reason"]


def test_files_over_the_size_limit_are_refused_unread(tmp_path, codes, municipalities, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    _, problems = run(path, codes, municipalities)
    assert [p.params for p in problems] == [{"limit": "1"}]


def test_a_zip_bomb_is_refused(tmp_path, codes, municipalities, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_XLSX_UNPACKED_BYTES", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * 20_000)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    _, problems = run(path, codes, municipalities)
    assert len(problems) == 1 and "too large" in problems[0].message


def test_an_empty_workbook(tmp_path, codes, municipalities):
    path = tmp_path / "s.xlsx"
    write_xlsx(path, [])
    _, problems = run(path, codes, municipalities)
    assert len(problems) == 1 and "empty" in problems[0].message
