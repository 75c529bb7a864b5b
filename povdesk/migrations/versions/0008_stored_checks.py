"""Stored findings (issue 17): each household's check kept with the revision of its
records it was computed from; triggers count every write to a household's records. And
an index for each household's latest visit, which the window reads with them.

A store made before this revision has no stored check: every household is stale and is
checked once, in the background, when the window first opens it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Every table whose rows belong to one household (a household_id column), frozen as of
# this revision: a later table of that kind adds its triggers in its own migration.
OWNED = (
    'member',
    'income',
    'measure',
    'fund_entry',
    'pairing',
    'exit_override',
    'status_record',
    'life_event',
    'visit',
    'assessment',
    'attachment',
    'monitoring_record',
    'monitoring_step',
)

_BUMP_SQLITE = (
    "INSERT INTO household_rev (household_id, rev) SELECT {who}, 1 WHERE {who} IS NOT NULL "
    "ON CONFLICT (household_id) DO UPDATE SET rev = household_rev.rev + 1;"
)


def upgrade() -> None:
    op.create_table(
        'household_rev',
        sa.Column('household_id', sa.String(length=32), nullable=False),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('household_id'),
    )
    op.create_table(
        'household_check',
        sa.Column('household_id', sa.String(length=32), nullable=False),
        sa.Column('village_id', sa.String(length=32), nullable=False),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.Column('context', sa.String(length=64), nullable=False),
        sa.Column('dup', sa.Integer(), nullable=False),
        sa.Column('listed', sa.String(), nullable=False),
        sa.Column('brief', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('household_id'),
    )
    with op.batch_alter_table('household_check', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_household_check_village_id'), ['village_id'], unique=False
        )
    # The window reads each household's latest visit when it opens: from this index alone.
    op.create_index('ix_visit_household_at', 'visit', ['household_id', 'at'], unique=False)
    if op.get_context().dialect.name == 'postgresql':
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    for table in ('household', *OWNED):
        key = 'id' if table == 'household' else 'household_id'
        new, old = f'NEW.{key}', f'OLD.{key}'
        moved = _BUMP_SQLITE.format(who=old).replace(
            f'WHERE {old} IS NOT NULL', f'WHERE {old} IS NOT NULL AND {old} IS NOT {new}'
        )
        op.execute(
            f'CREATE TRIGGER {table}_rev_insert AFTER INSERT ON {table} '
            f'BEGIN {_BUMP_SQLITE.format(who=new)} END'
        )
        op.execute(
            f'CREATE TRIGGER {table}_rev_update AFTER UPDATE ON {table} '
            f'BEGIN {_BUMP_SQLITE.format(who=new)} {moved} END'
        )
        gone = 'DELETE FROM household_check WHERE household_id = OLD.id;' if table == 'household' else ''
        op.execute(
            f'CREATE TRIGGER {table}_rev_delete AFTER DELETE ON {table} '
            f'BEGIN {_BUMP_SQLITE.format(who=old)} {gone} END'
        )


def _postgresql_triggers() -> None:
    for name, key in (('povdesk_household_rev', 'id'), ('povdesk_owned_rev', 'household_id')):
        bump = (
            "INSERT INTO household_rev (household_id, rev) VALUES ({who}, 1) "
            "ON CONFLICT (household_id) DO UPDATE SET rev = household_rev.rev + 1;"
        )
        gone = (
            "DELETE FROM household_check WHERE household_id = OLD.id;"
            if key == 'id'
            else ''
        )
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP <> 'DELETE' THEN "
            f"  IF NEW.{key} IS NOT NULL THEN {bump.format(who=f'NEW.{key}')} END IF; "
            f"END IF; "
            f"IF TG_OP = 'DELETE' THEN "
            f"  IF OLD.{key} IS NOT NULL THEN {bump.format(who=f'OLD.{key}')} END IF; {gone} "
            f"ELSIF TG_OP = 'UPDATE' THEN "
            f"  IF OLD.{key} IS NOT NULL AND OLD.{key} IS DISTINCT FROM NEW.{key} THEN "
            f"    {bump.format(who=f'OLD.{key}')} END IF; "
            f"END IF; "
            f"RETURN NULL; END $$ LANGUAGE plpgsql"
        )
    for table in ('household', *OWNED):
        fn = 'povdesk_household_rev' if table == 'household' else 'povdesk_owned_rev'
        op.execute(
            f'CREATE TRIGGER {table}_rev AFTER INSERT OR UPDATE OR DELETE ON {table} '
            f'FOR EACH ROW EXECUTE FUNCTION {fn}()'
        )


def downgrade() -> None:
    if op.get_context().dialect.name == 'postgresql':
        for table in ('household', *OWNED):
            op.execute(f'DROP TRIGGER {table}_rev ON {table}')
        op.execute('DROP FUNCTION povdesk_household_rev()')
        op.execute('DROP FUNCTION povdesk_owned_rev()')
    else:
        for table in ('household', *OWNED):
            for verb in ('insert', 'update', 'delete'):
                op.execute(f'DROP TRIGGER {table}_rev_{verb}')
    op.drop_index('ix_visit_household_at', table_name='visit')
    op.drop_index(op.f('ix_household_check_village_id'), table_name='household_check')
    op.drop_table('household_check')
    op.drop_table('household_rev')
