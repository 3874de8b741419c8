"""Demo step: technology offers and requests of the demo organisations.

Every profile here is invented; they point at the demo organisations
(:mod:`stcoop.organisations.demo`) by English name and at demo people by Latin-script
name. Dates are counted back from the day the demo runs, so some profiles are current,
some expired, some still drafts. Patent numbers are made up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class ProfileSpec:
    """One demo profile; ``age`` is the days since publication (``None``: a draft),
    ``expired`` moves the expiry date into the past."""

    kind: str
    organisation: str
    zh: str
    en: str
    desc_zh: str
    desc_en: str
    sectors: tuple[str, ...]
    cooperation: tuple[str, ...]
    trl: int | None = None
    ip: str = ""
    patents: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    groupings: tuple[str, ...] = ()
    age: int | None = 30
    expired: bool = False
    status: str = "published"
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC
    contact: str = ""


PROFILES: tuple[ProfileSpec, ...] = (
    ProfileSpec(
        "technology_offer",
        "Tsinghua University",
        "高稳定性钙钛矿叠层太阳能电池制备技术",
        "Moisture-stable perovskite tandem solar cells",
        "课题组开发了一种低成本的钙钛矿/晶硅叠层电池制备工艺，组件在湿热环境下稳定运行超过2000小时，寻求海外光伏企业开展技术许可或联合中试。",
        "A low-cost process for perovskite-on-silicon tandem cells; modules ran for more than "
        "2,000 hours in damp heat. Seeking photovoltaic manufacturers abroad for licensing or "
        "a joint pilot line.",
        ("new_energy", "new_materials"),
        ("licence", "technical"),
        trl=5,
        ip="granted_patent",
        patents=("CN114000001B", "WO2023000001A1"),
        keywords=("钙钛矿", "叠层电池", "perovskite"),
        countries=("DE", "SG"),
        groupings=("asean",),
        owner="beijing",
        contact="Zihan Lin",
    ),
    ProfileSpec(
        "technology_offer",
        "Shenzhen Huarui New Energy Technology Co., Ltd.",
        "固态锂电池电解质膜量产技术",
        "Solid-state electrolyte films for lithium batteries",
        "公司掌握氧化物-聚合物复合固态电解质膜连续涂布工艺，已建成中试线，希望在东南亚寻找储能系统集成合作伙伴。",
        "Continuous coating of oxide-polymer composite electrolyte films, proven on a pilot "
        "line. Looking for energy-storage integrators in South-East Asia.",
        ("new_energy", "advanced_manufacturing"),
        ("commercial_assistance", "joint_venture"),
        trl=7,
        ip="patent_applied",
        patents=("CN115000002A",),
        keywords=("固态电池", "储能"),
        countries=("TH", "MY", "VN"),
        groupings=("asean",),
        owner="enterprise:深圳华瑞新能源科技有限公司",
        contact="Haoran Wu",
        age=60,
    ),
    ProfileSpec(
        "technology_request",
        "Chulalongkorn University",
        "寻求耐盐水稻分子育种技术",
        "Molecular breeding of salt-tolerant rice sought",
        "合作方希望引进耐盐碱水稻分子标记辅助育种技术，并在湄公河三角洲开展田间试验。",
        "We seek marker-assisted breeding methods for salt-tolerant rice and partners for "
        "field trials in river deltas.",
        ("agriculture",),
        ("research", "technical"),
        trl=4,
        keywords=("rice", "salt tolerance", "水稻"),
        countries=("CN",),
        owner="yunnan",
        age=90,
        contact="Kittipong Srisuk",
    ),
    ProfileSpec(
        "technology_offer",
        "Fraunhofer Institute for Systems and Innovation Research",
        "",
        "Method for assessing technology transfer readiness of SMEs",
        "",
        "A validated questionnaire and scoring method that tells small manufacturers which "
        "research results they can absorb. Offered under licence with training.",
        ("advanced_manufacturing", "other"),
        ("licence", "commercial_assistance"),
        trl=8,
        ip="copyright",
        keywords=("technology transfer", "SME"),
        countries=("CN",),
        contact="Katrin Vogelsang",
        age=400,
        expired=True,
    ),
    ProfileSpec(
        "rd_request",
        "Sun Yat-sen University",
        "珊瑚礁修复技术国际研发伙伴征集",
        "Partners wanted for coral reef restoration research",
        "拟申请国际合作项目，寻找在珊瑚幼体培育和礁体监测方面有经验的海外研究团队。",
        "We are preparing a joint proposal and seek teams experienced in coral larval "
        "rearing and reef monitoring.",
        ("marine", "environment"),
        ("research",),
        keywords=("珊瑚礁", "coral reefs"),
        countries=("AU", "TH", "MY"),
        owner="guangdong",
        contact="Jiayi Chen",
        age=20,
    ),
    ProfileSpec(
        "technology_offer",
        "Huawei Technologies (China)",
        "面向工业园区的5G专网部署方案",
        "Private 5G networks for industrial parks",
        "提供工业园区5G专网规划、部署与运维整体方案，可与当地运营商合作。",
        "Planning, deployment and operation of private 5G networks for industrial parks, "
        "together with local operators.",
        ("ict",),
        ("commercial_assistance", "supplier"),
        trl=9,
        ip="granted_patent",
        patents=("CN110000003B",),
        keywords=("5G", "工业互联网"),
        groupings=("bri",),
        owner="guangdong",
        age=200,
    ),
    ProfileSpec(
        "business_offer",
        "China-ASEAN Technology Transfer Center",
        "中国—东盟技术转移对接服务",
        "Technology matchmaking between China and ASEAN",
        "为中国与东盟国家企业和科研机构提供技术需求征集、项目对接和跨境技术转移咨询服务。",
        "Collecting technology needs and arranging matchmaking and cross-border transfer "
        "advice for firms and institutes in China and ASEAN countries.",
        ("other",),
        ("commercial_assistance",),
        keywords=("技术转移", "matchmaking"),
        groupings=("asean",),
        owner="asean-centre",
        age=10,
    ),
    ProfileSpec(
        "technology_request",
        "University of Malaya",
        "",
        "Low-cost water purification for rural clinics",
        "",
        "A rural health programme seeks compact membrane or UV systems that purify water "
        "for small clinics without a stable power supply.",
        ("water", "biomedicine"),
        ("technical", "supplier"),
        trl=6,
        keywords=("water purification", "clinics"),
        countries=("CN",),
        owner="asean-centre",
        age=45,
    ),
    ProfileSpec(
        "technology_offer",
        "Zhejiang University",
        "中小制造企业数字孪生平台",
        "Digital twin platform for small manufacturers",
        "面向中小制造企业的轻量化数字孪生平台，已在纺织和机械加工企业应用。",
        "A lightweight digital-twin platform used by textile and machining firms.",
        ("advanced_manufacturing", "ict"),
        ("licence", "research"),
        trl=7,
        ip="copyright",
        keywords=("数字孪生", "智能制造"),
        countries=("DE", "KZ"),
        groupings=("sco",),
        owner="ministry-international",
        contact="Mingyuan Zhou",
        age=380,
        expired=True,
    ),
    ProfileSpec(
        "technology_offer",
        "Commonwealth Scientific and Industrial Research Organisation",
        "",
        "Drought-tolerant wheat lines and field data",
        "",
        "Wheat lines selected for dry conditions, with ten years of field data. Offered for "
        "joint evaluation in arid regions.",
        ("agriculture",),
        ("research", "licence"),
        trl=6,
        ip="other",
        keywords=("drought", "wheat"),
        countries=("CN", "KZ", "EG"),
        contact="Olivia Reid",
        age=120,
    ),
    ProfileSpec(
        "business_request",
        "Al-Farabi Kazakh National University",
        "寻求冰川监测设备供应商",
        "Suppliers of glacier monitoring equipment sought",
        "计划建设冰川与融水监测站网，寻找自动气象站和雷达设备供应商。",
        "We plan a network of glacier and melt-water stations and seek suppliers of "
        "automatic weather stations and radar equipment.",
        ("environment", "water"),
        ("supplier",),
        keywords=("冰川", "glacier"),
        countries=("CN",),
        groupings=("sco", "central-asia"),
        owner="yunnan",
        age=500,
        expired=True,
    ),
    ProfileSpec(
        "technology_offer",
        "Max Planck Society",
        "",
        "Compact optical lattice clock",
        "",
        "A transportable optical clock for geodesy and network timing, seeking an "
        "industrial partner for a product version.",
        ("ict", "aerospace"),
        ("licence", "joint_venture"),
        trl=4,
        ip="patent_applied",
        patents=("EP4000004A1",),
        keywords=("atomic clock",),
        countries=("CN",),
        contact="Jonas Hartmann",
        age=15,
    ),
    ProfileSpec(
        "rd_request",
        "Vietnam Academy of Science and Technology",
        "登革热媒介监测联合研究",
        "Joint research on dengue vector surveillance",
        "寻找在蚊媒监测和社区防控方面有经验的中国研究团队共同申请项目。",
        "Looking for Chinese teams experienced in mosquito surveillance and community "
        "control for a joint proposal.",
        ("biomedicine", "environment"),
        ("research",),
        keywords=("登革热", "dengue"),
        countries=("CN",),
        owner="yunnan",
        contact="Nguyen Thi Lan",
        age=35,
    ),
    ProfileSpec(
        "technology_offer",
        "Sun Yat-sen University",
        "新型抗疟药物候选化合物",
        "Antimalarial drug candidates",
        "一类青蒿素衍生物候选化合物，已完成临床前研究，寻求国际药企合作开发。",
        "A series of artemisinin derivatives with completed preclinical studies, seeking "
        "pharmaceutical partners for joint development.",
        ("biomedicine",),
        ("licence", "investment"),
        trl=5,
        ip="granted_patent",
        patents=("CN113000005B",),
        keywords=("疟疾", "malaria"),
        groupings=("bri",),
        owner="guangdong",
        age=None,
        status="draft",
    ),
    ProfileSpec(
        "technology_request",
        "Cairo University",
        "",
        "Solar-powered desalination for small communities",
        "",
        "We seek proven solar desalination units of 5 to 50 cubic metres a day for pilot "
        "sites, with training of local technicians.",
        ("water", "new_energy"),
        ("technical", "commercial_assistance"),
        trl=7,
        countries=("CN",),
        age=70,
    ),
    ProfileSpec(
        "technology_offer",
        "National University of Singapore",
        "",
        "Grid-forming inverters for island microgrids",
        "",
        "Control firmware that lets battery inverters run small island grids without "
        "diesel generators.",
        ("new_energy", "ict"),
        ("licence", "research"),
        trl=6,
        ip="granted_patent",
        patents=("SG11202000006A",),
        countries=("CN", "MY"),
        contact="Tan Wei Ming",
        age=25,
    ),
    ProfileSpec(
        "business_offer",
        "Shenzhen Huarui New Energy Technology Co., Ltd.",
        "储能系统本地化组装合作",
        "Local assembly of energy-storage systems",
        "愿与海外合作伙伴成立合资企业，在当地组装储能系统并提供售后服务。",
        "We offer a joint venture to assemble energy-storage systems locally and service them.",
        ("new_energy",),
        ("joint_venture", "investment"),
        countries=("TH", "EG"),
        owner="enterprise:深圳华瑞新能源科技有限公司",
        age=None,
        status="draft",
        visibility=Visibility.INTERNAL,
    ),
    ProfileSpec(
        "technology_offer",
        "Tsinghua University",
        "城市污水低碳处理工艺",
        "Low-carbon municipal wastewater treatment",
        "基于厌氧氨氧化的城市污水处理工艺，能耗较传统工艺降低30%。",
        "An anammox-based process that uses 30% less energy than conventional treatment.",
        ("environment", "water"),
        ("licence", "technical"),
        trl=8,
        ip="trade_secret",
        countries=("VN", "KZ"),
        owner="beijing",
        age=420,
        expired=True,
    ),
    ProfileSpec(
        "technology_request",
        "World Health Organization",
        "",
        "Rapid diagnostic tests for vector-borne diseases",
        "",
        "Call for low-cost rapid tests for dengue and chikungunya suitable for primary care.",
        ("biomedicine",),
        ("supplier", "research"),
        trl=6,
        countries=("CN",),
        contact="Maria Santos",
        age=None,
        status="withdrawn",
    ),
    ProfileSpec(
        "technology_offer",
        "Fraunhofer Society",
        "",
        "Laser cladding for repair of turbine parts",
        "",
        "Process and equipment design for restoring worn turbine blades by laser cladding.",
        ("advanced_manufacturing", "aerospace"),
        ("licence", "commercial_assistance"),
        trl=8,
        ip="granted_patent",
        patents=("DE102020000007B4",),
        countries=("CN",),
        age=5,
    ),
)


def _dates(spec: ProfileSpec, today: datetime.date) -> dict[str, Any]:
    if spec.age is None:
        return {}
    published = today - datetime.timedelta(days=spec.age)
    if spec.expired:
        return {"publication_date": published, "expiry_date": today - datetime.timedelta(days=3)}
    return {"publication_date": published}


def technologies_demo(context: DemoContext) -> None:
    """Create the demo profiles not there yet (matched by organisation and title)."""
    from stcoop.geo.models import Country, Grouping
    from stcoop.organisations.models import Organisation
    from stcoop.people.models import Person
    from stcoop.technologies.models import TechnologyProfile
    from stcoop.technologies.services import profile_create

    actor = context.require_actor()
    today = timezone.localdate()
    organisations = {
        o.name_en: o
        for o in Organisation.objects.filter(name_en__in={s.organisation for s in PROFILES})
    }
    contacts = {s.contact for s in PROFILES}
    people = {p.name_latin: p for p in Person.objects.filter(name_latin__in=contacts)}
    countries = {c.iso2: c for c in Country.objects.all()}
    groupings = {g.code: g for g in Grouping.objects.all()}
    total = len(PROFILES)
    for done, spec in enumerate(PROFILES, start=1):
        context.tick("technology profiles", done, total)
        organisation = organisations.get(spec.organisation)
        if organisation is None:
            context.report.notes.append(
                f"Technology profile skipped: no organisation '{spec.organisation}'."
            )
            continue
        title = Q(title_en=spec.en) if spec.en else Q(title_zh_hans=spec.zh)
        if TechnologyProfile.objects.filter(title, organisation=organisation).exists():
            context.report.count("technology profiles", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Technology profile skipped: no demo unit '{spec.owner}'.")
            continue
        profile_create(
            actor=actor,
            owner_unit=owner,
            kind=spec.kind,
            visibility=spec.visibility,
            organisation=organisation,
            contact_person=people.get(spec.contact),
            title_zh_hans=spec.zh,
            title_en=spec.en,
            description_zh_hans=spec.desc_zh,
            description_en=spec.desc_en,
            trl=spec.trl,
            ip_status=spec.ip,
            patent_numbers=list(spec.patents),
            sectors=list(spec.sectors),
            keywords=list(spec.keywords),
            cooperation=list(spec.cooperation),
            status=spec.status,
            target_countries=[countries[c] for c in spec.countries if c in countries],
            target_groupings=[groupings[g] for g in spec.groupings if g in groupings],
            **_dates(spec, today),
        )
        context.report.count("technology profiles", created=True)


def technologies_demo_reset(context: DemoContext) -> None:
    """Delete every profile a demo unit owns, so the units can be deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.technologies.models import TechnologyProfile

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    TechnologyProfile.objects.filter(
        owner_unit__in=OrganisationUnit.objects.filter(condition)
    ).delete()


demo_steps = [DemoStep("technologies", technologies_demo, technologies_demo_reset)]
