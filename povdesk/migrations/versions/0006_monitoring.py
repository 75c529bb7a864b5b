"""Monitoring against return to poverty (issue 16, domain.md §7): monitoring records and
their procedure steps; the yearly rigid expenditure on income; a measure's monitoring
record and risk.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

INT64 = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def _synced() -> list[sa.Column[Any]]:
    return [
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('rev', INT64, nullable=False),
        sa.Column('origin', sa.String(length=32), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('monitoring_record',
    *_synced(),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('risks', sa.JSON(), nullable=False),
    sa.Column('lead_source', sa.String(), nullable=False),
    sa.Column('lead_date', sa.Date(), nullable=False),
    sa.Column('lead_by', sa.String(), nullable=False),
    sa.Column('lead_note', sa.String(), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('consent_attachment_id', sa.String(length=32), nullable=True),
    sa.Column('state', sa.String(), nullable=False),
    sa.Column('identified_on', sa.Date(), nullable=True),
    sa.Column('eliminated_on', sa.Date(), nullable=True),
    sa.Column('previous_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('monitoring_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_record_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_record_state'), ['state'], unique=False)

    op.create_table('monitoring_step',
    *_synced(),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('phase', sa.String(), nullable=False),
    sa.Column('step', sa.String(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('outcome', sa.String(), nullable=False),
    sa.Column('notice_end', sa.Date(), nullable=True),
    sa.Column('per_capita_income', INT64, nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('override_cadre_id', sa.String(length=32), nullable=True),
    sa.Column('override_reason', sa.String(), nullable=False),
    sa.Column('override_codes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['override_cadre_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['record_id'], ['monitoring_record.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('monitoring_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_step_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitoring_step_record_id'), ['record_id'], unique=False)

    # New columns on existing tables: a server default fills the rows already there.
    op.add_column('income', sa.Column('expense_medical', INT64, nullable=False, server_default='0'))
    op.add_column('income', sa.Column('expense_school', INT64, nullable=False, server_default='0'))
    op.add_column('measure', sa.Column('monitoring_id', sa.String(length=32), nullable=True))
    op.add_column('measure', sa.Column('risk', sa.String(), nullable=True))
    op.create_index(op.f('ix_measure_monitoring_id'), 'measure', ['monitoring_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_measure_monitoring_id'), table_name='measure')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_column('risk')
        batch_op.drop_column('monitoring_id')
    with op.batch_alter_table('income', schema=None) as batch_op:
        batch_op.drop_column('expense_school')
        batch_op.drop_column('expense_medical')
    op.drop_table('monitoring_step')
    op.drop_table('monitoring_record')
