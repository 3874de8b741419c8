"""Demo step: Chinese and foreign partner organisations, bilingual, owned by demo units.

ROR IDs are given only where they were checked against the ROR data dump; the others
are left empty (``stcoop import ror`` fills them in for real data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class OrganisationSpec:
    """One demo organisation; ``owner`` is a demo unit key, ``parent`` an English name."""

    zh: str
    en: str
    kind: str
    country: str
    city: str
    established: int | None = None
    original: str = ""
    language: str = ""
    acronyms: tuple[str, ...] = ()
    website: str = ""
    ror: str = ""
    uscc: str = ""
    services: tuple[str, ...] = ()
    parent: str = ""
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        "清华大学",
        "Tsinghua University",
        "university",
        "CN",
        "Beijing",
        1911,
        acronyms=("THU",),
        website="https://www.tsinghua.edu.cn",
        ror="03cve4549",
    ),
    OrganisationSpec(
        "中山大学",
        "Sun Yat-sen University",
        "university",
        "CN",
        "Guangzhou",
        1924,
        acronyms=("SYSU",),
        website="https://www.sysu.edu.cn",
        ror="0064kty71",
        owner="guangdong",
    ),
    OrganisationSpec(
        "浙江大学",
        "Zhejiang University",
        "university",
        "CN",
        "Hangzhou",
        1897,
        acronyms=("ZJU",),
        website="https://www.zju.edu.cn",
        ror="00a2xv884",
    ),
    OrganisationSpec(
        "华为技术有限公司",
        "Huawei Technologies (China)",
        "company",
        "CN",
        "Shenzhen",
        1987,
        website="https://www.huawei.com",
        ror="00cmhce21",
        owner="guangdong",
    ),
    OrganisationSpec(
        "深圳华瑞新能源科技有限公司",
        "Shenzhen Huarui New Energy Technology Co., Ltd.",
        "company",
        "CN",
        "Shenzhen",
        2016,
        uscc="91440300MA5FXK2L7N",
        owner="guangdong",
        visibility=Visibility.INTERNAL,
    ),
    OrganisationSpec(
        "中国—东盟技术转移中心",
        "China-ASEAN Technology Transfer Center",
        "service",
        "CN",
        "Nanning",
        2013,
        acronyms=("CATTC",),
        services=("tech_transfer", "ip"),
    ),
    OrganisationSpec(
        "弗劳恩霍夫应用研究促进协会",
        "Fraunhofer Society",
        "institute",
        "DE",
        "Munich",
        1949,
        original="Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e.V.",
        language="de",
        acronyms=("FhG",),
        website="https://www.fraunhofer.de",
    ),
    OrganisationSpec(
        "弗劳恩霍夫系统与创新研究所",
        "Fraunhofer Institute for Systems and Innovation Research",
        "institute",
        "DE",
        "Karlsruhe",
        1972,
        original="Fraunhofer-Institut für System- und Innovationsforschung",
        language="de",
        acronyms=("ISI",),
        parent="Fraunhofer Society",
    ),
    OrganisationSpec(
        "马克斯·普朗克学会",
        "Max Planck Society",
        "institute",
        "DE",
        "Munich",
        1948,
        original="Max-Planck-Gesellschaft zur Förderung der Wissenschaften",
        language="de",
        acronyms=("MPG",),
        ror="01hhn8329",
    ),
    OrganisationSpec(
        "澳大利亚联邦科学与工业研究组织",
        "Commonwealth Scientific and Industrial Research Organisation",
        "government",
        "AU",
        "Canberra",
        1926,
        acronyms=("CSIRO",),
        website="https://www.csiro.au",
        ror="03qn8fb07",
    ),
    OrganisationSpec(
        "新加坡国立大学",
        "National University of Singapore",
        "university",
        "SG",
        "Singapore",
        1905,
        acronyms=("NUS",),
        ror="01tgyzw49",
    ),
    OrganisationSpec(
        "阿里-法拉比哈萨克国立大学",
        "Al-Farabi Kazakh National University",
        "university",
        "KZ",
        "Almaty",
        1934,
        original="Казахский национальный университет имени аль-Фараби",
        language="ru",
        acronyms=("KazNU",),
        ror="03q0vrn42",
        owner="yunnan",
    ),
    OrganisationSpec(
        "开罗大学",
        "Cairo University",
        "university",
        "EG",
        "Giza",
        1908,
        original="جامعة القاهرة",
        language="ar",
        acronyms=("CU",),
    ),
    OrganisationSpec(
        "朱拉隆功大学",
        "Chulalongkorn University",
        "university",
        "TH",
        "Bangkok",
        1917,
        original="จุฬาลงกรณ์มหาวิทยาลัย",
        language="th",
        acronyms=("CU",),
        ror="028wp3y58",
        owner="yunnan",
    ),
    OrganisationSpec(
        "马来亚大学",
        "University of Malaya",
        "university",
        "MY",
        "Kuala Lumpur",
        1905,
        original="Universiti Malaya",
        language="ms",
        acronyms=("UM",),
        ror="00rzspn62",
    ),
    OrganisationSpec(
        "越南科学技术院",
        "Vietnam Academy of Science and Technology",
        "institute",
        "VN",
        "Hanoi",
        1975,
        original="Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        language="vi",
        acronyms=("VAST",),
        ror="02wsd5p50",
        owner="yunnan",
    ),
    OrganisationSpec(
        "世界卫生组织",
        "World Health Organization",
        "international",
        "CH",
        "Geneva",
        1948,
        original="Organisation mondiale de la Santé",
        language="fr",
        acronyms=("WHO",),
        ror="01f80g185",
    ),
)


def organisations_demo(context: DemoContext) -> None:
    """Create the demo organisations not there yet (matched by their English names)."""
    from stcoop.geo.models import Country
    from stcoop.organisations.models import ExternalId, Organisation
    from stcoop.organisations.services import organisation_create

    countries = {c.iso2: c for c in Country.objects.all()}
    made: dict[str, Organisation] = {
        o.name_en or "": o
        for o in Organisation.objects.filter(name_en__in=[s.en for s in ORGANISATIONS])
    }
    total = len(ORGANISATIONS)
    for done, spec in enumerate(ORGANISATIONS, start=1):
        context.tick("organisations", done, total)
        if spec.en in made:
            context.report.count("organisations", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Organisation skipped: no demo unit '{spec.owner}'.")
            continue
        ids = [("ror", spec.ror)] if spec.ror else []
        if spec.uscc:
            ids.append(("uscc", spec.uscc))
        # An ID already held (e.g. after `stcoop import ror`) is not added twice.
        ids = [p for p in ids if not ExternalId.objects.filter(scheme=p[0], value=p[1]).exists()]
        made[spec.en] = organisation_create(
            actor=context.require_actor(),
            owner_unit=owner,
            kind=spec.kind,
            visibility=spec.visibility,
            name_zh_hans=spec.zh,
            name_en=spec.en,
            name_original=spec.original,
            name_language=spec.language,
            acronyms=list(spec.acronyms),
            service_kinds=list(spec.services),
            country=countries.get(spec.country),
            city=spec.city,
            website=spec.website,
            established=spec.established,
            parent=made.get(spec.parent) if spec.parent else None,
            external_ids=ids,
        )
        context.report.count("organisations", created=True)


def organisations_demo_reset(context: DemoContext) -> None:
    """Delete every organisation a demo unit owns (the demo's and any added since), so
    the units can be deleted next; organisations owned elsewhere (ROR imports) stay."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.organisations.models import Organisation

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    Organisation.objects.filter(owner_unit__in=OrganisationUnit.objects.filter(condition)).delete()


demo_steps = [DemoStep("organisations", organisations_demo, organisations_demo_reset)]
