"""Right of access: everything stored about one client, as JSON and as a readable PDF, in the
interface language. The export is written to a file the supporter chooses; only the fact that
an export happened goes to the audit log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import sessionmaker

from homesupport.domain.clients import CONSENT_SCOPE_LABELS, Client
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.formatting import date_text
from homesupport.domain.privacy import AuditAction
from homesupport.domain.sessions import Session
from homesupport.files import atomic_write
from homesupport.i18n import translation
from homesupport.pdf.access_content import AccessContent, Section
from homesupport.services.destinations import check_destination
from homesupport.storage.audit_repo import AuditRepository
from homesupport.storage.clients_repo import ClientRepository
from homesupport.storage.sessions_repo import to_domain as session_to_domain

Clock = Callable[[], dt.datetime]
FORMAT = "homesupport.access/1"


@dataclass(frozen=True)
class AccessRecord:
    client: Client
    sessions: tuple[Session, ...]  # every stored session of the client, deleted ones too
    deleted: frozenset[int]  # ids of sessions deleted but still kept for undo
    exported_at: dt.datetime


class AccessExportService:
    def __init__(
        self,
        session_factory: sessionmaker[OrmSession],
        codes: CodeList,
        municipalities: Municipalities,
        clock: Clock,
        *,
        data_dir: Path,
    ) -> None:
        self._factory = session_factory
        self._data_dir = data_dir  # exports never replace its own files
        self._codes = codes
        self._municipalities = municipalities
        self._clock = clock

    def record(self, client_id: int) -> AccessRecord | None:
        with self._factory() as orm:
            repository = ClientRepository(orm)
            client = repository.get(client_id, include_pending=True)
            if client is None:
                return None
            rows = repository.session_rows(client_id, include_deleted=True)
            sessions = tuple(session_to_domain(r) for r in rows)
            deleted = frozenset(r.id for r in rows if r.deleted_at is not None)
        return AccessRecord(client, sessions, deleted, self._clock())

    def export(
        self, client_id: int, language: str, json_path: Path | None, pdf_path: Path | None
    ) -> AccessRecord | None:
        for path in (json_path, pdf_path):
            if path is not None:
                check_destination(self._data_dir, path)
        record = self.record(client_id)
        if record is None:
            return None
        if json_path is not None:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(json_path, self.to_json(record, language))
        if pdf_path is not None:
            from homesupport.pdf.access_report import render_access_report  # slow to load

            render_access_report(self.content(record, language), pdf_path)
        with self._factory.begin() as orm:
            AuditRepository(orm).add(AuditAction.ACCESS_EXPORT, self._clock())
        return record

    # --- content --------------------------------------------------------------------------

    def _label(self, list_name: str, code: str | None, language: str) -> str | None:
        if code is None:
            return None
        if list_name == "municipality":
            return self._municipalities.label(code, language)
        return self._codes.label(list_name, code, language)

    def _coded(self, list_name: str, code: str | None, language: str) -> dict[str, str] | None:
        label = self._label(list_name, code, language)
        return None if code is None or label is None else {"code": code, "label": label}

    def to_json(self, record: AccessRecord, language: str) -> bytes:
        gettext = translation(language).gettext
        client = record.client

        def session_json(s: Session) -> dict[str, Any]:
            return {
                "date": s.date.isoformat(),
                "start": s.start.strftime("%H:%M") if s.start else None,
                "minutes": s.minutes,
                "travel_minutes": s.travel_minutes,
                "mode": self._coded("mode", s.mode, language),
                "programme": self._coded("programme", s.programme, language),
                "age_band": self._coded("age_band", s.age_band, language),
                "language": self._coded("language", s.language, language),
                "municipality": self._coded("municipality", s.municipality, language),
                "participants": s.participants,
                "topics": [self._coded("topic", t, language) for t in s.topics],
                "devices": [self._coded("device", d, language) for d in s.devices],
                "outcome": self._coded("outcome", s.outcome, language),
                "guides": list(s.guides),
                "follow_up": s.follow_up.isoformat() if s.follow_up else None,
                "notes": s.notes,
                "deleted": s.id in record.deleted,
            }

        document = {
            "format": FORMAT,
            "language": language,
            "title": gettext("Data stored about a client"),
            "exported_at": record.exported_at.isoformat(timespec="seconds"),
            "client": {
                "nickname": client.nickname,
                "age_band": self._coded("age_band", client.age_band, language),
                "language": self._coded("language", client.language, language),
                "municipality": self._coded("municipality", client.municipality, language),
                "consent_date": client.consent_date.isoformat() if client.consent_date else None,
                "consent_scope": [
                    {"code": s, "label": gettext(CONSENT_SCOPE_LABELS[s])}
                    for s in client.consent_scope
                ],
                "notes": client.notes,
                "added": client.created_at.date().isoformat() if client.created_at else None,
            },
            "sessions": [session_json(s) for s in record.sessions],
        }
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
        return (text + "\n").encode("utf-8")

    def content(self, record: AccessRecord, language: str) -> AccessContent:
        gettext = translation(language).gettext
        client = record.client

        def text(list_name: str, code: str | None) -> str:
            return self._label(list_name, code, language) or "–"

        scope = ", ".join(gettext(CONSENT_SCOPE_LABELS[s]) for s in client.consent_scope)
        client_rows = (
            (gettext("Nickname"), client.nickname),
            (gettext("Age band"), text("age_band", client.age_band)),
            (gettext("Language"), text("language", client.language)),
            (gettext("Municipality"), text("municipality", client.municipality)),
            (
                gettext("Consent given"),
                _date(client.consent_date) + (f" – {scope}" if scope else ""),
            ),
            (gettext("Added"), _date(client.created_at.date() if client.created_at else None)),
            (gettext("Notes"), client.notes or "–"),
        )
        sections = [Section(gettext("Client"), client_rows)]
        for session in record.sessions:
            rows: list[tuple[str, str]] = [
                (gettext("Duration"), gettext("{minutes} min").format(minutes=session.minutes)),
                (gettext("Mode"), text("mode", session.mode)),
                (gettext("Topics"), ", ".join(text("topic", t) for t in session.topics) or "–"),
                (gettext("Devices"), ", ".join(text("device", d) for d in session.devices) or "–"),
                (gettext("Outcome"), text("outcome", session.outcome)),
                (gettext("Guides given"), ", ".join(session.guides) or "–"),
                (gettext("Follow-up"), _date(session.follow_up)),
                (gettext("Notes"), session.notes or "–"),
            ]
            if session.id in record.deleted:
                rows.append((gettext("Status"), gettext("Deleted, kept for undo")))
            heading = gettext("Session {date}").format(date=_date(session.date))
            sections.append(Section(heading, tuple(rows)))
        return AccessContent(
            language=language,
            title=gettext("Data stored about a client"),
            intro=gettext(
                "Everything this supporter's HomeSupport app stores about the client, exported "
                "on {date}. The monthly statistics sent to the coordinator contain no names, "
                "notes or dates finer than the month."
            ).format(date=_date(record.exported_at.date())),
            sections=tuple(sections),
        )


def _date(day: dt.date | None) -> str:
    return date_text(day) if day else "–"
