"""The demo's organisation units: the ministry, nine provinces and what they oversee.

Names are Chinese (the platform's first language) with the English name alongside;
the cooperation bases named here are public institutions, the enterprises invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from stcoop.accounts.choices import UnitKind


@dataclass(frozen=True)
class UnitSpec:
    """One unit to create: Chinese and English names, kind, and the units below it."""

    zh: str
    en: str
    kind: str
    key: str = ""
    acronym: str = ""
    region: str = ""
    children: tuple[UnitSpec, ...] = ()


MINISTRY_NAME = "科学技术部"


def _ministry() -> UnitSpec:
    department, agency = UnitKind.DEPARTMENT, UnitKind.AGENCY
    return UnitSpec(
        MINISTRY_NAME,
        "Ministry of Science and Technology",
        UnitKind.MINISTRY,
        key="ministry",
        acronym="MOST",
        children=(
            UnitSpec(
                "国际合作司",
                "Department of International Cooperation",
                department,
                key="ministry-international",
            ),
            UnitSpec("战略规划司", "Department of Strategic Planning", department),
            UnitSpec("基础研究司", "Department of Basic Research", department),
            UnitSpec("高新技术司", "Department of High and New Technology", department),
            UnitSpec(
                "中国科学技术交流中心",
                "China Science and Technology Exchange Center",
                agency,
                acronym="CSTEC",
            ),
            UnitSpec(
                "科学技术部火炬高技术产业开发中心",
                "Torch High Technology Industry Development Center",
                agency,
            ),
            UnitSpec(
                "科学技术部高技术研究发展中心",
                "High Technology Research and Development Center",
                agency,
            ),
        ),
    )


@dataclass(frozen=True)
class ProvinceSpec:
    """A province's S&T department with the bases and institutions it oversees."""

    key: str
    zh: str
    en: str
    region: str
    city: tuple[str, str]
    bases: tuple[tuple[str, str, str], ...]  # (zh, en, key)
    universities: tuple[tuple[str, str], ...]
    institutes: tuple[tuple[str, str], ...]


