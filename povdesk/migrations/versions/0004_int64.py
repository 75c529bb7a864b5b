"""Money and revs are 64-bit on PostgreSQL too (issue 11). SQLite's INTEGER is 64-bit
already, so there the schema is unchanged; on PostgreSQL each column becomes BIGINT
(in the one transaction every upgrade runs in).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

COLUMNS = {
    'audit_log': ['rev'],
    'tombstone': ['rev'],
    'village': ['rev'],
    'cadre': ['rev'],
    'poverty_line': ['rev', 'amount'],
    'reference_income': ['rev', 'amount'],
    'household': ['rev'],
    'member': ['rev'],
    'pairing': ['rev'],
    'exit_override': ['rev'],
    'status_record': ['rev'],
    'life_event': ['rev'],
    'income': [
        'rev', 'wages', 'public_post_wages', 'production', 'property', 'asset_dividend',
        'transfer_family_planning', 'transfer_dibao', 'transfer_tekun', 'transfer_pension',
        'transfer_eco', 'transfer_other', 'production_costs',
    ],
    'measure': ['rev', 'cost'],
    'fund_entry': ['rev', 'amount'],
    'visit': ['rev'],
    'assessment': ['rev'],
    'attachment': ['rev'],
}


def _change(kind: type[sa.types.TypeEngine[int]], was: type[sa.types.TypeEngine[int]]) -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=kind(), existing_type=was(), existing_nullable=False)


def upgrade() -> None:
    _change(sa.BigInteger, sa.Integer)


def downgrade() -> None:
    _change(sa.Integer, sa.BigInteger)
