"""Reading a team's sheet, drafting and remembering its mapping, and storing it all rows or
none, with the real encrypted store."""

import datetime as dt

import openpyxl
import pytest

from homesupport.domain.import_mapping import ImportMapping
from homesupport.paths import Paths
from homesupport.services.privacy import PrivacyService
from homesupport.services.sessions import SessionService
from homesupport.services.store import open_store
from homesupport.services.tabular import read_table
from homesupport.services.transfer import TransferService
from tests.importing.team_sheets import HEADINGS, TITLE, VISITS, survey_csv, team_workbook


@pytest.fixture
def store(data_dir, clock, memory_keyring):
    opened = open_store(Paths.resolve(data_dir), clock)
    yield opened
    opened.close()


@pytest.fixture
def transfer(store, codes, municipalities, clock, data_dir):
    privacy = PrivacyService(store.session_factory, store.engine, clock)
    return TransferService(
        store.session_factory,
        codes,
        municipalities,
        clock,
        privacy,
        12,
        data_dir / "import-mappings",
        data_dir=store.paths.data_dir,
    )


def stored(store, codes, municipalities, clock):
    sessions = SessionService(store.session_factory, codes, municipalities, clock)
    return sessions.all()


def test_a_workbook_reads_as_cells_with_its_title_row_and_its_sheets(tmp_path):
    path = team_workbook(tmp_path / "k.xlsx")
    table, problem = read_table(path)
    assert problem is None
    assert table.sheets == ("Lokakuu", "Yhteenveto") and table.sheet == "Lokakuu"
    assert table.rows[0][0] == TITLE and not any(table.rows[0][1:])  # merged title cells
    assert tuple(table.rows[2]) == HEADINGS
    assert table.rows[3][0] == dt.datetime(2026, 10, 12, 14, 3)  # a real date-time cell
    other, _ = read_table(path, "Yhteenveto")
    assert other.rows[0] == ["Kuukausi", "Käyntejä"]
    missing, problem = read_table(path, "Kesäkuu")
    assert missing is None and problem.params["sheets"] == "Lokakuu, Yhteenveto"


def test_a_sheet_of_its_own_is_read_drafted_and_not_standard(transfer, tmp_path):
    preview, problem = transfer.read_sheet(team_workbook(tmp_path / "k.xlsx"))
    assert problem is None
    assert not preview.standard and not preview.remembered
    assert preview.sheet.header_row == 3
    assert preview.draft.open_defaults == ("programme",)
    check = transfer.check_sheet(preview, preview.draft.mapping)
    assert (check.rows, check.ready) == (4, 0)  # no programme yet: nothing is ready


def test_a_standard_file_is_known_as_standard(transfer, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("date;minutes;mode;programme\n2026-10-01;45;phone;home\n", encoding="utf-8")
    preview, _ = transfer.read_sheet(path)
    assert preview.standard


def test_importing_stores_all_rows_and_remembers_the_mapping_for_these_headings(
    transfer, store, codes, municipalities, clock, tmp_path, data_dir
):
    preview, _ = transfer.read_sheet(team_workbook(tmp_path / "lokakuu.xlsx"))
    draft = preview.draft.mapping
    mapping = ImportMapping(
        draft.columns, draft.values, draft.flags, {"programme": "home"}, draft.split
    )
    check = transfer.check_sheet(preview, mapping)
    assert (check.ready, check.problems) == (4, [])
    outcome = transfer.import_sheet(preview, mapping)
    assert outcome.ok and outcome.added == 4
    assert len(stored(store, codes, municipalities, clock)) == 4

    # next month's sheet: the same headings, one more row, a new word
    rows = [*VISITS, (dt.datetime(2026, 11, 3), 20, "chat-tuki", "yli 85", "Jämsä", None,
                      "ratkesi", None, None, None, None)]  # fmt: skip
    preview, _ = transfer.read_sheet(team_workbook(tmp_path / "marraskuu.xlsx", rows))
    assert preview.remembered
    assert preview.draft.mapping.defaults == {"programme": "home"}
    assert preview.draft.open_values == {"mode": ("chat-tuki",)}
    memory = list((data_dir / "import-mappings").iterdir())
    assert len(memory) == 1
    kept = memory[0].read_text(encoding="utf-8")
    assert "Näytettiin" not in kept and "Tulostin" not in kept  # no notes, nothing personal
    assert '"kotikäynti" = "home_visit"' in kept


def test_a_refused_import_stores_nothing_and_the_fixed_one_everything(
    transfer, store, codes, municipalities, clock, tmp_path
):
    book = openpyxl.Workbook()
    book.active.append(["Pvm", "Kesto", "Tapa"])
    book.active.append(["1.10.2026", "45", "phone"])
    book.active.append(["2.10.2026", "45", "jalkautuva"])
    book.save(tmp_path / "b.xlsx")
    preview, _ = transfer.read_sheet(tmp_path / "b.xlsx")
    columns = {"Pvm": "date", "Kesto": "minutes", "Tapa": "mode"}
    mapping = ImportMapping(columns, defaults={"programme": "home"})
    assert transfer.check_sheet(preview, mapping).ready == 1
    outcome = transfer.import_sheet(preview, mapping)
    assert not outcome.ok and [(p.row, p.column) for p in outcome.problems] == [(3, "Tapa")]
    assert stored(store, codes, municipalities, clock) == []
    fixed = ImportMapping(columns, {"mode": {"jalkautuva": "home_visit"}}, {}, mapping.defaults)
    assert transfer.import_sheet(preview, fixed).added == 2
    assert [s.mode for s in stored(store, codes, municipalities, clock)] == ["phone", "home_visit"]


def test_a_survey_export_reads_in_every_encoding(transfer, tmp_path):
    for encoding, delimiter in (("cp1252", ";"), ("utf-16", "\t"), ("utf-8", ",")):
        path = survey_csv(tmp_path / f"kysely-{encoding}.csv", encoding, delimiter)
        preview, problem = transfer.read_sheet(path)
        assert problem is None, encoding
        assert preview.draft.mapping.flags["topics"] == {
            "Mitä asioita käsiteltiin? - OmaKanta": "omakanta",
            "Mitä asioita käsiteltiin? - Kela": "kela",
            "Mitä asioita käsiteltiin? - Sähköposti": "email",
        }
