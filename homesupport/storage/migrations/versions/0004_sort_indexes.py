"""indexes for sorting the session table by duration and outcome

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index("ix_sessions_minutes", ["minutes"], unique=False)
        batch_op.create_index("ix_sessions_outcome", ["outcome"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_outcome")
        batch_op.drop_index("ix_sessions_minutes")
