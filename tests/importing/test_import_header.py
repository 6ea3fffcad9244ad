"""Header rows: English, Finnish and Swedish names; required, unknown and duplicate columns."""

import pytest

from homesupport.domain.importing import COLUMNS


@pytest.mark.parametrize(
    "header",
    [
        ["date", "minutes", "mode", "programme", "topics", "municipality", "client"],
        ["DATE ", " Minutes", "Mode", "PROGRAMME", "Topics", "Municipality", "Client"],
        ["\ufeffpäivämäärä", "Kesto (min)", "Tapa", "Ohjelma", "Aiheet", "Kunta", "Asiakas"],
        ["pvm", "minuutit", "muoto", "ohjelma", "aihe", "kunta", "lempinimi"],
        ["Datum", "Längd", "Form", "Program", "Ämnen", "Kommun", "Klient"],
        ["datum", "minuter", "sätt", "program", "ämne", "kommun", "smeknamn"],
        ["Date", "Duration", "Mode", "Program", "Topic", "Municipality", "Nickname"],
    ],
)
def test_headers_in_three_languages_map_to_the_same_columns(header, parse):
    row = ["2026-03-04", "45", "home_visit", "home", "email", "Helsinki", "Aino"]
    sessions, problems = parse([header, row])
    assert problems == []
    (imported,) = sessions
    assert imported.session.topics == ("email",)
    assert imported.session.municipality == "091"
    assert imported.client_nickname == "Aino"


@pytest.mark.parametrize(
    ("written", "column"),
    [
        ("start", "start"),
        ("Alkuaika", "start"),
        ("början", "start"),
        ("travel_minutes", "travel_minutes"),
        ("Travel minutes", "travel_minutes"),
        ("matka-aika", "travel_minutes"),
        ("Restid", "travel_minutes"),
        ("age_band", "age_band"),
        ("Ikäryhmä", "age_band"),
        ("åldersgrupp", "age_band"),
        ("kieli", "language"),
        ("Språk", "language"),
        ("osallistujat", "participants"),
        ("Deltagare", "participants"),
        ("laitteet", "devices"),
        ("enheter", "devices"),
        ("tulos", "outcome"),
        ("resultat", "outcome"),
        ("follow-up", "follow_up"),
        ("jatkokäynti", "follow_up"),
        ("uppföljning", "follow_up"),
        ("muistiinpanot", "notes"),
        ("anteckningar", "notes"),
    ],
)
def test_optional_column_labels(written, column, parse):
    values = {
        "start": "9:30",
        "travel_minutes": "15",
        "age_band": "75–84",
        "language": "ruotsi",
        "participants": "1",
        "devices": "iPhone",
        "outcome": "Löst",
        "follow_up": "1.4.2026",
        "notes": "Soitti pojalle",
    }
    expected = {
        "start": "09:30:00",
        "travel_minutes": 15,
        "age_band": "75_84",
        "language": "sv",
        "participants": 1,
        "devices": ("iphone",),
        "outcome": "solved",
        "follow_up": "2026-04-01",
        "notes": "Soitti pojalle",
    }
    header = ["date", "minutes", "mode", "programme", written]
    row = ["2026-03-04", "45", "home_visit", "home", values[column]]
    sessions, problems = parse([header, row])
    assert problems == []
    value = getattr(sessions[0].session, column)
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected[column]


def test_every_english_column_name_is_accepted(parse):
    sessions, problems = parse([list(COLUMNS)])
    assert (sessions, problems) == ([], [])


def test_each_missing_required_column_is_one_problem_on_row_1(parse):
    sessions, problems = parse([["start", "minutes", "notes"], ["9:00", "30", "x"]])
    assert sessions == []
    assert [(p.row, p.column, p.params) for p in problems] == [
        (1, "date", {"column": "date"}),
        (1, "mode", {"column": "mode"}),
        (1, "programme", {"column": "programme"}),
    ]
    assert all("required column" in p.message for p in problems)


def test_unknown_and_duplicate_columns_are_named_as_written(parse):
    header = ["date", "minutes", "mode", "programme", "Topcis", "Päivämäärä"]
    _, problems = parse([header])
    assert [(p.row, p.column) for p in problems] == [(1, "Topcis"), (1, "Päivämäärä")]
    assert problems[0].message == "Unknown column “{column}”."
    assert problems[1].params == {"first": "date", "column": "Päivämäärä"}


@pytest.mark.parametrize("rows", [[], [["", "  ", None]]])
def test_an_empty_file_is_one_problem(rows, parse):
    sessions, problems = parse(rows)
    assert sessions == [] and len(problems) == 1
    assert problems[0].row is None and "empty" in problems[0].message


def test_a_value_under_no_header_is_a_problem_named_by_its_letter(parse):
    header = ["date", "minutes", "mode", "programme", ""]
    rows = [
        header,
        ["2026-03-04", "45", "phone", "home", ""],
        ["2026-03-04", "45", "phone", "home", "x", "y"],
    ]
    _, problems = parse(rows)
    assert [(p.row, p.column) for p in problems] == [(3, "E"), (3, "F")]
