"""What an import tells the user: problems that stop it, warnings, and what it did.

Problems are collected for the whole file before anything is refused, so the user fixes
the sheet once instead of once per error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from povdesk.changes import NOTHING, OpChanges
from povdesk.errors import UserError

KINDS = ("household", "member", "income")
_KIND_ZH = {"household": "户", "member": "成员", "income": "收入"}
_KIND_EN = {"household": "Households", "member": "Members", "income": "Incomes"}
SHOWN_IN_MESSAGE = 10  # the exception text names the first few; `.problems` has them all


@dataclass(frozen=True)
class RowProblem:
    """One cell (or row, when `column` is empty) that stops the import."""

    row: int
    column: str
    value: str
    zh: str
    en: str

    def line(self, lang: str = "zh") -> str:
        where = f"第 {self.row} 行" if lang == "zh" else f"row {self.row}"
        if self.column:
            where += f" {self.column}" if lang == "zh" else f", {self.column}"
        shown = f"「{self.value}」" if lang == "zh" else f' "{self.value}"'
        text = self.zh if lang == "zh" else self.en
        return f"{where}{shown if self.value else ''}: {text}"


@dataclass(frozen=True)
class RosterWarning:
    """Something the user should know that does not stop the import."""

    code: str  # unknown_header, status_differs, not_in_file, not_present, households_absent
    zh: str
    en: str
    row: int | None = None

    def line(self, lang: str = "zh") -> str:
        text = self.zh if lang == "zh" else self.en
        if self.row is None:
            return text
        return f"第 {self.row} 行：{text}" if lang == "zh" else f"row {self.row}: {text}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    warnings: list[RosterWarning] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    households: list[str] = field(default_factory=list)  # 户编号 of households changed
    by_village: dict[str, int] = field(default_factory=dict)  # village code -> households in file
    villages_created: list[dict[str, str]] = field(default_factory=list)  # code, name
    # What the import changed (nothing for a dry run or a rejected file): the views to
    # refresh. Not part of `as_dict`: the window uses it, the printed report does not.
    changes: OpChanges = NOTHING

    def count(self, kind: str, outcome: str) -> None:
        c = self.counts[kind]
        setattr(c, outcome, getattr(c, outcome) + 1)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "counts": {k: asdict(c) for k, c in self.counts.items()},
            "households": list(self.households),
            "by_village": dict(self.by_village),
            "villages_created": list(self.villages_created),
            "warnings": [asdict(w) for w in self.warnings],
            "problems": [asdict(p) for p in self.problems],
        }

    def lines(self, lang: str = "zh") -> list[str]:
        zh = lang == "zh"
        if self.problems:
            head = (
                f"花名册有 {len(self.problems)} 处问题，未导入任何数据："
                if zh
                else f"The roster has {len(self.problems)} problem(s); nothing was imported:"
            )
        elif self.dry_run:
            head = "试导入（未写入数据库）：" if zh else "Dry run (nothing written):"
        else:
            head = "导入完成：" if zh else "Import finished:"
        out = [head]
        for kind, c in self.counts.items():
            if zh:
                out.append(
                    f"  {_KIND_ZH[kind]}：新增 {c.created}，更新 {c.updated}，未变 {c.unchanged}"
                )
            else:
                out.append(
                    f"  {_KIND_EN[kind]}: {c.created} created, {c.updated} updated, "
                    f"{c.unchanged} unchanged"
                )
        if self.villages_created:
            made = "、".join(_village(v, "（{}）") for v in self.villages_created)
            made_en = ", ".join(_village(v, " ({})") for v in self.villages_created)
            n = len(self.villages_created)
            out.append(f"  新建村 {n} 个：{made}" if zh else f"  {n} new village(s): {made_en}")
        if len(self.by_village) > 1:
            out += [
                f"  村 {code}：{n} 户" if zh else f"  village {code}: {n} household(s)"
                for code, n in self.by_village.items()
            ]
        out += [f"  {p.line(lang)}" for p in self.problems]
        if self.warnings:
            out.append(
                f"提示 {len(self.warnings)} 条：" if zh else f"{len(self.warnings)} warning(s):"
            )
            out += [f"  {w.line(lang)}" for w in self.warnings]
        return out


def _village(v: dict[str, str], code: str) -> str:
    """A new village as listed: its name and code, or the code alone when it is the name."""
    return v["code"] if v["name"] == v["code"] else v["name"] + code.format(v["code"])


class RosterRejected(UserError):
    """The file has problems; nothing was written. `problems` lists every one."""

    def __init__(self, report: ImportReport) -> None:
        shown = report.problems[:SHOWN_IN_MESSAGE]
        more = len(report.problems) - len(shown)
        zh = "；".join(p.line("zh") for p in shown) + (f"；另有 {more} 处" if more else "")
        en = "; ".join(p.line("en") for p in shown) + (f"; and {more} more" if more else "")
        super().__init__(
            f"花名册有 {len(report.problems)} 处问题，未导入任何数据：{zh}",
            f"The roster has {len(report.problems)} problem(s); nothing was imported: {en}",
            code="roster_rejected",
        )
        self.report = report
        self.problems = report.problems
