"""The coordinator's own database: models, engine, migrations and repositories."""
