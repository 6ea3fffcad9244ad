"""Cell rules of the importer: dates, times, numbers, codes, municipalities, required cells,
and how problems name their row and column."""

import datetime as dt

import pytest

from homesupport.domain.importing import ImportProblem, describe

HEADER = ["Päivämäärä", "Alku", "Kesto", "Matka-aika", "Tapa", "Ohjelma", "Osallistujat"]


def one(parse, row, header=HEADER):
    """The single session of a one-row table, or its problems."""
    sessions, problems = parse([header, row])
    return sessions[0].session if sessions else problems


def base(**cells):
    row = dict(
        zip(
            HEADER,
            ["4.3.2026", "", "45", "", "Kotikäynti", "Kotiin vietävä digituki", ""],
            strict=True,
        )
    )
    row.update(cells)
    return [row[h] for h in HEADER]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-03-04", dt.date(2026, 3, 4)),
        ("2026-3-4", dt.date(2026, 3, 4)),
        ("4.3.2026", dt.date(2026, 3, 4)),
        ("04.03.2026", dt.date(2026, 3, 4)),
        (" 4.3.2026 ", dt.date(2026, 3, 4)),
        ("2026-03-04 00:00:00", dt.date(2026, 3, 4)),
        (dt.date(2026, 3, 4), dt.date(2026, 3, 4)),
        (dt.datetime(2026, 3, 4, 0, 0), dt.date(2026, 3, 4)),
    ],
)
def test_dates(parse, cell, expected):
    assert one(parse, base(**{"Päivämäärä": cell})).date == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31.2.2026", "There is no such day as {value}."),
        ("2026-02-30", "There is no such day as {value}."),
        ("3/4/2026", "“{value}” is not a date; write it as YYYY-MM-DD or D.M.YYYY."),
        ("eilen", "“{value}” is not a date; write it as YYYY-MM-DD or D.M.YYYY."),
        (46000, "“{value}” is not a date; write it as YYYY-MM-DD or D.M.YYYY."),
        ("1.1.2031", "The date {value} is in the future."),
        ("31.12.1999", "The date {value} is too far in the past."),
    ],
)
def test_bad_dates_name_row_and_column(parse, cell, message):
    (problem,) = one(parse, base(**{"Päivämäärä": cell}))
    assert (problem.row, problem.column, problem.message) == (2, "Päivämäärä", message)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("9:30", dt.time(9, 30)),
        ("09:30", dt.time(9, 30)),
        ("9.30", dt.time(9, 30)),
        ("9:30:00", dt.time(9, 30)),
        (dt.time(9, 30, 15), dt.time(9, 30)),
        (dt.datetime(1899, 12, 30, 9, 30), dt.time(9, 30)),
        ("", None),
    ],
)
def test_start_times(parse, cell, expected):
    assert one(parse, base(Alku=cell)).start == expected


@pytest.mark.parametrize("cell", ["25:00", "9:60", "noon", "930", 9.5])
def test_bad_start_times(parse, cell):
    (problem,) = one(parse, base(Alku=cell))
    assert (problem.row, problem.column) == (2, "Alku")


@pytest.mark.parametrize("cell", ["45", "45,0", "45.0", " 45 ", "+45", 45, 45.0])
def test_whole_numbers_as_excel_writes_them(parse, cell):
    assert one(parse, base(Kesto=cell)).minutes == 45


@pytest.mark.parametrize("cell", ["45,5", "45.5", 45.5, "neljä", "45 min", True, "1e3"])
def test_not_whole_numbers(parse, cell):
    (problem,) = one(parse, base(Kesto=cell))
    assert (problem.column, problem.message) == ("Kesto", "“{value}” is not a whole number.")


@pytest.mark.parametrize("cell", ["0", "601", "-5", "99999", "1234567890123"])
def test_durations_outside_1_to_600(parse, cell):
    (problem,) = one(parse, base(Kesto=cell))
    assert (problem.row, problem.column) == (2, "Kesto")


def test_travel_minutes_default_to_zero_and_are_checked(parse):
    assert one(parse, base()).travel_minutes == 0
    (problem,) = one(parse, base(**{"Matka-aika": "-10"}))
    assert problem.column == "Matka-aika" and problem.params["value"] == "-10"


@pytest.mark.parametrize(
    ("mode", "programme", "expected"),
    [
        ("home_visit", "home", ("home_visit", "home")),
        ("Kotikäynti", "Nuorten digituki", ("home_visit", "youth")),
        ("hembesök", "Allmänt digitalt stöd", ("home_visit", "general")),
        ("PHONE", "Youth digital support", ("phone", "youth")),
        ("  video   call ", "general", ("video", "general")),
    ],
)
def test_codes_and_labels_in_any_language(parse, mode, programme, expected):
    session = one(parse, base(Tapa=mode, Ohjelma=programme))
    assert (session.mode, session.programme) == expected


def test_unknown_codes_name_the_value(parse):
    problems = one(parse, base(Tapa="kotikäyntti", Ohjelma="seniors"))
    assert [(p.column, p.message, p.params) for p in problems] == [
        ("Tapa", "Unknown code or label: {value}.", {"value": "kotikäyntti"}),
        ("Ohjelma", "Unknown code or label: {value}.", {"value": "seniors"}),
    ]


def test_empty_required_cells(parse):
    problems = one(parse, ["", "9:00", " ", "", "", "", ""])
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, column, "A value is required.") for column in ("Päivämäärä", "Kesto", "Tapa", "Ohjelma")
    ]


def test_short_rows_read_missing_cells_as_empty(parse):
    problems = one(parse, ["4.3.2026", "", "45"])
    assert [p.column for p in problems] == ["Tapa", "Ohjelma"]


