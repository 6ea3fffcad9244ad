"""report registry, outbox and receipts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('report_periods',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('fingerprint', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_report_periods'))
    )
    op.create_table('outbox',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=20), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('receipt', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_outbox'))
    )
    op.create_table('receipts',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.String(length=40), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('period', 'revision', name=op.f('pk_receipts'))
    )


def downgrade() -> None:
    op.drop_table('receipts')
    op.drop_table('outbox')
    op.drop_table('report_periods')
