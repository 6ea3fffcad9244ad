import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from homesupport.domain.privacy import AuditAction
from homesupport.storage.backup import write_backup
from tests.clients.rawdb import decrypted_database, everything_on_disk
from tests.clients.reporting import month_report

NICK = "Zorbulonia"
NOTE = "Quixotrandel muistiinpano"
CLIENT_NOTE = "Vexillmortag asiakastieto"


def fill(app):
    """October 2026 is a sent month: several clients, one of them to be erased."""
    target = app.client(NICK, age_band="85plus", notes=CLIENT_NOTE)
    others = [app.client(f"Muu{i}", age_band="75_84") for i in range(4)]
    for day in (2, 9, 16):
        app.session(
            dt.date(2026, 10, day),
            client_id=target.id,
            notes=NOTE,
            topics=("omakanta",),
            guides=("omakanta-login",),
        )
    app.session(dt.date(2026, 11, 18), client_id=target.id, follow_up=dt.date(2026, 11, 27))
    for i, other in enumerate(others):
        app.session(dt.date(2026, 10, 3 + i), client_id=other.id, topics=("bank_ids",))
    app.session(dt.date(2026, 10, 20), age_band="65_74", notes="unlinked")
    return target


def test_erasure_waits_for_the_undo_window_and_can_be_undone(app):
    target = fill(app)
    pending = app.privacy.request_erasure(target.id)
    assert pending.final_at == app.clock.now + dt.timedelta(seconds=30)
    assert app.clients.get(target.id) is None  # hidden at once
    assert [c.client.nickname for c in app.clients.search("zor")] == []
    assert app.privacy.finalise_due_erasures().clients == 0  # window still open
    assert app.privacy.cancel_erasure(target.id)
    assert app.clients.get(target.id).nickname == NICK

    app.privacy.request_erasure(target.id)
    app.clock.advance(seconds=31)
    report = app.privacy.finalise_due_erasures()
    assert report.clients == 1 and report.sessions_unlinked == 4
    assert report.follow_ups_cleared == 1 and report.notes_removed == 3
    assert not app.privacy.cancel_erasure(target.id)  # final: no undo


def test_sessions_stay_for_statistics_but_lose_every_personal_field(app):
    target = fill(app)
    ids = [s.id for s in app.sessions.page(app_filter(target.id))]
    app.privacy.erase_now(target.id)
    for session_id in ids:
        session = app.sessions.get(session_id)
        assert session.client_id is None and session.client_nickname is None
        assert session.notes == "" and session.follow_up is None
        assert session.age_band == "85plus"  # the copied attribute stays for the statistics
        assert session.topics or session.date.month == 11  # topics and guides stay


def app_filter(client_id):
    from homesupport.domain.sessions import SessionFilter

    return SessionFilter(client_id=client_id)


def test_erasing_a_client_with_pending_follow_ups_clears_them(app):
    target = fill(app)
    assert app.follow_ups.view().counts
    before = sum(app.follow_ups.view().counts.values())
    app.privacy.erase_now(target.id)
    assert sum(app.follow_ups.view().counts.values()) == before - 1
    assert all(f.client_id != target.id for b in app.follow_ups.view().buckets.values() for f in b)


def test_the_report_of_a_sent_month_does_not_change(app):
    target = fill(app)
    sent = month_report(app.store, "2026-10")
    assert sent["totals"]["clients"] == 6 and sent["totals"]["new_clients"] == 5
    app.privacy.erase_now(target.id)
    assert month_report(app.store, "2026-10") == sent
    # Retention removing the other clients a year later does not change it either.
    app.clock.advance(days=400)
    app.privacy.run_retention(12, trust_clock=True)
    assert month_report(app.store, "2026-10") == sent


def test_the_audit_log_has_the_kind_and_time_never_the_content(app):
    target = fill(app)
    app.privacy.request_erasure(target.id)
    app.privacy.cancel_erasure(target.id)
    app.privacy.erase_now(target.id)
    entries = app.privacy.audit_log()
    assert [e.action for e in entries][:2] == [
        AuditAction.CLIENT_ERASED,
        AuditAction.ERASURE_REQUESTED,
    ]
    assert {e.action for e in entries} >= {AuditAction.ERASURE_CANCELLED}
    assert all(e.at == app.clock.now for e in entries)
    with app.store.engine.connect() as connection:
        columns = connection.exec_driver_sql("SELECT * FROM audit_log").keys()
    assert set(columns) == {"id", "at", "action", "count"}


def test_a_stale_form_saved_after_erasure_does_not_bring_anything_back(app):
    target = fill(app)
    stale = app.sessions.page(app_filter(target.id))[-1]
    assert stale.notes and stale.client_id == target.id
    app.privacy.erase_now(target.id)
    saved = app.sessions.save(dataclasses.replace(stale, minutes=50))
    assert saved.client_id is None and saved.notes == "" and saved.follow_up is None
    again = app.sessions.get(stale.id)
    assert (again.client_id, again.notes, again.minutes) == (None, "", 50)
    # A new session form still linked to the erased client is saved unlinked.
    fresh = app.sessions.save(dataclasses.replace(stale, id=None, notes="uusi"))
    assert fresh.client_id is None and fresh.notes == "uusi"


def markers_present(blob: bytes) -> set[str]:
    return {m for m in (NICK, NOTE, CLIENT_NOTE) if m.encode() in blob}


def test_no_byte_of_the_erased_nickname_or_notes_remains_on_disk_or_in_later_backups(app, tmp_path):
    target = fill(app)
    database = app.store.paths.database
    # The check can fail: before erasure the decrypted pages do hold the markers.
    assert markers_present(everything_on_disk(database, app.key)) == {NICK, NOTE, CLIENT_NOTE}
    before = app.store.backup_now()
    assert markers_present(decrypted_database(before.path, app.key)) == {NICK, NOTE, CLIENT_NOTE}

    app.privacy.erase_now(target.id)

    assert markers_present(everything_on_disk(database, app.key)) == set()
    backup = write_backup(database, app.key, tmp_path / "after.hsbackup")
    assert markers_present(backup.read_bytes() + decrypted_database(backup, app.key)) == set()
    rotated = app.store.backup_now()
    assert markers_present(decrypted_database(rotated.path, app.key)) == set()
    # Backups made before are brought in line too.
    assert app.privacy.scrub_backups([before.path], app.key, months=12) == 1
    assert markers_present(decrypted_database(before.path, app.key)) == set()
    assert app.clients.search("Muu")  # the rest is untouched
    assert Path(f"{database}-wal").stat().st_size == 0 if Path(f"{database}-wal").exists() else True


def test_a_pending_erasure_becomes_final_on_the_next_store_open(app):
    from homesupport.domain.settings import Preferences
    from homesupport.services.privacy import run_retention

    target = fill(app)
    app.privacy.request_erasure(target.id)
    report = run_retention(app.store.session_factory, app.store.engine, Preferences(), app.clock)
    assert report.erasures_finalised == 1
    assert markers_present(everything_on_disk(app.store.paths.database, app.key)) == set()


@pytest.mark.parametrize("missing", [0, 12345])
def test_unknown_clients_erase_nothing(app, missing):
    fill(app)
    assert app.privacy.request_erasure(missing) is None
    assert app.privacy.erase_now(missing).clients == 0
