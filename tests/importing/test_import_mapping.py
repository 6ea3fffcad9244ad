"""Import mapping v1 (DESIGN.md §8): finding the headings, suggesting a mapping, the mapping
file, and importing a team's own sheet with it, all rows or none."""

import datetime as dt
import tomllib

import pytest

from homesupport.domain.import_mapped import parse_mapped
from homesupport.domain.import_mapping import (
    IGNORE,
    Draft,
    ImportMapping,
    load_mapping,
    render_toml,
    value_key,
)
from homesupport.domain.import_sheet import (
    Suggester,
    find_header_row,
    is_standard,
    open_sheet,
    suggest,
)
from homesupport.domain.importing import COLUMNS, describe

TODAY = dt.date(2026, 12, 1)
TITLE_ROW = ["Digitukikäynnit 2026", None, None, None]


@pytest.fixture(scope="module")
def suggester(codes, municipalities):
    return Suggester(codes, municipalities)


def english(message):
    return message


def run(rows, mapping, codes, municipalities, **options):
    return parse_mapped(open_sheet(rows), mapping, codes, municipalities, TODAY, **options)


# --- the heading row ---------------------------------------------------------------------


def test_the_heading_row_is_found_below_a_title_and_an_empty_row(suggester):
    rows = [
        TITLE_ROW,
        [None, None, None, None],
        ["Päiväys", "Kesto", "Asiointitapa", "Kommentti"],
        [dt.datetime(2026, 10, 1), 45, "kotikäynti", "x"],
    ]
    assert find_header_row(rows, suggester) == 3


def test_own_headings_that_say_nothing_known_are_found_by_their_shape(suggester):
    rows = [
        ["Käynnit", "", "", ""],
        ["Milloin", "Kauanko", "Miten", "Mitä"],
        ["1.10.2026", "45", "koti", "pankki"],
    ]
    assert find_header_row(rows, suggester) == 2


def test_a_standard_file_has_its_headings_on_row_one_and_is_known_as_standard(suggester):
    rows = [["date", "minutes", "mode", "programme"], ["2026-10-01", "45", "phone", "home"]]
    assert find_header_row(rows, suggester) == 1
    assert is_standard(rows)
    assert not is_standard([TITLE_ROW, *rows])
    assert not is_standard([["Päiväys", "Aika (min)"], ["1.10.2026", "45"]])


# --- suggestions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Pvm", "date"),
        ("Päiväys", "date"),
        ("Käynnin päivämäärä", "date"),
        ("Datum", "date"),
        ("Kesto", "minutes"),
        ("Aika (min)", "minutes"),
        ("Käytetty aika", "minutes"),
        ("Tidsåtgång", "minutes"),
        ("Duration", "minutes"),
        ("Matka-aika", "travel_minutes"),
        ("Asiointitapa", "mode"),
        ("Tukimuoto", "mode"),
        ("Kontaktform", "mode"),
        ("Ikäryhmä", "age_band"),
        ("Asiakkaan ikäryhmä", "age_band"),
        ("Åldersgrupp", "age_band"),
        ("Asuinkunta", "municipality"),
        ("Kotikunta", "municipality"),
        ("Hemkommun", "municipality"),
        ("Asia", "topics"),
        ("Aihe", "topics"),
        ("Ärende", "topics"),
        ("Subject", "topics"),
        ("Tulos", "outcome"),
        ("Resultat", "outcome"),
        ("Huom.", "notes"),
        ("Lisätiedot", "notes"),
        ("Anm.", "notes"),
        ("Övrigt", "notes"),
        ("Comments", "notes"),
        ("Kieli", "language"),
        ("Språk", "language"),
        ("Kellonaika", "start"),
        ("Seuraava käynti", "follow_up"),
        ("Osallistujamäärä", "participants"),
        ("Laite", "devices"),
    ],
)
def test_headings_in_finnish_swedish_and_english_are_recognised(suggester, heading, field):
    assert suggester.field_for_heading(heading) == field


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("mode", "kotikäynti", "home_visit"),
        ("mode", "Puhelinneuvonta", "phone"),
        ("mode", "etätuki (video)", "video"),
        ("mode", "Hembesök", "home_visit"),
        ("mode", "per telefon", "phone"),
        ("age_band", "75-84 v", "75_84"),
        ("age_band", "75 - 84 vuotta", "75_84"),
        ("age_band", "75—84", "75_84"),
        ("age_band", "yli 85", "85plus"),
        ("age_band", "över 85", "85plus"),
        ("age_band", "85+", "85plus"),
        ("age_band", "alle 18", "u18"),
        ("topics", "Pankkitunnukset", "bank_ids"),
        ("topics", "Kanta / reseptit", "omakanta"),
        ("topics", "OmaKanta", "omakanta"),
        ("topics", "MittKanta", "omakanta"),
        ("topics", "Bankkoder", "bank_ids"),
        ("topics", "Sähköposti", "email"),
        ("outcome", "ratkesi", "solved"),
        ("outcome", "Delvis löst", "partly"),
        ("language", "suomi", "fi"),
        ("language", "svenska", "sv"),
        ("devices", "tabletti / iPad", "tablet"),
        ("programme", "Kotiin vietävä", "home"),
        ("municipality", "Jyväskylän kaupunki", "179"),
        ("municipality", "Pedersöre", "599"),
    ],
)
def test_words_teams_use_are_suggested_their_code(suggester, field, text, code):
    assert suggester.code_for(field, text) == code


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("age_band", "65-79"),  # a band of the team's own: a person decides
        ("mode", "jalkautuva"),
        ("topics", "Suomi"),  # a prefix of two labels is no suggestion
        ("topics", "Jotain outoa"),
    ],
)
def test_words_without_a_clear_code_are_left_open(suggester, field, text):
    assert suggester.code_for(field, text) is None