PROVINCES: tuple[ProvinceSpec, ...] = (
    ProvinceSpec(
        "beijing",
        "北京市科学技术委员会",
        "Beijing Municipal Science and Technology Commission",
        "北京市",
        ("北京", "Beijing"),
        (
            ("中国国际技术转移中心", "China International Technology Transfer Center", ""),
            (
                "北京量子信息国际联合研究中心",
                "Beijing International Joint Research Center for Quantum Information",
                "",
            ),
        ),
        (("清华大学", "Tsinghua University"), ("北京大学", "Peking University")),
        (("中国科学院物理研究所", "Institute of Physics, Chinese Academy of Sciences"),),
    ),
    ProvinceSpec(
        "guangdong",
        "广东省科学技术厅",
        "Department of Science and Technology of Guangdong Province",
        "广东省",
        ("深圳", "Shenzhen"),
        (
            (
                "广东新一代信息技术国际联合研究中心",
                "Guangdong International Joint Research Center for Next-Generation "
                "Information Technology",
                "",
            ),
        ),
        (
            ("中山大学", "Sun Yat-sen University"),
            ("华南理工大学", "South China University of Technology"),
        ),
        (
            (
                "中国科学院广州能源研究所",
                "Guangzhou Institute of Energy Conversion, Chinese Academy of Sciences",
            ),
        ),
    ),
    ProvinceSpec(
        "yunnan",
        "云南省科学技术厅",
        "Department of Science and Technology of Yunnan Province",
        "云南省",
        ("昆明", "Kunming"),
        (
            ("中国—南亚技术转移中心", "China-South Asia Technology Transfer Center", ""),
            (
                "云南生物多样性国际联合研究中心",
                "Yunnan International Joint Research Center for Biodiversity",
                "",
            ),
        ),
        (
            ("云南大学", "Yunnan University"),
            ("昆明理工大学", "Kunming University of Science and Technology"),
        ),
        (("中国科学院昆明植物研究所", "Kunming Institute of Botany, Chinese Academy of Sciences"),),
    ),
    ProvinceSpec(
        "xinjiang",
        "新疆维吾尔自治区科学技术厅",
        "Department of Science and Technology of Xinjiang Uygur Autonomous Region",
        "新疆维吾尔自治区",
        ("乌鲁木齐", "Urumqi"),
        (
            (
                "中国—中亚科技合作中心",
                "China-Central Asia Science and Technology Cooperation Center",
                "",
            ),
        ),
        (("新疆大学", "Xinjiang University"),),
        (
            (
                "中国科学院新疆生态与地理研究所",
                "Xinjiang Institute of Ecology and Geography, Chinese Academy of Sciences",
            ),
        ),
    ),
    ProvinceSpec(
        "guangxi",
        "广西壮族自治区科学技术厅",
        "Department of Science and Technology of Guangxi Zhuang Autonomous Region",
        "广西壮族自治区",
        ("南宁", "Nanning"),
        (("中国—东盟技术转移中心", "China-ASEAN Technology Transfer Center", "asean-centre"),),
        (("广西大学", "Guangxi University"),),
        (("广西壮族自治区农业科学院", "Guangxi Academy of Agricultural Sciences"),),
    ),
    ProvinceSpec(
        "shanghai",
        "上海市科学技术委员会",
        "Science and Technology Commission of Shanghai Municipality",
        "上海市",
        ("上海", "Shanghai"),
        (
            (
                "上海人工智能国际联合研究中心",
                "Shanghai International Joint Research Center for Artificial Intelligence",
                "",
            ),
        ),
        (("复旦大学", "Fudan University"), ("上海交通大学", "Shanghai Jiao Tong University")),
        (
            (
                "中国科学院上海有机化学研究所",
                "Shanghai Institute of Organic Chemistry, Chinese Academy of Sciences",
            ),
        ),
    ),
    ProvinceSpec(
        "jiangsu",
        "江苏省科学技术厅",
        "Department of Science and Technology of Jiangsu Province",
        "江苏省",
        ("苏州", "Suzhou"),
        (
            (
                "江苏先进制造国际联合研究中心",
                "Jiangsu International Joint Research Center for Advanced Manufacturing",
                "",
            ),
        ),
        (("南京大学", "Nanjing University"), ("东南大学", "Southeast University")),
        (("江苏省产业技术研究院", "Jiangsu Industrial Technology Research Institute"),),
    ),
    ProvinceSpec(
        "sichuan",
        "四川省科学技术厅",
        "Department of Science and Technology of Sichuan Province",
        "四川省",
        ("成都", "Chengdu"),
        (
            (
                "四川生物医药国际联合研究中心",
                "Sichuan International Joint Research Center for Biomedicine",
                "",
            ),
        ),
        (
            ("四川大学", "Sichuan University"),
            ("电子科技大学", "University of Electronic Science and Technology of China"),
        ),
        (
            (
                "中国科学院成都生物研究所",
                "Chengdu Institute of Biology, Chinese Academy of Sciences",
            ),
        ),
    ),
    ProvinceSpec(
        "ningxia",
        "宁夏回族自治区科学技术厅",
        "Department of Science and Technology of Ningxia Hui Autonomous Region",
        "宁夏回族自治区",
        ("银川", "Yinchuan"),
        (("中国—阿拉伯国家技术转移中心", "China-Arab States Technology Transfer Center", ""),),
        (("宁夏大学", "Ningxia University"),),
        (),
    ),
)

#: The enterprise the demo's organisation user works at (fixed, whatever the seed).
SHOWCASE_ENTERPRISE = (
    "深圳华瑞新能源科技有限公司",
    "Shenzhen Huarui New Energy Technology Co., Ltd.",
)

