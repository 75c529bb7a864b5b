"""The audit log in its compact form (issue 17, povdesk/audit_codec.py): before/after as
packed bytes, hashes as 32 bytes, store ids as 16, times as integers; no prev_hash (it is
the previous row's hash) and no index on entity. Entry hashes are unchanged: they stay
defined over the canonical text, which the stored bytes give back exactly.

The log is copied into a new table in batches (never all in memory), the old table
dropped and the new one renamed; the append-only triggers are made again.

Frozen: never edit this file once released. It uses audit_codec's functions, whose
stored forms are frozen too.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from alembic import op
from povdesk import audit_codec as codec


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

INT64 = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
BATCH = 5000
COLUMNS = "seq, at, actor, action, entity, row_id, before, after, rev, origin"


def _compact_table(name: str) -> None:
    op.create_table(name,
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', INT64, nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('before', sa.LargeBinary(), nullable=False),
    sa.Column('after', sa.LargeBinary(), nullable=False),
    sa.Column('rev', INT64, nullable=False),
    sa.Column('origin', sa.LargeBinary(), nullable=False),
    sa.Column('hash', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )


def _text_table(name: str) -> None:
    op.create_table(name,
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('row_id', sa.String(length=32), nullable=False),
    sa.Column('before', sa.String(), nullable=False),
    sa.Column('after', sa.String(), nullable=False),
    sa.Column('rev', INT64, nullable=False),
    sa.Column('origin', sa.String(length=32), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )


def _at(value: Any) -> dt.datetime:
    # SQLite hands the old column back as text, PostgreSQL as a datetime.
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _copy(columns: str, target: str, convert: Any) -> None:
    """Every entry of audit_log into `target`, BATCH at a time, in seq order."""
    conn = op.get_bind()
    names = [c.strip() for c in columns.split(",")]
    insert = sa.text(
        f"INSERT INTO {target} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
    )
    select = sa.text(f"SELECT * FROM audit_log WHERE seq > :last ORDER BY seq LIMIT {BATCH}")
    last, prev = 0, codec.hash_hex(bytes(32))
    while True:
        rows = conn.execute(select, {"last": last}).mappings().all()
        if not rows:
            return
        out = []
        for r in rows:
            values, prev = convert(r, prev)
            out.append(dict(zip(names, values, strict=True)))
        conn.execute(insert, out)
        last = rows[-1]["seq"]


def _compact(r: Any, prev: str) -> tuple[tuple[Any, ...], str]:
    return (
        r["seq"], codec.time_int(_at(r["at"])), r["actor"], r["action"], r["entity"],
        r["row_id"], codec.pack(r["before"]), codec.pack(r["after"]), r["rev"],
        codec.id_bytes(r["origin"]), codec.hash_bytes(r["hash"]),
    ), r["hash"]


def _expanded(target: str) -> None:
    """Every entry as text again, into `target`: a create that refers to its row gets its
    values back from the row (audit_rows, with the models of this povdesk: a downgrade
    runs from the head)."""
    from povdesk import audit_rows

    conn = op.get_bind()
    names = [c.strip() for c in (COLUMNS + ", prev_hash, hash").split(",")]
    insert = sa.text(
        f"INSERT INTO {target} ({', '.join(names)}) VALUES ({', '.join(':' + n for n in names)})"
    )
    postgres = conn.dialect.name == 'postgresql'
    prev, out = codec.hash_hex(bytes(32)), []
    for seq, at, *middle, h in audit_rows.entries(conn):
        if postgres:
            at = at.replace(tzinfo=dt.UTC)
        else:  # as SQLAlchemy's DateTime stores it on SQLite
            at = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        out.append(dict(zip(names, (seq, at, *middle, prev, h), strict=True)))
        prev = h
        if len(out) >= BATCH:
            conn.execute(insert, out)
            out.clear()
    if out:
        conn.execute(insert, out)


def _swap(new: str) -> None:
    """Drop audit_log (its triggers and indexes go with it) and rename `new` to it."""
    postgres = op.get_bind().dialect.name == 'postgresql'
    if not postgres:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table('audit_log')
    op.rename_table(new, 'audit_log')
    if postgres:  # the primary key's name follows the first table's, as 0001 made it
        op.execute(f"ALTER TABLE audit_log RENAME CONSTRAINT {new}_pkey TO audit_log_pkey")
    op.create_index(op.f('ix_audit_log_row_id'), 'audit_log', ['row_id'], unique=False)
    _append_only()


def _append_only() -> None:
    # As 0001 made them (the PostgreSQL function povdesk_append_only is still there).
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION povdesk_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'povdesk: audit_log is append-only'); END"
        )


def upgrade() -> None:
    _compact_table('audit_log_compact')
    _copy(COLUMNS + ", hash", 'audit_log_compact', _compact)
    _swap('audit_log_compact')


def downgrade() -> None:
    _text_table('audit_log_text')
    _expanded('audit_log_text')
    _swap('audit_log_text')
    op.create_index(op.f('ix_audit_log_entity'), 'audit_log', ['entity'], unique=False)
