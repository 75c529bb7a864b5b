"""Code lists (代码表) with stable codes and zh/en labels.

The code is what is stored and exchanged; labels are for people. Never renumber a code:
bundles and old databases carry them. Aliases are the spellings found in the national
system's exports and in teams' own sheets (e.g. 健康状况 "患有大病", 危房等级 "D级"), so roster
import can read them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Self


class CodeList(StrEnum):
    """A str enum whose value is the stable code, with `zh`, `en` and `aliases`."""

    zh: str
    en: str
    aliases: tuple[str, ...]

    def __new__(cls, code: str, zh: str, en: str, *aliases: str) -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.zh = zh
        obj.en = en
        obj.aliases = aliases
        return obj

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @classmethod
    def parse(cls, text: Any) -> Self:
        """Accept a code, a zh/en label or an alias; raise ValueError otherwise."""
        found = cls.lookup(text)
        if found is None:
            raise ValueError(text)
        return found

    @classmethod
    def lookup(cls, text: Any) -> Self | None:
        # NFKC: a label typed with ASCII brackets (初中(七至九年级)) finds the one
        # written with Chinese ones, and the other way round.
        key = unicodedata.normalize("NFKC", str(text)).strip()
        table = cls._index()
        return table.get(key) or table.get(key.lower())

    @classmethod
    def _index(cls) -> dict[str, Self]:
        # Built lazily once per class; enums are immutable so the cache never goes stale.
        cache: dict[str, Self] | None = cls.__dict__.get("_index_cache")
        if cache is None:
            cache = {}
            for m in cls:
                for k in (m.value, m.zh, m.en.lower(), *m.aliases):
                    cache.setdefault(unicodedata.normalize("NFKC", k), m)
            type.__setattr__(cls, "_index_cache", cache)
        return cache


class PovertyCause(CodeList):
    """致贫原因 (national code list)."""

    ILLNESS = "01", "因病", "Illness"
    DISABILITY = "02", "因残", "Disability"
    SCHOOLING = "03", "因学", "Schooling costs"
    DISASTER = "04", "因灾", "Disaster"
    NO_LAND = "05", "缺土地", "Lack of land"
    NO_WATER = "06", "缺水", "Lack of water"
    NO_SKILLS = "07", "缺技术", "Lack of skills"
    NO_LABOUR = "08", "缺劳力", "Lack of labour"
    NO_CAPITAL = "09", "缺资金", "Lack of capital"
    TRANSPORT = "10", "交通条件落后", "Poor transport"
    NO_DRIVE = "11", "自身发展动力不足", "Lack of self-motivation", "自身发展动力不足"
    MARRIAGE = "12", "因婚", "Marriage costs"
    FUNERAL = "13", "因丧", "Funeral costs"
    OTHER = "99", "其他", "Other"


class HouseholdCategory(CodeList):
    """贫困户属性 (versioned in the national system; 特困供养 was formerly 五保)."""

    ORDINARY = "1", "一般贫困户", "Ordinary poor household", "一般户"
    DIBAO = "2", "低保贫困户", "Minimum-living-allowance household", "低保户"
    TEKUN = (
        "3",
        "特困供养贫困户",
        "Destitute-support household",
        "五保贫困户",
        "五保户",
        "特困供养户",
    )
    DIBAO_TEKUN = (
        "4",
        "低保特困供养贫困户",
        "Allowance and destitute-support household",
        "低保特困供养",
    )


class IdStandard(CodeList):
    """识别标准."""

    NATIONAL = "1", "国家标准", "National standard", "国家", "国家扶贫标准"
    PROVINCIAL = "2", "省定标准", "Provincial standard", "省定", "省定标准"
    MUNICIPAL = "3", "市定标准", "Municipal standard", "市定"


class HouseholdStatus(CodeList):
    """贫困户状态 (脱贫属性); kept per year in the status history."""

    POOR = "1", "未脱贫", "Not yet out of poverty", "贫困户"
    PROPOSED = "2", "拟退出", "Proposed for exit", "拟脱贫", "预脱贫", "计划脱贫"
    EXITED = "3", "已脱贫", "Out of poverty", "脱贫", "已退出"
    RETURNED = "4", "返贫", "Fell back into poverty", "返贫户"
    REMOVED = "5", "销号", "Removed from register", "已销号"
    # Never registered poor (domain.md §7): held so that an 边缘易致贫户 or 突发严重困难户
    # can be monitored with the same member and income records.
    NON_POOR = "0", "一般农户", "Ordinary household", "非贫困户", "一般农户（非建档立卡）"


class Sex(CodeList):
    """GB/T 2261.1."""

    MALE = "1", "男", "Male", "M", "男性"
    FEMALE = "2", "女", "Female", "F", "女性"


class Relation(CodeList):
    """与户主关系."""

    HEAD = "01", "户主", "Head", "本人", "本人或户主"
    SPOUSE = "02", "配偶", "Spouse", "妻", "夫", "妻子", "丈夫"
    SON = "03", "之子", "Son", "子", "儿子", "长子", "次子"
    DAUGHTER = "04", "之女", "Daughter", "女", "女儿", "长女", "次女"
    DAUGHTER_IN_LAW = "05", "之儿媳", "Daughter-in-law", "儿媳"
    SON_IN_LAW = "06", "之女婿", "Son-in-law", "女婿"
    GRANDSON = "07", "之孙子", "Grandson", "孙子"
    GRANDDAUGHTER = "08", "之孙女", "Granddaughter", "孙女"
    DAUGHTERS_SON = "09", "之外孙子", "Grandson (daughter's)", "外孙子", "外孙"
    DAUGHTERS_DAUGHTER = "10", "之外孙女", "Granddaughter (daughter's)", "外孙女"
    FATHER = "11", "之父", "Father", "父亲", "父"
    MOTHER = "12", "之母", "Mother", "母亲", "母"
    FATHER_IN_LAW = "13", "之岳父", "Father-in-law (wife's)", "岳父"
    MOTHER_IN_LAW = "14", "之岳母", "Mother-in-law (wife's)", "岳母"
    HUSBANDS_FATHER = "15", "之公公", "Father-in-law (husband's)", "公公"
    HUSBANDS_MOTHER = "16", "之婆婆", "Mother-in-law (husband's)", "婆婆"
    GRANDFATHER = "17", "之祖父", "Grandfather", "祖父"
    GRANDMOTHER = "18", "之祖母", "Grandmother", "祖母"
    SIBLING = "19", "之兄弟姐妹", "Sibling", "兄弟姐妹", "之兄弟", "之姐妹"
    OTHER = "99", "其他", "Other"


class Education(CodeList):
    """文化程度."""

    ILLITERATE = "1", "文盲或半文盲", "Illiterate or semi-literate", "文盲", "半文盲"
    PRIMARY = "2", "小学", "Primary school"
    JUNIOR = "3", "初中", "Junior secondary"
    SENIOR = "4", "高中", "Senior secondary", "中专", "高中及中专"
    COLLEGE = "5", "大专及以上", "College or above", "大专", "本科", "本科及以上"
    PRESCHOOL_AGE = "6", "学龄前儿童", "Pre-school child", "学龄前"


class SchoolStatus(CodeList):
    """在校生状况; grade-level spellings from the national system map to their stage."""

    NOT_STUDENT = "1", "非在校生", "Not in school", "否", "不在校"
    PRESCHOOL = "2", "学前教育", "Pre-school", "学前", "幼儿园"
    PRIMARY = (
        "3",
        "小学",
        "Primary school",
        "小学一年级",
        "小学二年级",
        "小学三年级",
        "小学四年级",
        "小学五年级",
        "小学六年级",
    )
    JUNIOR = (
        "4",
        "初中",
        "Junior secondary (grades 7-9)",
        "初中（七至九年级）",
        "七年级",
        "八年级",
        "九年级",
    )
    SENIOR = "5", "高中", "Senior secondary", "高中一年级", "高中二年级", "高中三年级"
    VOCATIONAL = "6", "中职", "Secondary vocational", "中职一年级", "中职二年级", "中职三年级"
    HIGHER_VOCATIONAL = "7", "高职", "Higher vocational", "高职一年级", "高职二年级", "高职三年级"
    COLLEGE = "8", "大专及以上", "College or above", "大专", "本科", "本科及以上"

    @property
    def in_school(self) -> bool:
        return self is not SchoolStatus.NOT_STUDENT

    @property
    def senior_or_above(self) -> bool:
        return self in _SENIOR_OR_ABOVE


_SENIOR_OR_ABOVE = frozenset(
    {
        SchoolStatus.SENIOR,
        SchoolStatus.VOCATIONAL,
        SchoolStatus.HIGHER_VOCATIONAL,
        SchoolStatus.COLLEGE,
    }
)


class Health(CodeList):
    """健康状况 (multi-choice)."""

    HEALTHY = "1", "健康", "Healthy"
    CHRONIC = "2", "长期慢性病", "Long-term chronic illness", "慢性病", "患有长期慢性病"
    SERIOUS = "3", "大病", "Serious illness", "患有大病", "重病"
    DISABLED = "4", "残疾", "Disability", "残疾人"


class Labour(CodeList):
    """劳动技能."""

    ORDINARY = "1", "普通劳动力", "Ordinary labour"
    SKILLED = "2", "技能劳动力", "Skilled labour"
    WEAK = "3", "弱劳动力或半劳动力", "Weak or half labour", "弱劳动力", "半劳动力"
    LOST = "4", "丧失劳动力", "Lost labour capacity"
    NONE = "5", "无劳动力", "No labour capacity"

    @property
    def has_capacity(self) -> bool:
        return self in (Labour.ORDINARY, Labour.SKILLED, Labour.WEAK)


class DangerGrade(CodeList):
    """危房等级: C = part of the house dangerous, D = whole house dangerous."""

    A = "A", "A级", "Grade A (safe)", "a"
    B = "B", "B级", "Grade B", "b"
    C = "C", "C级", "Grade C (partly dangerous)", "c"
    D = "D", "D级", "Grade D (whole house dangerous)", "d"

    @property
    def dangerous(self) -> bool:
        return self in (DangerGrade.C, DangerGrade.D)


class RebuildStatus(CodeList):
    """危房改造进度."""

    NOT_NEEDED = "0", "无需改造", "No rebuild needed", "无需"
    NOT_STARTED = "1", "未开工", "Not started"
    BUILDING = "2", "在建", "Under construction", "施工中"
    DONE = "3", "已竣工", "Completed", "已完成", "竣工"


class RoadType(CodeList):
    DIRT = "1", "泥土路", "Dirt road", "泥土"
    GRAVEL = "2", "砂石路", "Gravel road", "砂石"
    CEMENT = "3", "水泥路", "Cement road", "水泥"
    ASPHALT = "4", "沥青路", "Asphalt road", "沥青"


class HousingStructure(CodeList):
    CONCRETE = "1", "钢混", "Reinforced concrete", "钢筋混凝土"
    BRICK_CONCRETE = "2", "砖混", "Brick and concrete"
    BRICK_WOOD = "3", "砖木", "Brick and wood"
    EARTH_WOOD = "4", "土木", "Earth and wood", "土坯"
    OTHER = "9", "其他", "Other"


class Fuel(CodeList):
    WOOD = "1", "柴草", "Firewood and straw"
    COAL = "2", "煤炭", "Coal", "煤"
    ELECTRIC = "3", "电", "Electricity"
    GAS = "4", "液化气或天然气", "Bottled or natural gas", "液化气", "天然气"
    BIOGAS = "5", "沼气", "Biogas"
    OTHER = "9", "其他", "Other"


class Relocation(CodeList):
    """易地扶贫搬迁 mode."""

    NONE = "0", "未搬迁", "Not relocated", "否"
    CENTRAL = "1", "集中安置", "Relocated to a settlement"
    SCATTERED = "2", "分散安置", "Relocated individually"


class CadreLevel(CodeList):
    CENTRAL = "1", "中央", "Central", "中央单位"
    PROVINCE = "2", "省", "Provincial", "省级"
    CITY = "3", "市", "Municipal", "市级"
    COUNTY = "4", "县", "County", "县级"
    TOWNSHIP = "5", "乡镇", "Township", "乡镇级"


class MeasureCategory(CodeList):
    """帮扶措施类别."""

    INDUSTRY = "01", "产业扶贫", "Industry"
    JOBS = "02", "就业扶贫", "Jobs", "公益岗位"
    RELOCATION = "03", "易地扶贫搬迁", "Relocation"
    EDUCATION = "04", "教育扶贫", "Education aid", "雨露计划"
    HEALTH = "05", "健康扶贫", "Health aid"
    HOUSING = "06", "危房改造", "House rebuild"
    ECOLOGY = "07", "生态扶贫", "Ecological aid", "生态护林员"
    FINANCE = "08", "金融扶贫", "Micro-credit", "小额信贷"
    ASSET_INCOME = "09", "资产收益扶贫", "Asset income", "光伏扶贫", "资产收益/光伏扶贫"
    SOCIAL_SECURITY = "10", "社会保障兜底", "Social security", "兜底保障"
    OTHER = "99", "其他", "Other"


class MeasureStatus(CodeList):
    PLANNED = "1", "计划", "Planned", "未开始"
    IN_PROGRESS = "2", "实施中", "In progress", "进行中"
    DONE = "3", "已完成", "Done", "完成"
    CANCELLED = "4", "已取消", "Cancelled", "取消"


class FundSource(CodeList):
    FISCAL = "1", "财政专项扶贫资金", "Special fiscal poverty funds", "财政专项"
    SECTOR = "2", "行业部门资金", "Sector department funds", "行业部门"
    SOCIAL = "3", "社会帮扶资金", "Social assistance funds", "社会帮扶"
    CREDIT = "4", "金融信贷资金", "Credit", "信贷"
    COLLECTIVE = "5", "村集体资金", "Village collective", "村集体"
    SELF = "6", "群众自筹", "Household's own", "自筹"
    OTHER = "9", "其他", "Other"


class ChecklistItem(CodeList):
    """两不愁三保障 plus safe drinking water (domain.md §3)."""

    FOOD_CLOTHING = "food_clothing", "两不愁（吃穿）", "Food and clothing"
    EDUCATION = "education", "义务教育保障", "Compulsory education"
    MEDICAL = "medical", "基本医疗保障", "Basic medical care"
    HOUSING = "housing", "住房安全保障", "Safe housing"
    WATER = "water", "饮水安全", "Safe drinking water"


class CheckStatus(CodeList):
    MET = "met", "已保障", "Met", "达标", "是", "已解决"
    UNMET = "unmet", "未保障", "Not met", "未达标", "否", "未解决"
    UNKNOWN = "unknown", "未核实", "Not verified", "未评估"


class VisitPurpose(CodeList):
    LEARN = "1", "了解情况", "Learn the situation"
    HANDBOOK = "2", "填写手册", "Fill in the handbook"
    PLAN = "3", "制定计划", "Make a plan"
    PROJECT = "4", "落实项目", "Carry out a project"
    POLICY = "5", "宣传政策", "Explain policies"
    CARE = "6", "慰问", "Condolence visit"
    VERIFY = "7", "核查", "Verification"


class LifeEventKind(CodeList):
    """Member life events: recorded as events, never as deletions."""

    BIRTH = "birth", "出生", "Birth"
    DEATH = "death", "死亡", "Death", "去世"
    MARRY_IN = "marry_in", "婚入", "Married in", "嫁入"
    MARRY_OUT = "marry_out", "婚出", "Married out", "嫁出"
    MOVE_IN = "move_in", "迁入", "Moved in"
    MOVE_AWAY = "move_away", "迁出", "Moved away"
    SPLIT = "split", "分户", "Household split"
    MERGE = "merge", "合户", "Household merged"
    # The events that make a household a monitoring candidate (domain.md §7).
    SERIOUS_ILLNESS = "illness", "突患大病", "Serious illness", "患大病", "大病"
    DISASTER = "disaster", "遭受灾害", "Disaster damage", "受灾", "因灾"
    ACCIDENT = "accident", "意外事故", "Accident", "意外"


class Presence(CodeList):
    """Whether a member still counts in the household (set by life events)."""

    PRESENT = "1", "在户", "Present"
    DECEASED = "2", "已故", "Deceased"
    MOVED_AWAY = "3", "迁出", "Moved away"
    MARRIED_OUT = "4", "婚出", "Married out"
    SPLIT_OFF = "5", "分户", "Split off"


class AttachmentKind(CodeList):
    PHOTO = "photo", "照片", "Photo"
    DOCUMENT = "document", "证明材料", "Supporting document"
    SIGNED = "signed", "签字件", "Signed paper"
    OTHER = "other", "其他", "Other"


class Dimension(CodeList):
    """The vocabulary of a finding's dimension (fixed by the core issue)."""

    INCOME = "income", "收入", "Income"
    FOOD_CLOTHING = "food_clothing", "两不愁", "Food and clothing"
    EDUCATION = "education", "义务教育", "Compulsory education"
    MEDICAL = "medical", "基本医疗", "Basic medical care"
    HOUSING = "housing", "住房安全", "Safe housing"
    WATER = "water", "饮水安全", "Safe drinking water"
    IDENTITY = "identity", "身份信息", "Identity"
    CONSISTENCY = "consistency", "数据一致性", "Data consistency"
    PLAN = "plan", "帮扶计划", "Assistance plan"
    FUNDS = "funds", "资金", "Funds"
    MONITORING = "monitoring", "防返贫监测", "Monitoring"


