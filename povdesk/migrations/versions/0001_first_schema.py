"""The first schema of povdesk.

Frozen: never edit this file once released; change the schema in a new revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 07:43:16.917106
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


APPEND_ONLY = ("audit_log", "fund_entry")


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('before', sa.String(), nullable=False),
    sa.Column('after', sa.String(), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_row_id'), ['row_id'], unique=False)

    op.create_table('cadre',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('sex', sa.String(), nullable=True),
    sa.Column('id_number', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('level', sa.String(), nullable=True),
    sa.Column('post', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('team_member', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_id_number'), ['id_number'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('poverty_line',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', name='uq_poverty_line_year')
    )
    op.create_table('reference_income',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('area_code', sa.String(length=12), nullable=False),
    sa.Column('area_name', sa.String(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'area_code', name='uq_reference_income')
    )
    op.create_table('tombstone',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('village',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('province', sa.String(), nullable=False),
    sa.Column('city', sa.String(), nullable=False),
    sa.Column('county', sa.String(), nullable=False),
    sa.Column('township', sa.String(), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('contact_phone', sa.String(), nullable=False),
    sa.Column('objection_contact', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_village_code'), ['code'], unique=False)

    op.create_table('household',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('village_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('group', sa.String(), nullable=False),
    sa.Column('address', sa.String(), nullable=False),
    sa.Column('phone', sa.String(), nullable=False),
    sa.Column('bank_name', sa.String(), nullable=False),
    sa.Column('bank_account', sa.String(), nullable=False),
    sa.Column('id_standard', sa.String(), nullable=True),
    sa.Column('category', sa.String(), nullable=True),
    sa.Column('identified_year', sa.Integer(), nullable=True),
    sa.Column('planned_exit_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('military_family', sa.Boolean(), nullable=False),
    sa.Column('main_cause', sa.String(), nullable=True),
    sa.Column('secondary_causes', sa.JSON(), nullable=False),
    sa.Column('land_cultivated', sa.Float(), nullable=False),
    sa.Column('land_irrigated', sa.Float(), nullable=False),
    sa.Column('land_forest', sa.Float(), nullable=False),
    sa.Column('coop_member', sa.Boolean(), nullable=False),
    sa.Column('road_km', sa.Float(), nullable=True),
    sa.Column('road_type', sa.String(), nullable=True),
    sa.Column('housing_area', sa.Float(), nullable=True),
    sa.Column('housing_structure', sa.String(), nullable=True),
    sa.Column('danger_grade', sa.String(), nullable=True),
    sa.Column('rebuild_status', sa.String(), nullable=True),
    sa.Column('electricity', sa.Boolean(), nullable=False),
    sa.Column('radio_tv', sa.Boolean(), nullable=False),
    sa.Column('water_difficult', sa.Boolean(), nullable=False),
    sa.Column('water_safe', sa.Boolean(), nullable=True),
    sa.Column('fuel', sa.String(), nullable=True),
    sa.Column('sanitary_toilet', sa.Boolean(), nullable=False),
    sa.Column('relocation', sa.String(), nullable=False),
    sa.Column('relocation_place', sa.String(), nullable=False),
    sa.Column('relocation_keys', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('village_id', 'number', name='uq_household_number')
    )
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_household_village_id'), ['village_id'], unique=False)

    op.create_table('exit_override',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('finding_codes', sa.JSON(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exit_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exit_override_household_id'), ['household_id'], unique=False)

    op.create_table('income',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('wages', sa.Integer(), nullable=False),
    sa.Column('public_post_wages', sa.Integer(), nullable=False),
    sa.Column('production', sa.Integer(), nullable=False),
    sa.Column('property', sa.Integer(), nullable=False),
    sa.Column('asset_dividend', sa.Integer(), nullable=False),
    sa.Column('transfer_family_planning', sa.Integer(), nullable=False),
    sa.Column('transfer_dibao', sa.Integer(), nullable=False),
    sa.Column('transfer_tekun', sa.Integer(), nullable=False),
    sa.Column('transfer_pension', sa.Integer(), nullable=False),
    sa.Column('transfer_eco', sa.Integer(), nullable=False),
    sa.Column('transfer_other', sa.Integer(), nullable=False),
    sa.Column('production_costs', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('household_id', 'year', name='uq_income_year')
    )
    with op.batch_alter_table('income', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_income_household_id'), ['household_id'], unique=False)

    op.create_table('measure',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('content', sa.String(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('fund_source', sa.String(), nullable=True),
    sa.Column('responsible_unit', sa.String(), nullable=False),
    sa.Column('cadre_id', sa.String(length=32), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done', sa.Date(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('acknowledged', sa.Boolean(), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_household_id'), ['household_id'], unique=False)

    op.create_table('member',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('sex', sa.String(), nullable=True),
    sa.Column('id_number', sa.String(), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('ethnicity', sa.String(), nullable=True),
    sa.Column('relation', sa.String(), nullable=False),
    sa.Column('education', sa.String(), nullable=True),
    sa.Column('school_status', sa.String(), nullable=True),
    sa.Column('dropout_reason', sa.String(), nullable=False),
    sa.Column('health', sa.JSON(), nullable=False),
    sa.Column('disability_cert', sa.Boolean(), nullable=False),
    sa.Column('labour', sa.String(), nullable=True),
    sa.Column('migrant_place', sa.String(), nullable=False),
    sa.Column('migrant_months', sa.Integer(), nullable=False),
    sa.Column('ins_medical', sa.Boolean(), nullable=False),
    sa.Column('ins_serious', sa.Boolean(), nullable=False),
    sa.Column('ins_commercial', sa.Boolean(), nullable=False),
    sa.Column('ins_pension', sa.Boolean(), nullable=False),
    sa.Column('dibao', sa.Boolean(), nullable=False),
    sa.Column('tekun', sa.Boolean(), nullable=False),
    sa.Column('presence', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_member_presence'), ['presence'], unique=False)

    op.create_table('pairing',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('cadre_id', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pairing_household_id'), ['household_id'], unique=False)

    op.create_table('visit',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cadre_ids', sa.JSON(), nullable=False),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('findings', sa.String(), nullable=False),
    sa.Column('actions', sa.String(), nullable=False),
    sa.Column('next_steps', sa.String(), nullable=False),
    sa.Column('acknowledged', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_household_id'), ['household_id'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('item', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('assessor_id', sa.String(length=32), nullable=True),
    sa.Column('visit_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['assessor_id'], ['cadre.id'], ),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_household_id'), ['household_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('visit_id', sa.String(length=32), nullable=True),
    sa.Column('measure_id', sa.String(length=32), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(), nullable=False),
    sa.Column('mime', sa.String(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('caption', sa.String(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachment_sha256'), ['sha256'], unique=False)

    op.create_table('fund_entry',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=True),
    sa.Column('measure_id', sa.String(length=32), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('voucher', sa.String(), nullable=False),
    sa.Column('recorded_by', sa.String(), nullable=False),
    sa.Column('reverses_id', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['fund_entry.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fund_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_entry_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entry_measure_id'), ['measure_id'], unique=False)

    op.create_table('life_event',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('other_household_id', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('life_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_life_event_household_id'), ['household_id'], unique=False)

    op.create_table('status_record',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('household_id', sa.String(length=32), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('decided_by', sa.String(), nullable=False),
    sa.Column('override_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], ),
    sa.ForeignKeyConstraint(['override_id'], ['exit_override.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('status_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_record_household_id'), ['household_id'], unique=False)
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The audit log and the fund ledger are append-only in the database itself, so even a
    bug or a hand-made SQL statement cannot edit or delete an entry."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION povdesk_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'povdesk: % is append-only', TG_TABLE_NAME; END $$ "
            "LANGUAGE plpgsql"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION povdesk_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'povdesk: {table} is append-only'); END"
            )


def downgrade() -> None:
    with op.batch_alter_table('status_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_record_household_id'))

    op.drop_table('status_record')
    with op.batch_alter_table('life_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_life_event_household_id'))

    op.drop_table('life_event')
    with op.batch_alter_table('fund_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_entry_measure_id'))
        batch_op.drop_index(batch_op.f('ix_fund_entry_household_id'))

    op.drop_table('fund_entry')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachment_household_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_household_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_household_id'))

    op.drop_table('visit')
    with op.batch_alter_table('pairing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_household_id'))
        batch_op.drop_index(batch_op.f('ix_pairing_cadre_id'))

    op.drop_table('pairing')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_presence'))
        batch_op.drop_index(batch_op.f('ix_member_id_number'))
        batch_op.drop_index(batch_op.f('ix_member_household_id'))

    op.drop_table('member')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_household_id'))

    op.drop_table('measure')
    with op.batch_alter_table('income', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_income_household_id'))

    op.drop_table('income')
    with op.batch_alter_table('exit_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exit_override_household_id'))

    op.drop_table('exit_override')
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_village_id'))
        batch_op.drop_index(batch_op.f('ix_household_status'))
        batch_op.drop_index(batch_op.f('ix_household_number'))

    op.drop_table('household')
    with op.batch_alter_table('village', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_village_code'))

    op.drop_table('village')
    op.drop_table('tombstone')
    op.drop_table('reference_income')
    op.drop_table('poverty_line')
    op.drop_table('meta')
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadre_id_number'))

    op.drop_table('cadre')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_row_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_entity'))

    op.drop_table('audit_log')
