"""How an audit entry is stored: compact, and exactly reversible to what is hashed.

The hash of an entry stays defined over its canonical text (audit.entry_hash): before
and after as canonical JSON, the hashes as hex, the time as ISO text. Only the stored
form is compact (the log was 57% of a village's store):

- before / after: the canonical JSON's UTF-8 with each known field name (`"name":`,
  with its leading comma if any) replaced by two bytes, each quoted 32-hex id by one
  byte and its 16 raw bytes, and `true`/`false`/`null` by one byte each. JSON never
  holds the raw control bytes used as markers (it escapes them), so decoding is an exact
  inverse for any text; text that holds them anyway is kept raw behind a 0 byte.
- hash: the 32 digest bytes instead of 64 hex digits; the previous entry's hash is not
  stored at all (it is the previous row's hash: audit.verify_chain walks them in order).
- origin (a store id, 32 hex): 16 bytes.
- at: whole seconds since 1970 (4 bytes), or microseconds when it has them.
- a create's after, when its row gives the values back exactly: the DERIVED byte and
  the codes of the fields it set (povdesk/audit_rows.py rebuilds the text); read through
  the column type alone it shows as "{}".

KEYS and the marker bytes are frozen: a stored byte means the same forever. A field
name added to a model later is appended at the end of KEYS (or simply left out: an
unknown name is stored as text, just longer).
"""

from __future__ import annotations

import datetime as dt
import re

# Frozen order: append only (see the module's docstring).
KEYS: tuple[str, ...] = (
    "id", "household_id", "date", "note", "year", "status", "amount", "name", "evidence",
    "item", "visit_id", "assessor_id", "category", "source", "reason", "cadre_id",
    "start", "end", "sex", "acknowledged", "acknowledged_on", "actions", "active",
    "actor", "address", "area_code", "area_name", "asset_dividend", "at", "bank_account",
    "bank_name", "birth_date", "cadre_ids", "caption", "checklist", "city", "code",
    "consent_attachment_id", "consent_date", "contact_phone", "content", "coop_member",
    "cost", "county", "danger_grade", "decided_by", "dibao", "disability_cert", "done",
    "dropout_reason", "due", "education", "electricity", "eliminated_on",
    "ethnicity", "expense_medical", "expense_school", "filename", "finding_codes",
    "findings", "fuel", "fund_source", "group", "groups", "health", "housing_area",
    "housing_structure", "id_number", "id_standard", "identified_on", "identified_year",
    "ins_commercial", "ins_medical", "ins_pension", "ins_serious", "kind", "labour",
    "land_cultivated", "land_forest", "land_irrigated", "lead_by", "lead_date",
    "lead_note", "lead_source", "level", "main_cause", "measure_id", "member_id",
    "migrant_months", "migrant_place", "military_family", "mime", "monitoring_id",
    "next_steps", "notice_end", "number", "objection_contact", "origin",
    "other_household_id", "outcome", "override_cadre_id", "override_codes",
    "override_id", "override_reason", "per_capita_income", "phase", "phone",
    "planned_exit_year", "post", "presence", "previous_id", "production",
    "production_costs", "property", "province", "public_post_wages", "purposes",
    "radio_tv", "rebuild_status", "record_id", "recorded_by", "relation", "relocation",
    "relocation_keys", "relocation_place", "responsible_unit", "rev", "reverses_id",
    "risk", "risks", "road_km", "road_type", "sanitary_toilet", "school_status",
    "secondary_causes", "seq", "sha256", "size", "state", "step", "taken_on",
    "team_member", "tekun", "township", "transfer_dibao", "transfer_eco",
    "transfer_family_planning", "transfer_other", "transfer_pension", "transfer_tekun",
    "type", "unit", "updated_at", "village_id", "voucher", "wages", "water_difficult",
    "water_safe", "food_clothing", "housing", "medical", "water",
)  # fmt: skip
assert len(KEYS) == len(set(KEYS)) and len(KEYS) <= 256

RAW, KEY, COMMA_KEY, ID, TRUE, FALSE, NULL, DERIVED = (bytes([i]) for i in range(8))
_WORDS = {b"true": TRUE, b"false": FALSE, b"null": NULL}
_KEY_CODE = {k.encode(): i for i, k in enumerate(KEYS)}
_PACK = re.compile(
    rb'(,?)"('
    + b"|".join(re.escape(k.encode()) for k in sorted(KEYS, key=len, reverse=True))
    + rb')":|"([0-9a-f]{32})"|true|false|null'
)
_UNPACK = re.compile(rb"[\x01\x02](.)|\x03(.{16})|[\x04-\x06]", re.DOTALL)
_MARKERS = re.compile(rb"[\x00-\x07]")  # 7: audit_rows.DERIVED
_TEXT = {TRUE[0]: b"true", FALSE[0]: b"false", NULL[0]: b"null"}


