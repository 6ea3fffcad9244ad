"""Alembic environment: always run with a live (keyed) connection from homesupport.storage."""

from alembic import context

from homesupport.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
