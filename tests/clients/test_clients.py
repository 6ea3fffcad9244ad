import dataclasses
import datetime as dt

import pytest

from homesupport.domain.clients import Client, client_labels
from homesupport.services.clients import ClientGone, InvalidClient

DAY = dt.date(2026, 11, 18)


def test_a_client_is_stored_and_read_back_as_a_frozen_value(app):
    saved = app.client(
        "Aino", consent_date=dt.date(2026, 10, 1), consent_scope=("follow_up_contact", "sessions")
    )
    assert saved.id is not None and saved.created_at == app.clock.now
    again = app.clients.get(saved.id)
    assert again == saved
    assert again.consent_scope == ("sessions", "follow_up_contact")
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.nickname = "x"  # type: ignore[misc]


def test_invalid_clients_are_refused_with_every_problem(app):
    with pytest.raises(InvalidClient) as error:
        app.clients.save(
            Client(nickname="  ", age_band="old", municipality="999", consent_scope=("photos",))
        )
    fields = {p.field for p in error.value.problems}
    assert fields == {"nickname", "age_band", "municipality", "consent_scope", "consent_date"}


def test_type_ahead_is_a_case_insensitive_prefix_match_and_alphabetical(app):
    for name in ("Äiti Virtanen", "Aino", "aino b", "Aarne", "Eino"):
        app.client(name)
    assert [c.client.nickname for c in app.clients.search("ai")] == ["Aino", "aino b"]
    assert [c.client.nickname for c in app.clients.search("ÄI")] == ["Äiti Virtanen"]
    assert [c.client.nickname for c in app.clients.search("")][:2] == ["Aarne", "Aino"]
    assert len(app.clients.search("a", limit=2)) == 2
    assert app.clients.search("zz") == []


def test_duplicate_nicknames_are_allowed_and_shown_apart(app):
    helsinki = app.client("Aino", age_band="75_84", municipality="091")
    espoo = app.client("aino", age_band="85plus", municipality="049")
    app.client("Aino Virtanen")
    labels = {c.client.id: c.label for c in app.clients.search("aino")}
    assert labels[helsinki.id] == "Aino (75–84, Helsinki)"
    assert labels[espoo.id] == "aino (85 or over, Espoo)"
    assert "Aino Virtanen" in labels.values()  # unique: the nickname alone
    # Shown apart even when the list holds only one of them.
    assert app.clients.label(helsinki.id) == "Aino (75–84, Helsinki)"


def test_identical_duplicates_get_the_client_number(codes, municipalities):
    twins = [Client("Aino", "75_84", municipality="091", id=i) for i in (3, 4)]
    labels = client_labels(twins, codes, municipalities, "fi")
    assert labels == {3: "Aino (75–84, Helsinki, #3)", 4: "Aino (75–84, Helsinki, #4)"}
    plain = client_labels([Client("Aino", id=1), Client("aino", id=2)], codes, municipalities, "sv")
    assert plain == {1: "Aino (#1)", 2: "aino (#2)"}


def test_a_session_copies_its_clients_attributes_and_keeps_them_later(app):
    client = app.client("Aino", age_band="85plus", language="sv", municipality="049")
    session = app.session(DAY, client_id=client.id, age_band="65_74", municipality="091")
    assert (session.age_band, session.language, session.municipality) == ("85plus", "sv", "049")
    assert session.client_nickname == "Aino"
    # The client changes; the old session keeps what it was saved with, even when re-saved.
    app.clients.save(dataclasses.replace(client, age_band="75_84", municipality="091"))
    resaved = app.sessions.save(dataclasses.replace(session, minutes=50))
    assert (resaved.age_band, resaved.municipality) == ("85plus", "049")
    assert app.sessions.get(session.id).age_band == "85plus"
    # A new session takes the client's new attributes.
    assert app.session(DAY, client_id=client.id).age_band == "75_84"


def test_history_has_sessions_topics_guides_and_open_follow_ups(app):
    client = app.client("Aino")
    other = app.client("Eino")
    app.session(dt.date(2026, 9, 2), client_id=client.id, topics=("omakanta",))
    app.session(
        dt.date(2026, 10, 5),
        client_id=client.id,
        topics=("omakanta", "bank_ids"),
        guides=("omakanta-login",),
        follow_up=dt.date(2026, 11, 25),
    )
    app.session(DAY, client_id=other.id, topics=("bank_ids",), follow_up=dt.date(2026, 11, 30))
    history = app.clients.history(client.id)
    assert [s.date for s in history.sessions] == [dt.date(2026, 10, 5), dt.date(2026, 9, 2)]
    assert history.last_session == dt.date(2026, 10, 5)
    assert [(t.period, t.topic, t.sessions) for t in history.topics] == [
        ("2026-09", "omakanta", 1),
        ("2026-10", "bank_ids", 1),
        ("2026-10", "omakanta", 1),
    ]
    assert [(g.date, g.slug) for g in history.guides] == [(dt.date(2026, 10, 5), "omakanta-login")]
    assert [f.due for f in history.follow_ups] == [dt.date(2026, 11, 25)]
    assert history.label == "Aino"


def test_prefill_links_a_new_session_form_to_the_client(app):
    client = app.client("Aino", age_band="85plus", language="sv", municipality="049")
    form = app.clients.prefill(app.sessions.new_session(), client.id)
    assert (form.client_id, form.client_nickname, form.age_band) == (client.id, "Aino", "85plus")
    assert form.id is None


def test_editing_a_client_that_was_erased_meanwhile_says_so(app):
    client = app.client("Aino")
    app.privacy.erase_now(client.id)
    with pytest.raises(ClientGone):
        app.clients.save(dataclasses.replace(client, notes="more"))
    with pytest.raises(ClientGone):
        app.clients.prefill(app.sessions.new_session(), client.id)
    assert app.clients.history(client.id) is None


def test_privacy_warnings_skip_the_supporters_own_number(app):
    from homesupport.domain.profile import SupporterProfile

    app.store.save_profile(SupporterProfile(name="Tukija", contact="040 111 2222"))
    assert app.clients.privacy_warnings("soita 040 111 2222") == []
    assert len(app.clients.privacy_warnings("tyttären numero 040 333 4444")) == 1