_SYLLABLES = (
    ("华", "Hua"),
    ("中", "Zhong"),
    ("新", "Xin"),
    ("智", "Zhi"),
    ("瑞", "Rui"),
    ("创", "Chuang"),
    ("联", "Lian"),
    ("达", "Da"),
    ("远", "Yuan"),
    ("博", "Bo"),
    ("海", "Hai"),
    ("航", "Hang"),
    ("睿", "Rui"),
    ("天", "Tian"),
    ("泰", "Tai"),
    ("恒", "Heng"),
    ("启", "Qi"),
    ("鼎", "Ding"),
)
_FIELDS = (
    ("新能源", "New Energy"),
    ("生物医药", "Biopharmaceutical"),
    ("智能装备", "Intelligent Equipment"),
    ("信息技术", "Information Technology"),
    ("新材料", "Advanced Materials"),
    ("农业科技", "Agricultural Technology"),
    ("环保科技", "Environmental Technology"),
    ("光电", "Optoelectronics"),
    ("精密仪器", "Precision Instruments"),
    ("数字医疗", "Digital Health"),
)


def enterprise_names(
    rng: random.Random, city: tuple[str, str], count: int, *, taken: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """``count`` invented enterprise names (Chinese, English) in ``city``, drawn from ``rng``.

    Units under one parent need distinct Chinese and distinct English names, so a draw
    whose name in either language repeats an earlier draw or one in ``taken`` is skipped
    (two syllables share the romanisation "Rui").
    """
    used = {name.casefold() for name in taken}
    names: list[tuple[str, str]] = []
    while len(names) < count:
        (zh1, en1), (zh2, en2) = rng.sample(_SYLLABLES, 2)
        field_zh, field_en = rng.choice(_FIELDS)
        suffix_zh = "有限公司" if field_zh.endswith("科技") else "科技有限公司"
        suffix_en = "Co., Ltd." if field_en.endswith("Technology") else "Technology Co., Ltd."
        zh = f"{city[0]}{zh1}{zh2}{field_zh}{suffix_zh}"
        en = f"{city[1]} {en1}{en2.lower()} {field_en} {suffix_en}"
        if zh.casefold() in used or en.casefold() in used:
            continue
        used.update((zh.casefold(), en.casefold()))
        names.append((zh, en))
    return names


def province_tree(province: ProvinceSpec, rng: random.Random) -> UnitSpec:
    """The unit tree of one province: its international division, bases and institutions."""
    children: list[UnitSpec] = [
        UnitSpec(
            "国际合作处",
            f"International Cooperation Division, {province.en}",
            UnitKind.PROVINCIAL_DEPARTMENT,
            key=f"{province.key}-international",
            region=province.region,
        ),
    ]
    for zh, en, key in province.bases:
        children.append(UnitSpec(zh, en, UnitKind.BASE, key=key, region=province.region))
    for zh, en in province.universities:
        children.append(
            UnitSpec(zh, en, UnitKind.UNIVERSITY, key=f"university:{zh}", region=province.region)
        )
    for zh, en in province.institutes:
        children.append(UnitSpec(zh, en, UnitKind.INSTITUTE, region=province.region))
    showcase = [SHOWCASE_ENTERPRISE] if province.key == "guangdong" else []
    enterprises = showcase + enterprise_names(
        rng, province.city, 2, taken=[name for pair in showcase for name in pair]
    )
    for zh, en in enterprises:
        children.append(
            UnitSpec(zh, en, UnitKind.ENTERPRISE, key=f"enterprise:{zh}", region=province.region)
        )
    return UnitSpec(
        province.zh,
        province.en,
        UnitKind.PROVINCE,
        key=province.key,
        region=province.region,
        children=tuple(children),
    )


def demo_unit_trees(rng: random.Random) -> list[UnitSpec]:
    """Every root unit of the demo with its sub-tree (enterprise names depend on ``rng``)."""
    return [_ministry(), *(province_tree(province, rng) for province in PROVINCES)]


def root_unit_names() -> list[str]:
    """Names of the demo's root units: the ministry, then each province's department."""
    return [MINISTRY_NAME, *(province.zh for province in PROVINCES)]
