"""Demo step: cooperation bases of every kind in several provinces, their decisions and
yearly self-reports.

Bases are owned by the demo's base units (the base manager ``base`` manages the
China-ASEAN Technology Transfer Center) or by the university, enterprise or provincial
division that runs them. One base is warned, one revoked, one under evaluation and one
has only applied; the others are designated. Self-reports cover the last two or three
years. Names, reasons and narratives are given in Chinese and English.
"""

from __future__ import annotations

import datetime
import decimal
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep

MOST = "科学技术部"


@dataclass(frozen=True)
class Decision:
    """A step of a base's lifecycle: the status it moved to, when, and why."""

    status: str
    date: str
    reason: str = ""


@dataclass(frozen=True)
class BaseSpec:
    """One demo base. ``owner`` is ``("unit", key)`` for a keyed demo unit or
    ``(province key, Chinese name)`` for a base unit under a province."""

    zh: str
    en: str
    kind: str
    province: str
    city: str
    owner: tuple[str, str]
    applied: str
    decisions: tuple[Decision, ...] = ()
    host: str = ""
    country: str = ""
    partner_countries: tuple[str, ...] = ()
    partner_organisations: tuple[str, ...] = ()
    fields_zh: tuple[str, ...] = ()
    designating_body: str = MOST
    batch: str = ""
    acronym: str = ""
    description_zh: str = ""
    description_en: str = ""
    reports: tuple[str, ...] = ()  # statuses of the reports, oldest year first
    scale: int = 10


def _designated(day: str) -> tuple[Decision, ...]:
    return (Decision("designated", day),)


