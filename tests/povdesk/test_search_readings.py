"""Names found by how they are said (issue 12): surnames read differently from their
characters' common reading, two-character surnames, polyphonic given names; and which
member a household was found through."""

from __future__ import annotations

import pytest

from povdesk.search import SearchIndex
from tests.povdesk.test_search import SPOUSE, P, Searcher, household

# (name, what people type). The surname readings are those of 《百家姓》 and of the
# places the names come from, e.g. 覃 Qín in the Tujia counties (巴东).
SAID = [
    ("覃正兴", "qzx"),
    ("覃正兴", "qinzhengxing"),
    ("曾国强", "zgq"),
    ("曾国强", "zengguoqiang"),
    ("单田芳", "stf"),
    ("单田芳", "shantianfang"),
    ("仇英", "qiuying"),
    ("区永强", "oyq"),
    ("区永强", "ouyongqiang"),
    ("解缙", "xiejin"),
    ("查良镛", "zly"),
    ("查良镛", "zhaliangyong"),
    ("朴树", "piaoshu"),
    ("盖叫天", "gjt"),
    ("盖叫天", "gejiaotian"),
    ("尉迟恭", "ycg"),
    ("尉迟恭", "yuchigong"),
    ("万俟卨", "mqx"),
    ("万俟卨", "moqixie"),
    ("澹台明月", "ttmy"),
    ("乐嘉", "yuejia"),
    ("缪可", "miaoke"),
    ("翟志刚", "zhaizhigang"),
    ("长孙无忌", "zhangsunwuji"),
    ("单于平", "chanyuping"),
    ("召忠", "shaozhong"),
    ("牟其中", "muqizhong"),
    ("种师道", "chongshidao"),
    # A given name's polyphonic character, by each of its readings.
    ("李长乐", "lichangle"),
    ("李长乐", "lizhangle"),
    ("李长乐", "lichangyue"),
    ("王行", "wanghang"),
    ("王行", "wangxing"),
]


@pytest.mark.parametrize(("name", "query"), SAID)
def test_a_name_is_found_by_the_reading_people_use(name: str, query: str) -> None:
    search = Searcher(household("0001", P(name)), household("0002", P("张三丰")))
    assert search(query) == ["0001"]


def test_the_dictionary_reading_still_finds_the_name() -> None:
    search = Searcher(household("0001", P("覃正兴")), household("0002", P("曾国强")))
    assert search("tzx") == ["0001"]
    assert search("cgq") == ["0002"]


def test_readings_do_not_find_strangers() -> None:
    search = Searcher(household("0001", P("覃正兴")), household("0002", P("张三丰")))
    assert search("xzx") == []
    assert search("qzf") == []


def test_the_member_found_is_named_when_not_the_head() -> None:
    head, wife = household("0001", P("潘文清"), P("覃小梅", SPOUSE))
    other = household("0002", P("覃正兴"))
    index = SearchIndex.build([(head, wife), other])
    assert index.search("qxm") == [head.id]
    assert index.matched_member(head.id, "0001", "qxm") == "覃小梅"
    assert index.matched_member(head.id, "0001", "小梅") == "覃小梅"
    assert index.matched_member(head.id, "0001", "pwq") is None  # the head himself
    assert index.matched_member(head.id, "0001", "0001") is None  # the 户编号
    assert index.matched_member(other[0].id, "0002", "qzx") is None
    assert index.matched_member(head.id, "0001", "") is None