# 两不愁三保障 and safe water, with income: the six dimensions an exit is judged on, in the
# order every check list, filter and printout shows them (declared once, issue 15 §3).
EXIT_DIMENSIONS: tuple[Dimension, ...] = (
    Dimension.INCOME,
    Dimension.FOOD_CLOTHING,
    Dimension.EDUCATION,
    Dimension.MEDICAL,
    Dimension.HOUSING,
    Dimension.WATER,
)


class KeyGroup(CodeList):
    """The four key groups (四类重点群体, domain.md §1); who belongs is `rules.groups`."""

    ELDERLY = "elderly", "老年人", "Elderly", "老人"
    WOMAN = "woman", "妇女", "Women"
    CHILD = "child", "儿童", "Children"
    DISABLED = "disabled", "残疾人", "Disabled"


class MonitorType(CodeList):
    """监测对象类型 (domain.md §7)."""

    UNSTABLE = "1", "脱贫不稳定户", "Exited but unstable", "脱贫不稳定"
    EDGE = "2", "边缘易致贫户", "Near the line, at risk", "边缘易致贫", "边缘户"
    SUDDEN = "3", "突发严重困难户", "Sudden severe hardship", "突发严重困难"


class RiskType(CodeList):
    """风险类型 (domain.md §7)."""

    ILLNESS = "01", "因病", "Illness"
    DISABILITY = "02", "因残", "Disability"
    SCHOOLING = "03", "因学", "Schooling costs"
    DISASTER = "04", "因灾", "Disaster"
    ACCIDENT = "05", "因意外", "Accident", "因意外事故"
    NO_LABOUR = "06", "缺劳力", "Lack of labour"
    INDUSTRY = "07", "产业失败", "Failed farming or business"
    JOBS = "08", "务工就业不稳", "Unstable work", "就业不稳"
    OTHER = "99", "其他", "Other"