BASES: tuple[BaseSpec, ...] = (
    BaseSpec(
        "中国—东盟技术转移中心",
        "China-ASEAN Technology Transfer Center",
        "tech_transfer_centre",
        "CN-GX",
        "南宁",
        ("unit", "asean-centre"),
        "2013-05-20",
        _designated("2013-09-10"),
        host="China-ASEAN Technology Transfer Center",
        partner_countries=("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"),
        partner_organisations=(
            "Chulalongkorn University",
            "University of Malaya",
            "Vietnam Academy of Science and Technology",
            "National University of Singapore",
        ),
        fields_zh=("技术转移", "农业科技", "新能源"),
        batch="2013年",
        acronym="CATTC",
        description_zh="面向东盟国家的技术转移与创新合作平台，建有双边技术转移工作组和跨境技术对接网络。",
        description_en=(
            "Technology transfer and innovation cooperation platform for the ASEAN countries, "
            "with bilateral working groups and a cross-border technology matching network."
        ),
        reports=("accepted", "accepted", "submitted"),
        scale=30,
    ),
    BaseSpec(
        "中国国际技术转移中心",
        "China International Technology Transfer Center",
        "tech_transfer_centre",
        "CN-BJ",
        "北京",
        ("beijing", "中国国际技术转移中心"),
        "2010-11-02",
        _designated("2011-03-15"),
        partner_countries=("DE", "AU", "SG"),
        partner_organisations=("Fraunhofer Society",),
        fields_zh=("技术转移", "知识产权"),
        batch="2011年",
        acronym="CITTC",
        description_zh="国家级国际技术转移服务机构，开展跨国技术对接、评估和交易服务。",
        description_en=(
            "National international technology transfer service: cross-border technology "
            "matching, assessment and transactions."
        ),
    ),
    BaseSpec(
        "北京量子信息国际联合研究中心",
        "Beijing International Joint Research Center for Quantum Information",
        "joint_research_centre",
        "CN-BJ",
        "北京",
        ("beijing", "北京量子信息国际联合研究中心"),
        "2017-04-12",
        (
            Decision("designated", "2017-12-01"),
            Decision("under_evaluation", "2025-03-01", "五年期评估。(Five-year evaluation.)"),
        ),
        host="Tsinghua University",
        partner_countries=("DE",),
        partner_organisations=("Max Planck Society",),
        fields_zh=("量子信息", "量子计算"),
        batch="2017年第二批",
        description_zh="与德国合作伙伴联合开展量子通信与量子计算基础研究。",
        description_en="Joint basic research on quantum communication and quantum computing "
        "with German partners.",
    ),
    BaseSpec(
        "广东新一代信息技术国际联合研究中心",
        "Guangdong International Joint Research Center for Next-Generation Information Technology",
        "joint_research_centre",
        "CN-GD",
        "深圳",
        ("guangdong", "广东新一代信息技术国际联合研究中心"),
        "2018-03-05",
        _designated("2018-11-20"),
        host="Sun Yat-sen University",
        partner_countries=("SG", "DE"),
        partner_organisations=("National University of Singapore", "Huawei Technologies (China)"),
        fields_zh=("信息技术", "人工智能", "集成电路"),
        batch="2018年",
        description_zh="面向新一代通信与智能计算的国际联合研究平台。",
        description_en="International joint research platform for next-generation "
        "communications and intelligent computing.",
        reports=("accepted", "draft"),
        scale=20,
    ),
    BaseSpec(
        "云南生物多样性国际联合研究中心",
        "Yunnan International Joint Research Center for Biodiversity",
        "joint_research_centre",
        "CN-YN",
        "昆明",
        ("yunnan", "云南生物多样性国际联合研究中心"),
        "2015-06-18",
        (
            Decision("designated", "2016-01-08"),
            Decision("under_evaluation", "2024-03-01", "定期评估。(Regular evaluation.)"),
            Decision(
                "warned",
                "2024-09-15",
                "评估发现新增国际合作项目明显减少，年度报告逾期提交，限期一年整改。"
                "(The evaluation found far fewer new international projects and a late "
                "yearly report; one year to remedy.)",
            ),
        ),
        partner_countries=("TH", "VN", "LA", "MM"),
        partner_organisations=(
            "Chulalongkorn University",
            "Vietnam Academy of Science and Technology",
        ),
        fields_zh=("生物多样性", "生态保护"),
        batch="2016年",
        description_zh="与湄公河流域国家合作开展生物多样性调查与保护研究。",
        description_en="Biodiversity surveys and conservation research with the countries of "
        "the Mekong basin.",
        reports=("accepted", "accepted"),
        scale=6,
    ),
    BaseSpec(
        "中国—南亚技术转移中心",
        "China-South Asia Technology Transfer Center",
        "tech_transfer_centre",
        "CN-YN",
        "昆明",
        ("yunnan", "中国—南亚技术转移中心"),
        "2014-02-10",
        _designated("2014-06-05"),
        partner_countries=("PK", "BD", "LK", "NP"),
        fields_zh=("技术转移", "农业科技"),
        batch="2014年",
        description_zh="面向南亚国家的技术转移与创新合作平台。",
        description_en="Technology transfer and innovation cooperation platform for South Asia.",
    ),
    BaseSpec(
        "上海人工智能国际联合研究中心",
        "Shanghai International Joint Research Center for Artificial Intelligence",
        "joint_research_centre",
        "CN-SH",
        "上海",
        ("shanghai", "上海人工智能国际联合研究中心"),
        "2025-04-01",
        partner_countries=("SG", "DE"),
        fields_zh=("人工智能",),
        designating_body="",
        description_zh="申报中的人工智能国际联合研究平台。",
        description_en="Artificial intelligence joint research platform, application pending.",
    ),
    BaseSpec(
        "江苏先进制造国际联合研究中心",
        "Jiangsu International Joint Research Center for Advanced Manufacturing",
        "joint_research_centre",
        "CN-JS",
        "苏州",
        ("jiangsu", "江苏先进制造国际联合研究中心"),
        "2015-03-01",
        (
            Decision("designated", "2016-01-08"),
            Decision("under_evaluation", "2021-03-01", "定期评估。(Regular evaluation.)"),
            Decision(
                "warned",
                "2021-10-10",
                "连续两年未开展实质性国际合作。(No substantial international cooperation for "
                "two years.)",
            ),
            Decision(
                "revoked",
                "2023-01-20",
                "整改期满仍未达到要求，撤销认定。(Requirements still unmet after the remedy "
                "period; designation revoked.)",
            ),
        ),
        partner_countries=("DE",),
        partner_organisations=("Fraunhofer Institute for Systems and Innovation Research",),
        fields_zh=("先进制造",),
        batch="2016年",
        description_zh="先进制造领域的国际联合研究平台。",
        description_en="International joint research platform for advanced manufacturing.",
    ),
    BaseSpec(
        "四川生物医药国际联合研究中心",
        "Sichuan International Joint Research Center for Biomedicine",
        "joint_research_centre",
        "CN-SC",
        "成都",
        ("sichuan", "四川生物医药国际联合研究中心"),
        "2019-02-14",
        _designated("2019-10-30"),
        partner_countries=("AU", "EG"),
        partner_organisations=(
            "Commonwealth Scientific and Industrial Research Organisation",
            "World Health Organization",
        ),
        fields_zh=("生物医药", "中医药"),
        batch="2019年",
        description_zh="与澳大利亚等国合作开展新药研发与传统医药国际化研究。",
        description_en="Drug discovery and research on traditional medicine with partners in "
        "Australia and elsewhere.",
        reports=("accepted", "returned", "draft"),
        scale=12,
    ),
    BaseSpec(
        "中以常州创新园",
        "China-Israel Changzhou Innovation Park",
        "innovation_park",
        "CN-JS",
        "常州",
        ("unit", "jiangsu-international"),
        "2015-01-12",
        _designated("2015-09-01"),
        partner_countries=("IL",),
        fields_zh=("医疗器械", "现代农业", "新材料"),
        batch="2015年",
        description_zh="中以两国共建的科技创新合作园区。",
        description_en="Science and technology innovation park built jointly by China and Israel.",
    ),
    BaseSpec(
        "中山大学示范型国际科技合作基地",
        "Sun Yat-sen University Demonstration-type International S&T Cooperation Base",
        "demonstration_base",
        "CN-GD",
        "广州",
        ("unit", "university:中山大学"),
        "2016-03-01",
        _designated("2016-12-20"),
        host="Sun Yat-sen University",
        partner_countries=("DE", "AU"),
        partner_organisations=(
            "Fraunhofer Society",
            "Commonwealth Scientific and Industrial Research Organisation",
        ),
        fields_zh=("海洋科学", "公共卫生"),
        batch="2016年",
        description_zh="依托中山大学建设的示范型国际科技合作基地。",
        description_en="Demonstration-type cooperation base hosted by Sun Yat-sen University.",
    ),
    BaseSpec(
        "中德智能制造联合实验室",
        "Sino-German Joint Laboratory for Intelligent Manufacturing",
        "joint_laboratory",
        "CN-SH",
        "上海",
        ("unit", "university:上海交通大学"),
        "2019-05-01",
        _designated("2019-12-01"),
        partner_countries=("DE",),
        partner_organisations=("Fraunhofer Institute for Systems and Innovation Research",),
        fields_zh=("智能制造", "工业软件"),
        designating_body="上海市科学技术委员会",
        batch="2019年",
        description_zh="与德国弗劳恩霍夫研究所共建的智能制造联合实验室。",
        description_en="Joint laboratory for intelligent manufacturing with a Fraunhofer "
        "institute.",
    ),
    BaseSpec(
        "深圳华瑞新能源德国研发中心",
        "Shenzhen Huarui New Energy R&D Centre Germany",
        "overseas_rd_centre",
        "",
        "慕尼黑",
        ("unit", "enterprise:深圳华瑞新能源科技有限公司"),
        "2021-02-01",
        _designated("2021-08-18"),
        host="Shenzhen Huarui New Energy Technology Co., Ltd.",
        country="DE",
        partner_countries=("DE",),
        fields_zh=("新能源", "储能"),
        designating_body="广东省科学技术厅",
        batch="2021年",
        description_zh="企业在德国设立的储能技术研发中心。",
        description_en="The company's energy-storage research centre in Germany.",
        reports=("accepted", "accepted"),
        scale=4,
    ),
    BaseSpec(
        "中国—阿拉伯国家技术转移中心",
        "China-Arab States Technology Transfer Center",
        "tech_transfer_centre",
        "CN-NX",
        "银川",
        ("ningxia", "中国—阿拉伯国家技术转移中心"),
        "2015-05-10",
        _designated("2015-09-10"),
        partner_countries=("EG", "SA", "AE", "JO"),
        partner_organisations=("Cairo University",),
        fields_zh=("技术转移", "节水农业"),
        batch="2015年",
        description_zh="面向阿拉伯国家的技术转移与创新合作平台。",
        description_en="Technology transfer and innovation cooperation platform for the Arab "
        "states.",
    ),
    BaseSpec(
        "中国—中亚科技合作中心",
        "China-Central Asia Science and Technology Cooperation Center",
        "tech_transfer_centre",
        "CN-XJ",
        "乌鲁木齐",
        ("xinjiang", "中国—中亚科技合作中心"),
        "2013-04-01",
        _designated("2013-10-15"),
        partner_countries=("KZ", "UZ", "KG", "TJ"),
        partner_organisations=("Al-Farabi Kazakh National University",),
        fields_zh=("技术转移", "生态环境"),
        batch="2013年",
        description_zh="面向中亚国家的科技合作与技术转移平台。",
        description_en="Science and technology cooperation and technology transfer platform "
        "for Central Asia.",
    ),
)

