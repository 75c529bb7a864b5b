"""Who is where before anyone is drawn: each household's role and its shortfalls.

The shares are counted out, not left to chance, so that every seed and every village
size shows the same picture (and the tests can hold it to ranges):

- about 18% of households are not out of poverty and have a shortfall (短板) that blocks
  their exit, a few of them even though they were proposed (拟退出) or fell back (返贫);
- about 3% are fake exits (虚假脱贫): marked 已脱贫 while a shortfall stands, mostly
  one of the four the 2016 review found (domain.md §1);
- about 10% are proposed for exit, most of them truly ready;
- about 35% exited honestly in earlier years, one or two through a signed override;
- the rest are still poor and meet the standard, waiting for their turn.
"""

from __future__ import annotations

from povdesk.demo.base import Draw, Plan, Role, Shortfall

KIND_WEIGHTS: tuple[tuple[Shortfall, float], ...] = (
    (Shortfall.INCOME, 30),
    (Shortfall.HOUSE, 20),
    (Shortfall.NO_MEDICAL, 15),
    (Shortfall.WATER, 15),
    (Shortfall.DROPOUT, 10),
    (Shortfall.NO_SERIOUS, 8),
    (Shortfall.NO_KEYS, 2),
)
# What the 2016 review found behind the fake exits (domain.md §1), then low income.
SEED_KINDS = (Shortfall.WATER, Shortfall.DROPOUT, Shortfall.HOUSE, Shortfall.NO_SERIOUS)

SHARE_FALSE_EXIT = 0.03
SHARE_PROPOSED = 0.10
SHARE_PROPOSED_NOT_READY = 0.15  # of the proposed
SHARE_OPEN_SHORTFALL = 0.18  # not exited, with a blocking shortfall
SHARE_EXITED = 0.35


def _kinds(draw: Draw) -> tuple[Shortfall, ...]:
    """One shortfall, sometimes two. A relocated household's problem is its keys alone:
    its old house and water are left behind."""
    first = draw.weighted(KIND_WEIGHTS)
    if first is Shortfall.NO_KEYS or not draw.chance(0.2):
        return (first,)
    rest = [(k, w) for k, w in KIND_WEIGHTS if k not in (first, Shortfall.NO_KEYS)]
    return tuple(sorted((first, draw.weighted(rest))))


def plan_households(draw: Draw, n: int) -> list[Plan]:
    left = n

    def take(count: int) -> int:
        nonlocal left
        count = max(0, min(count, left))
        left -= count
        return count

    false_exits = take(max(1, round(SHARE_FALSE_EXIT * n)))
    proposed = take(max(1, round(SHARE_PROPOSED * n)))
    not_ready = round(SHARE_PROPOSED_NOT_READY * proposed) if proposed >= 4 else 0
    returned = take(1 if n >= 40 else 0)
    exited = take(round(SHARE_EXITED * n))
    poor = take(left)
    open_short = max(not_ready + returned, round(SHARE_OPEN_SHORTFALL * n))
    poor_short = min(poor, open_short - not_ready - returned)

    seed_kinds = draw.sample(SEED_KINDS, len(SEED_KINDS))
    plans: list[Plan] = []
    for i in range(false_exits):
        kind = seed_kinds[i] if i < len(seed_kinds) else Shortfall.INCOME
        plans.append(Plan(Role.FALSE_EXIT, (kind,)))
    for i in range(proposed):
        plans.append(Plan(Role.PROPOSED, _kinds(draw) if i < not_ready else ()))
    plans += [Plan(Role.RETURNED, (Shortfall.INCOME,))] * returned
    overrides = ["relocation", "income"][: 2 if n >= 60 else 1 if n >= 10 else 0]
    for i in range(exited):
        plans.append(Plan(Role.EXITED, override=overrides[i] if i < len(overrides) else None))
    for i in range(poor):
        plans.append(Plan(Role.POOR, _kinds(draw) if i < poor_short else ()))
    draw.rng.shuffle(plans)
    return plans
