"""The manifest (docs/bundle-format.md §2.1): built by the writer, checked field by field
by the reader before anything else in it is believed."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from exports.bundle.container import damaged
from povdesk.errors import UserError
from povdesk.store import schema

FORMAT = "povdesk-bundle"
VERSION = 1
HEX = re.compile(r"[0-9a-f]{64}\Z")


LIMIT = 1 << 62  # every number in a manifest: far beyond real use, inside 64 bits


def _is_int(v: Any) -> bool:
    return type(v) is int and 0 <= v < LIMIT


def _is_time(v: Any) -> bool:
    """ISO 8601 text, as the writer puts it: the ledger stores it as the bundle's date."""
    if not isinstance(v, str):
        return False
    try:
        dt.datetime.fromisoformat(v)
    except ValueError:
        return False
    return True


def created(m: dict[str, Any]) -> dt.datetime:
    """When the sender made the bundle (UTC; a time without zone is taken as UTC)."""
    value = dt.datetime.fromisoformat(m["created"])
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _shape(m: Any) -> bool:
    if not isinstance(m, dict):
        return False
    want = {
        "format",
        "version",
        "schema",
        "sender",
        "recipient",
        "seq",
        "prev",
        "created",
        "range",
        "receipt",
        "counts",
        "parts",
    }
    if set(m) != want:
        return False
    sender, recipient = m["sender"], m["recipient"]
    return (
        isinstance(sender, dict)
        and set(sender) == {"store_id", "role", "area_code", "name", "key_id"}
        and all(isinstance(v, str) for v in sender.values())
        and isinstance(recipient, dict)
        and set(recipient) == {"store_id", "area_code", "age"}
        and all(isinstance(v, str) for v in recipient.values())
        and _is_int(m["seq"])
        and m["seq"] >= 1
        and (m["prev"] is None or (isinstance(m["prev"], str) and bool(HEX.match(m["prev"]))))
        and _is_time(m["created"])
        and isinstance(m["range"], dict)
        and set(m["range"]) == {"from", "to"}
        and _is_int(m["range"]["from"])
        and _is_int(m["range"]["to"])
        and isinstance(m["receipt"], dict)
        and set(m["receipt"]) == {"cursor", "seqs"}
        and _is_int(m["receipt"]["cursor"])
        and isinstance(m["receipt"]["seqs"], list)
        and all(_is_int(s) for s in m["receipt"]["seqs"])
        and isinstance(m["counts"], dict)
        and isinstance(m["parts"], dict)
        and all(
            isinstance(p, dict)
            and set(p) == {"sha256", "size"}
            and isinstance(p["sha256"], str)
            and _is_int(p["size"])
            for p in m["parts"].values()
        )
    )


def parse(data: bytes) -> dict[str, Any]:
    try:
        m = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise damaged("清单不是有效的 JSON", "the manifest is not valid JSON") from None
    if isinstance(m, dict) and m.get("format") == FORMAT:
        version = m.get("version")
        if isinstance(version, int) and _is_int(version) and version > VERSION:
            raise UserError(
                f"数据包格式版本 {version} 比本程序新（只认识到 {VERSION}），请升级 povdesk。"
                "未导入任何内容。",
                f"The bundle's format version {version} is newer than this program knows "
                f"({VERSION}); upgrade povdesk. Nothing was imported.",
                code="too_new",
            )
        found = m.get("schema")
        if isinstance(found, str) and found not in schema.known_revisions():
            raise UserError(
                f"数据包来自较新版本的 povdesk（数据结构 {found}），请先升级 povdesk。"
                "未导入任何内容。",
                f"The bundle comes from a newer povdesk (schema {found}); upgrade povdesk "
                "first. Nothing was imported.",
                code="too_new",
            )
    if not _shape(m) or m["format"] != FORMAT or m["version"] != VERSION:
        raise damaged("清单缺少字段或字段类型不对", "the manifest lacks fields or has wrong types")
    s, r = m["sender"], m["recipient"]
    # Shown on screen and used in file names before the signature is even checked.
    from exports.bundle.keys import identity_problem

    found = identity_problem(s["store_id"], s["role"], s["area_code"], s["name"])
    if found is None and not (r["area_code"].isascii() and r["area_code"].isdigit()):
        found = ("接收方地区代码不合规", "recipient's area code is not valid")
    if found is not None:
        raise damaged(f"清单中发送方的{found[0]}", f"the manifest's sender {found[1]}")
    return m  # type: ignore[no-any-return]
