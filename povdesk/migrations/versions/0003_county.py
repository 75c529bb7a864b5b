"""The county office (issue 6): spot-check draws and the dashboard's per-village figures.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('spot_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draw', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.String(length=32), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('seed', sa.String(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('exited', sa.Integer(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('drawn_by', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spot_check_draw'), ['draw'], unique=False)
        batch_op.create_index(batch_op.f('ix_spot_check_household_id'), ['household_id'], unique=False)

    op.create_table('village_figures',
    sa.Column('village_id', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('today', sa.Date(), nullable=False),
    sa.Column('bundle_seq', sa.Integer(), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('village_id')
    )


def downgrade() -> None:
    op.drop_table('village_figures')
    with op.batch_alter_table('spot_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spot_check_household_id'))
        batch_op.drop_index(batch_op.f('ix_spot_check_draw'))
    op.drop_table('spot_check')
