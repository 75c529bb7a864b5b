"""Household search: what matches, in which order, and keeping the index current."""

from __future__ import annotations

import functools
import random
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from pypinyin import Style, lazy_pinyin, pinyin

from povdesk.codes import Presence, Relation
from povdesk.models import HouseholdData, MemberData
from povdesk.search import SearchIndex

HEAD = Relation.HEAD.value
SPOUSE = Relation.SPOUSE.value
SON = Relation.SON.value
PRESENT = Presence.PRESENT.value
DECEASED = Presence.DECEASED.value
MOVED_AWAY = Presence.MOVED_AWAY.value

Pair = tuple[HouseholdData, list[MemberData]]


@dataclass(frozen=True)
class P:
    """A person to put in a test household."""

    name: str
    relation: str = HEAD
    presence: str = PRESENT
    id_number: str = ""


def household(number: str, *people: P, phone: str = "", village: str = "v") -> Pair:
    hh = HouseholdData(village_id=village, number=number, phone=phone)
    return hh, members_of(hh, *people)


def members_of(hh: HouseholdData, *people: P) -> list[MemberData]:
    return [
        MemberData(
            household_id=hh.id,
            name=p.name,
            relation=p.relation,
            id_number=p.id_number,
            presence=p.presence,
        )
        for p in people
    ]


class Searcher:
    """An index over some households, answering with 户编号 so tests read plainly."""

    def __init__(self, *pairs: Pair) -> None:
        self.pairs = list(pairs)
        self.index = SearchIndex.build(self.pairs)

    def __call__(self, query: str, limit: int | None = None) -> list[str]:
        numbers = {hh.id: hh.number for hh, _ in self.pairs}
        return [numbers[i] for i in self.index.search(query, limit)]

    def id_of(self, number: str) -> str:
        return next(hh.id for hh, _ in self.pairs if hh.number == number)


@pytest.fixture
def two() -> Searcher:
    return Searcher(
        household("0001", P("张三丰"), P("吕敏", SPOUSE)),
        household("0002", P("李四"), P("阿依古丽·买买提", SPOUSE)),
    )


# -- what matches ---------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zsf", "sf", "zs", "ZSF", "  zsf  ", "z s f"])
def test_pinyin_initials_find_the_name(two: Searcher, query: str) -> None:
    assert two(query) == ["0001"]


@pytest.mark.parametrize(
    "query", ["zhangsanfeng", "zhangs", "zhang san feng", "ZhangSan", "sanfeng", "zhang'san"]
)
def test_full_pinyin_finds_the_name(two: Searcher, query: str) -> None:
    assert two(query) == ["0001"]


@pytest.mark.parametrize("query", ["zsx", "zhangsi", "lisan", "q"])
def test_pinyin_that_fits_no_name_finds_nothing(two: Searcher, query: str) -> None:
    assert two(query) == []


@pytest.mark.parametrize("query", ["lvmin", "lümin", "lvm", "lv"])
def test_u_umlaut_is_typed_as_v(two: Searcher, query: str) -> None:
    assert two(query) == ["0001"]


@pytest.mark.parametrize("query", ["阿依古丽", "买买提", "ayiguli", "ayglmmt", "maimaiti"])
def test_names_with_a_middle_dot(two: Searcher, query: str) -> None:
    assert two(query) == ["0002"]


@pytest.mark.parametrize("query", ["张三丰", "三丰", "丰", "李", "吕敏"])
def test_chinese_name_fragments(two: Searcher, query: str) -> None:
    expected = ["0002"] if query == "李" else ["0001"]
    assert two(query) == expected


def test_household_number_by_its_last_digits() -> None:
    s = Searcher(
        household("4203231052010018", P("李四")),
        household("4203231052010017", P("张三丰")),
    )
    assert s("0017") == ["4203231052010017"]
    assert s("10018") == ["4203231052010018"]
    assert s("4203231052010017") == ["4203231052010017"]
    assert s("2010") == ["4203231052010017", "4203231052010018"]


def test_id_number_fragment_with_a_lower_case_x() -> None:
    s = Searcher(
        household("0001", P("张三丰", id_number="42032319800101001X")),
        household("0002", P("李四", id_number="420323198501020026")),
    )
    assert s("001x") == ["0001"]
    assert s("01001X") == ["0001"]
    assert s("0026") == ["0002"]
    assert s("19850102") == ["0002"]


def test_phone_fragment_ignores_spaces_and_dashes() -> None:
    s = Searcher(
        household("0001", P("张三丰"), phone="138-1234-5678"),
        household("0002", P("李四"), phone="139 8765 4321"),
    )
    assert s("12345") == ["0001"]
    assert s("1234-5678") == ["0001"]
    assert s("8765 4321") == ["0002"]
    assert s("4321") == ["0002"]


