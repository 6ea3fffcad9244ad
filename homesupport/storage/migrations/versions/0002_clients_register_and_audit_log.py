"""clients register and audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:57:02.400424
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _nickname_key(nickname: str) -> str:
    # Same rule as homesupport.domain.clients.nickname_key, frozen here: a migration must not
    # change meaning when the code later does.
    return " ".join(nickname.casefold().split())


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nickname_key', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('erase_requested_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_nickname_key'), ['nickname_key'], unique=False)

    connection = op.get_bind()
    clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('nickname', sa.String),
                       sa.column('nickname_key', sa.String))
    for client_id, nickname in connection.execute(sa.select(clients.c.id, clients.c.nickname)).all():
        connection.execute(
            clients.update().where(clients.c.id == client_id)
            .values(nickname_key=_nickname_key(nickname))
        )

    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anon_client', sa.Integer(), nullable=True))
        batch_op.create_index('ix_sessions_client_date', ['client_id', 'date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_sessions_client_date')
        batch_op.drop_column('anon_client')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_nickname_key'))
        batch_op.drop_column('erase_requested_at')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('nickname_key')

    op.drop_table('audit_log')
