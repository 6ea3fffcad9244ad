"""INSERT … ON CONFLICT for the two dialects we run on (both spell it the same way)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(bind: Session | Connection, table: Table) -> Any:
    """A dialect-specific INSERT that offers ``on_conflict_do_update/_nothing``."""
    dialect = bind.dialect if isinstance(bind, Connection) else bind.get_bind().dialect
    if dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
