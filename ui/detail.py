"""A household at a glance (read-only for now): who lives there and what is wrong."""

from __future__ import annotations

from html import escape

from povdesk.codes import CodeList
from povdesk.fields import specs
from povdesk.models import HouseholdData, MemberData
from povdesk.rules.facts import HouseholdFile
from povdesk.services.checks import HouseholdCheck
from ui.i18n import tr

HOUSEHOLD_FIELDS = (
    "number",
    "group",
    "category",
    "status",
    "main_cause",
    "danger_grade",
    "water_safe",
    "housing_area",
)
MEMBER_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "relation",
    "school_status",
    "health",
    "labour",
    "ins_medical",
    "ins_serious",
)


def _value(codes: type[CodeList] | None, value: object, lang: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return tr("是") if value else tr("否")
    if codes is not None:
        items = value if isinstance(value, list) else [value]
        return "、".join(
            (found.label(lang) if (found := codes.lookup(v)) else str(v)) for v in items
        )
    return str(value)


def household_html(file: HouseholdFile, check: HouseholdCheck, lang: str = "zh") -> str:
    h = file.household
    parts = [f"<h2>{escape(h.number)} {escape(check.head_name)}</h2>", "<table>"]
    for s in specs(HouseholdData):
        if s.name in HOUSEHOLD_FIELDS:
            value = _value(s.codes, getattr(h, s.name), lang)
            parts.append(
                f"<tr><th align=left>{escape(s.label(lang))}</th>"
                f"<td>{escape(value)}{escape(s.unit or '') if value else ''}</td></tr>"
            )
    parts.append("</table>")
    member_specs = [s for s in specs(MemberData) if s.name in MEMBER_FIELDS]
    parts.append("<table border=1 cellpadding=3><tr>")
    parts += [f"<th>{escape(s.label(lang))}</th>" for s in member_specs]
    parts.append("</tr>")
    for m in file.present:
        parts.append(
            "<tr>"
            + "".join(
                f"<td>{escape(_value(s.codes, getattr(m, s.name), lang))}</td>"
                for s in member_specs
            )
            + "</tr>"
        )
    parts.append("</table>")
    ready = check.readiness.ready
    title = tr("达到退出标准") if ready else tr("未达到退出标准")
    parts.append(f"<h3>{title}</h3><ul>")
    for f in check.findings:
        text = escape(f.zh if lang == "zh" else f.en)
        mark = "✗" if f.blocking else "·"
        style = " style='color:#b00000'" if f.blocking else ""
        parts.append(f"<li{style}>{mark} [{escape(f.dimension.label(lang))}] {text}</li>")
    parts.append("</ul>")
    return "".join(parts)
