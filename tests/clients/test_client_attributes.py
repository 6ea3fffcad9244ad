"""A linked session copies its client's attributes (DESIGN.md §4), one rule for the session
form, the client page's "new session" and saving."""

from __future__ import annotations

import datetime as dt

from homesupport.domain.clients import Client, with_client_attributes
from homesupport.domain.sessions import Session

SESSION = Session(
    date=dt.date(2026, 11, 3),
    minutes=45,
    mode="home_visit",
    programme="home",
    age_band="65_74",
    language="fi",
    municipality="049",
)


def test_the_clients_attributes_replace_the_sessions():
    client = Client("Mummo", age_band="75_84", language="sv", municipality="091")
    copied = with_client_attributes(SESSION, client)
    assert (copied.age_band, copied.language, copied.municipality) == ("75_84", "sv", "091")
    assert copied.date == SESSION.date and copied.client_id is None  # linking is the caller's


def test_what_the_client_record_leaves_empty_keeps_the_sessions_value():
    copied = with_client_attributes(SESSION, Client("Pappa", language="sv"))
    assert (copied.age_band, copied.language, copied.municipality) == ("65_74", "sv", "049")
