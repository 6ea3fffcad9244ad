"""month sums kept by folding insert-only deltas instead of rebuilding stale months

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cell_deltas",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("suppressed", sa.Integer(), nullable=False),
        sa.Column("devices", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cell_deltas")),
    )
    op.drop_table("stale_periods")
    # The cached sums were only rebuilt on demand: rebuild every month once, set-based.
    op.execute("DELETE FROM period_cells")
    op.execute(
        "INSERT INTO period_cells (period, tbl, code, value, suppressed, devices) "
        "SELECT period, tbl, code, SUM(value), "
        "CAST(SUM(CASE WHEN suppressed THEN 1 ELSE 0 END) AS INTEGER), COUNT(*) "
        "FROM report_cells GROUP BY period, tbl, code"
    )


def downgrade() -> None:
    op.create_table(
        "stale_periods",
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("touched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("period", "device_id", name=op.f("pk_stale_periods")),
    )
    op.drop_table("cell_deltas")