def test_value_keys_ignore_case_spaces_and_dash_variants():
    assert value_key("  75 – 84  V ") == value_key("75-84 v") == "75-84 v"
    assert value_key("Yli   85") == "yli 85"


def test_a_team_sheet_gets_a_complete_draft(suggester, codes):
    rows = [
        TITLE_ROW,
        ["Päiväys", "Aika (min)", "Asiointitapa", "Asia", "OmaKanta", "Kela", "Tunnus"],
        [dt.datetime(2026, 10, 1, 9, 30), 45, "kotikäynti", "Pankkitunnukset", 1, None, "A1"],
        [dt.datetime(2026, 10, 2), 30, "jalkautuva", "Wilma, Opintotuki", None, 1, "A2"],
    ]
    draft = suggest(open_sheet(rows), suggester)
    mapping = draft.mapping
    assert mapping.header_row == 2
    assert dict(mapping.columns) == {
        "Päiväys": "date",
        "Aika (min)": "minutes",
        "Asiointitapa": "mode",
        "Asia": "topics",
    }
    assert mapping.flags == {"topics": {"OmaKanta": "omakanta", "Kela": "kela"}}
    assert mapping.values["mode"] == {"kotikäynti": "home_visit"}
    assert draft.open_values == {"mode": ("jalkautuva",)}
    assert mapping.values["topics"] == {
        "Pankkitunnukset": "bank_ids",
        "Wilma": "wilma",
        "Opintotuki": "student_aid",
    }
    assert mapping.split == {"topics": (";", ",")}  # the cells separate topics with commas
    assert draft.open_columns == ("Tunnus",)
    assert draft.open_defaults == ("programme",)
    assert not draft.complete


def test_a_survey_column_per_choice_is_a_tick_column_only_when_it_holds_ticks(suggester):
    rows = [
        ["Pvm", "Kesto", "Aiheet: Kela", "Sähköposti", "Mitä käsiteltiin? - Wilma"],
        ["1.10.2026", "45", "1", "x", ""],
        ["2.10.2026", "30", "", "", "kyllä"],
        ["3.10.2026", "30", "0", "pitkä viesti", ""],
    ]
    draft = suggest(open_sheet(rows), suggester)
    assert draft.mapping.flags == {
        "topics": {"Aiheet: Kela": "kela", "Mitä käsiteltiin? - Wilma": "wilma"}
    }
    assert "Sähköposti" in draft.open_columns  # free text, not ticks: a person decides