def test_short_id_and_phone_fragments_do_not_match_everyone() -> None:
    # Everyone shares the county prefix 420323 and the mobile prefix 138.
    s = Searcher(
        household("0001", P("张三丰", id_number="42032319800101001X"), phone="13800000001"),
        household("0002", P("李四", id_number="420323198501020026"), phone="13800000002"),
    )
    assert s("420") == []
    assert s("138") == []
    assert s("4203") == ["0001", "0002"]
    assert s("1380") == ["0001", "0002"]


def test_nothing_matches_a_stranger(two: Searcher) -> None:
    assert two("王五") == []
    assert two("9999") == []


# -- ranking --------------------------------------------------------------------------


def test_exact_name_then_prefix_then_substring() -> None:
    # 户编号 order is the reverse of the expected ranking, so order can only come from rank.
    s = Searcher(
        household("0001", P("李张三")),
        household("0002", P("张三丰")),
        household("0003", P("张三")),
    )
    assert s("张三") == ["0003", "0002", "0001"]


def test_initials_prefix_then_full_pinyin_prefix_then_pinyin_substring() -> None:
    s = Searcher(
        household("0001", P("王亚")),  # wang ya: "ya" inside
        household("0002", P("杨伟")),  # yang wei: full pinyin starts with "ya"
        household("0003", P("叶安")),  # ye an: initials "ya"
    )
    assert s("ya") == ["0003", "0002", "0001"]


def test_name_prefix_beats_initials_prefix() -> None:
    s = Searcher(
        household("0001", P("张伟")),  # initials "zw"
        household("0002", P("zw张")),  # a name that starts with "zw"
    )
    assert s("zw") == ["0002", "0001"]


def test_household_number_then_id_number_then_phone() -> None:
    s = Searcher(
        household("0001", P("张三丰"), phone="13912345678"),
        household("0002", P("李四", id_number="420323198012340026")),
        household("9912340", P("王五")),
    )
    assert s("1234") == ["9912340", "0002", "0001"]


def test_head_before_other_member() -> None:
    s = Searcher(
        household("0001", P("李四"), P("王芳", SPOUSE)),
        household("0002", P("王芳")),
    )
    assert s("王芳") == ["0002", "0001"]


def test_present_before_departed_and_departed_still_match() -> None:
    s = Searcher(
        household("0001", P("李四"), P("赵六", SON, DECEASED)),
        household("0002", P("孙丰"), P("赵六", SON)),
        # A head who died ranks after a present member but before other leavers.
        household("0000", P("赵六", HEAD, MOVED_AWAY)),
    )
    assert s("赵六") == ["0002", "0000", "0001"]
    assert s("zl") == ["0002", "0000", "0001"]


def test_a_household_ranks_by_its_best_match() -> None:
    # 0001's son who died matches exactly, its head only by prefix: the exact match counts,
    # so 0001 follows 0002 (exact, present) and precedes 0003 (prefix only).
    s = Searcher(
        household("0001", P("张三丰"), P("张三", SON, DECEASED)),
        household("0002", P("张三", SON)),
        household("0003", P("张三丰")),
    )
    assert s("张三") == ["0002", "0001", "0003"]


# -- empty query and limits -----------------------------------------------------------


def test_empty_query_lists_every_household_in_number_order() -> None:
    s = Searcher(
        household("0003", P("王五")),
        household("0001", P("张三丰")),
        household("0002"),  # no members yet
    )
    assert s("") == ["0001", "0002", "0003"]
    assert s("   ") == ["0001", "0002", "0003"]
    assert s("", limit=2) == ["0001", "0002"]


def test_limit_keeps_the_best() -> None:
    s = Searcher(
        household("0001", P("李张三")),
        household("0002", P("张三丰")),
        household("0003", P("张三")),
    )
    assert s("张三", limit=2) == ["0003", "0002"]
    assert s("张三", limit=10) == ["0003", "0002", "0001"]
    assert s("张三", limit=0) == []


# -- keeping it current ---------------------------------------------------------------


def test_update_replaces_what_the_index_knows() -> None:
    s = Searcher(
        household("0001", P("张三丰")),
        household("0002", P("李四")),
    )
    assert s("zsf") == ["0001"]  # the joined columns exist before the edit
    hh, _ = s.pairs[0]
    s.index.update(hh, members_of(hh, P("张无忌")))
    assert s("zsf") == []
    assert s("zwj") == ["0001"]
    assert s("无忌") == ["0001"]


