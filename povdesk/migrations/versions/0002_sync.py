"""Sync bookkeeping (issue 5): keys, trusted peers, the bundle ledger, merge conflicts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:47:29
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_bundle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('direction', sa.String(), nullable=False),
    sa.Column('peer', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('prev', sa.String(length=64), nullable=False),
    sa.Column('range_from', sa.Integer(), nullable=False),
    sa.Column('range_to', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('direction', 'peer', 'seq', name='uq_sync_bundle_seq')
    )
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer', sa.String(length=32), nullable=False),
    sa.Column('bundle_seq', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('base', sa.String(), nullable=False),
    sa.Column('local', sa.String(), nullable=False),
    sa.Column('remote', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(), nullable=False),
    sa.Column('resolution', sa.String(), nullable=True),
    sa.Column('sent', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_row_id'), ['row_id'], unique=False)

    op.create_table('sync_key',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('secret', sa.String(), nullable=False),
    sa.Column('public', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind')
    )
    op.create_table('sync_peer',
    sa.Column('store_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(), nullable=False),
    sa.Column('area_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('sign_public', sa.String(), nullable=False),
    sa.Column('age_recipient', sa.String(), nullable=False),
    sa.Column('fingerprint', sa.String(), nullable=False),
    sa.Column('trusted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('acked', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('store_id')
    )
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_peer_area_code'), ['area_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_peer_key_id'), ['key_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sync_peer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_peer_key_id'))
        batch_op.drop_index(batch_op.f('ix_sync_peer_area_code'))

    op.drop_table('sync_peer')
    op.drop_table('sync_key')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflict_row_id'))

    op.drop_table('sync_conflict')
    op.drop_table('sync_bundle')