def test_a_remembered_mapping_comes_first_and_new_words_get_suggestions(suggester):
    rows = [
        ["Päiväys", "Tapa", "Oma"],
        ["1.10.2026", "koti", "x"],
        ["2.10.2026", "puhelinneuvonta", "y"],
    ]
    base = ImportMapping(
        columns={"päiväys": "date", "Tapa": "mode", "Oma": IGNORE},
        values={"mode": {"KOTI": "service_point"}},
        defaults={"programme": "youth"},
    )
    draft = suggest(open_sheet(rows), suggester, base)
    assert draft.mapping.columns == {"Päiväys": "date", "Tapa": "mode", "Oma": IGNORE}
    assert draft.mapping.values["mode"] == {"koti": "service_point", "puhelinneuvonta": "phone"}
    assert draft.mapping.defaults == {"programme": "youth"}
    assert draft.open_defaults == ("minutes",)  # no column holds it and no default


# --- the mapping file --------------------------------------------------------------------


def test_a_rendered_draft_is_toml_and_loads_back_as_the_same_mapping(
    suggester, codes, municipalities
):
    rows = [
        TITLE_ROW,
        ['Päiväys "pvm"', "Kesto", "Asiointitapa", "Asia", "Ikäryhmä"],
        ["1.10.2026", "45", "kotikäynti", "Kanta\\reseptit; Wilma", "75-84 v"],
        ["2.10.2026", "30", "jalkautuva", "", "yli 85"],
    ]
    draft = suggest(open_sheet(rows), suggester)
    text = render_toml(draft, codes, "fi", english, ["Mapping for a test"])
    document = tomllib.loads(text)  # the open entries are comments
    assert document["header_row"] == 2
    assert document["columns"]['Päiväys "pvm"'] == "date"
    assert '# "jalkautuva" = ""' in text
    assert "#   home_visit = Kotikäynti" in text  # the choices, in the person's language
    assert '# programme = ""' in text
    loaded, problems = load_mapping(text, codes, municipalities)
    assert problems == []
    assert loaded == draft.mapping


def test_codes_may_be_written_as_labels_in_the_mapping(codes, municipalities):
    mapping, problems = load_mapping(
        '[values.mode]\n"koti" = "Kotikäynti"\n[defaults]\nprogramme = "Nuorten digituki"\n'
        'municipality = "Vaasa"\n',
        codes,
        municipalities,
    )
    assert problems == []
    assert mapping.values["mode"] == {"koti": "home_visit"}
    assert mapping.defaults == {"programme": "youth", "municipality": "905"}


def test_every_mistake_in_a_mapping_is_named_by_section_and_key(codes, municipalities):
    text = """
header_row = 0
colour = "blue"
[columns]
"Pvm" = "datum"
[values.mode]
"koti" = "kotona"
"puh" = ""
[values.notes]
"x" = "y"
[flags.topics]
"Kela" = "kela"
"Vero" = "tax"
[defaults]
weather = "fine"
[split]
topics = []
notes = [";"]
"""
    mapping, problems = load_mapping(text, codes, municipalities)
    assert mapping is None
    lines = [describe(p, english) for p in problems]
    assert lines == [
        "Unknown section “colour”.",
        "header_row must be a row number, 1 or more.",
        "[columns] “Pvm”: “datum” is not a field; write one of " + ", ".join(COLUMNS) + ", ignore.",
        "[values.mode] “koti”: “kotona” is not a code of mode.",
        "[values.mode] “puh”: “” is not a code of mode.",
        "[values.notes]: “notes” is not a field with codes.",
        "[flags.topics] “Vero”: “tax” is not a code of topics.",
        "[defaults] “weather” is not a field.",
        '[split] “topics” must be a list of separators, e.g. [";", ","].',
        "[split] “notes”: only topics, devices hold several values.",
    ]


def test_a_mapping_that_is_not_toml_says_where(codes, municipalities):
    mapping, problems = load_mapping('[columns]\n"Pvm" = date\n', codes, municipalities)
    assert mapping is None
    assert "line 2" in describe(problems[0], english)


# --- importing with a mapping ------------------------------------------------------------

TEAM_MAPPING = ImportMapping(
    columns={
        "Päiväys": "date",
        "Aika (min)": "minutes",
        "Asiointitapa": "mode",
        "Asia": "topics",
        "Huom.": "notes",
        "Lisätiedot": "notes",
        "Vapaaehtoinen": IGNORE,
    },
    values={
        "mode": {"kotikäynti": "home_visit", "puhelinneuvonta": "phone"},
        "topics": {"Kanta / reseptit": "omakanta", "muuta": IGNORE},
    },
    flags={"topics": {"Kela": "kela"}},
    defaults={"programme": "home"},
)
TEAM_HEADINGS = [
    "Päiväys",
    "Aika (min)",
    "Asiointitapa",
    "Asia",
    "Kela",
    "Huom.",
    "Lisätiedot",
    "Vapaaehtoinen",
]


