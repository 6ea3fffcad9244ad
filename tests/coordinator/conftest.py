"""Fixtures for the coordinator: one migrated database per backend (SQLite always,
PostgreSQL when HOMESUPPORT_TEST_POSTGRES_URL is set), emptied after every test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from coordinator_helpers import Clock, fast_passwords
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from homesupport.coordinator.app import create_app
from homesupport.coordinator.context import Coordinator, open_coordinator
from homesupport.coordinator.settings import Settings
from homesupport.coordinator.storage.models import Base

PG_ENV = "HOMESUPPORT_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)"
        )
    schema = f"hs_test_{secrets.token_hex(4)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('coordinator') / 'test.sqlite3'}"


_migrated: set[str] = set()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


def empty_all_tables(coordinator: Coordinator) -> None:
    with coordinator.engine.begin() as connection:
        if coordinator.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())


def make_coordinator(url: str, clock: Clock, **overrides: Any) -> Coordinator:
    first = url not in _migrated
    _migrated.add(url)
    return open_coordinator(
        Settings(db_url=url, **overrides), migrate=first, clock=clock, passwords=fast_passwords()
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def coordinator(
    db_url: str, clock: Clock, settings_overrides: dict[str, Any]
) -> Iterator[Coordinator]:
    c = make_coordinator(db_url, clock, **settings_overrides)
    try:
        yield c
    finally:
        empty_all_tables(c)
        c.close()


@pytest.fixture
def client(coordinator: Coordinator) -> Iterator[TestClient]:
    app = create_app(coordinator.settings, coordinator=coordinator)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def shots_dir() -> Path:
    folder = Path("/tmp/shots-coordinator")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("HOMESUPPORT_TEST_CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).is_file():
        pytest.skip(f"no Chromium at {path} (set HOMESUPPORT_TEST_CHROMIUM)")
    return path


@pytest.fixture
def browser() -> Iterator[Any]:
    """The system's Chromium, driven by Playwright (which downloads no browser of its own)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
