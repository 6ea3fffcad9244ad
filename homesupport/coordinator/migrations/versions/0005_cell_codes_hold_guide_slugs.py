"""cell codes hold guide slugs: format 1.1's sessions.guide names guides by slug (up to 60)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 08:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("report_cells", "period_cells", "cell_deltas")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "code",
                existing_type=sa.String(length=32),
                type_=sa.String(length=64),
                existing_nullable=False,
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "code",
                existing_type=sa.String(length=64),
                type_=sa.String(length=32),
                existing_nullable=False,
            )