def team_rows(*visits):
    return [TITLE_ROW, [None] * 4, TEAM_HEADINGS, *visits]


def test_a_team_sheet_imports_with_its_mapping(codes, municipalities):
    rows = team_rows(
        [
            dt.datetime(2026, 10, 12, 14, 3),
            45,
            "Kotikäynti",
            "Kanta / reseptit; muuta",
            1,
            "Huom 1",
            "Lisä 1",
            "Maija",
        ],
        [],
        ["13.10.2026 9.15", "1 h 30 min", "PUHELINNEUVONTA ", "Sähköposti", None, None, None, None],
        [46309, "1,5 h", "puhelinneuvonta", None, "1", None, "Lisä 3", None],
    )
    sessions, problems = run(rows, TEAM_MAPPING, codes, municipalities)
    assert problems == []
    assert [s.row for s in sessions] == [4, 6, 7]  # rows as the spreadsheet numbers them
    first, second, third = (s.session for s in sessions)
    assert (first.date, first.start, first.minutes) == (dt.date(2026, 10, 12), dt.time(14, 3), 45)
    assert (first.mode, first.programme) == ("home_visit", "home")
    assert first.topics == ("omakanta", "kela")  # "muuta" ignored, the tick added
    assert first.notes == "Huom 1\nLisä 1"
    assert (second.date, second.start, second.minutes) == (
        dt.date(2026, 10, 13),
        dt.time(9, 15),
        90,
    )
    assert (second.mode, second.topics) == ("phone", ("email",))  # a label needs no mapping
    assert (third.date, third.start, third.minutes) == (dt.date(2026, 10, 14), None, 90)
    assert third.topics == ("kela",) and third.notes == "Lisä 3"


def test_an_unmapped_word_names_the_row_and_the_heading_and_nothing_is_imported(
    codes, municipalities
):
    rows = team_rows(
        ["12.10.2026", 45, "kotikäynti", "Kanta / reseptit", None, None, None, None],
        ["13.10.2026", 45, "jalkautuva", "Kanta / reseptit; Verkkopankki?", None, None, None, None],
        ["14.10.2026", "puoli tuntia", "kotikäynti", "", None, None, None, None],
    )
    sessions, problems = run(rows, TEAM_MAPPING, codes, municipalities)
    assert sessions == []
    assert [describe(p, english) for p in problems] == [
        "Row 5, column “Asiointitapa”: “jalkautuva” is not in the mapping: choose its code, "
        "or ignore it.",
        "Row 5, column “Asia”: “Verkkopankki?” is not in the mapping: choose its code, "
        "or ignore it.",
        "Row 6, column “Aika (min)”: “puoli tuntia” is not a whole number.",
    ]


def test_a_heading_the_mapping_does_not_name_stops_the_import(codes, municipalities):
    rows = [["Päiväys", "Kesto", "Tapa", "Kuka"], ["1.10.2026", "45", "phone", "Maija"]]
    mapping = ImportMapping(
        columns={"Päiväys": "date", "Kesto": "minutes", "Tapa": "mode"},
        defaults={"programme": "home"},
    )
    sessions, problems = run(rows, mapping, codes, municipalities)
    assert sessions == []
    assert [(p.row, p.column) for p in problems] == [(1, "Kuka")]
    ignoring = ImportMapping({**mapping.columns, "KUKA": IGNORE}, defaults=mapping.defaults)
    sessions, problems = run(rows, ignoring, codes, municipalities)
    assert problems == [] and len(sessions) == 1


def test_a_required_field_without_column_or_default_is_one_problem(codes, municipalities):
    rows = [["Päiväys", "Kesto", "Tapa"], ["1.10.2026", "45", "phone"]]
    mapping = ImportMapping(columns={"Päiväys": "date", "Kesto": "minutes", "Tapa": "mode"})
    sessions, problems = run(rows, mapping, codes, municipalities)
    assert sessions == []
    assert [describe(p, english) for p in problems] == [
        "No column holds “programme”: choose its column, or give every row a value."
    ]


