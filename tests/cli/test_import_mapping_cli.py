"""``homesupport import FILE --suggest-map`` and ``--map MAP`` on sheets built the way teams
and survey tools write them."""

import json

import openpyxl
import pytest

from tests.cli.test_store_commands import cli
from tests.importing.team_sheets import (
    MAPPING_FOR_TEAM_WORKBOOK,
    survey_csv,
    team_workbook,
)


def stored(tmp_path, data):
    target = tmp_path / "all.json"
    code, _, err = cli("--data-dir", str(data), "export", "--format", "json", "-o", str(target))
    assert code == 0, err
    return json.loads(target.read_text(encoding="utf-8"))["sessions"]


def test_suggest_map_prints_a_mapping_to_complete_and_touches_no_data(tmp_path, key_file):
    sheet = team_workbook(tmp_path / "käynnit.xlsx")
    data = tmp_path / "data"
    code, out, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(sheet), "--suggest-map"
    )
    assert code == 0, err
    assert not (data / "homesupport.db").exists()  # the data store was never opened
    assert "header_row = 3" in out
    assert '"Päiväys" = "date"' in out and '"Aika (min)" = "minutes"' in out
    assert '[flags.topics]\n"OmaKanta" = "omakanta"\n"Kela" = "kela"' in out
    assert '"75-84 v" = "75_84"' in out and '"yli 85" = "85plus"' in out
    assert '"etätuki (video)" = "video"' in out
    assert '"Kanta / reseptit" = "omakanta"' in out
    assert '# programme = ""' in out
    assert "several sheets" in err and "Yhteenveto" in err
    assert "1 entry is left to complete" in err


def test_the_completed_mapping_imports_every_row_with_dates_times_and_ticks(tmp_path, key_file):
    sheet = team_workbook(tmp_path / "käynnit.xlsx")
    data = tmp_path / "data"
    _, suggested, _ = cli(
        "--lang", "en", "--data-dir", str(data), "import", str(sheet), "--suggest-map"
    )
    mapping = tmp_path / "käynnit.toml"
    mapping.write_text(
        suggested.replace('# programme = ""', 'programme = "home"'), encoding="utf-8"
    )
    code, out, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(sheet), "--map", str(mapping)
    )
    assert code == 0, err
    assert "Imported 4 sessions." in out
    sessions = stored(tmp_path, data)
    first = sessions[0]
    assert (first["date"], first["start"], first["minutes"]) == ("2026-10-12", "14:03", 45)
    assert (first["mode"], first["programme"], first["age_band"]) == ("home_visit", "home", "75_84")
    assert first["municipality"] == "179"
    assert sorted(first["topics"]) == ["bank_ids", "omakanta"]
    assert [s["minutes"] for s in sessions] == [45, 90, 90, 30]
    assert [s["mode"] for s in sessions] == ["home_visit", "phone", "video", "home_visit"]
    assert sessions[1]["topics"] == ["email", "kela"]


def test_an_unmapped_word_names_the_sheet_row_and_heading_and_imports_nothing(tmp_path, key_file):
    sheet = team_workbook(tmp_path / "käynnit.xlsx")
    data = tmp_path / "data"
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        MAPPING_FOR_TEAM_WORKBOOK.replace('"etätuki (video)" = "video"\n', ""), encoding="utf-8"
    )
    code, _, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(sheet), "--map", str(mapping)
    )
    assert code == 2
    assert (
        "käynnit.xlsx: Row 6, column “Asiointitapa”: “etätuki (video)” is not in the mapping"
    ) in err
    assert "nothing was imported" in err
    mapping.write_text(MAPPING_FOR_TEAM_WORKBOOK, encoding="utf-8")
    code, _out, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(sheet), "--map", str(mapping)
    )
    assert code == 0, err
    assert len(stored(tmp_path, data)) == 4  # the refused attempt left nothing behind


def test_a_faulty_mapping_is_refused_before_the_data_is_opened(tmp_path, key_file):
    sheet = team_workbook(tmp_path / "käynnit.xlsx")
    data = tmp_path / "data"
    mapping = tmp_path / "map.toml"
    mapping.write_text('[columns]\n"Päiväys" = "datum"\n', encoding="utf-8")
    code, _, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(sheet), "--map", str(mapping)
    )
    assert code == 2
    assert "map.toml: [columns] “Päiväys”: “datum” is not a field" in err
    assert not (data / "homesupport.db").exists()


def test_a_chosen_sheet_of_a_workbook_is_mapped_and_imported(tmp_path, key_file):
    path = team_workbook(tmp_path / "vuosi.xlsx", sheet_title="Lokakuu")
    workbook = openpyxl.load_workbook(path)
    workbook.move_sheet("Lokakuu", offset=1)  # the visits are now on the second sheet
    workbook.save(path)
    data = tmp_path / "data"
    code, out, _ = cli("--data-dir", str(data), "import", str(path), "--suggest-map")
    assert code == 0 and '"Kuukausi"' in out  # the first sheet, the totals, by default
    code, out, _ = cli(
        "--data-dir", str(data), "import", str(path), "--suggest-map", "--sheet", "Lokakuu"
    )
    assert code == 0 and '"Päiväys" = "date"' in out
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING_FOR_TEAM_WORKBOOK, encoding="utf-8")
    code, _, err = cli(
        "--data-dir",
        str(data),
        "--lang",
        "en",
        "import",
        str(path),
        "--map",
        str(mapping),
        "--sheet",
        "Kesäkuu",
    )
    assert code == 2 and "no sheet “Kesäkuu”" in err
    code, out, err = cli(
        "--data-dir",
        str(data),
        "--lang",
        "en",
        "import",
        str(path),
        "--map",
        str(mapping),
        "--sheet",
        "Lokakuu",
    )
    assert code == 0, err
    assert "Imported 4 sessions." in out


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")]
)
def test_a_survey_export_with_a_column_per_topic_imports(tmp_path, key_file, encoding, delimiter):
    export = survey_csv(tmp_path / "kysely.csv", encoding, delimiter)
    data = tmp_path / "data"
    code, suggested, _ = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(export), "--suggest-map"
    )
    assert code == 0
    assert '"Mitä asioita käsiteltiin? - OmaKanta" = "omakanta"' in suggested
    completed = suggested.replace('# "Vastaajan ID" = ""', '"Vastaajan ID" = "ignore"').replace(
        '# programme = ""', 'programme = "general"'
    )
    mapping = tmp_path / "kysely.toml"
    mapping.write_text(completed, encoding="utf-8")
    code, _out, err = cli(
        "--data-dir", str(data), "--lang", "en", "import", str(export), "--map", str(mapping)
    )
    assert code == 0, err
    sessions = stored(tmp_path, data)
    assert [(s["date"], s["start"], s["minutes"]) for s in sessions] == [
        ("2026-10-12", "14:03", 45),
        ("2026-10-13", "09:30", 90),
        ("2026-10-14", None, 30),
    ]
    assert [sorted(s["topics"]) for s in sessions] == [["email", "omakanta"], ["kela"], ["email"]]
    assert [s["age_band"] for s in sessions] == ["75_84", "85plus", "65_74"]


def test_a_plain_import_of_an_own_sheet_points_to_the_mapping(tmp_path, key_file):
    sheet = team_workbook(tmp_path / "käynnit.xlsx")
    code, _, err = cli("--data-dir", str(tmp_path / "d"), "--lang", "en", "import", str(sheet))
    assert code == 2
    assert "--suggest-map" in err
