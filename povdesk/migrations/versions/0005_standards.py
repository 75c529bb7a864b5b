"""Standards that travel (issue 10): the monitoring range per year (domain.md §7, §8).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# 64-bit on PostgreSQL, SQLite's own INTEGER there (as migration 0004 made the rest).
INT64 = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('monitoring_range',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', INT64, nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', INT64, nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', name='uq_monitoring_range_year')
    )


def downgrade() -> None:
    op.drop_table('monitoring_range')
