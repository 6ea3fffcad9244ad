"""The Alembic migrations create exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from homesupport.coordinator.storage.db import create_db_engine
from homesupport.coordinator.storage.migrate import is_current, upgrade
from homesupport.coordinator.storage.models import Base


def test_migrations_match_the_models(coordinator):
    with coordinator.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert is_current(coordinator.engine)


def test_upgrade_of_a_current_database_is_a_no_op(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    upgrade(engine)
    upgrade(engine)
    assert is_current(engine)
    engine.dispose()
