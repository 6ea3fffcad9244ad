"""index reports.report_id: a month's by-hand copy is found (and taken over) by it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_report_id"))
