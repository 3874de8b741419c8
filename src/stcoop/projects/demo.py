"""Demo step: a national cooperation programme with sub-programmes, a provincial
programme and Horizon 2020, and invented cooperation projects with participants,
funding by source and outputs.

Every project, number and amount here is invented; participants are the demo
organisations (:mod:`stcoop.organisations.demo`, by English name) or, for partners not
in the registry, names as given. Programmes are matched by code and projects by number,
so running the step twice adds nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep

# (source, year or None, amount, currency)
Money = tuple[str, int | None, str, str]


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    zh: str
    en: str
    framework: str
    status: str
    start: str
    end: str
    acronym: str = ""
    parent: str = ""
    description_zh: str = ""
    description_en: str = ""
    budget: tuple[Money, ...] = ()
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


@dataclass(frozen=True)
class Participant:
    """An organisation by its English name in the demo, or ``name`` when not linked."""

    organisation: str
    role: str = "participant"
    country: str = ""
    funding: str = ""
    currency: str = "CNY"
    name: str = ""
    city: str = ""


@dataclass(frozen=True)
class OutputSpec:
    kind: str
    title: str
    year: int
    identifier: str = ""
    value: str = ""
    currency: str = ""
    quantity: int | None = None
    partner_country: str = ""
    description: str = ""


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    acronym: str
    zh: str
    en: str
    programme: str
    status: str
    start: str
    end: str
    disciplines: tuple[str, ...]
    keywords: tuple[str, ...]
    participants: tuple[Participant, ...]
    funding: tuple[Money, ...] = ()
    outputs: tuple[OutputSpec, ...] = ()
    abstract_zh: str = ""
    abstract_en: str = ""
    total_cost: str = ""
    currency: str = "CNY"
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC
    shared_with: tuple[str, ...] = field(default=())


NATIONAL = "NKRD-IIC"

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        NATIONAL,
        "国家重点研发计划“政府间国际科技创新合作”重点专项",
        "National Key R&D Programme: Intergovernmental International S&T Innovation Cooperation",
        "National Key R&D",
        "running",
        "2021-01-01",
        "2025-12-31",
        acronym="政府间合作专项",
        description_zh="支持落实政府间科技合作协定，与合作国家共同资助联合研究、技术转移和人才交流。",
        description_en=(
            "Funds joint research, technology transfer and researcher exchange under "
            "intergovernmental S&T agreements, co-funded with partner countries."
        ),
        budget=(
            ("central", 2023, "1200000000.00", "CNY"),
            ("central", 2024, "1350000000.00", "CNY"),
            ("local", 2024, "320000000.00", "CNY"),
            ("enterprise", 2024, "180000000.00", "CNY"),
            ("foreign", 2024, "45000000.00", "EUR"),
            ("other", None, "25000000.00", "CNY"),
        ),
    ),
    ProgrammeSpec(
        f"{NATIONAL}-ASEAN",
        "中国—东盟科技合作专题",
        "China-ASEAN Science and Technology Cooperation Theme",
        "National Key R&D",
        "open",
        "2023-01-01",
        "2025-12-31",
        parent=NATIONAL,
        budget=(("central", 2024, "210000000.00", "CNY"), ("local", 2024, "60000000.00", "CNY")),
        owner="guangdong",
    ),
    ProgrammeSpec(
        f"{NATIONAL}-EU",
        "中欧科技合作专题",
        "China-EU Science and Technology Cooperation Theme",
        "National Key R&D",
        "running",
        "2021-01-01",
        "2025-12-31",
        parent=NATIONAL,
        budget=(("central", 2024, "260000000.00", "CNY"), ("foreign", 2024, "30000000.00", "EUR")),
    ),
    ProgrammeSpec(
        f"{NATIONAL}-BRI",
        "“一带一路”联合实验室专题",
        "Belt and Road Joint Laboratories Theme",
        "National Key R&D",
        "running",
        "2022-01-01",
        "2026-12-31",
        parent=NATIONAL,
        budget=(
            ("central", 2024, "150000000.00", "CNY"),
            ("enterprise", 2024, "40000000.00", "CNY"),
        ),
        owner="yunnan",
    ),
    ProgrammeSpec(
        "GD-ISTC-2024",
        "广东省国际科技合作专项",
        "Guangdong International S&T Cooperation Programme",
        "Provincial",
        "open",
        "2024-01-01",
        "2026-12-31",
        description_zh="支持省内高校、科研院所和企业与港澳及海外机构开展联合研发。",
        description_en="Supports joint R&D of Guangdong universities, institutes and companies "
        "with partners in Hong Kong, Macao and abroad.",
        budget=(("local", 2024, "90000000.00", "CNY"), ("enterprise", 2024, "35000000.00", "CNY")),
        owner="guangdong",
        visibility=Visibility.INTERNAL,
    ),
    ProgrammeSpec(
        "H2020",
        "欧盟“地平线2020”研究与创新框架计划",
        "Horizon 2020",
        "H2020",
        "closed",
        "2014-01-01",
        "2020-12-31",
        acronym="H2020",
        budget=(("foreign", None, "77028000000.00", "EUR"),),
    ),
)

SYSU = "Sun Yat-sen University"
THU = "Tsinghua University"
ZJU = "Zhejiang University"
HUARUI = "Shenzhen Huarui New Energy Technology Co., Ltd."

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "2023YFE0101100",
        "PEROTAND",
        "高稳定钙钛矿/硅叠层太阳电池联合研发",
        "Joint development of stable perovskite/silicon tandem solar cells",
        f"{NATIONAL}-EU",
        "ongoing",
        "2023-07-01",
        "2026-06-30",
        ("材料科学", "Materials science"),
        ("钙钛矿", "perovskite", "tandem solar cells"),
        (
            Participant(THU, "coordinator", "CN", "3200000.00"),
            Participant("Fraunhofer Society", "participant", "DE", "450000.00", "EUR"),
            Participant("Max Planck Society", "partner", "DE"),
        ),
        funding=(
            ("central", 2023, "3200000.00", "CNY"),
            ("enterprise", 2024, "800000.00", "CNY"),
            ("foreign", 2023, "450000.00", "EUR"),
        ),
        outputs=(
            OutputSpec(
                "publication",
                "Moisture-stable perovskite layers for tandem cells",
                2024,
                "10.5555/demo.2024.031",
            ),
            OutputSpec("patent", "一种钙钛矿叠层电池的封装方法", 2024, "CN2024100000001"),
            OutputSpec(
                "people_trained", "联合培养博士研究生", 2025, quantity=6, partner_country="DE"
            ),
        ),
        abstract_zh="面向高效低成本光伏，中德双方联合攻关钙钛矿/硅叠层电池的湿热稳定性。",
        abstract_en="Chinese and German teams work together on the damp-heat stability of "
        "perovskite/silicon tandem cells for efficient, low-cost photovoltaics.",
        total_cost="8500000.00",
    ),
    ProjectSpec(
        "2023YFE0102200",
        "SMARTMFG",
        "面向中小企业的数字孪生智能制造技术",
        "Digital twins for smart manufacturing in small and medium enterprises",
        f"{NATIONAL}-EU",
        "ongoing",
        "2023-10-01",
        "2026-09-30",
        ("机械工程", "Mechanical engineering"),
        ("数字孪生", "industrial internet", "SME"),
        (
            Participant(ZJU, "coordinator", "CN", "2600000.00"),
            Participant(
                "Fraunhofer Institute for Systems and Innovation Research",
                "participant",
                "DE",
                "380000.00",
                "EUR",
            ),
        ),
        funding=(("central", 2023, "2600000.00", "CNY"), ("local", 2024, "600000.00", "CNY")),
        outputs=(
            OutputSpec(
                "standard", "中小企业数字孪生系统参考架构（团体标准）", 2025, "T/CMES 0001-2025"
            ),
            OutputSpec(
                "transfer_contract",
                "数字孪生产线监测软件许可",
                2025,
                value="1200000.00",
                currency="CNY",
            ),
        ),
        total_cost="5000000.00",
    ),
    ProjectSpec(
        "2022YFE0203300",
        "DENGUE-DELTA",
        "珠江三角洲与湄公河三角洲登革热媒介联合监测",
        "Joint surveillance of dengue vectors in the Pearl River and Mekong deltas",
        f"{NATIONAL}-ASEAN",
        "ongoing",
        "2022-12-01",
        "2025-11-30",
        ("公共卫生", "Public health"),
        ("登革热", "dengue", "vector surveillance"),
        (
            Participant(SYSU, "coordinator", "CN", "2100000.00"),
            Participant(
                "Vietnam Academy of Science and Technology", "participant", "VN", "600000.00"
            ),
            Participant("World Health Organization", "associated", "CH"),
        ),
        funding=(
            ("central", 2022, "2100000.00", "CNY"),
            ("local", 2023, "700000.00", "CNY"),
            ("other", 2023, "150000.00", "CNY"),
        ),
        outputs=(
            OutputSpec(
                "publication",
                "Community surveillance of dengue vectors in river deltas",
                2023,
                "10.5555/demo.2023.014",
            ),
            OutputSpec(
                "people_trained",
                "基层疾控人员媒介监测培训",
                2024,
                quantity=45,
                partner_country="VN",
            ),
            OutputSpec("joint_lab", "中越热带病媒介联合实验室", 2024, partner_country="VN"),
        ),
        owner="guangdong",
        total_cost="3550000.00",
    ),
    ProjectSpec(
        "2023YFE0204400",
        "RICE-SALT",
        "澜湄国家耐盐水稻种质资源联合创制",
        "Salt-tolerant rice germplasm for Lancang-Mekong countries",
        f"{NATIONAL}-ASEAN",
        "ongoing",
        "2023-09-01",
        "2026-08-31",
        ("农学", "Agricultural science"),
        ("水稻", "rice genomics", "salt tolerance"),
        (
            Participant(
                "", "coordinator", "CN", "1800000.00", name="云南省农业科学院", city="昆明"
            ),
            Participant("Chulalongkorn University", "participant", "TH", "420000.00"),
            Participant(
                "",
                "participant",
                "LA",
                "150000.00",
                name="National Agriculture and Forestry Research Institute (Laos)",
            ),
        ),
        funding=(("central", 2023, "1800000.00", "CNY"), ("local", 2023, "570000.00", "CNY")),
        outputs=(
            OutputSpec("patent", "一种耐盐水稻分子标记辅助育种方法", 2025, "CN2025100000002"),
            OutputSpec(
                "transfer_contract",
                "耐盐水稻新品系在老挝的示范推广许可",
                2025,
                value="300000.00",
                currency="USD",
                partner_country="LA",
            ),
        ),
        owner="yunnan",
        total_cost="2370000.00",
    ),
    ProjectSpec(
        "2022YFE0305500",
        "GLACIER-CA",
        "中亚山区冰川变化与水资源联合观测",
        "Joint observation of glacier change and water resources in Central Asian mountains",
        f"{NATIONAL}-BRI",
        "ongoing",
        "2022-06-01",
        "2026-05-31",
        ("地球科学", "Earth sciences"),
        ("冰川", "glacier monitoring", "water resources"),
        (
            Participant(
                "",
                "coordinator",
                "CN",
                "2400000.00",
                name="中国科学院新疆生态与地理研究所",
                city="乌鲁木齐",
            ),
            Participant("Al-Farabi Kazakh National University", "participant", "KZ", "500000.00"),
        ),
        funding=(("central", 2022, "2400000.00", "CNY"), ("enterprise", 2023, "300000.00", "CNY")),
        outputs=(
            OutputSpec("joint_lab", "中哈冰川与水资源联合实验室", 2023, partner_country="KZ"),
            OutputSpec(
                "publication",
                "Glacier mass balance in the Ili basin, 2000-2023",
                2024,
                "10.5555/demo.2024.077",
            ),
        ),
        owner="yunnan",
        visibility=Visibility.SHARED,
        shared_with=("ministry",),
        total_cost="2900000.00",
    ),
    ProjectSpec(
        "2023YFE0306600",
        "NILE-SOLAR",
        "中埃光伏农业灌溉示范",
        "China-Egypt demonstration of solar-powered irrigation",
        f"{NATIONAL}-BRI",
        "signed",
        "2024-03-01",
        "2027-02-28",
        ("电气工程", "Electrical engineering"),
        ("光伏灌溉", "solar irrigation", "agrivoltaics"),
        (
            Participant(HUARUI, "coordinator", "CN", "1500000.00"),
            Participant("Cairo University", "participant", "EG", "200000.00", "USD"),
        ),
        funding=(
            ("central", 2024, "1000000.00", "CNY"),
            ("enterprise", 2024, "1500000.00", "CNY"),
            ("foreign", 2024, "200000.00", "USD"),
        ),
        outputs=(
            OutputSpec(
                "transfer_contract",
                "光伏水泵控制器技术转让",
                2025,
                value="2500000.00",
                currency="CNY",
                partner_country="EG",
            ),
        ),
        owner="enterprise:深圳华瑞新能源科技有限公司",
        visibility=Visibility.INTERNAL,
        total_cost="4000000.00",
    ),
    ProjectSpec(
        "2021YFE0107700",
        "CLOCKNET",
        "可搬运光晶格原子钟网络",
        "Transportable optical lattice clock network",
        f"{NATIONAL}-EU",
        "completed",
        "2021-09-01",
        "2024-08-31",
        ("物理学", "Physics"),
        ("原子钟", "optical clocks", "time transfer"),
        (
            Participant(THU, "coordinator", "CN", "2800000.00"),
            Participant("Max Planck Society", "participant", "DE", "520000.00", "EUR"),
        ),
        funding=(("central", 2021, "2800000.00", "CNY"), ("foreign", 2021, "520000.00", "EUR")),
        outputs=(
            OutputSpec(
                "publication",
                "Compact optical lattice clocks for field use",
                2023,
                "10.5555/demo.2023.055",
            ),
            OutputSpec(
                "people_trained", "中德青年科学家交流", 2023, quantity=8, partner_country="DE"
            ),
        ),
    ),
    ProjectSpec(
        "GD2024ISTC0008",
        "CORAL-GBA",
        "粤港澳大湾区与新加坡珊瑚礁生态修复合作",
        "Coral reef restoration in the Greater Bay Area and Singapore",
        "GD-ISTC-2024",
        "ongoing",
        "2024-05-01",
        "2026-04-30",
        ("海洋科学", "Marine science"),
        ("珊瑚礁", "coral reefs", "restoration"),
        (
            Participant(SYSU, "coordinator", "CN", "900000.00"),
            Participant(
                "National University of Singapore", "participant", "SG", "150000.00", "SGD"
            ),
        ),
        funding=(("local", 2024, "900000.00", "CNY"), ("enterprise", 2024, "200000.00", "CNY")),
        outputs=(
            OutputSpec("standard", "珊瑚移植修复技术规程（地方标准）", 2025, "DB44/T 0001-2025"),
        ),
        owner="guangdong",
        visibility=Visibility.INTERNAL,
    ),
    ProjectSpec(
        "GD2024ISTC0015",
        "GRID-STORE",
        "固态电池储能在东南亚微电网中的应用",
        "Solid-state battery storage for South-East Asian micro-grids",
        "GD-ISTC-2024",
        "proposed",
        "2025-01-01",
        "2027-12-31",
        ("电化学", "Electrochemistry"),
        ("固态电解质", "energy storage", "micro-grids"),
        (
            Participant(HUARUI, "coordinator", "CN"),
            Participant("University of Malaya", "participant", "MY"),
            Participant("National University of Singapore", "partner", "SG"),
        ),
        funding=(("local", 2025, "600000.00", "CNY"), ("enterprise", 2025, "900000.00", "CNY")),
        owner="guangdong",
    ),
    ProjectSpec(
        "2022YFE0208800",
        "AGRI-AUS",
        "中澳耐旱作物与土壤碳联合研究",
        "China-Australia research on drought-tolerant crops and soil carbon",
        NATIONAL,
        "ongoing",
        "2022-10-01",
        "2025-09-30",
        ("农学", "Agricultural science"),
        ("耐旱作物", "soil carbon", "drought"),
        (
            Participant(ZJU, "coordinator", "CN", "1600000.00"),
            Participant(
                "Commonwealth Scientific and Industrial Research Organisation",
                "participant",
                "AU",
                "300000.00",
                "AUD",
            ),
        ),
        funding=(("central", 2022, "1600000.00", "CNY"), ("foreign", 2022, "300000.00", "AUD")),
        outputs=(
            OutputSpec(
                "publication",
                "Soil carbon gains under drought-tolerant wheat rotations",
                2024,
                "10.5555/demo.2024.102",
            ),
        ),
    ),
    ProjectSpec(
        "2024YFE0409900",
        "TT-ASEAN",
        "面向东盟的技术转移服务网络建设",
        "A technology-transfer service network with ASEAN countries",
        f"{NATIONAL}-ASEAN",
        "ongoing",
        "2024-04-01",
        "2027-03-31",
        ("管理科学", "Innovation management"),
        ("技术转移", "technology transfer", "ASEAN"),
        (
            Participant(
                "China-ASEAN Technology Transfer Center", "coordinator", "CN", "1200000.00"
            ),
            Participant("Chulalongkorn University", "participant", "TH"),
            Participant("University of Malaya", "participant", "MY"),
            Participant("Vietnam Academy of Science and Technology", "participant", "VN"),
        ),
        funding=(
            ("central", 2024, "1200000.00", "CNY"),
            ("local", 2024, "400000.00", "CNY"),
            ("other", 2024, "100000.00", "CNY"),
        ),
        outputs=(
            OutputSpec(
                "transfer_contract",
                "农产品冷链保鲜技术许可（泰国）",
                2024,
                value="850000.00",
                currency="CNY",
                partner_country="TH",
            ),
            OutputSpec("people_trained", "东盟技术经理人培训班", 2024, quantity=60),
        ),
        owner="asean-centre",
    ),
    ProjectSpec(
        "734567",
        "EU-CN-WATER",
        "中欧城市水循环创新联合研究",
        "EU-China innovation for urban water cycles",
        "H2020",
        "completed",
        "2017-05-01",
        "2021-04-30",
        ("环境工程", "Environmental engineering"),
        ("urban water", "nature-based solutions", "海绵城市"),
        (
            Participant(
                "",
                "coordinator",
                "PT",
                "1450000.00",
                "EUR",
                name="Universidade de Lisboa",
                city="Lisboa",
            ),
            Participant(THU, "participant", "CN", "0.00", "EUR"),
            Participant("Fraunhofer Society", "participant", "DE", "980000.00", "EUR"),
        ),
        funding=(("foreign", None, "2430000.00", "EUR"), ("central", 2018, "1000000.00", "CNY")),
        outputs=(
            OutputSpec(
                "publication",
                "Nature-based solutions for sponge cities: a comparison",
                2020,
                "10.5555/demo.2020.009",
            ),
        ),
        currency="EUR",
        total_cost="3100000.00",
    ),
)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _money(lines: tuple[Money, ...]) -> list[dict[str, object]]:
    return [
        {"source": source, "year": year, "amount": Decimal(amount), "currency": currency}
        for source, year, amount, currency in lines
    ]


def projects_demo(context: DemoContext) -> None:
    """Create the demo programmes and projects not there yet (matched by code)."""
    from stcoop.geo.models import Country
    from stcoop.organisations.models import Organisation
    from stcoop.projects.models import Programme, Project
    from stcoop.projects.services import programme_create, project_create

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.all()}
    programmes = {
        p.code: p for p in Programme.objects.filter(code__in=[s.code for s in PROGRAMMES])
    }
    total = len(PROGRAMMES) + len(PROJECTS)
    done = 0
    for spec in PROGRAMMES:
        done += 1
        context.tick("programmes", done, total)
        if spec.code in programmes:
            context.report.count("programmes", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Programme skipped: no demo unit '{spec.owner}'.")
            continue
        programmes[spec.code] = programme_create(
            actor=actor,
            owner_unit=owner,
            visibility=spec.visibility,
            code=spec.code,
            name_zh_hans=spec.zh,
            name_en=spec.en,
            acronym=spec.acronym,
            description_zh_hans=spec.description_zh,
            description_en=spec.description_en,
            framework=spec.framework,
            parent=programmes.get(spec.parent) if spec.parent else None,
            status=spec.status,
            start_date=_date(spec.start),
            end_date=_date(spec.end),
            budget_lines=_money(spec.budget),
        )
        context.report.count("programmes", created=True)

    organisations = {
        o.name_en: o
        for o in Organisation.objects.filter(
            name_en__in={p.organisation for s in PROJECTS for p in s.participants if p.organisation}
        )
    }
    existing = set(
        Project.objects.filter(code__in=[s.code for s in PROJECTS]).values_list("code", flat=True)
    )
    for item in PROJECTS:
        done += 1
        context.tick("projects", done, total)
        if item.code in existing:
            context.report.count("projects", created=False)
            continue
        owner = context.units.get(item.owner)
        if owner is None:
            context.report.notes.append(f"Project skipped: no demo unit '{item.owner}'.")
            continue
        participations = []
        for participant in item.participants:
            organisation = organisations.get(participant.organisation)
            if participant.organisation and organisation is None:
                context.report.notes.append(
                    f"Participant kept by name: no organisation '{participant.organisation}'."
                )
            participations.append(
                {
                    "organisation": organisation,
                    "name_as_given": participant.name
                    or ("" if organisation is not None else participant.organisation),
                    "role": participant.role,
                    "country": countries.get(participant.country),
                    "city": participant.city,
                    "funding_amount": Decimal(participant.funding) if participant.funding else None,
                    "currency": participant.currency,
                }
            )
        outputs = [
            {
                "kind": output.kind,
                "title": output.title,
                "year": output.year,
                "identifier": output.identifier,
                "value": Decimal(output.value) if output.value else None,
                "currency": output.currency,
                "quantity": output.quantity,
                "partner_country": countries.get(output.partner_country),
                "description": output.description,
            }
            for output in item.outputs
        ]
        shared_with = [context.units[k] for k in item.shared_with if k in context.units]
        project_create(
            actor=actor,
            owner_unit=owner,
            visibility=item.visibility
            if shared_with or item.visibility != Visibility.SHARED
            else Visibility.INTERNAL,
            shared_with=shared_with,
            code=item.code,
            acronym=item.acronym,
            title_zh_hans=item.zh,
            title_en=item.en,
            abstract_zh_hans=item.abstract_zh,
            abstract_en=item.abstract_en,
            programme=programmes.get(item.programme),
            status=item.status,
            start_date=_date(item.start),
            end_date=_date(item.end),
            disciplines=list(item.disciplines),
            keywords=list(item.keywords),
            total_cost=Decimal(item.total_cost) if item.total_cost else None,
            currency=item.currency,
            participations=participations,
            funding=_money(item.funding),
            outputs=outputs,
        )
        context.report.count("projects", created=True)


def projects_demo_reset(context: DemoContext) -> None:
    """Delete every project and programme a demo unit owns, so the organisations and
    units can be deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.projects.models import Programme, Project

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    units = OrganisationUnit.objects.filter(condition)
    Project.objects.filter(owner_unit__in=units).delete()
    programmes = Programme.objects.filter(owner_unit__in=units)
    # Projects owned elsewhere may still name a demo programme: they lose it.
    Project.objects.filter(programme__in=programmes).update(programme=None)
    programmes.delete()


demo_steps = [DemoStep("projects", projects_demo, projects_demo_reset)]
