"""One function per command; each returns an exit code (see main.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from povdesk import audit, cipher
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json, table
from povdesk.codes import (
    CodeList,
    HouseholdCategory,
    HouseholdStatus,
    StoreRole,
)
from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import HouseholdData, MemberData
from povdesk.rules.facts import FILE_PARTS, RuleContext
from povdesk.rules.income import per_capita
from povdesk.rules.readiness import VERDICTS
from povdesk.rules.standards import gaps, notice
from povdesk.search import SearchIndex
from povdesk.services.checks import HouseholdCheck
from povdesk.services.lists import PRESETS, HouseholdFilter, combine, select
from povdesk.services.status import Override
from povdesk.store import Store, building, default_db_path
from povdesk.store.engine import describe, is_url

OK, FAILED = 0, 1


def say(text: str) -> None:
    print(text, file=sys.stderr)


def open_store(args: argparse.Namespace, *, create: bool = False) -> Store:
    store = Store(args.db or default_db_path(), create=create)
    if getattr(args, "actor", None):
        store.actor = args.actor
    if not create and store.role is None:
        store.close()
        raise UserError(
            "数据库尚未初始化,请先运行 povdesk init 或 povdesk demo。",
            "The database is not initialised; run povdesk init or povdesk demo.",
            code="not_initialised",
        )
    return store


def context(store: Store, args: argparse.Namespace) -> RuleContext:
    """The rule context of a command that judges households; a standard missing for its
    year is said here, once, on stderr (domain.md §8: to whoever can enter it)."""
    ctx = store.config.context(year=getattr(args, "year", None))
    say_gaps(store, ctx)
    return ctx


def say_gaps(store: Store, ctx: RuleContext) -> None:
    """One line naming the standards missing for the year, if any."""
    found = notice(gaps(ctx), county=store.role is StoreRole.COUNTY)
    if found is not None:
        say(f"povdesk: {found[0]} / {found[1]}")


def label(codes: type[CodeList], value: str | None, lang: str) -> str:
    found = codes.lookup(value) if value else None
    return found.label(lang) if found else ""


# -- init and demo -------------------------------------------------------------------
@contextmanager
def new_file(args: argparse.Namespace, target: Path) -> Iterator[Path]:
    """Build a new store file under a temporary name; `--encrypt`: encrypted from its
    first byte (its key file written first, the recovery key shown once at the end)."""
    if not getattr(args, "encrypt", False):
        with building.building(target) as tmp:
            yield tmp
        return
    from povdesk.cli.unlock import new_passphrase, say_recovery_key
    from povdesk.store import encryption

    key, recovery = encryption.new_key_for(target, new_passphrase())
    try:
        with building.building(target, key=key) as tmp:
            yield tmp
    except BaseException:
        cipher.key_path(target).unlink(missing_ok=True)
        cipher.forget(target)
        raise
    say_recovery_key(recovery, target)


def init(args: argparse.Namespace) -> int:
    role = StoreRole.parse(args.role)
    if role is StoreRole.COUNTY and (len(args.code) != 6 or not args.code.isdigit()):
        raise UserError(
            f"县代码应为 6 位数字：{args.code}",
            f"A county code has 6 digits: {args.code}",
            code="invalid",
        )
    target = args.db or str(default_db_path())
    if is_url(target) or not building.is_new(Path(target)):
        # A shared server's schema, or an existing file (which says if it is initialised).
        with open_store(args, create=True) as store:
            store.villages.init_store(role, args.code, args.name)
    else:
        with new_file(args, Path(target)) as tmp, Store(tmp, create=True) as store:
            store.actor = args.actor or store.actor
            store.villages.init_store(role, args.code, args.name)
    where = describe(target)
    say(f"已创建 {role.zh} 数据库：{where}\nCreated a {role.en} database: {where}")
    return OK


def demo(args: argparse.Namespace) -> int:
    from povdesk.demo.generator import DemoStats, init_and_generate

    if args.households < 1 or args.households > 200_000:
        raise UserError("户数应在 1 到 200000 之间", "households must be 1..200000", code="invalid")
    target = args.db or str(default_db_path())

    def fill(store: Store) -> DemoStats:
        store.actor = args.actor or store.actor
        return init_and_generate(store, households=args.households, seed=args.seed, code=args.code)

    if is_url(target):
        with open_store(args, create=True) as store:
            stats = fill(store)
    else:
        # Built under a temporary name: a demo killed half-way leaves no half-made village.
        with new_file(args, Path(target)) as tmp, Store(tmp, create=True) as store:
            stats = fill(store)
    target = describe(target)
    say(
        f"演示村已生成：{target}\n"
        f"  {stats.households} 户、{stats.members} 人、{stats.measures} 项措施、"
        f"{stats.fund_entries} 笔资金、{stats.visits} 次走访；有短板 {stats.with_shortfalls} 户，"
        f"拟退出 {stats.proposed} 户，疑似虚假脱贫 {stats.false_exits} 户\n"
        f"Demo village made: {target}\n"
        f"  {stats.households} households, {stats.members} people, {stats.measures} "
        f"measures, {stats.fund_entries} fund entries, {stats.visits} visits; "
        f"{stats.with_shortfalls} with shortfalls, {stats.proposed} proposed for exit, "
        f"{stats.false_exits} possible fake exits"
    )
    m = stats.monitoring
    if m is not None:
        say(
            f"  另有一般农户 {m.non_poor} 户；监测对象 {m.objects} 户（其中风险消除 "
            f"{m.eliminated} 户，疑似虚假消除 {m.false_eliminations} 户），待识别线索 "
            f"{m.leads} 条（逾期 {m.overdue_leads} 条）\n"
            f"  plus {m.non_poor} ordinary households; {m.objects} monitoring objects "
            f"({m.eliminated} risk eliminated, {m.false_eliminations} possibly falsely), "
            f"{m.leads} leads awaiting a decision ({m.overdue_leads} overdue)"
        )
    return OK


# -- reading -------------------------------------------------------------------------
def _row(c: HouseholdCheck, lang: str) -> dict[str, Any]:
    h = c.household
    return {
        "id": h.id,
        "number": h.number,
        "head": c.head_name,
        "group": h.group,
        "category": h.category,
        "category_label": label(HouseholdCategory, h.category, lang),
        "status": h.status,
        "status_label": label(HouseholdStatus, h.status, lang),
        "size": c.size,
        "ready": c.readiness.ready,
        "verdict": c.readiness.verdict,
        "blocking": c.blocking_count,
        "priority": c.priority,
    }


def list_(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ctx = context(store, args)
        checks = store.checks.evaluate(ctx=ctx)
        flt = _filter(args)
        if flt != HouseholdFilter():
            checks = select(checks, flt, store.visits.last_dates(), ctx.today)
        if args.search:
            files = store.households.files(parts=["members"])
            index = SearchIndex.build((f.household, f.members) for f in files)
            by_id = {c.household.id: c for c in checks}
            checks = [by_id[h] for h in index.search(args.search) if h in by_id]
    rows = [_row(c, args.lang) for c in checks]
    if args.json:
        emit_json(rows)
        return OK
    zh = args.lang == "zh"
    heads = (
        ["户编号", "户主", "村民小组", "属性", "状态", "人数", "可退出", "阻止项", "优先度"]
        if zh
        else ["No.", "Head", "Group", "Category", "Status", "Size", "Ready", "Blocking", "Priority"]
    )
    short = 2 if zh else 3  # the short word of VERDICTS
    print(
        table(
            heads,
            [
                [
                    r["number"],
                    r["head"],
                    r["group"],
                    r["category_label"],
                    r["status_label"],
                    r["size"],
                    VERDICTS[r["verdict"]][short],
                    r["blocking"],
                    r["priority"],
                ]
                for r in rows
            ],
        )
    )
    say(f"共 {len(rows)} 户 / {len(rows)} households")
    return OK


def _filter(args: argparse.Namespace) -> HouseholdFilter:
    def code(codes: type[CodeList], text: str | None, what: str) -> str | None:
        if text is None:
            return None
        found = codes.lookup(text)
        if found is None:
            raise UserError(
                f"未知的{what}：{text}", f"Unknown {codes.__name__}: {text}", code="invalid"
            )
        return found.value

    own = HouseholdFilter(
        group=args.group,
        category=code(HouseholdCategory, args.category, "贫困户属性"),
        status=code(HouseholdStatus, args.status, "状态"),
        ready=args.ready,
        shortfall=args.shortfall,
        key_group=args.key_group,
        finding=frozenset(args.finding),
        overdue=args.overdue,
        no_visit_days=args.no_visit_days,
    )
    return combine(PRESETS[args.preset].filter, own) if args.preset else own


def check(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ctx = context(store, args)
        if args.household:
            checks = [store.checks.household(args.household, ctx)]
        else:
            checks = store.checks.evaluate(ctx=ctx)
    found = [(c.household.number, f) for c in checks for f in c.findings]
    if args.json:
        emit_json([{"household_number": n, **f.as_dict()} for n, f in found])
        return OK
    zh = args.lang == "zh"
    print(
        table(
            ["户编号", "维度", "阻止退出", "级别", "代码", "说明"]
            if zh
            else ["No.", "Dimension", "Blocking", "Severity", "Code", "Message"],
            [
                [
                    n,
                    f.dimension.label(args.lang),
                    ("是" if zh else "yes") if f.blocking else "",
                    f.severity.label(args.lang),
                    f.code,
                    f.zh if zh else f.en,
                ]
                for n, f in found
            ],
        )
    )
    blocking = sum(1 for _, f in found if f.blocking)
    say(
        f"共 {len(found)} 条问题，其中 {blocking} 条阻止退出 / {len(found)} findings, "
        f"{blocking} blocking"
    )
    return OK


def show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ctx = context(store, args)
        file = store.households.file(args.household)
        c = store.checks.household(file.household.id, ctx)
        events = store.members.events(file.household.id)
        attachments = store.attachments.of(file.household.id)
    incomes = []
    for inc in file.incomes:
        row = inc.model_dump()
        if file.size:
            row["per_capita_net"] = per_capita(inc, file.size)
        row["poverty_line"] = ctx.poverty_lines.get(inc.year)
        incomes.append(row)
    data = {
        "household": file.household.model_dump(),
        "head": c.head_name,
        "size": c.size,
        "ready": c.readiness.ready,
        "priority": c.priority,
        "key_groups": sorted(c.groups),
        "members": [m.model_dump() for m in file.members],
        "incomes": incomes,
        "findings": [f.as_dict() for f in c.findings],
        "life_events": [e.model_dump() for e in events],
        "attachments": [a.model_dump() for a in attachments],
        **{
            part: [x.model_dump() for x in getattr(file, part)]
            for part in FILE_PARTS
            if part not in ("members", "incomes", "events")  # shown above, in their own form
        },
    }
    if args.json:
        emit_json(data)
        return OK
    print(_show_text(file.household, file.members, c, args.lang))
    return OK


def _show_text(h: HouseholdData, members: list[MemberData], c: HouseholdCheck, lang: str) -> str:
    out = []
    for spec in specs(HouseholdData):
        value = getattr(h, spec.name)
        if value in (None, "", [], False) and spec.kind != "money":
            continue
        # As the field's kind shows it, as the printouts do (是, not True; 102, not 102.0).
        out.append(f"{spec.label(lang)}: {spec.display(value, lang)}{spec.unit or ''}")
    out.append("")
    member_specs = [
        s
        for s in specs(MemberData)
        if s.name
        in (
            "name",
            "sex",
            "id_number",
            "birth_date",
            "relation",
            "school_status",
            "health",
            "labour",
            "presence",
        )
    ]
    rows = []
    for m in members:
        row = []
        for s in member_specs:
            row.append(s.display(getattr(m, s.name), lang))
        rows.append(row)
    out.append(table([s.label(lang) for s in member_specs], rows))
    out.append("")
    words = VERDICTS[c.readiness.verdict]
    out.append(words[0] if lang == "zh" else words[1])
    for f in c.findings:
        mark = "✗" if f.blocking else "·"
        out.append(f" {mark} [{f.dimension.label(lang)}] {f.zh if lang == 'zh' else f.en}")
    return "\n".join(out)


# -- changing ------------------------------------------------------------------------
def status(args: argparse.Namespace) -> int:
    try:
        target = HouseholdStatus.parse(args.to)
    except ValueError:
        raise UserError(
            f"未知状态：{args.to}", f"Unknown status: {args.to}", code="invalid"
        ) from None
    with open_store(args) as store:
        override = None
        if args.override_cadre or args.override_reason:
            if not (args.override_cadre and args.override_reason):
                raise UserError(
                    "书面放行需同时给出干部和理由",
                    "An override needs both a cadre and a reason",
                    code="invalid",
                )
            override = Override(cadre_id(store, args.override_cadre), args.override_reason)
        store.status.change(args.household, target, reason=args.reason, override=override)
        say(f"已改为 {target.zh} / status set to {target.en}")
    return OK


def cadre_id(store: Store, key: str) -> str:
    """A cadre named on the command line by id or by a name no other cadre has."""
    by_name = store.cadres.find(key)
    if len(by_name) == 1:
        return by_name[0].id
    if len(by_name) > 1:
        raise UserError(
            f"有多位干部叫 {key}，请用 id",
            f"Several cadres are called {key}; use the id",
            code="ambiguous",
        )
    return store.cadres.get(key).id


def roster_import(args: argparse.Namespace) -> int:
    from povdesk.roster import RosterRejected, import_roster

    status = HouseholdStatus.lookup(args.status)
    if status not in (HouseholdStatus.POOR, HouseholdStatus.NON_POOR):
        raise UserError(
            f"新建户的状态只能是未脱贫或一般农户：{args.status}",
            f"New households are either poor or non-poor (一般农户): {args.status}",
            code="invalid",
        )
    with open_store(args) as store:
        try:
            # A 10,000-household roster takes several seconds; the bar is gone before
            # any problem is listed.
            with Progress("正在导入花名册", "Importing the roster") as bar:
                report = import_roster(
                    store,
                    args.file,
                    village_id=args.village,
                    create_villages=args.create_villages,
                    dry_run=args.dry_run,
                    status=status.value,
                    progress=bar,
                )
        except RosterRejected as exc:
            if args.json:
                emit_json({"rejected": True, "problems": [p.__dict__ for p in exc.problems]})
            else:
                for p in exc.problems:
                    say(f"第 {p.row} 行 [{p.column}] {p.value!r}： {p.zh}")
                    say(f"    row {p.row} [{p.column}] {p.value!r}: {p.en}")
            n = len(exc.problems)
            raise UserError(
                f"花名册有 {n} 处问题（见上），未导入任何数据，数据库未改动。",
                f"The roster has {n} problem(s) (listed above); nothing was imported and "
                "the database is unchanged.",
                code="roster_rejected",
            ) from None
    if args.json:
        emit_json(report.as_dict())
    else:
        print("\n".join(report.lines(args.lang)))
    return OK


def roster_template(args: argparse.Namespace) -> int:
    from povdesk.roster.template import write_template

    write_template(args.out)
    say(f"模板已写入 / template written: {args.out}")
    return OK


def audit_verify(args: argparse.Namespace) -> int:
    target = args.db or str(default_db_path())
    if is_url(target):
        with open_store(args) as store:
            problems = store.audit.verify()
            count = store.audit.count()
        damage: list[str] = []
    else:
        # Read-only, so that a store refused on open (damaged, or its log's end cut off)
        # can still be examined: the answer says what is wrong with it.
        problems, count, damage = _verify_file(Path(target))
    if damage:
        for line in damage[:10]:
            say(f"  {line}")
        say(
            f"数据库文件已损坏（完整性检查发现 {len(damage)} 处问题），审计日志不可信。\n"
            f"The database file is damaged (the integrity check found {len(damage)} "
            "problems); the audit log cannot be trusted."
        )
        if args.json:
            emit_json({"entries": count, "problems": [], "damage": damage})
        return FAILED
    if args.json:
        emit_json({"entries": count, "problems": [p.__dict__ for p in problems]})
    for p in problems:
        say(f"#{p.seq} {p.zh} / {p.en}")
    if problems:
        say(
            f"审计日志校验失败:{len(problems)} 处问题 / audit log verification failed: "
            f"{len(problems)} problems"
        )
        return FAILED
    say(f"审计日志完好,共 {count} 条 / audit log intact, {count} entries")
    return OK


def _verify_file(path: Path) -> tuple[list[audit.Problem], int, list[str]]:
    """The audit chain of a store file and the file's full integrity check (a verified
    chain in a damaged file is not a verified log)."""

    from povdesk.errors import StoreDamaged
    from povdesk.store import health
    from povdesk.store.backup import audit_problems, connect_read_only

    with suppress(StoreDamaged):  # a damaged store is examined below
        health.check(path, create=False)
    con = connect_read_only(path)
    try:
        damage = health.integrity_problems(con)
        if damage:
            return [], 0, damage
        meta = dict(con.execute("SELECT key, value FROM meta"))
        return audit_problems(con), int(meta.get("audit_seq", "0")), []
    except cipher.errors(ValueError, TypeError) as exc:  # garbage in a damaged file
        return [], 0, [str(exc)]
    finally:
        con.close()