def test_multi_values_are_separated_by_semicolons(parse):
    header = ["date", "minutes", "mode", "programme", "aiheet", "devices"]
    row = [
        "2026-03-04",
        "30",
        "phone",
        "home",
        "OmaKanta; Kuvat, tiedostot ja tulostus;omakanta;\nscams",
        "Android-telefon;tablet",
    ]
    session = one(parse, row, header)
    assert session.topics == ("omakanta", "photos_files_printing", "scams")
    assert session.devices == ("android", "tablet")


def test_unknown_multi_values_are_listed(parse):
    header = ["date", "minutes", "mode", "programme", "Aiheet"]
    (problem,) = one(
        parse, ["2026-03-04", "30", "phone", "home", "email, scams;Wilma;tiktok"], header
    )
    assert (problem.column, problem.params) == ("Aiheet", {"value": "email, scams; tiktok"})


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("091", "091"),
        ("91", "091"),
        (91, "091"),
        (91.0, "091"),
        ("Helsingfors", "091"),
        ("vaasa", "905"),
        ("Vasa", "905"),
        ("", None),
    ],
)
def test_municipality_by_code_or_name(parse, cell, expected):
    header = ["date", "minutes", "mode", "programme", "Kommun"]
    assert one(parse, ["2026-03-04", "30", "phone", "home", cell], header).municipality == expected


def test_unknown_municipality(parse):
    header = ["date", "minutes", "mode", "programme", "Kommun"]
    (problem,) = one(parse, ["2026-03-04", "30", "phone", "home", "Atlantis"], header)
    assert (problem.column, problem.message) == ("Kommun", "Unknown municipality: {value}.")


def test_group_sessions_need_participants_even_without_the_column(parse):
    header = ["date", "minutes", "mode", "programme"]
    (problem,) = one(parse, ["2026-03-04", "60", "Ryhmäopastus", "youth"], header)
    assert (problem.row, problem.column) == (2, "participants")
    assert one(parse, base(Tapa="group", Osallistujat="12")).participants == 12
    (problem,) = one(parse, base(Osallistujat="3"))
    assert problem.column == "Osallistujat"


def test_a_bad_mode_does_not_also_blame_the_participants(parse):
    problems = one(parse, base(Tapa="ryhmä?", Osallistujat="12"))
    assert [p.column for p in problems] == ["Tapa"]


def test_follow_up_before_the_session(parse):
    header = ["date", "minutes", "mode", "programme", "Jatkokäynti"]
    (problem,) = one(parse, ["4.3.2026", "30", "phone", "home", "1.3.2026"], header)
    assert problem.column == "Jatkokäynti"
    assert one(
        parse, ["4.3.2026", "30", "phone", "home", "11.3.2026"], header
    ).follow_up == dt.date(2026, 3, 11)


def test_notes_keep_line_breaks_lose_control_characters_and_have_a_limit(parse):
    header = ["date", "minutes", "mode", "programme", "notes"]
    session = one(parse, ["2026-03-04", "30", "phone", "home", " eka\r\ntoka\x07 "], header)
    assert session.notes == "eka\ntoka"
    (problem,) = one(parse, ["2026-03-04", "30", "phone", "home", "x" * 501], header)
    assert (problem.column, problem.params["value"]) == ("notes", "501")


def test_rows_are_numbered_as_the_spreadsheet_shows_them_and_empty_rows_skipped(parse):
    good = base()
    rows = [HEADER, good, ["", None, "  "], [], good, base(Kesto="0"), good]
    sessions, problems = parse(rows)
    assert sessions == []  # all rows or none
    assert [(p.row, p.column) for p in problems] == [(6, "Kesto")]
    sessions, problems = parse(rows[:5])
    assert problems == [] and [s.row for s in sessions] == [2, 5]


def test_problems_of_a_row_follow_the_column_order(parse):
    problems = one(parse, ["31.2.2026", "25:00", "0", "x", "phone", "??", "3"])
    assert [p.column for p in problems] == [h for h in HEADER if h != "Tapa"]


def test_too_many_rows_is_one_problem(parse):
    rows = [HEADER] + [base()] * 11
    assert len(parse(rows, max_rows=11)[0]) == 11
    sessions, problems = parse(rows, max_rows=10)
    assert sessions == [] and [p.params for p in problems] == [{"limit": "10"}]


def test_problems_stop_at_a_limit_with_a_note(parse):
    rows = [HEADER] + [base(Kesto="0")] * 20
    _, problems = parse(rows, max_problems=5)
    assert len(problems) == 6
    assert problems[-1].message.startswith("Too many problems") and problems[-1].row == 6


def test_describe_names_row_and_column_in_the_chosen_language():
    problem = ImportProblem(
        3,
        "Kesto",
        "Duration must be between {low} and {high} minutes, not {value}.",
        {"low": "1", "high": "600", "value": "0"},
    )
    assert describe(problem, str) == (
        "Row 3, column “Kesto”: Duration must be between 1 and 600 minutes, not 0."
    )
    finnish = {
        "Row {row}, column “{column}”": "Rivi {row}, sarake ”{column}”",
        problem.message: "Keston pitää olla {low}–{high} minuuttia, ei {value}.",
    }
    assert describe(problem, lambda m: finnish.get(m, m)) == (
        "Rivi 3, sarake ”Kesto”: Keston pitää olla 1–600 minuuttia, ei 0."
    )
    broken = {problem.message: "Kesto {matala}–{high}"}  # a bad translation must not crash
    assert describe(problem, lambda m: broken.get(m, m)).endswith("not 0.")
    assert describe(ImportProblem(None, None, "The file is empty."), str) == "The file is empty."
    assert (
        describe(ImportProblem(7, None, "Stop at {row}.", {"row": "7"}), str) == "Row 7: Stop at 7."
    )
