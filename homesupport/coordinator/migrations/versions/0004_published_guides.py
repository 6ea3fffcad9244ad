"""published guides and which version each device downloaded

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_guides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("languages", sa.String(length=20), nullable=False),
        sa.Column("checked_on", sa.Text(), nullable=False),
        sa.Column("titles", sa.Text(), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_guides")),
        sa.UniqueConstraint("slug", "version", name=op.f("uq_published_guides_slug")),
    )
    with op.batch_alter_table("published_guides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_published_guides_slug"), ["slug"], unique=False)
    op.create_table(
        "device_guides",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
            name=op.f("fk_device_guides_device_id_devices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_id", "slug", name=op.f("pk_device_guides")),
    )


def downgrade() -> None:
    op.drop_table("device_guides")
    with op.batch_alter_table("published_guides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_published_guides_slug"))
    op.drop_table("published_guides")
