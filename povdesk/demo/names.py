"""Names and places for the demo village: people, groups, units, places of work.

Everything a printed handbook or notice shows comes from here, so it should read like a
real register from a Hubei mountain county, not like "张三 李四". Weights are rough
shares (percent) of the population; only their ratios matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from povdesk.codes import CadreLevel

# National surname shares (percent, rounded; the 2020 census order).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.12), ("李", 7.00), ("张", 6.74), ("刘", 5.10), ("陈", 4.61), ("杨", 3.22),
    ("黄", 2.45), ("赵", 2.29), ("吴", 2.05), ("周", 1.98), ("徐", 1.67), ("孙", 1.54),
    ("马", 1.44), ("朱", 1.39), ("胡", 1.32), ("郭", 1.28), ("何", 1.21), ("高", 1.15),
    ("林", 1.14), ("罗", 1.12), ("郑", 1.06), ("梁", 0.99), ("谢", 0.88), ("宋", 0.83),
    ("唐", 0.81), ("许", 0.78), ("韩", 0.77), ("冯", 0.75), ("邓", 0.74), ("曹", 0.72),
    ("彭", 0.70), ("曾", 0.69), ("肖", 0.68), ("田", 0.66), ("董", 0.65), ("袁", 0.63),
    ("潘", 0.61), ("于", 0.60), ("蒋", 0.59), ("蔡", 0.58), ("余", 0.57), ("杜", 0.55),
    ("叶", 0.54), ("程", 0.53), ("苏", 0.52), ("魏", 0.51), ("吕", 0.50), ("丁", 0.48),
    ("任", 0.47), ("沈", 0.46), ("姚", 0.45), ("卢", 0.44), ("姜", 0.43), ("崔", 0.42),
    ("钟", 0.41), ("谭", 0.40), ("陆", 0.39), ("汪", 0.38), ("范", 0.37), ("金", 0.36),
    ("石", 0.35), ("廖", 0.34), ("贾", 0.33), ("夏", 0.32), ("韦", 0.31), ("付", 0.30),
    ("方", 0.30), ("白", 0.29), ("邹", 0.28), ("孟", 0.28), ("熊", 0.27), ("秦", 0.27),
    ("邱", 0.26), ("江", 0.26), ("尹", 0.25), ("薛", 0.25), ("闫", 0.24), ("段", 0.24),
    ("雷", 0.23), ("侯", 0.23), ("龙", 0.22), ("史", 0.22), ("陶", 0.21), ("黎", 0.21),
    ("贺", 0.20), ("顾", 0.20), ("毛", 0.19), ("郝", 0.19), ("龚", 0.18), ("邵", 0.18),
    ("万", 0.17), ("钱", 0.17), ("严", 0.16), ("覃", 0.16), ("武", 0.15), ("戴", 0.15),
    ("莫", 0.14), ("孔", 0.14), ("向", 0.13), ("汤", 0.13),
)  # fmt: skip

# Western Hubei's mountains (Wuling and Qinba) have far more 向, 田, 覃, 谭 (largely
# Tujia families) and 冉, 牟 than the national table says; added on top of it.
MOUNTAIN_SURNAMES: tuple[tuple[str, float], ...] = (
    ("向", 2.6), ("田", 2.0), ("覃", 2.2), ("谭", 1.8), ("邓", 1.0), ("黄", 1.0),
    ("杨", 0.8), ("冉", 0.9), ("牟", 0.7), ("邹", 0.4), ("龚", 0.4),
)  # fmt: skip

# Given names by birth era and sex: a register mixes generations, and names date people.
# Keys: (first birth year of the era, sex code "1" male / "2" female).
GIVEN_NAMES: dict[tuple[int, str], tuple[str, ...]] = {
    (0, "1"): (
        "德明", "建国", "国华", "永福", "长贵", "世清", "明山", "宗富", "光明", "家发",
        "正兴", "开华", "有才", "德贵", "成才", "国庆", "文清", "守仁", "大山", "金山",
        "福生", "春生", "德胜", "光荣", "昌华", "世贵", "方林", "万福", "本善", "祖培",
    ),
    (0, "2"): (
        "秀英", "桂兰", "玉兰", "秀兰", "桂英", "翠花", "春梅", "凤英", "玉珍", "淑珍",
        "金秀", "素芳", "兰英", "桂香", "秀珍", "玉梅", "翠兰", "菊花", "腊梅", "冬梅",
        "巧云", "月娥", "桂芝", "秀云", "玉凤", "大妹", "幺妹", "银花",
    ),
    (1960, "1"): (
        "建华", "国强", "志刚", "卫东", "红军", "建军", "勇", "军", "平", "国平", "小平",
        "文斌", "海波", "建平", "志勇", "永红", "卫国", "向东", "明华", "朝阳", "少华",
        "德华", "林", "斌", "春华", "新华", "世华", "家明",
    ),
    (1960, "2"): (
        "红梅", "丽华", "春燕", "秀芳", "桂芳", "小红", "艳", "丽", "敏", "霞", "华", "琴",
        "芳", "玉华", "爱华", "红英", "金莲", "小琴", "春兰", "凤", "慧", "琼", "群", "莉",
    ),
    (1980, "1"): (
        "伟", "磊", "涛", "强", "鹏", "杰", "斌", "超", "亮", "刚", "俊", "明", "浩", "波",
        "鑫", "林峰", "海涛", "晓东", "志强", "文杰", "建波", "俊峰", "小龙", "帅", "飞",
    ),
    (1980, "2"): (
        "静", "丽", "娟", "婷", "敏", "燕", "芳", "艳", "玲", "倩", "莉", "晶", "丹", "雪",
        "梅", "晓燕", "小燕", "丽娟", "海燕", "雪梅", "慧敏", "金凤", "霞", "琳",
    ),
    (2000, "1"): (
        "宇", "鑫", "浩", "俊杰", "文博", "家豪", "博文", "宇航", "志豪", "子豪", "浩宇",
        "明轩", "佳乐", "鹏飞", "天宇", "俊宇", "嘉伟", "振宇",
    ),
    (2000, "2"): (
        "佳怡", "欣", "梦瑶", "雨欣", "思雨", "婷婷", "佳琪", "心怡", "雨涵", "诗琪", "梦婷",
        "欣悦", "佳慧", "晓雪", "紫涵", "文静", "雪莹",
    ),
    (2010, "1"): (
        "子轩", "浩然", "宇轩", "梓豪", "俊熙", "一鸣", "皓轩", "子墨", "沐阳", "睿", "梓睿",
        "奕辰", "宇泽", "锦程", "俊豪", "天佑", "承泽",
    ),
    (2010, "2"): (
        "欣怡", "梓涵", "诗涵", "若汐", "可馨", "雨桐", "一诺", "思琪", "梓萱", "语桐",
        "梓晴", "芷若", "依诺", "钰涵", "安琪", "沐瑶",
    ),
}  # fmt: skip

GROUP_NAMES: tuple[str, ...] = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组")

VILLAGE_NAMES: tuple[str, ...] = (
    "青龙村", "白果村", "石板村", "桃园村", "杨柳池村", "高岩村", "黄柏村", "双河村",
    "茶园村", "龙潭村", "马鬃岭村", "金竹园村", "核桃坪村", "三岔口村", "水井湾村",
    "柳树坪村", "红岩村", "罗家坪村", "大木坪村", "堰塘村",
)  # fmt: skip


@dataclass(frozen=True)
class County:
    """What a county's code tells the demo: names for addresses and units, and whether
    its villages are in the Tujia heartland (surnames, ethnicity)."""

    province: str
    city: str
    county: str
    area_phone: str  # telephone area code, for village office numbers
    tujia: bool
    townships: dict[str, str] = field(default_factory=dict)  # 3-digit code -> name


# Township codes are plausible, not checked against the official table: statistical
# codes change often, and povdesk never rejects an unknown one.
COUNTIES: dict[str, County] = {
    "422823": County(
        "湖北省", "恩施土家族苗族自治州", "巴东县", "0718", True,
        {"100": "信陵镇", "104": "茶店子镇", "105": "绿葱坡镇", "106": "大支坪镇",
         "107": "野三关镇", "108": "清太坪镇", "109": "水布垭镇"},
    ),
    "420323": County(
        "湖北省", "十堰市", "竹山县", "0719", False,
        {"100": "城关镇", "101": "溢水镇", "102": "麻家渡镇", "103": "宝丰镇",
         "104": "擂鼓镇", "105": "秦古镇", "106": "得胜镇", "107": "上庸镇"},
    ),
}  # fmt: skip

# Other Hubei counties and districts (GB/T 2260), for the cadres' own ID numbers: the
# cadres are sent from elsewhere, and a cadre must never look like a registered villager.
OTHER_HUBEI_AREAS: tuple[str, ...] = (
    "420102", "420106", "420111", "420302", "420303", "420322", "420324", "420325",
    "420502", "420506", "420527", "420528", "420602", "420606", "421002", "421102",
    "422801", "422802", "422822", "422825", "422826", "422827", "422828",
)  # fmt: skip

# Sending units of assistance cadres: (unit without the county prefix, level, posts).
# "县" units get the county's name in front ("巴东县教育局"); the township government
# gets the township's name.
COUNTY_UNITS: tuple[tuple[str, CadreLevel, tuple[str, ...]], ...] = (
    ("教育局", CadreLevel.COUNTY, ("副局长", "股长", "一级科员")),
    ("人社局", CadreLevel.COUNTY, ("就业股股长", "四级主任科员", "科员")),
    ("农业农村局", CadreLevel.COUNTY, ("农技站站长", "高级农艺师", "科员")),
    ("卫健局", CadreLevel.COUNTY, ("医政股股长", "科员")),
    ("水利局", CadreLevel.COUNTY, ("工程股股长", "助理工程师")),
    ("住建局", CadreLevel.COUNTY, ("村镇建设股股长", "科员")),
    ("供电公司", CadreLevel.COUNTY, ("供电所所长", "客户经理")),
    ("农商行", CadreLevel.COUNTY, ("支行副行长", "信贷员")),
    ("民政局", CadreLevel.COUNTY, ("社会救助股股长", "科员")),
    ("林业局", CadreLevel.COUNTY, ("林业站站长", "科员")),
)

# The first secretary (第一书记) is usually sent by a provincial or prefecture unit.
LEADER_UNITS: dict[str, tuple[str, CadreLevel]] = {
    "恩施土家族苗族自治州": ("恩施州民族宗教事务委员会", CadreLevel.CITY),
    "十堰市": ("十堰市财政局", CadreLevel.CITY),
}
PROVINCE_UNIT = ("湖北省农业农村厅", CadreLevel.PROVINCE)

MIGRANT_PLACES: tuple[str, ...] = (
    "浙江宁波", "浙江温州", "浙江义乌", "广东东莞", "广东深圳", "广东佛山", "福建晋江",
    "江苏苏州", "上海", "湖北武汉", "湖北宜昌", "恩施州城", "县城",
)  # fmt: skip

CHRONIC_ILLNESSES: tuple[str, ...] = (
    "高血压", "糖尿病", "慢性支气管炎", "风湿性关节炎", "腰椎间盘突出", "冠心病",
    "慢性胃炎", "肺气肿", "类风湿", "慢性肾炎",
)  # fmt: skip
SERIOUS_ILLNESSES: tuple[str, ...] = (
    "尿毒症", "肺癌", "胃癌", "脑梗塞后遗症", "肝硬化", "重度精神障碍", "食道癌",
    "脑出血后遗症", "白血病",
)  # fmt: skip
SERIOUS_ILLNESSES_WOMEN: tuple[str, ...] = ("乳腺癌", "宫颈癌")
DISABILITIES: tuple[str, ...] = (
    "肢体残疾三级", "肢体残疾二级", "视力残疾二级", "听力残疾三级", "智力残疾二级",
    "言语残疾四级", "精神残疾二级",
)  # fmt: skip
DROPOUT_REASONS: tuple[str, ...] = (
    "厌学，辍学在家", "随父母外出，未在务工地入学", "家庭经济困难，辍学帮工",
    "学习跟不上，自行退学",
)  # fmt: skip
RESETTLEMENT_SITES: tuple[str, ...] = ("集镇安置点", "中心村安置点", "县城安置小区")


def era_of(birth_year: int) -> int:
    """The key of GIVEN_NAMES for someone born in `birth_year`."""
    for start in (2010, 2000, 1980, 1960):
        if birth_year >= start:
            return start
    return 0


def surname_table(mountain: bool) -> tuple[tuple[str, float], ...]:
    """National shares, with the mountain surnames added for western Hubei villages."""
    if not mountain:
        return SURNAMES
    extra = dict(MOUNTAIN_SURNAMES)
    merged = [(s, w + extra.pop(s, 0.0)) for s, w in SURNAMES]
    merged.extend(extra.items())
    return tuple(merged)
