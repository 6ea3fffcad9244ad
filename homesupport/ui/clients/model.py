"""How clients and the parts of their history read in tables: labels, never codes."""

from __future__ import annotations

from enum import IntEnum

from homesupport.domain.clients import CONSENT_SCOPE_LABELS, Client
from homesupport.domain.follow_ups import FollowUp
from homesupport.domain.formatting import date_text, minutes_text
from homesupport.domain.sessions import Session
from homesupport.i18n import N_, _
from homesupport.services.clients import ClientChoice
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.rows_model import RowsModel


class ClientColumn(IntEnum):
    CLIENT = 0
    AGE = 1
    LANGUAGE = 2
    MUNICIPALITY = 3
    CONSENT = 4


class HistoryColumn(IntEnum):
    """The columns of a client's sessions."""

    DATE = 0
    DURATION = 1
    MODE = 2
    TOPICS = 3
    NOTES = 4


CLIENT_HEADERS = (N_("Client"), N_("Age"), N_("Language"), N_("Municipality"), N_("Consent"))
SESSION_HEADERS = (N_("Date"), N_("Duration"), N_("Mode"), N_("Topics"), N_("Notes"))
TOPIC_COLUMN = 0  # the topics-over-time table: the topic, then a column a month


def consent_text(client: Client) -> str:
    if client.consent_date is None:
        return _("Not recorded")
    scopes = ", ".join(_(CONSENT_SCOPE_LABELS[s]) for s in client.consent_scope)
    day = date_text(client.consent_date)
    return f"{day} · {scopes}" if scopes else day


def municipality_text(kit: Kit, code: str | None) -> str:
    return kit.municipalities.label(code, kit.language) if code else ""


def client_model(kit: Kit) -> RowsModel[ClientChoice]:
    return RowsModel(
        CLIENT_HEADERS,
        lambda c: (
            c.label,
            kit.label("age_band", c.client.age_band),
            kit.label("language", c.client.language),
            municipality_text(kit, c.client.municipality),
            consent_text(c.client),
        ),
    )


def history_sessions_model(kit: Kit) -> RowsModel[Session]:
    return RowsModel(
        SESSION_HEADERS,
        lambda s: (
            date_text(s.date),
            minutes_text(s.minutes),
            kit.label("mode", s.mode),
            kit.labels("topic", s.topics),
            s.notes.replace("\n", " "),
        ),
    )


def follow_up_line(kit: Kit, item: FollowUp) -> str:
    """One open follow-up in a client's history: "27.11.2026 · Bank IDs (from 18.11.2026)"."""
    text = date_text(item.due)
    if item.topics:
        text += " · " + kit.labels("topic", item.topics)
    return text + " " + _("(from the session of {date})").format(date=date_text(item.session_date))