NARRATIVE_ZH = (
    "本年度围绕{fields}领域与合作伙伴开展联合研究和技术转移，新增国际合作项目{new}项，"
    "接待外国专家{experts}人次，培训技术人员{trained}人。"
)
NARRATIVE_EN = (
    "This year the base worked with its partners on joint research and technology "
    "transfer: {new} new international projects, {experts} visits by foreign experts and "
    "{trained} people trained."
)


def _owner(context: DemoContext, spec: BaseSpec) -> Any:
    from stcoop.accounts.models import OrganisationUnit

    first, second = spec.owner
    if first == "unit":
        return context.units.get(second)
    province = context.units.get(first)
    if province is None:
        return None
    return OrganisationUnit.objects.filter(parent=province, name_zh_hans=second).first()


def _figures(rng: random.Random, scale: int, growth: float) -> dict[str, Any]:
    def count(base: int) -> int:
        return max(0, round(base * scale * growth * rng.uniform(0.8, 1.2) / 10))

    def money(base: int) -> decimal.Decimal:
        value = base * scale * growth * rng.uniform(0.8, 1.2) / 10
        return decimal.Decimal(round(value)) * 10_000

    return {
        "projects_running": count(25),
        "new_international_projects": count(8),
        "foreign_experts_hosted": count(40),
        "people_trained": count(150),
        "joint_publications": count(12),
        "patents_filed": count(9),
        "patents_granted": count(5),
        "standards": count(2),
        "transfer_contracts": count(15),
        "transfer_value": money(800),
        "funding_central": money(300),
        "funding_local": money(200),
        "funding_enterprise": money(250),
        "funding_foreign": money(60),
        "funding_other": money(20),
    }