class LeadSource(CodeList):
    """How a monitoring lead was found (domain.md §7)."""

    SELF = "1", "农户自主申报", "Household applied", "自主申报"
    VISIT = "2", "干部走访排查", "Found on a cadre's visit", "走访排查"
    SCREENING = "3", "部门筛查预警", "Department screening", "部门预警", "筛查预警"


class MonitorState(CodeList):
    """A monitoring record's state. 待识别 and 未纳入 are the lead before and after a
    refusing county decision; the other three are domain.md §7's."""

    PENDING = "0", "待识别", "Lead, not yet decided", "识别中"
    MONITORING = "1", "监测中", "Under monitoring"
    ELIMINATED = "2", "风险消除", "Risk eliminated", "已消除"
    RETURNED = "3", "风险消除后返回监测", "Back under monitoring", "返回监测"
    NOT_INCLUDED = "9", "未纳入", "Not included", "不纳入"


class MonitorPhase(CodeList):
    IDENTIFY = "identify", "识别纳入", "Identification"
    ELIMINATE = "eliminate", "风险消除", "Risk elimination"


class MonitorStep(CodeList):
    """A procedure step (domain.md §7), the same five for identification and for
    risk elimination."""

    HOME_CHECK = "home_check", "入户核实", "Home check", "入户核查", "入户"
    VILLAGE_REVIEW = "village_review", "村级民主评议", "Village review", "民主评议", "村级评议"
    VILLAGE_NOTICE = "village_notice", "村级公示", "Village notice", "公示"
    TOWNSHIP_REVIEW = "township_review", "乡镇审核", "Township review", "乡镇初审"
    COUNTY_DECISION = "county_decision", "县级审定", "County decision", "县级审批", "县审定"


