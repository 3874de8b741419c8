"""The groupings the platform loads: names, descriptions, membership rules and sources.

Each :class:`GroupingSpec` says where its members come from: a ``worldcountrygroups``
list (``package_group``), a UN M49 sub-region (``m49_sub_region``), the platform's
development classification (``economic_class``), or nobody (administrators maintain the
list: ``editable``). Texts may use ``{wcg}``, ``{hdx}`` (package name and version) and
``{weo}`` (the IMF edition), filled in when loading.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from stcoop.geo.choices import GroupingKind
from stcoop.geo.reference import classification
from stcoop.geo.reference.sources import HDX, WORLDCOUNTRYGROUPS

M49_URL = "https://unstats.un.org/unsd/methodology/m49/"


@dataclass(frozen=True)
class GroupingSpec:
    """How one grouping is described and where its members come from."""

    code: str
    kind: str
    position: int
    acronym: str
    name_zh_hans: str
    name_en: str
    description_zh_hans: str
    description_en: str
    rule_zh_hans: str
    rule_en: str
    package_group: str | None = None
    m49_sub_region: str | None = None
    economic_class: str | None = None
    editable: bool = False
    valid_from: datetime.date | None = None
    source_name: str = ""
    source_url: str = ""
    source_version: str = ""
    source_date: datetime.date | None = None

    def fields(self) -> dict[str, object]:
        """Model field values, with package versions filled into the texts."""
        values = {
            "wcg": WORLDCOUNTRYGROUPS.label,
            "hdx": HDX.label,
            "weo": classification.IMF_WEO_EDITION,
        }
        return {
            "acronym": self.acronym,
            "kind": self.kind,
            "position": self.position,
            "name_zh_hans": self.name_zh_hans,
            "name_en": self.name_en,
            "description_zh_hans": self.description_zh_hans.format(**values),
            "description_en": self.description_en.format(**values),
            "rule_zh_hans": self.rule_zh_hans.format(**values),
            "rule_en": self.rule_en.format(**values),
            "source_name": self.source_name.format(**values),
            "source_url": self.source_url,
            "source_version": self.source_version.format(**values),
            "source_date": self.source_date,
            "valid_from": self.valid_from,
            "valid_to": None,
            "is_editable": self.editable,
        }


def _package(
    code: str,
    kind: str,
    position: int,
    acronym: str,
    names: tuple[str, str],
    descriptions: tuple[str, str],
    *,
    valid_from: datetime.date | None = None,
    extra_rule: tuple[str, str] = ("", ""),
) -> GroupingSpec:
    """A grouping whose members are the ``worldcountrygroups`` list of the same code."""
    return GroupingSpec(
        code=code,
        kind=kind,
        position=position,
        acronym=acronym,
        name_zh_hans=names[0],
        name_en=names[1],
        description_zh_hans=descriptions[0],
        description_en=descriptions[1],
        rule_zh_hans="成员名单取自 {wcg} 软件包所附数据（" + code + "），"
        "并按平台整理的有日期的成员变动（stcoop/geo/data/membership_updates.csv，逐条注明来源）"
        "补充加入和退出日期。" + extra_rule[0],
        rule_en="Members are the list bundled with the {wcg} package (" + code + "), "
        "completed with the dated membership changes curated by the platform "
        "(stcoop/geo/data/membership_updates.csv, each with its source)." + extra_rule[1],
        package_group=code,
        valid_from=valid_from,
        source_name="{wcg} (" + code + ")",
        source_url=WORLDCOUNTRYGROUPS.url,
        source_version="{wcg}",
    )


_CLASS_RULE_ZH = (
    "本平台按以下规则划分发达、新兴和发展中经济体：\n"
    "1. 发达经济体：国际货币基金组织（IMF）《世界经济展望》（2024年4月版）"
    "列为“发达经济体”的41个经济体。\n"
    "2. 新兴经济体：不属于发达经济体，且为世界银行高收入或中等偏上收入经济体，"
    "或为二十国集团（G20）、金砖国家的现任成员。\n"
    "3. 发展中经济体：其余的世界银行中等偏下收入和低收入经济体。\n"
    "适用范围：独立国家（依据HDX国家和地区分类表的“Independent”列）和IMF列为发达经济体的经济体；"
    "其他属地不参与划分；既无世界银行收入分组、又非G20或金砖国家成员的经济体不作划分。\n"
    "来源：IMF《世界经济展望》2024年4月版“发达经济体”名单；"
    "世界银行收入分组（{hdx} 所附HDX分类表）；"
    "G20成员（{wcg}）；金砖国家成员（本平台“金砖国家”分组的现任成员）。"
)
_CLASS_RULE_EN = (
    "The platform classifies economies as developed, emerging or developing by this rule:\n"
    "1. Developed: the 41 economies the IMF World Economic Outlook (April 2024) lists as "
    "“advanced economies”.\n"
    "2. Emerging: not developed, and either a World Bank high or upper-middle income "
    "economy, or a current member of the G20 or BRICS.\n"
    "3. Developing: the remaining World Bank lower-middle and low income economies.\n"
    "Scope: independent states (the “Independent” column of the HDX taxonomy) and the "
    "economies the IMF lists as advanced; other territories are not classified, nor are "
    "economies without a World Bank income group that are not G20 or BRICS members.\n"
    "Sources: IMF World Economic Outlook, April 2024, “advanced economies”; World Bank "
    "income groups (the HDX taxonomy bundled with {hdx}); G20 members ({wcg}); BRICS "
    "members (the current members of the platform's BRICS grouping)."
)


def _economic_class(
    code: str, position: int, names: tuple[str, str], descriptions: tuple[str, str]
) -> GroupingSpec:
    return GroupingSpec(
        code=code,
        kind=GroupingKind.ECONOMIC_CLASS,
        position=position,
        acronym="",
        name_zh_hans=names[0],
        name_en=names[1],
        description_zh_hans=descriptions[0],
        description_en=descriptions[1],
        rule_zh_hans=_CLASS_RULE_ZH,
        rule_en=_CLASS_RULE_EN,
        economic_class=code,
        valid_from=classification.IMF_WEO_DATE,
        source_name="IMF {weo}; World Bank income groups via {hdx}; G20 via {wcg}",
        source_url=classification.IMF_WEO_URL,
        source_version="WEO 2024-04; {hdx}; {wcg}",
        source_date=classification.IMF_WEO_DATE,
    )


def _m49(
    code: str, position: int, m49: str, names: tuple[str, str], descriptions: tuple[str, str]
) -> GroupingSpec:
    return GroupingSpec(
        code=code,
        kind=GroupingKind.GEOGRAPHIC,
        position=position,
        acronym="",
        name_zh_hans=names[0],
        name_en=names[1],
        description_zh_hans=descriptions[0],
        description_en=descriptions[1],
        rule_zh_hans="成员为联合国M49标准中属于"
        + m49
        + "分区的国家和地区（数据取自 {hdx} 所附HDX分类表）。",
        rule_en="Members are the countries and territories in UN M49 sub-region "
        + m49
        + " (data from the HDX taxonomy bundled with {hdx}).",
        m49_sub_region=m49,
        source_name="UN M49 (via {hdx})",
        source_url=M49_URL,
        source_version="{hdx}",
    )


BELT_AND_ROAD = GroupingSpec(
    code="bri",
    kind=GroupingKind.INITIATIVE,
    position=20,
    acronym="BRI",
    name_zh_hans="共建“一带一路”国家",
    name_en="Belt and Road partner countries",
    description_zh_hans=(
        "与中国签署共建“一带一路”合作文件的国家。本平台未内置任何官方的、机器可读的名单，"
        "也不代表官方名单：成员由平台管理员维护（在本页逐个添加，或上传CSV/XLSX文件导入），"
        "并须在“来源”中注明所依据的官方公布（如中国一带一路网）及其日期。名单默认为空。"
    ),
    description_en=(
        "Countries that have signed Belt and Road cooperation documents with China. The "
        "platform bundles no official machine-readable list and does not present one: "
        "administrators maintain the members (one by one on this page, or by uploading a "
        "CSV/XLSX file) and record in the source fields the official publication they "
        "follow (e.g. the Belt and Road Portal, yidaiyilu.gov.cn) and its date. The list is "
        "empty until they do."
    ),
    rule_zh_hans="由平台管理员维护；每次变动都记录在历史中。",
    rule_en="Maintained by platform administrators; every change is kept in the history.",
    editable=True,
    valid_from=datetime.date(2013, 9, 7),
)


GROUPINGS: tuple[GroupingSpec, ...] = (
    _economic_class(
        classification.DEVELOPED,
        10,
        ("发达经济体", "Developed economies"),
        (
            "IMF《世界经济展望》（2024年4月版）列为发达经济体的41个经济体。划分规则见下。",
            "The 41 economies the IMF World Economic Outlook (April 2024) lists as advanced "
            "economies. The rule is given below.",
        ),
    ),
    _economic_class(
        classification.EMERGING,
        11,
        ("新兴经济体", "Emerging economies"),
        (
            "非发达经济体中的世界银行高收入和中等偏上收入经济体，以及G20、金砖国家成员。划分规则见下。",
            "Economies that are not developed but are World Bank high or upper-middle income "
            "economies, or G20 or BRICS members. The rule is given below.",
        ),
    ),
    _economic_class(
        classification.DEVELOPING,
        12,
        ("发展中经济体", "Developing economies"),
        (
            "其余的世界银行中等偏下收入和低收入经济体。划分规则见下。",
            "The remaining World Bank lower-middle and low income economies. The rule is "
            "given below.",
        ),
    ),
    BELT_AND_ROAD,
    _package(
        "asean",
        GroupingKind.REGIONAL_ORGANISATION,
        30,
        "ASEAN",
        ("东南亚国家联盟（东盟）", "Association of Southeast Asian Nations"),
        (
            "1967年8月8日依《曼谷宣言》成立的东南亚区域性政府间组织。",
            "Regional intergovernmental organisation of Southeast Asia, founded by the "
            "Bangkok Declaration of 8 August 1967.",
        ),
        valid_from=datetime.date(1967, 8, 8),
    ),
    _package(
        "las",
        GroupingKind.REGIONAL_ORGANISATION,
        31,
        "LAS",
        ("阿拉伯国家联盟（阿盟）", "League of Arab States"),
        (
            "1945年3月22日成立的阿拉伯国家区域性组织，现有22个成员。",
            "Regional organisation of Arab states, founded on 22 March 1945, with 22 members.",
        ),
        valid_from=datetime.date(1945, 3, 22),
    ),
    _package(
        "sco",
        GroupingKind.REGIONAL_ORGANISATION,
        32,
        "SCO",
        ("上海合作组织", "Shanghai Cooperation Organisation"),
        (
            "2001年6月15日在上海成立的欧亚地区政府间国际组织。",
            "Eurasian intergovernmental organisation founded in Shanghai on 15 June 2001.",
        ),
        valid_from=datetime.date(2001, 6, 15),
    ),
    _package(
        "saarc",
        GroupingKind.REGIONAL_ORGANISATION,
        33,
        "SAARC",
        ("南亚区域合作联盟（南盟）", "South Asian Association for Regional Cooperation"),
        (
            "1985年12月8日成立的南亚国家区域合作组织。",
            "Regional organisation of South Asian states, founded on 8 December 1985.",
        ),
        valid_from=datetime.date(1985, 12, 8),
    ),
    _package(
        "carec",
        GroupingKind.INITIATIVE,
        34,
        "CAREC",
        ("中亚区域经济合作", "Central Asia Regional Economic Cooperation"),
        (
            "由亚洲开发银行支持的中亚及周边国家区域经济合作机制。",
            "Regional economic cooperation programme of Central Asian and neighbouring "
            "countries, supported by the Asian Development Bank.",
        ),
    ),
    _m49(
        "central-asia",
        40,
        "143",
        ("中亚", "Central Asia"),
        (
            "联合国M49标准的“中亚”分区：哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、土库曼斯坦、乌兹别克斯坦。",
            "The UN M49 sub-region “Central Asia”: Kazakhstan, Kyrgyzstan, Tajikistan, "
            "Turkmenistan and Uzbekistan.",
        ),
    ),
    _m49(
        "south-asia",
        41,
        "034",
        ("南亚", "South Asia"),
        (
            "联合国M49标准的“南亚”分区（M49将伊朗列入南亚）。",
            "The UN M49 sub-region “Southern Asia” (M49 places Iran in Southern Asia).",
        ),
    ),
    _package(
        "ldcs",
        GroupingKind.UN_CATEGORY,
        50,
        "LDCs",
        ("最不发达国家", "Least developed countries"),
        (
            "联合国大会认定的最不发达国家类别（1971年11月18日设立）；毕业国家保留历史记录。",
            "The UN General Assembly's category of least developed countries (established "
            "on 18 November 1971); countries that graduated keep their history.",
        ),
        valid_from=datetime.date(1971, 11, 18),
    ),
    _package(
        "oecd",
        GroupingKind.INTERGOVERNMENTAL_ORGANISATION,
        60,
        "OECD",
        (
            "经济合作与发展组织（经合组织）",
            "Organisation for Economic Co-operation and Development",
        ),
        (
            "1961年9月30日成立的政府间经济组织。",
            "Intergovernmental economic organisation founded on 30 September 1961.",
        ),
        valid_from=datetime.date(1961, 9, 30),
    ),
    _package(
        "g20",
        GroupingKind.FORUM,
        61,
        "G20",
        ("二十国集团", "Group of Twenty"),
        (
            "国际经济合作主要论坛。欧盟和非洲联盟也是成员，但不是国家，不在本名单中。",
            "Premier forum for international economic cooperation. The European Union and "
            "the African Union are also members; they are not countries and are not listed.",
        ),
    ),
    GroupingSpec(
        code="brics",
        kind=GroupingKind.FORUM,
        position=62,
        acronym="BRICS",
        name_zh_hans="金砖国家",
        name_en="BRICS",
        description_zh_hans=(
            "新兴市场国家合作机制。2024年1月1日埃及、埃塞俄比亚、伊朗、阿联酋加入，"
            "2025年1月6日印度尼西亚加入。沙特阿拉伯受邀于2024年加入，但未正式确认，"
            "本名单未列入；“伙伴国”亦不列入。"
        ),
        description_en=(
            "Cooperation mechanism of emerging economies. Egypt, Ethiopia, Iran and the "
            "United Arab Emirates joined on 1 January 2024, Indonesia on 6 January 2025. "
            "Saudi Arabia was invited to join in 2024 but has not formally confirmed, so it "
            "is not listed; nor are the BRICS partner countries."
        ),
        rule_zh_hans=(
            "创始五国取自 {wcg} 软件包（brics）；2024年和2025年新成员及其加入日期取自平台整理的"
            "成员变动（stcoop/geo/data/membership_updates.csv）。该软件包的brics11名单把沙特阿拉伯"
            "列为成员，本平台不采用。"
        ),
        rule_en=(
            "The five founding members come from the {wcg} package (brics); the members "
            "that joined in 2024 and 2025, with their dates, come from the platform's curated "
            "membership changes (stcoop/geo/data/membership_updates.csv). The package's "
            "brics11 list counts Saudi Arabia as a member; the platform does not."
        ),
        package_group="brics",
        valid_from=datetime.date(2009, 6, 16),
        source_name="{wcg} (brics), with curated 2024–2025 accessions",
        source_url=WORLDCOUNTRYGROUPS.url,
        source_version="{wcg}",
    ),
    _package(
        "eu",
        GroupingKind.REGIONAL_ORGANISATION,
        63,
        "EU",
        ("欧洲联盟（欧盟）", "European Union"),
        (
            "1993年11月1日《马斯特里赫特条约》生效后成立的欧洲国家联盟；英国于2020年1月31日退出。",
            "Union of European states established when the Maastricht Treaty entered into "
            "force on 1 November 1993; the United Kingdom left on 31 January 2020.",
        ),
        valid_from=datetime.date(1993, 11, 1),
    ),
)


def grouping_spec(code: str) -> GroupingSpec | None:
    """The spec with ``code``, if the platform loads such a grouping."""
    return next((spec for spec in GROUPINGS if spec.code == code), None)