def test_plain_values_index_as_the_records_do() -> None:
    """`add` takes what a lean query gives: (name, ID number, presence, relation)."""
    pairs = [
        household("0001", P("张三丰", id_number="420323197501020011"), phone="138 0000 1111"),
        household("0002", P("李四"), P("张三丰", SON, MOVED_AWAY), P("吕敏", SPOUSE)),
        household("0003", P("张三", SON, DECEASED), P("李四", SPOUSE, DECEASED)),
    ]
    s = Searcher(*pairs)
    plain = SearchIndex()
    for hh, members in pairs:
        people = [(m.name, m.id_number, m.presence, m.relation) for m in members]
        plain.add(hh.id, hh.number, hh.phone, people)
    plain.prepare()
    for query in ("", "zsf", "张三", "李四", "lv", "0011", "00001111", "0002", "zs"):
        assert plain.search(query) == s.index.search(query), query
    assert s("zsf") == ["0001", "0002"] and s("李四") == ["0002", "0003"]


@pytest.mark.parametrize("given", ["in order", "reversed", "one twice"])
def test_built_from_plain_keys_in_any_order_as_from_records(given: str) -> None:
    pairs = [
        household(f"{n:04d}", P(name), P("吕敏", SPOUSE), phone=f"1380000{n:04d}")
        for n, name in enumerate(["张三丰", "李四", "张三", "王芳", "孙丰"], start=1)
    ]
    s = Searcher(*pairs)
    keys = [
        (hh.id, hh.number, hh.phone, [(m.name, m.id_number, m.presence, m.relation) for m in ms])
        for hh, ms in pairs
    ]
    if given == "reversed":
        keys.reverse()
    elif given == "one twice":  # an earlier version of 0002, under another number: replaced
        keys.insert(0, (keys[1][0], "0009", "", [("赵六", "", PRESENT, HEAD)]))
    index = SearchIndex.build_keys(keys)
    assert len(index) == 5
    for query in ("", "zs", "张三", "lm", "0003", "13800000004", "zl", "0009"):
        assert index.search(query) == s.index.search(query), query
    hh, _ = pairs[0]
    index.update(hh, members_of(hh, P("张无忌")))  # still kept current after a bulk build
    assert index.search("zwj") == [hh.id] and index.search("zsf") == []


def test_update_moves_a_household_whose_number_changed() -> None:
    s = Searcher(household("0001", P("张三丰")), household("0002", P("李四")))
    assert s("") == ["0001", "0002"]
    hh, members = s.pairs[0]
    hh.number = "0003"
    s.index.update(hh, members)
    assert s("") == ["0002", "0003"]


def test_update_adds_a_new_household_and_sees_a_member_leave() -> None:
    s = Searcher(household("0001", P("李四"), P("王芳", SPOUSE)))
    new = household("0002", P("孙丰"), P("王芳", SPOUSE))
    s.pairs.append(new)
    s.index.update(*new)
    assert s("王芳") == ["0001", "0002"]
    hh, members = s.pairs[0]
    members[1].presence = MOVED_AWAY
    s.index.update(hh, members)
    assert s("王芳") == ["0002", "0001"]
    assert len(s.index) == 2


def test_remove_forgets_a_household() -> None:
    s = Searcher(household("0001", P("张三丰")), household("0002", P("李四")))
    assert s("") == ["0001", "0002"]
    s.index.remove(s.id_of("0001"))
    assert s("") == ["0002"]
    assert s("zsf") == []
    assert s.id_of("0001") not in s.index
    s.index.remove("no-such-household")  # passing on every deletion is harmless
    assert s("") == ["0002"]


# -- determinism ----------------------------------------------------------------------


def test_same_data_in_any_order_gives_the_same_answers() -> None:
    pairs = [
        household("0003", P("张伟"), P("王芳", SPOUSE)),
        household("0001", P("王伟"), P("张芳", SPOUSE, DECEASED)),
        household("0002", P("张芳"), P("王伟", SON)),
        household("0004", P("章伟")),
    ]
    forward = SearchIndex.build(pairs)
    backward = SearchIndex.build(reversed(pairs))
    for query in ["", "张", "zw", "wei", "w", "芳", "000", "zhang"]:
        first = forward.search(query)
        assert first == backward.search(query) == forward.search(query), query


def test_equal_numbers_in_two_villages_are_ordered_by_id() -> None:
    a = household("0001", P("张三"), village="v1")
    b = household("0001", P("张三"), village="v2")
    ids = sorted([a[0].id, b[0].id])
    assert SearchIndex.build([a, b]).search("张三") == ids
    assert SearchIndex.build([b, a]).search("张三") == ids


