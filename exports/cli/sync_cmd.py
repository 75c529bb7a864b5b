"""Sync commands (issue 5; docs/bundle-format.md):

povdesk key show|export|backup|restore|identity --db D ...
povdesk trust --db D FILE [--fingerprint F] [--replace]
povdesk export --db D [--to VILLAGE] --out FILE_OR_FOLDER
povdesk import --db D FILE... [--dry-run] [--json]
povdesk bundle inspect FILE [--db D] [--json]
povdesk conflicts --db D [--json]  /  povdesk resolve --db D ID --value JSON
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exports.bundle import keys, outside
from exports.bundle.importer import import_bundles
from exports.bundle.preview import totals
from exports.bundle.reader import open_bundle
from exports.bundle.writer import export
from povdesk.cli.commands import OK, open_store, say
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json, table
from povdesk.codes import HouseholdStatus, MonitorState
from povdesk.errors import UserError
from povdesk.store import Store, default_db_path
from povdesk.sync import conflicts
from povdesk.sync.incoming import Report

FAILED = 1
USAGE = 2
Db = Callable[[argparse.ArgumentParser], None]


def register(sub: argparse._SubParsersAction, db: Db) -> None:  # type: ignore[type-arg]
    key = sub.add_parser("key", help="本库密钥 / this store's keys")
    ksub = key.add_subparsers(dest="key_command", required=True, parser_class=type(key))
    sp = ksub.add_parser("show", help="显示公钥和指纹 / public keys and fingerprint")
    db(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=key_show)
    sp = ksub.add_parser("export", help="导出公钥文件 / write the public key file")
    db(sp)
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(func=key_export)
    sp = ksub.add_parser("backup", help="口令保护的私钥备份 / passphrase-protected key backup")
    db(sp)
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(func=key_backup)
    sp = ksub.add_parser("restore", help="从备份恢复私钥 / restore keys from a backup")
    db(sp)
    sp.add_argument("file", type=Path)
    sp.set_defaults(func=key_restore)
    sp = ksub.add_parser("identity", help="age 私钥(仅供人工核验)/ age identity, for checks")
    db(sp)
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(func=key_identity)

    sp = sub.add_parser("trust", help="信任对方的公钥文件 / trust a peer's public key file")
    db(sp)
    sp.add_argument("file", type=Path)
    sp.add_argument("--fingerprint", help="核对指纹 / the fingerprint read out by the peer")
    sp.add_argument("--replace", action="store_true", help="对方换了密钥 / the peer's new key")
    sp.set_defaults(func=trust)

    sp = sub.add_parser("export", help="导出同步数据包 / write a sync bundle")
    db(sp)
    sp.add_argument("--to", help="县导出给哪个村(村代码)/ the village a county exports to")
    sp.add_argument("--out", type=Path, required=True, help="文件或文件夹 / file or folder")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=export_)

    sp = sub.add_parser("import", help="导入同步数据包 / import sync bundles")
    db(sp)
    sp.add_argument("files", type=Path, nargs="+")
    sp.add_argument("--dry-run", action="store_true")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=import_)

    bundle = sub.add_parser("bundle", help="数据包 / bundles")
    bsub = bundle.add_subparsers(dest="bundle_command", required=True, parser_class=type(bundle))
    sp = bsub.add_parser("inspect", help="查看数据包(不导入)/ show a bundle without importing")
    db(sp)
    sp.add_argument("file", type=Path)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=inspect)

    sp = sub.add_parser("conflicts", help="同步冲突 / sync conflicts")
    db(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=list_conflicts)
    sp = sub.add_parser("resolve", help="处理一个冲突 / resolve a conflict")
    db(sp)
    sp.add_argument("id", type=int)
    sp.add_argument("--value", required=True, help="选定的值(JSON)/ the chosen value, as JSON")
    sp.set_defaults(func=resolve)


# -- keys and trust ------------------------------------------------------------------
def key_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        me = keys.identity(store)
        data = {**me.public_record(), "key_id": me.key_id, "fingerprint": me.fingerprint}
    if args.json:
        emit_json(data)
    else:
        print(f"store    {me.store_id}  {me.role} {me.area_code} {me.name}")
        print(f"minisign {me.sign_public}")
        print(f"age      {me.age_recipient}")
        print(f"指纹 / fingerprint  {me.fingerprint}")
    return OK


def key_export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        me = keys.write_public(store, args.out)
    say(
        f"公钥已写入 {args.out},指纹 {me.fingerprint}\nPublic key written to {args.out}; "
        f"fingerprint {me.fingerprint}"
    )
    return OK


def _passphrase(confirm: bool) -> str:
    found = os.environ.get("POVDESK_PASSPHRASE")
    if found is not None:
        return found
    try:
        first = getpass.getpass("口令 / passphrase: ")
        if confirm and getpass.getpass("再输一次 / again: ") != first:
            raise UserError("两次口令不一致。", "The passphrases differ.", code="passphrase")
    except EOFError:
        raise UserError(
            "需要口令:请在终端输入,或设置 POVDESK_PASSPHRASE。",
            "A passphrase is needed: type it at a terminal or set POVDESK_PASSPHRASE.",
            code="passphrase",
        ) from None
    return first


def key_backup(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        keys.backup(store, args.out, _passphrase(confirm=True))
    say(
        f"私钥备份已写入 {args.out}（口令保护）。请把文件和口令分开保管。\n"
        f"Key backup written to {args.out} (passphrase-protected). Keep the file and the "
        "passphrase apart."
    )
    return OK


def key_restore(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        me = keys.restore(store, args.file, _passphrase(confirm=False))
    say(f"密钥已恢复,指纹 {me.fingerprint}\nKeys restored; fingerprint {me.fingerprint}")
    return OK


def key_identity(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        me = keys.identity(store)
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(f"# povdesk {me.role} {me.area_code}: age identity\n{me.age}\n")
    say(
        f"注意：{args.out} 是未加密的私钥，核验后请立即删除（shred -u）。\n"
        f"Warning: {args.out} is an unencrypted private key; delete it (shred -u) after the "
        "check."
    )
    return OK


def trust(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        peer = keys.trust(store, args.file, expect=args.fingerprint, replace=args.replace)
    say(
        f"已信任 {peer.label}，指纹 {peer.fingerprint}（请与对方核对）\n"
        f"Trusted {peer.label}; fingerprint {peer.fingerprint} (compare it with the peer's)"
    )
    return OK


# -- bundles -------------------------------------------------------------------------
def export_(args: argparse.Namespace) -> int:
    with open_store(args) as store, Progress("正在导出", "Exporting") as bar:
        done = export(store, args.out, to=args.to, progress=bar)
    rows, deleted = totals(done.counts)
    if args.json:
        emit_json(
            {
                "path": str(done.path),
                "seq": done.seq,
                "to": done.peer.area_code,
                "counts": done.counts,
                "size": done.size,
            }
        )
    say(
        f"已导出 {done.path}：发往 {done.peer.label}，第 {done.seq} 号，{rows} 条记录、"
        f"{deleted} 条删除、{done.files} 个附件\n"
        f"Exported {done.path}: to {done.peer.label}, #{done.seq}, {rows} records, "
        f"{deleted} deletions, {done.files} files"
    )
    return OK


def _report_json(r: Report) -> dict[str, Any]:
    return {
        "sender": r.sender,
        "seq": r.seq,
        "already_imported": r.already,
        "dry_run": r.dry_run,
        "older": r.stale,
        "kinds": r.kinds,
        "households": r.households,
        "conflicts": r.conflicts,
        "missing": r.missing,
        "status_doubts": [
            {"household": n, "status": st, "reasons": [{"zh": z, "en": e} for z, e in why]}
            for n, st, why in r.status_doubts
        ],
        "elimination_doubts": [
            {"household": n, "reasons": [{"zh": z, "en": e} for z, e in why]}
            for n, why in r.elimination_doubts
        ],
        "decided_history": [{"household": n, "state": st} for n, st in r.decided_history],
    }


def import_(args: argparse.Namespace) -> int:
    with open_store(args) as store, Progress("正在导入", "Importing") as bar:
        reports = import_bundles(store, list(args.files), dry_run=args.dry_run, progress=bar)
    if args.json:
        emit_json([_report_json(r) for r in reports])
    for r in reports:
        if r.already:
            say(
                f"第 {r.seq} 号数据包已导入过，没有任何改动。\n"
                f"Bundle #{r.seq} was already imported; nothing changed."
            )
            continue
        head = "试导入(未保存)/ dry run (not saved)" if r.dry_run else "已导入 / imported"
        say(f"{head}: #{r.seq}")
        rows = [
            (k, c["created"], c["updated"], c["unchanged"], c["deleted"], c["conflicts"])
            for k, c in r.kinds.items()
        ]
        if rows:
            say(
                table(
                    (
                        "类别 kind",
                        "新增 created",
                        "更新 updated",
                        "未变 unchanged",
                        "删除 deleted",
                        "冲突 conflicts",
                    ),
                    rows,
                )
            )
        if r.stale:
            say("这是较早的数据包,没有回退任何数据。/ An older bundle: nothing was rolled back.")
        say(f"涉及 {len(r.households)} 户 / {len(r.households)} households touched")
        if r.conflicts:
            say(
                f"有 {r.conflicts} 处冲突待处理:povdesk conflicts\n"
                f"{r.conflicts} conflicts to resolve: povdesk conflicts"
            )
        for number, status, why in r.status_doubts:
            label = HouseholdStatus.parse(status)
            say(
                f"注意：户 {number} 由对方标为{label.zh}，本库核查仍不能通过："
                f"{'；'.join(z for z, _ in why)}\n"
                f"Note: household {number} was set to {label.en} by the sender, but this "
                f"store's exit check refuses it: {'; '.join(e for _, e in why)}"
            )
        for number, why in r.elimination_doubts:
            say(
                f"注意：户 {number} 由对方标为风险消除，本库核查仍不能通过："
                f"{'；'.join(z for z, _ in why)}\n"
                f"Note: household {number} was marked risk eliminated by the sender, but "
                f"this store's elimination check refuses it: {'; '.join(e for _, e in why)}"
            )
        for number, state in r.decided_history:
            words = MonitorState.parse(state)
            say(
                f"请核实：户 {number} 的监测记录第一次到县里，已是{words.zh}（村里的历史记录，"
                "本县没有作出这一审定的记录）。\n"
                f"Please confirm: household {number}'s monitoring record reached the county "
                f"for the first time already {words.en.lower()} (the village's history; this "
                "store holds no such decision)."
            )
        if r.missing:
            seqs = ", ".join(str(s) for s in r.missing)
            say(
                f"缺少该发送方的数据包：{seqs}（其内容已含在较新的包中）\n"
                f"Bundles missing from this sender: {seqs} (their content is in later ones)"
            )
    return OK


def inspect(args: argparse.Namespace) -> int:
    if _no_store(args):  # only the recipient's store can decrypt: say what the file shows
        seen = outside.look(args.file)
        if args.json:
            emit_json(seen.as_dict())
        else:
            print("\n".join(seen.lines()))
        return OK if seen.encrypted else USAGE
    with open_store(args) as store:
        opened = open_bundle(store, args.file)
    m = opened.manifest
    data = {
        "sender": m["sender"],
        "recipient": m["recipient"],
        "seq": m["seq"],
        "created": m["created"],
        "range": m["range"],
        "counts": m["counts"],
        "signature_ok": opened.signature_ok,
        "problem": opened.problem.en if opened.problem else None,
    }
    if args.json:
        emit_json(data)
    else:
        s, r = m["sender"], m["recipient"]
        print(f"发送方 sender     {s['name']} {s['area_code']} ({s['role']})")
        if opened.peer is not None:  # keys are shown one way everywhere: the fingerprint
            print(f"指纹 fingerprint  {opened.peer.fingerprint}")
        print(f"接收方 recipient  {r['area_code']} ({r['store_id']})")
        print(f"序号 seq          {m['seq']}   创建 created {m['created']}")
        print(f"数量 counts       {json.dumps(m['counts'], ensure_ascii=False)}")
        ok = "有效 / verified" if opened.signature_ok else "无效 / NOT verified"
        print(f"签名 signature    {ok}")
        if opened.problem is not None:
            say(opened.problem.bilingual())
    return OK if opened.signature_ok else FAILED


def _no_store(args: argparse.Namespace) -> bool:
    """No database to read the bundle with: none named and none at the default place,
    or one named that does not exist or was never set up."""
    db = str(args.db) if args.db else str(default_db_path())
    if "://" in db:
        return False
    path = Path(db)
    if not path.is_file() or path.stat().st_size == 0:
        return True
    with Store(path) as store:
        return store.role is None


def list_conflicts(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        found = conflicts.describe(store)
    if args.json:
        emit_json(found)
    else:
        rows = [
            (
                c["id"],
                c["entity"],
                c["row_id"][:8],
                c["field"],
                c["local"],
                c["remote"],
                "已处理 resolved" if c["resolved"] else "待处理 open",
            )
            for c in found
        ]
        print(
            table(
                (
                    "id",
                    "类别 kind",
                    "记录 record",
                    "字段 field",
                    "本地 local",
                    "对方 remote",
                    "状态 state",
                ),
                rows,
            )
        )
    return OK


def resolve(args: argparse.Namespace) -> int:
    try:
        value = json.loads(args.value)
    except ValueError:
        raise UserError(
            f"不是有效的 JSON：{args.value}", f"Not valid JSON: {args.value}", code="invalid"
        ) from None
    with open_store(args) as store:
        conflicts.resolve(store, args.id, value)
    say(f"冲突 {args.id} 已处理(已记入审计日志)。\nConflict {args.id} resolved (audited).")
    return OK