class StepOutcome(CodeList):
    PASSED = "pass", "通过", "Approved", "同意"
    FAILED = "fail", "不通过", "Refused", "不同意"


class Severity(CodeList):
    ERROR = "error", "错误", "Error"
    WARNING = "warning", "警告", "Warning"
    INFO = "info", "提示", "Note"


class StoreRole(CodeList):
    VILLAGE = "village", "村工作队", "Village team"
    COUNTY = "county", "县扶贫办", "County office"


class Ethnicity(CodeList):
    """民族 (GB 3304)."""

    HAN = "01", "汉族", "Han", "汉"
    MONGOL = "02", "蒙古族", "Mongol"
    HUI = "03", "回族", "Hui"
    ZANG = "04", "藏族", "Tibetan"
    UYGHUR = "05", "维吾尔族", "Uyghur"
    MIAO = "06", "苗族", "Miao", "苗"
    YI = "07", "彝族", "Yi"
    ZHUANG = "08", "壮族", "Zhuang"
    BUYEI = "09", "布依族", "Buyei"
    KOREAN = "10", "朝鲜族", "Korean"
    MANCHU = "11", "满族", "Manchu"
    DONG = "12", "侗族", "Dong", "侗"
    YAO = "13", "瑶族", "Yao"
    BAI = "14", "白族", "Bai"
    TUJIA = "15", "土家族", "Tujia", "土家"
    HANI = "16", "哈尼族", "Hani"
    KAZAKH = "17", "哈萨克族", "Kazakh"
    DAI = "18", "傣族", "Dai"
    LI = "19", "黎族", "Li"
    LISU = "20", "傈僳族", "Lisu"
    VA = "21", "佤族", "Va"
    SHE = "22", "畲族", "She"
    GAOSHAN = "23", "高山族", "Gaoshan"
    LAHU = "24", "拉祜族", "Lahu"
    SUI = "25", "水族", "Sui"
    DONGXIANG = "26", "东乡族", "Dongxiang"
    NAXI = "27", "纳西族", "Naxi"
    JINGPO = "28", "景颇族", "Jingpo"
    KYRGYZ = "29", "柯尔克孜族", "Kyrgyz"
    TU = "30", "土族", "Tu"
    DAUR = "31", "达斡尔族", "Daur"
    MULAO = "32", "仫佬族", "Mulao"
    QIANG = "33", "羌族", "Qiang"
    BLANG = "34", "布朗族", "Blang"
    SALAR = "35", "撒拉族", "Salar"
    MAONAN = "36", "毛南族", "Maonan"
    GELAO = "37", "仡佬族", "Gelao"
    XIBE = "38", "锡伯族", "Xibe"
    ACHANG = "39", "阿昌族", "Achang"
    PUMI = "40", "普米族", "Pumi"
    TAJIK = "41", "塔吉克族", "Tajik"
    NU = "42", "怒族", "Nu"
    UZBEK = "43", "乌孜别克族", "Uzbek"
    RUSSIAN = "44", "俄罗斯族", "Russian"
    EWENKI = "45", "鄂温克族", "Ewenki"
    DEANG = "46", "德昂族", "De'ang"
    BONAN = "47", "保安族", "Bonan"
    YUGUR = "48", "裕固族", "Yugur"
    GIN = "49", "京族", "Gin"
    TATAR = "50", "塔塔尔族", "Tatar"
    DERUNG = "51", "独龙族", "Derung"
    OROQEN = "52", "鄂伦春族", "Oroqen"
    HEZHEN = "53", "赫哲族", "Hezhen"
    MONBA = "54", "门巴族", "Monba"
    LHOBA = "55", "珞巴族", "Lhoba"
    JINO = "56", "基诺族", "Jino"
    OTHER = "97", "其他", "Other"


def labels(codes: type[CodeList], values: Iterable[str]) -> dict[str, dict[str, str]]:
    """{code: {"zh": ..., "en": ...}} for the codes in `values`, for JSON read by
    programs that also show the words; a code the list does not know labels itself."""
    out: dict[str, dict[str, str]] = {}
    for v in values:
        found = codes.lookup(v) if v else None
        out[v] = {"zh": found.zh, "en": found.en} if found else {"zh": v, "en": v}
    return out


def label(codes: type[CodeList], value: str, lang: str = "zh") -> str:
    """The code's label in `lang`, or the code itself when the list does not know it."""
    found = codes.lookup(value) if value else None
    return found.label(lang) if found else value
