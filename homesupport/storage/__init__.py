"""Encrypted local store: SQLAlchemy models, repositories, migrations, keys, backups."""
