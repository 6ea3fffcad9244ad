import datetime as dt

from homesupport.domain.privacy import AuditAction
from homesupport.domain.sessions import Session
from homesupport.domain.settings import Preferences
from homesupport.services.privacy import (
    SKIPPED_CLOCK_AHEAD,
    SKIPPED_CLOCK_BEHIND,
    retention_cutoff,
    run_retention,
)
from tests.clients.rawdb import everything_on_disk
from tests.clients.reporting import month_report

OLD_NICK = "Oldmarkeronia"
OLD_NOTE = "Ancientnotemarker"


def fill(app):
    """Now is 20 Nov 2026. Old has not been seen since Oct 2025; Recent was seen this month."""
    old = app.client(OLD_NICK)
    recent = app.client("Recent")
    app.session(dt.date(2025, 10, 1), client_id=old.id, notes=OLD_NOTE, topics=("omakanta",))
    app.session(dt.date(2025, 10, 8), client_id=recent.id, notes="Oldrecentnote")
    app.session(dt.date(2026, 11, 2), client_id=recent.id, notes="fresh note")
    app.session(dt.date(2025, 9, 1), notes="Unlinkedoldnote")
    return old, recent


def test_cutoff_is_the_same_day_months_back():
    assert retention_cutoff(dt.date(2026, 11, 20), 12) == dt.date(2025, 11, 20)
    assert retention_cutoff(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert retention_cutoff(dt.date(2026, 1, 15), 3) == dt.date(2025, 10, 15)


def test_retention_removes_old_clients_and_old_notes_and_reports_counts(app):
    old, recent = fill(app)
    report = app.privacy.run_retention(12)
    assert report.ran
    assert (report.clients_removed, report.sessions_anonymised, report.notes_removed) == (1, 1, 3)
    assert app.clients.get(old.id) is None
    assert app.clients.get(recent.id) is not None  # its last session is recent
    notes = sorted(s.notes for s in app.sessions.all())
    assert notes == ["", "", "", "fresh note"]
    assert len(app.sessions.all()) == 4  # every session stays for the statistics
    actions = {e.action: e.count for e in app.privacy.audit_log()}
    assert actions[AuditAction.RETENTION_CLIENTS] == 1
    assert actions[AuditAction.RETENTION_NOTES] == 3
    # A second pass finds nothing more.
    again = app.privacy.run_retention(12)
    assert again.ran and not again.removed_anything


def test_a_client_never_seen_counts_from_the_day_it_was_added(app):
    app.clock.now = dt.datetime(2025, 1, 5, 12, 0)
    never = app.client("Never")
    app.clock.now = dt.datetime(2026, 1, 10, 12, 0)
    # A year without any use looks like a clock glitch until the date is confirmed.
    assert not app.privacy.run_retention(12).ran
    assert app.privacy.run_retention(12, trust_clock=True).clients_removed == 1
    assert app.clients.get(never.id) is None


def test_no_byte_of_retained_data_remains_on_disk(app):
    fill(app)
    database = app.store.paths.database
    assert OLD_NICK.encode() in everything_on_disk(database, app.key)
    app.privacy.run_retention(12)
    blob = everything_on_disk(database, app.key)
    for marker in (OLD_NICK, OLD_NOTE, "Oldrecentnote", "Unlinkedoldnote"):
        assert marker.encode() not in blob
    assert b"fresh note" in blob  # the check sees what is still there
    backup = app.store.backup_now()
    assert OLD_NICK.encode() not in everything_on_disk(backup.path, app.key)


def test_a_clock_set_backwards_skips_the_pass(app):
    fill(app)
    app.privacy.run_retention(24)  # a pass at 20 Nov 2026 that removes nothing old enough
    app.clock.now = dt.datetime(2026, 6, 1, 9, 0)  # CMOS battery, or set by hand
    report = app.privacy.run_retention(6)
    assert not report.ran and report.skipped == SKIPPED_CLOCK_BEHIND
    assert app.clients.search(OLD_NICK[:4])  # nothing removed on a wrong "now"
    assert AuditAction.RETENTION_SKIPPED_CLOCK in {e.action for e in app.privacy.audit_log()}


def test_a_clock_far_in_the_future_skips_until_confirmed(app):
    fill(app)
    app.clock.now = dt.datetime(2031, 11, 20, 9, 0)  # a glitch: five years ahead
    report = app.privacy.run_retention(12)
    assert not report.ran and report.skipped == SKIPPED_CLOCK_AHEAD
    assert app.clients.count() == 2
    confirmed = app.privacy.run_retention(12, trust_clock=True)
    assert confirmed.ran and confirmed.clients_removed == 2


def test_daily_runs_only_once_a_day(app):
    fill(app)
    assert app.privacy.run_retention(12).ran
    assert not app.privacy.retention_due()
    assert not app.privacy.run_retention(12, only_if_due=True).ran
    app.clock.advance(hours=25)
    assert app.privacy.retention_due()
    assert app.privacy.run_retention(12, only_if_due=True).ran


def test_a_stale_form_cannot_put_back_notes_retention_removed(app):
    fill(app)
    stale = next(s for s in app.sessions.all() if s.notes == "Unlinkedoldnote")
    app.privacy.run_retention(12)
    saved = app.sessions.save(stale)
    assert saved.notes == "" and app.sessions.get(stale.id).notes == ""


def test_closed_months_do_not_change(app):
    fill(app)
    before = {p: month_report(app.store, p) for p in ("2025-09", "2025-10", "2026-11")}
    run_retention(app.store.session_factory, app.store.engine, Preferences(), app.clock)
    assert {p: month_report(app.store, p) for p in before} == before


def test_imported_history_older_than_retention_keeps_statistics_only(app):
    old = Session(
        date=dt.date(2024, 5, 2),
        minutes=30,
        mode="home_visit",
        programme="home",
        client_id=7,
        notes="x",
        follow_up=dt.date(2024, 5, 9),
        age_band="85plus",
        topics=("omakanta",),
    )
    new = Session(date=dt.date(2026, 5, 2), minutes=30, mode="phone", programme="home", notes="y")
    kept, stripped = app.privacy.prepare_import([old, new], months=12)
    assert stripped == 1
    assert (kept[0].client_id, kept[0].notes, kept[0].follow_up) == (None, "", None)
    assert (kept[0].age_band, kept[0].topics, kept[0].minutes) == ("85plus", ("omakanta",), 30)
    assert kept[1] == new
    assert {e.action for e in app.privacy.audit_log()} == {AuditAction.IMPORT_FIELDS_DROPPED}
