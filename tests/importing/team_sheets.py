"""Sheets in the style teams keep by hand and survey tools export, built the way Excel and
the tools write them: a merged title row above the headings, the team's own headings and
words, real Excel date and date-time cells, one column per topic holding 1 or nothing, a
second sheet, and CSV files in Windows-1252 and UTF-16."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

TITLE = "Digitukikäynnit 2026 – Keski-Suomi"
HEADINGS = (
    "Päiväys",
    "Aika (min)",
    "Asiointitapa",
    "Ikäryhmä",
    "Asuinkunta",
    "Asia",
    "Tulos",
    "Huom.",
    "OmaKanta",
    "Kela",
    "Pankkitunnukset",
)
# One row per visit, as a team writes them: own words, dash and spacing variants, a date-time.
VISITS: tuple[tuple[object, ...], ...] = (
    (
        dt.datetime(2026, 10, 12, 14, 3),
        45,
        "kotikäynti",
        "75-84 v",
        "Jyväskylä",
        "Kanta / reseptit; Pankkitunnukset",
        "ratkesi",
        "Näytettiin reseptien uusiminen",
        1,
        None,
        1,
    ),
    (dt.datetime(2026, 10, 13), "1 h 30 min", "puhelinneuvonta", "yli 85", "Muurame",
     "Sähköposti", "osittain", None, None, 1, None),
    (dt.datetime(2026, 10, 14, 9, 15), "1:30", "etätuki (video)", "65 – 74", "Jämsä",
     "Huijaukset", "jatkokäynti", None, None, None, None),
    (dt.datetime(2026, 10, 20), 30, "Kotikäynti", "75–84", "Jyväskylä", None, "Ratkesi",
     "Tulostin ei toimi", 1, None, None),
)  # fmt: skip


def visit_rows(count: int) -> list[tuple[object, ...]]:
    """``count`` visits, the examples above repeated with the day moving on."""
    rows = []
    for index in range(count):
        row = list(VISITS[index % len(VISITS)])
        base = row[0]
        assert isinstance(base, dt.datetime)
        row[0] = base - dt.timedelta(days=index // len(VISITS) % 300)
        rows.append(tuple(row))
    return rows


def team_workbook(
    path: Path,
    rows: Sequence[Sequence[object]] = VISITS,
    *,
    second_sheet: bool = True,
    sheet_title: str = "Lokakuu",
) -> Path:
    """A workbook like a team's: a merged, bold title row, an empty row, the headings on row
    3, real date cells (with times where a time was typed), and a second sheet of totals."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(list(row))
        cell = sheet.cell(row=sheet.max_row, column=1)
        moment = cell.value
        if isinstance(moment, dt.datetime):
            has_time = moment.time() != dt.time()
            cell.number_format = "d.m.yyyy h:mm" if has_time else "d.m.yyyy"
    if second_sheet:
        totals = workbook.create_sheet("Yhteenveto")
        totals.append(["Kuukausi", "Käyntejä"])
        totals.append(["lokakuu", len(rows)])
    workbook.save(path)
    return path


def team_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """The team's sheet saved from Excel as "CSV (semicolon delimited)": Windows-1252, the
    title row kept, dates as Excel shows them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow(HEADINGS)
    for row in rows:
        moment = row[0]
        assert isinstance(moment, dt.datetime)
        shown = f"{moment.day}.{moment.month}.{moment.year}"
        if moment.time() != dt.time():
            shown += f" {moment.hour}:{moment.minute:02}"
        writer.writerow([shown, *("" if cell is None else cell for cell in row[1:])])
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


SURVEY_HEADINGS = (
    "Vastaajan ID",
    "Päivämäärä",
    "Kesto",
    "Tukimuoto",
    "Asiakkaan ikäryhmä",
    "Kotikunta",
    "Mitä asioita käsiteltiin? - OmaKanta",
    "Mitä asioita käsiteltiin? - Kela",
    "Mitä asioita käsiteltiin? - Sähköposti",
    "Lisätiedot",
)


def survey_rows() -> list[list[str]]:
    """A survey tool's export: one column per choice holding 1 or nothing, D.M.YYYY H:MM."""
    answers = (
        "101|12.10.2026 14:03|45 min|Kotikäynti|75-84 v|Jyväskylä|1||1|",
        "102|13.10.2026 9:30|1,5 h|Puhelin|yli 85|Jämsä||1||Soitto",
        "103|14.10.26|30|Puhelin|65-74|Muurame|||1|",
    )
    return [answer.split("|") for answer in answers]


def survey_csv(path: Path, encoding: str, delimiter: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(SURVEY_HEADINGS)
    writer.writerows(survey_rows())
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


MAPPING_FOR_TEAM_WORKBOOK = """\
[columns]
"Päiväys" = "date"
"Aika (min)" = "minutes"
"Asiointitapa" = "mode"
"Ikäryhmä" = "age_band"
"Asuinkunta" = "municipality"
"Asia" = "topics"
"Tulos" = "outcome"
"Huom." = "notes"

[values.mode]
"kotikäynti" = "home_visit"
"puhelinneuvonta" = "phone"
"etätuki (video)" = "video"

[values.age_band]
"75-84 v" = "75_84"
"yli 85" = "85plus"

[values.topics]
"Kanta / reseptit" = "omakanta"
"Pankkitunnukset" = "bank_ids"
"Huijaukset" = "scams"

[values.outcome]
"ratkesi" = "solved"
"osittain" = "partly"
"jatkokäynti" = "follow_up"

[flags.topics]
"OmaKanta" = "omakanta"
"Kela" = "kela"
"Pankkitunnukset" = "bank_ids"

[defaults]
programme = "home"
"""