def _reports(context: DemoContext, spec: BaseSpec, base: Any) -> None:
    from stcoop.bases.models import SelfReport
    from stcoop.bases.services import report_create, report_set_status

    actor = context.require_actor()
    this_year = timezone.localdate().year
    count = len(spec.reports)
    for index, status in enumerate(spec.reports):
        year = this_year - count + index
        if SelfReport.objects.filter(base=base, year=year).exists():
            context.report.count("base self-reports", created=False)
            continue
        figures = _figures(context.rng, spec.scale, 1 + 0.15 * index)
        fields_zh = "、".join(spec.fields_zh)
        report = report_create(
            actor=actor,
            base=base,
            year=year,
            narrative_zh_hans=NARRATIVE_ZH.format(
                fields=fields_zh,
                new=figures["new_international_projects"],
                experts=figures["foreign_experts_hosted"],
                trained=figures["people_trained"],
            ),
            narrative_en=NARRATIVE_EN.format(
                new=figures["new_international_projects"],
                experts=figures["foreign_experts_hosted"],
                trained=figures["people_trained"],
            ),
            **figures,
        )
        comment = ""
        if status == "returned":
            comment = (
                "请补充经费来源说明和合作项目清单。"
                "(Please explain the funding sources and list the cooperation projects.)"
            )
        if status != "draft":
            report_set_status(actor=actor, report=report, status=status, comment=comment)
        context.report.count("base self-reports", created=True)


