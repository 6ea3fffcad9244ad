"""Linking imported rows to client records by nickname (a spreadsheet has no client ids)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.sessions import Session
from homesupport.storage.models import ClientRow


def link_by_nickname(
    orm: OrmSession, rows: Sequence[tuple[str | None, Session]], now: dt.datetime
) -> list[Session]:
    """Each nickname maps to one client: an existing one with that nickname (the one whose
    age band and municipality match, when several share it), else a new one made from the
    first row that names it. Rows without a nickname stay unlinked."""
    wanted = {n.strip().casefold() for n, _ in rows if n and n.strip()}
    existing: dict[str, list[ClientRow]] = {}
    if wanted:
        for found in orm.scalars(
            select(ClientRow).where(func.lower(ClientRow.nickname).in_(wanted))
        ):
            existing.setdefault(found.nickname.casefold(), []).append(found)
    linked = []
    for nickname, session in rows:
        if not nickname or not nickname.strip():
            linked.append(session)
            continue
        key = nickname.strip().casefold()
        candidates = existing.get(key, [])
        client: ClientRow | None = next(
            (
                c
                for c in candidates
                if (c.age_band, c.municipality) == (session.age_band, session.municipality)
            ),
            candidates[0] if candidates else None,
        )
        if client is None:
            client = ClientRow(
                nickname=nickname.strip(),
                age_band=session.age_band,
                language=session.language,
                municipality=session.municipality,
                consent_scope="",
                notes="",
                created_at=now,
            )
            orm.add(client)
            orm.flush()
            existing[key] = [client]
        linked.append(
            Session(
                **{**session.__dict__, "client_id": client.id, "client_nickname": client.nickname}
            )
        )
    return linked
