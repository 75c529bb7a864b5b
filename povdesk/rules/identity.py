"""Identity checks on members' ID numbers (domain.md §4, GB 11643-1999).

A person is counted, paid and insured by their ID number; a wrong or shared number means
money or insurance can land on the wrong person, or one person is counted twice (对象精准,
domain.md §1). None of these blocks an exit.

=================  ========  ========  =============================================
code               dimension severity  rule
=================  ========  ========  =============================================
id_missing         identity  warning   no ID number (soft: a newborn may still be
                                       waiting for registration)
id_invalid         identity  error     the number fails GB 11643 (length, province,
                                       date or check character); message says which
id_sex_mismatch    identity  error     recorded sex differs from the number's
id_birth_mismatch  identity  error     recorded birth date differs from the number's
id_duplicate       identity  error     the number is used by another person
                                       (`RuleContext.duplicate_id_numbers`)
=================  ========  ========  =============================================

Only present members are checked: a woman who married out is recorded again in her new
household, and her old record must not be what flags her as a duplicate or an error.
"""

from __future__ import annotations

import datetime as dt

from povdesk.codes import Dimension, Severity, Sex
from povdesk.models import MemberData
from povdesk.rules import idcard
from povdesk.rules.common import finding, name_of
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding

__all__ = ["identity_findings", "normalized_id"]

_I = Dimension.IDENTITY


def normalized_id(raw: str, on: dt.date) -> str:
    """The 18-character form when the number parses (15-digit upgraded, full-width and
    lower-case x folded), else the trimmed upper-cased text: comparisons across records
    must not miss a match because one was typed differently."""
    try:
        return idcard.parse(raw, today=on).number
    except idcard.IdNumberError:
        return raw.strip().upper()


def identity_findings(
    file: HouseholdFile, ctx: RuleContext, *, present: list[MemberData] | None = None
) -> list[Finding]:
    """`present` may be passed to reuse `file.present` (rebuilt on every read)."""
    out: list[Finding] = []
    duplicates = ctx.duplicate_id_numbers
    for m in file.present if present is None else present:
        raw = m.id_number.strip()
        name = name_of(m)
        if not raw:
            out.append(
                finding(
                    file,
                    "id_missing",
                    _I,
                    Severity.WARNING,
                    f"{name} 未填写证件号码",
                    f"{name} has no ID number",
                    member=m,
                    field="id_number",
                )
            )
            continue
        # `number` is normalized_id(raw, ctx.today), from this one parse: a number that
        # fails is parsed again on every call (only successes are cached).
        try:
            info = idcard.parse(raw, today=ctx.today)
        except idcard.IdNumberError as err:
            number = raw.upper()
            out.append(
                finding(
                    file,
                    "id_invalid",
                    _I,
                    Severity.ERROR,
                    f"{name} 证件号码无效：{err.zh}",
                    f"{name}: invalid ID number: {err.en}",
                    member=m,
                    field="id_number",
                )
            )
        else:
            number = info.number
            problems = idcard.agrees(info, m.sex, m.birth_date)
            if "sex_mismatch" in problems:
                rec, num = Sex.lookup(m.sex), Sex.lookup(info.sex)
                out.append(
                    finding(
                        file,
                        "id_sex_mismatch",
                        _I,
                        Severity.ERROR,
                        f"{name} 登记性别为{rec.zh if rec else m.sex}，证件号码为"
                        f"{num.zh if num else info.sex}",
                        f"{name}: recorded sex is {rec.en.lower() if rec else m.sex}, the ID "
                        f"number says {num.en.lower() if num else info.sex}",
                        member=m,
                        field="sex",
                    )
                )
            if "birth_mismatch" in problems:
                out.append(
                    finding(
                        file,
                        "id_birth_mismatch",
                        _I,
                        Severity.ERROR,
                        f"{name} 登记出生日期 {m.birth_date} 与证件号码中的 "
                        f"{info.birth_date.isoformat()} 不符",
                        f"{name}: recorded birth date {m.birth_date} does not match the ID "
                        f"number's {info.birth_date.isoformat()}",
                        member=m,
                        field="birth_date",
                    )
                )
        if raw.upper() in duplicates or number in duplicates:
            out.append(
                finding(
                    file,
                    "id_duplicate",
                    _I,
                    Severity.ERROR,
                    f"{name} 的证件号码与他人重复",
                    f"{name}'s ID number is also used by someone else",
                    member=m,
                    field="id_number",
                )
            )
    return out
