"""The names people read for a monthly report's totals and tables (DESIGN.md §5), the same on
the desktop (Statistics view, CLI) and on the coordinator's dashboard. Marked for extraction;
translated where shown, as each place has its own language."""

from __future__ import annotations

from homesupport.i18n import N_

TOTAL_NAMES = {
    "sessions": N_("Sessions"),
    "minutes": N_("Minutes of support"),
    "travel_minutes": N_("Minutes of travel"),
    "clients": N_("Clients"),
    "new_clients": N_("New clients"),
    "group_participants": N_("Group participants"),
    "guides_given": N_("Guides given"),  # as the session form names them
}
TABLE_NAMES = {
    "totals": N_("Totals"),
    "sessions.mode": N_("Sessions by mode"),
    "sessions.programme": N_("Sessions by programme"),
    "sessions.topic": N_("Sessions by topic"),
    "sessions.outcome": N_("Sessions by outcome"),
    "sessions.duration_band": N_("Sessions by duration"),
    "sessions.device": N_("Sessions by device"),
    "sessions.guide": N_("Sessions by guide given"),
    "clients.age_band": N_("Clients by age band"),
    "clients.language": N_("Clients by language"),
    "clients.municipality": N_("Clients by municipality"),
}
