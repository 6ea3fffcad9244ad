"""The supporter profile and the small key-value settings kept inside the encrypted store."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session as OrmSession

from homesupport.domain.profile import SupporterProfile
from homesupport.storage.models import ProfileRow, SettingRow


class ProfileRepository:
    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def get(self) -> SupporterProfile | None:
        row = self._orm.get(ProfileRow, 1)
        if row is None:
            return None
        return SupporterProfile(
            name=row.name,
            organisation=row.organisation,
            contact=row.contact,
            municipality=row.municipality,
            programme=row.programme,
            language=row.language,
        )

    def save(self, profile: SupporterProfile) -> None:
        row = self._orm.get(ProfileRow, 1) or ProfileRow(id=1)
        row.name = profile.name
        row.organisation = profile.organisation
        row.contact = profile.contact
        row.municipality = profile.municipality
        row.programme = profile.programme
        row.language = profile.language
        self._orm.add(row)


class StoredSettings:
    """JSON values by key, for things that belong with the data (form defaults, retention)."""

    def __init__(self, orm: OrmSession) -> None:
        self._orm = orm

    def get(self, key: str, default: Any = None) -> Any:
        row = self._orm.get(SettingRow, key)
        return json.loads(row.value) if row else default

    def set(self, key: str, value: Any) -> None:
        self._orm.merge(SettingRow(key=key, value=json.dumps(value)))