def _packed(m: re.Match[bytes]) -> bytes:
    key = m.group(2)
    if key is not None:
        return (COMMA_KEY if m.group(1) else KEY) + bytes((_KEY_CODE[key],))
    hexid = m.group(3)
    if hexid is not None:
        return ID + bytes.fromhex(hexid.decode())
    return _WORDS[m.group(0)]


def pack(text: str) -> bytes:
    """Canonical JSON text -> its stored bytes ("{}", an empty side, is b"")."""
    if text == "{}":
        return b""
    raw = text.encode("utf-8")
    if not raw or _MARKERS.search(raw) is not None:  # not JSON as povdesk writes it: keep it as is
        return RAW + raw
    return _PACK.sub(_packed, raw)


def _unpacked(m: re.Match[bytes]) -> bytes:
    first = m.group(0)[0]
    if first <= 2:
        return (b',"' if first == 2 else b'"') + KEYS[m.group(1)[0]].encode() + b'":'
    if first == 3:
        return b'"' + m.group(2).hex().encode() + b'"'
    return _TEXT[first]


def unpack(data: bytes | str | None) -> str:
    """The stored bytes -> the canonical JSON text they came from. (Text where bytes
    belong was put there by hand: it is handed on as it is, and verify names the entry.)"""
    if isinstance(data, str):
        return data
    if not data:
        return "{}"
    data = bytes(data)  # PostgreSQL hands back a memoryview
    if data[:1] == DERIVED:  # a create that refers to its row: audit_rows rebuilds it
        return "{}"
    if data[:1] == RAW:
        return data[1:].decode("utf-8")
    return _UNPACK.sub(_unpacked, data).decode("utf-8")


def hash_bytes(hex_digest: str) -> bytes:
    return bytes.fromhex(hex_digest)


def hash_hex(data: bytes | str | None) -> str:
    if isinstance(data, str):  # as unpack: text put there by hand
        return data
    return bytes(data).hex() if data is not None else ""


_HEX32 = re.compile(r"[0-9a-f]{32}")


def id_bytes(text: str) -> bytes:
    """A store id (32 hex) as 16 bytes; any other text as its UTF-8 behind a 0 byte (or,
    where that would make 16 bytes too, between two 1 bytes)."""
    if _HEX32.fullmatch(text):
        return bytes.fromhex(text)
    raw = text.encode("utf-8")
    return RAW + raw if len(raw) != 15 else KEY + raw + KEY


def id_text(data: bytes | str | None) -> str:
    if isinstance(data, str):  # as unpack: text put there by hand
        return data
    if data is None:
        return ""
    data = bytes(data)
    if len(data) == 16:
        return data.hex()
    return (data[1:] if data[:1] == RAW else data[1:-1]).decode("utf-8")


_EPOCH = dt.datetime(1970, 1, 1)
_SECONDS_BELOW = 10**11  # a stored value below this is seconds, from it up microseconds


def time_int(at: dt.datetime) -> int:
    """UTC time -> whole seconds since 1970, or microseconds when it has a fraction."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    delta = at - _EPOCH
    if delta.microseconds == 0 and 0 <= delta.days * 86400 + delta.seconds < _SECONDS_BELOW:
        return delta.days * 86400 + delta.seconds
    micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    if 0 <= micros < _SECONDS_BELOW:  # only the first day of 1970: keep it unambiguous
        raise ValueError(f"audit time out of range: {at}")
    return micros


def time_value(stored: int) -> dt.datetime:
    """The stored number -> the naive UTC datetime (as SQLite handed the time back)."""
    if 0 <= stored < _SECONDS_BELOW:
        return _EPOCH + dt.timedelta(seconds=stored)
    return _EPOCH + dt.timedelta(microseconds=stored)


# Readers of a raw SQLite file (a backup, a store being restored) meet either form: a
# file written before migration 0007 holds text, one after it the compact bytes.
json_of = unpack
hex_of = hash_hex
origin_of = id_text


def time_of(value: int | str) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else time_value(value)
