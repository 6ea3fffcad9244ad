"""The import applies the form's limits: one rule in the domain for every way text comes in."""

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.clients import MAX_NICKNAME, Client, validate_client
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.importing import describe
from homesupport.domain.sessions import MAX_NOTES, Session, validate_session
from homesupport.resources import resource
from homesupport.services.tabular import import_csv_bytes

TODAY = dt.date(2026, 3, 10)
CODES = CodeList.from_csv(resource("data", "codes.csv"))
MUNICIPALITIES = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))


def import_row(nickname: str, notes: str = ""):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["date", "minutes", "mode", "programme", "client", "notes"])
    writer.writerow(["2026-03-01", "45", "home_visit", "home", nickname, notes])
    return import_csv_bytes(buffer.getvalue().encode("utf-8"), CODES, MUNICIPALITIES, TODAY)


def test_a_huge_nickname_or_a_bidirectional_override_is_refused_with_row_and_column():
    for nickname in ("x" * 100_000, "Aino\u202eonia", "\u2066Aino"):
        sessions, problems = import_row(nickname)
        assert sessions == []
        assert [(p.row, p.column) for p in problems] == [(2, "client")]
    sessions, problems = import_row("Aino", notes="ok\u202e")
    assert sessions == [] and [(p.row, p.column) for p in problems] == [(2, "notes")]
    assert "U+202E" in describe(problems[0], lambda text: text)
    assert import_row("x" * MAX_NICKNAME, notes="y" * MAX_NOTES)[1] == []


# What survives the import's own cleaning of a cell unchanged (no other control characters,
# nothing to trim), so that the two paths see the same text.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x7f"),
    min_size=1,
    max_size=MAX_NICKNAME + 20,
).filter(lambda t: t == t.strip() and all(c in "\t\n" or ord(c) >= 32 for c in t))
special = st.sampled_from(["Aino", "\u202eAino", "Ai\tno", "x" * (MAX_NICKNAME + 1), "🧓\u200d"])


@settings(max_examples=300, deadline=None)
@given(nickname=st.one_of(cell_text, special), notes=st.one_of(cell_text, special))
def test_import_accepts_exactly_what_the_forms_accept(nickname, notes):
    form_client = validate_client(Client(nickname=nickname), CODES, MUNICIPALITIES, TODAY)
    form_session = validate_session(
        Session(dt.date(2026, 3, 1), 45, "home_visit", "home", notes=notes),
        CODES,
        MUNICIPALITIES,
        TODAY,
    )
    sessions, problems = import_row(nickname, notes)
    assert bool(sessions) == (not form_client and not form_session)
    expected = {"client"} if form_client else set()
    assert {p.column for p in problems} == expected | ({"notes"} if form_session else set())
