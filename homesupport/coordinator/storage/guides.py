"""Guides the coordinator publishes: versions, the catalogue laptops read, downloads.

A guide is published as the canonical bytes of its checked archive
(:meth:`GuideArchive.canonical_bytes`), so publishing the same files again changes nothing and
a laptop can verify what it downloaded against the catalogue's SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Table, func, select, update
from sqlalchemy.orm import Session

from homesupport.coordinator.storage.models import DeviceGuide, PublishedGuide
from homesupport.coordinator.storage.upsert import insert_for
from homesupport.domain.guide_archive import GuideArchive
from homesupport.domain.guides import GUIDE_LANGUAGES, Guide


@dataclass(frozen=True)
class CatalogueEntry:
    slug: str
    version: int
    sha256: str
    languages: tuple[str, ...]
    checked_on: Mapping[str, str]  # language -> ISO date the guide was last checked
    titles: Mapping[str, str]  # language -> title (for the dashboard)
    published_at: dt.datetime

    def title(self, language: str) -> str:
        return self.titles.get(language) or next(iter(self.titles.values()), self.slug)

    def as_json(self) -> dict[str, object]:
        return {
            "slug": self.slug,
            "version": self.version,
            "sha256": self.sha256,
            "languages": list(self.languages),
            "checked_on": dict(self.checked_on),
        }


@dataclass(frozen=True)
class Published:
    entry: CatalogueEntry
    changed: bool  # False: the same files were already the current version


@dataclass(frozen=True)
class GuideUse:
    entry: CatalogueEntry
    devices_by_version: Mapping[int, int]  # version -> devices whose last download it is


def publish(
    session: Session, archive: GuideArchive, guides: Mapping[str, Guide], now: dt.datetime
) -> Published:
    """Stores a checked guide as its next version (unchanged files: nothing new)."""
    data = archive.canonical_bytes()
    sha = hashlib.sha256(data).hexdigest()
    latest = session.scalars(
        select(PublishedGuide)
        .where(PublishedGuide.slug == archive.slug)
        .order_by(PublishedGuide.version.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.sha256 == sha and latest.withdrawn_at is None:
        return Published(_entry(latest), changed=False)
    row = PublishedGuide(
        slug=archive.slug,
        version=(latest.version + 1) if latest is not None else 1,
        sha256=sha,
        languages=",".join(lang for lang in GUIDE_LANGUAGES if lang in guides),
        checked_on=json.dumps(
            {lang: guide.checked.isoformat() for lang, guide in sorted(guides.items())},
            sort_keys=True,
        ),
        titles=json.dumps({lang: guide.title for lang, guide in guides.items()}, sort_keys=True),
        archive=data,
        published_at=now,
    )
    # Older versions stay (history, and what devices still hold); a withdrawn guide published
    # again is back in the catalogue from this version on.
    session.add(row)
    session.flush()
    return Published(_entry(row), changed=True)


def catalogue(session: Session) -> list[CatalogueEntry]:
    """The newest version of every guide that is not withdrawn, by slug."""
    newest = (
        select(PublishedGuide.slug, func.max(PublishedGuide.version).label("version"))
        .group_by(PublishedGuide.slug)
        .subquery()
    )
    rows = session.scalars(
        select(PublishedGuide)
        .join(
            newest,
            (PublishedGuide.slug == newest.c.slug) & (PublishedGuide.version == newest.c.version),
        )
        .where(PublishedGuide.withdrawn_at.is_(None))
        .order_by(PublishedGuide.slug)
    )
    return [_entry(row) for row in rows]


def ever_published(connection: Connection | Session) -> frozenset[str]:
    """Every slug ever published, withdrawn ones too: past months' reports may name them."""
    return frozenset(connection.scalars(select(PublishedGuide.slug).distinct()))


def titles(session: Session) -> dict[str, dict[str, str]]:
    """slug -> language -> title of each guide's newest version (the dashboard's labels)."""
    rows = session.execute(
        select(PublishedGuide.slug, PublishedGuide.titles).order_by(PublishedGuide.version)
    )
    return {slug: json.loads(text) for slug, text in rows}


def catalogue_etag(entries: list[CatalogueEntry]) -> str:
    body = json.dumps([e.as_json() for e in entries], sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def withdraw(session: Session, slug: str, now: dt.datetime) -> bool:
    """Takes the guide out of the catalogue; False if no such guide is published."""
    result = session.execute(
        update(PublishedGuide)
        .where(PublishedGuide.slug == slug, PublishedGuide.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
    )
    return bool(cast(CursorResult[Any], result).rowcount)


def download(
    session: Session, slug: str, version: int, device_pk: int, now: dt.datetime
) -> bytes | None:
    """The archive of one published version (None if there is none or it is withdrawn), and
    that this device now has it."""
    row = session.scalars(
        select(PublishedGuide).where(
            PublishedGuide.slug == slug,
            PublishedGuide.version == version,
            PublishedGuide.withdrawn_at.is_(None),
        )
    ).first()
    if row is None:
        return None
    values = {"device_id": device_pk, "slug": slug, "version": version, "downloaded_at": now}
    statement = insert_for(session, cast(Table, DeviceGuide.__table__)).values(**values)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["device_id", "slug"],
            set_={"version": version, "downloaded_at": now},
        )
    )
    return row.archive


def use(session: Session) -> list[GuideUse]:
    """The catalogue, with how many devices last downloaded each version of each guide."""
    counts: dict[str, dict[int, int]] = {}
    for slug, version, devices in session.execute(
        select(DeviceGuide.slug, DeviceGuide.version, func.count()).group_by(
            DeviceGuide.slug, DeviceGuide.version
        )
    ):
        counts.setdefault(slug, {})[version] = devices
    return [GuideUse(entry, counts.get(entry.slug, {})) for entry in catalogue(session)]


def _entry(row: PublishedGuide) -> CatalogueEntry:
    return CatalogueEntry(
        slug=row.slug,
        version=row.version,
        sha256=row.sha256,
        languages=tuple(row.languages.split(",")),
        checked_on=json.loads(row.checked_on),
        titles=json.loads(row.titles),
        published_at=row.published_at,
    )