# -- scale ----------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "建国", "海燕"]


def synthetic(count: int) -> list[Pair]:
    """`count` households of 3 or 4 people; about 1 in 10 people have left."""
    rng = random.Random(20240601)
    pairs = []
    for i in range(count):
        surname = rng.choice(SURNAMES)
        people = [
            P(
                (surname if k != 1 else rng.choice(SURNAMES)) + rng.choice(GIVEN),
                HEAD if k == 0 else SON,
                PRESENT if rng.random() > 0.1 else DECEASED,
                f"420323{rng.randint(19400101, 20201231)}{rng.randint(0, 999):03d}"
                + rng.choice("0123456789X"),
            )
            for k in range(rng.choice((3, 4)))
        ]
        phone = f"13{rng.randint(0, 999_999_999):09d}"
        pairs.append(household(f"42032310520100{i:05d}", *people, phone=phone))
    return pairs


@functools.cache
def plain_pinyin(name: str) -> tuple[list[str], list[str]]:
    """Every reading indexed: the usual one, then each character's other readings one
    at a time, then the first two characters' together (names of three or more)."""
    best = lazy_pinyin(name)
    others = [
        [r for r in dict.fromkeys(pinyin(c, style=Style.NORMAL, heteronym=True)[0]) if r != b]
        for c, b in zip(name, best, strict=True)
    ]
    spellings = [best]
    for i, alts in enumerate(others):
        spellings += [[*best[:i], a, *best[i + 1 :]] for a in alts]
    if len(name) >= 3:
        spellings += [[a, b, *best[2:]] for a in others[0] for b in others[1]]
    spellings = spellings[:16]
    return ["".join(s[0] for s in sp) for sp in spellings], ["".join(sp) for sp in spellings]


def reference_search(pairs: Sequence[Pair], query: str) -> list[str]:
    """The ranking rules written as plainly as possible, to check the fast index."""
    q = "".join(query.lower().split())
    p = q.replace("ü", "v").replace("'", "")
    pinyin = p.isascii() and p.isalnum() and not p.isdigit()
    ranked = []
    for hh, members in pairs:
        best: list[tuple[int, int]] = []
        if q in hh.number.lower():
            best.append((6, 0))
        digits = q.replace("-", "").replace("+", "")
        phone = "".join(c for c in hh.phone if c.isdigit())
        if len(digits) >= 4 and digits.isdigit() and digits in phone:
            best.append((8, 0))
        for m in members:
            role = (0 if m.presence == PRESENT else 2) + (0 if m.relation == HEAD else 1)
            initials, full = plain_pinyin(m.name)
            tests = [
                (0, m.name == q),
                (1, m.name.startswith(q)),
                (2, pinyin and any(i.startswith(p) for i in initials)),
                (3, pinyin and any(f.startswith(p) for f in full)),
                (4, q in m.name),
                (5, pinyin and any(p in k for k in initials + full)),
                (7, len(q) >= 4 and any(c.isdigit() for c in q) and q in m.id_number.lower()),
            ]
            best += [(rank, role) for rank, hit in tests if hit]
        if best:
            ranked.append((min(best), hh.number, hh.id))
    return [hid for _, _, hid in sorted(ranked)]


def test_ten_thousand_households() -> None:
    pairs = synthetic(10_000)
    special = household("42032310520199999", P("欧阳修"), P("张伟", SPOUSE))
    pairs.append(special)
    index = SearchIndex.build(pairs)
    assert len(index) == 10_001
    special_id = special[0].id
    assert index.search("oyx") == [special_id]
    assert index.search("欧阳") == [special_id]
    assert index.search("ouyangxiu") == [special_id]
    assert index.search("99999")[0] == special_id  # the only 户编号 with it
    assert index.search("")[:2] == [pairs[0][0].id, pairs[1][0].id]
    assert len(index.search("")) == 10_001
    # Queries that match a handful, hundreds or nearly everyone must agree with the rules
    # written out plainly, order included.
    for query in ["王伟", "张", "zw", "zhangw", "w", "a", "0017", "1234", "x", "19801"]:
        expected = reference_search(pairs, query)
        assert expected, query  # the synthetic register really exercises the query
        assert index.search(query) == expected, query
    assert index.search("zw", limit=25) == reference_search(pairs, "zw")[:25]
    # A change after the index is in use shows up without a rebuild.
    hh, members = pairs[123]
    members[0].name = "欧阳锋"
    members[0].presence = PRESENT
    index.update(hh, members)
    assert index.search("oyf") == [hh.id]
    assert index.search("ouyang")[:2] == [hh.id, special_id]  # then 周洋 (zhouyang) ...
