"""What a roster column accepts, in words a cadre can act on: shown beside each problem
of a rejected import (and in the saved problem list) so the sheet is fixed in one go."""

from __future__ import annotations

from povdesk.roster.columns import COLUMNS, accepted

_KIND_ZH = {
    "str": "文字",
    "int": "整数",
    "float": "数字（不能为负数）",
    "bool": "是或否（也可填 有/无、√/×、Y/N、1/0）",
    "date": "日期，如 2013-05-01、2013/5/1 或 20130501",
    "money": "金额（元），最多两位小数，如 8000、8000.50 或 8,000.50",
}
_KIND_EN = {
    "str": "text",
    "int": "a whole number",
    "float": "a number (not negative)",
    "bool": "yes or no (是/否, 有/无, √/×, Y/N, 1/0)",
    "date": "a date such as 2013-05-01, 2013/5/1 or 20130501",
    "money": "an amount in yuan with at most two decimals, e.g. 8000 or 8000.50",
}
_SPECIAL_ZH = {
    "证件号码": "18 位居民身份证号（15 位旧号会自动升级），请设为文本格式",
    "与户主关系": "户主、配偶、子、女等；每户有且只有一个户主",
    "户编号": "同一户的成员填相同的户编号，请设为文本格式",
}
_SPECIAL_EN = {
    "证件号码": "an 18-digit resident ID number (15-digit ones are upgraded), as text",
    "与户主关系": "户主, 配偶, 子, 女 …; exactly one 户主 per household",
    "户编号": "the same household number for every member, as text",
}


def accepted_text(header: str, lang: str = "zh") -> str:
    """What the column `header` accepts; empty for a row-level problem (no column)."""
    zh = lang == "zh"
    special = (_SPECIAL_ZH if zh else _SPECIAL_EN).get(header)
    if special:
        return special
    column = COLUMNS.get(header)
    if column is None:
        return ""
    if column.codes is not None:
        names = accepted(column.codes)
        if column.kind == "codes":
            return f"{names}，多项用顿号“、”分隔" if zh else f"{names}; several joined by 、"
        return names
    text = (_KIND_ZH if zh else _KIND_EN).get(column.kind, "")
    if column.kind == "int" and column.unit == "月":
        return "0–12 的月数" if zh else "months, 0-12"
    return text