def bases_demo(context: DemoContext) -> None:
    """Create the demo bases not there yet (matched by their Chinese names), their
    decisions and reports."""
    from stcoop.bases.models import CooperationBase
    from stcoop.bases.services import base_create, base_status_change
    from stcoop.geo.models import Country
    from stcoop.organisations.models import Organisation

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.all()}
    organisations = {o.name_en: o for o in Organisation.objects.exclude(name_en="")}
    total = len(BASES)
    for done, spec in enumerate(BASES, start=1):
        context.tick("cooperation bases", done, total)
        base = CooperationBase.objects.filter(name_zh_hans=spec.zh).first()
        if base is None:
            owner = _owner(context, spec)
            if owner is None:
                context.report.notes.append(f"Base skipped: no demo unit for {spec.zh}.")
                continue
            if spec.kind == "overseas_rd_centre" and spec.country not in countries:
                context.report.notes.append(f"Base skipped: no country {spec.country}.")
                continue
            designated = bool(spec.decisions)
            base = base_create(
                actor=actor,
                owner_unit=owner,
                kind=spec.kind,
                visibility=Visibility.PUBLIC if designated else Visibility.INTERNAL,
                name_zh_hans=spec.zh,
                name_en=spec.en,
                acronym=spec.acronym,
                host_organisation=organisations.get(spec.host) if spec.host else None,
                province=spec.province,
                city=spec.city,
                country=countries.get(spec.country) if spec.country else None,
                partner_countries=[countries[c] for c in spec.partner_countries if c in countries],
                partner_organisations=[
                    organisations[o] for o in spec.partner_organisations if o in organisations
                ],
                disciplines=list(spec.fields_zh),
                description_zh_hans=spec.description_zh,
                description_en=spec.description_en,
                designating_body=spec.designating_body if designated else "",
                batch=spec.batch if designated else "",
                status_date=datetime.date.fromisoformat(spec.applied),
                status_reason="提交认定申请。(Application submitted.)",
            )
            for decision in spec.decisions:
                base_status_change(
                    actor=actor,
                    base=base,
                    status=decision.status,
                    date=datetime.date.fromisoformat(decision.date),
                    reason=decision.reason,
                )
            context.report.count("cooperation bases", created=True)
        else:
            context.report.count("cooperation bases", created=False)
        _reports(context, spec, base)


def bases_demo_reset(context: DemoContext) -> None:
    """Delete every base a demo unit owns (with its decisions and reports)."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.bases.models import CooperationBase, SelfReport
    from stcoop.demo.accounts import demo_root_units

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    units = OrganisationUnit.objects.filter(condition)
    SelfReport.objects.filter(owner_unit__in=units).delete()
    CooperationBase.objects.filter(owner_unit__in=units).delete()


demo_steps = [DemoStep("bases", bases_demo, bases_demo_reset)]