def test_two_columns_for_one_field_are_refused_but_topics_and_notes_may_share(
    codes, municipalities
):
    rows = [
        ["Pvm", "Päivä", "Kesto", "Aihe 1", "Aihe 2", "Tapa"],
        ["1.10.2026", "1.10.2026", "45", "Wilma", "Kela; Wilma", "phone"],
    ]
    shared = ImportMapping(
        columns={
            "Pvm": "date",
            "Päivä": IGNORE,
            "Kesto": "minutes",
            "Aihe 1": "topics",
            "Aihe 2": "topics",
            "Tapa": "mode",
        },
        defaults={"programme": "youth"},
    )
    sessions, problems = run(rows, shared, codes, municipalities)
    assert problems == []
    assert sessions[0].session.topics == ("wilma", "kela")
    twice = ImportMapping({**shared.columns, "Päivä": "date"}, defaults=shared.defaults)
    _, problems = run(rows, twice, codes, municipalities)
    assert [describe(p, english) for p in problems] == [
        "Row 1, column “Päivä”: The columns “Pvm” and “Päivä” mean the same thing."
    ]


def test_ticks_for_a_one_value_field_set_it_and_two_ticks_are_a_problem(codes, municipalities):
    rows = [
        ["Pvm", "Kesto", "Kotikäynti", "Puhelin"],
        ["1.10.2026", "45", "1", ""],
        ["2.10.2026", "45", "", "x"],
        ["3.10.2026", "45", "1", "1"],
    ]
    mapping = ImportMapping(
        columns={"Pvm": "date", "Kesto": "minutes"},
        flags={"mode": {"Kotikäynti": "home_visit", "Puhelin": "phone"}},
        defaults={"programme": "home"},
    )
    sessions, problems = run(rows, mapping, codes, municipalities)
    assert sessions == []
    assert [describe(p, english) for p in problems] == [
        "Row 4, column “Puhelin”: Both “Kotikäynti” and “Puhelin” are ticked; a session has "
        "one mode."
    ]
    sessions, problems = run(rows[:3], mapping, codes, municipalities)
    assert [s.session.mode for s in sessions] == ["home_visit", "phone"]


def test_commas_split_topics_only_where_the_mapping_says_and_labels_with_commas_survive(
    codes, municipalities
):
    rows = [
        ["Pvm", "Kesto", "Tapa", "Aiheet"],
        ["1.10.2026", "45", "phone", "Wilma, Opintotuki"],
        ["1.10.2026", "45", "phone", "Kuvat, tiedostot ja tulostus"],
    ]
    columns = {"Pvm": "date", "Kesto": "minutes", "Tapa": "mode", "Aiheet": "topics"}
    mapping = ImportMapping(
        columns,
        values={"topics": {"Kuvat, tiedostot ja tulostus": "photos_files_printing"}},
        defaults={"programme": "youth"},
        split={"topics": (";", ",")},
    )
    sessions, problems = run(rows, mapping, codes, municipalities)
    assert problems == []
    assert [s.session.topics for s in sessions] == [
        ("wilma", "student_aid"),
        ("photos_files_printing",),
    ]


def test_rows_with_problems_are_all_counted_when_asked(codes, municipalities):
    rows = [["Pvm", "Kesto", "Tapa"]] + [["1.10.2026", "45", "nope"]] * 30
    mapping = ImportMapping(
        columns={"Pvm": "date", "Kesto": "minutes", "Tapa": "mode"}, defaults={"programme": "home"}
    )
    _, problems = run(rows, mapping, codes, municipalities, max_problems=10)
    assert len(problems) == 10
    _, problems = run(rows, mapping, codes, municipalities, max_problems=10**9)
    assert len(problems) == 30 and problems[-1].row == 31


def test_the_draft_of_a_finished_mapping_is_complete(codes, municipalities, suggester):
    rows = team_rows(["12.10.2026", 45, "kotikäynti", "Kanta / reseptit", 1, "a", "b", "c"])
    draft = suggest(open_sheet(rows), suggester, TEAM_MAPPING)
    assert draft.complete, draft
    assert Draft(TEAM_MAPPING).complete
