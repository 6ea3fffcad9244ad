"""Alembic migrations of the coordinator database."""
