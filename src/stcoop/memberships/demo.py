"""Demo step: international organisations with their members (China's memberships
among them) and big-science programmes (ITER, SKA, GEO, IODP) with their participants.

Membership dates and roles follow public records; contribution figures are left out
where they are not public, and in-kind contributions are described in words. The
international organisations the demo needs and the organisations step does not make
are added here, owned by the ministry's international department.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep

OWNER = "ministry-international"


@dataclass(frozen=True)
class OrganisationNeeded:
    zh: str
    en: str
    acronym: str
    kind: str
    country: str
    city: str
    website: str = ""


ORGANISATIONS: tuple[OrganisationNeeded, ...] = (
    OrganisationNeeded(
        "国际原子能机构",
        "International Atomic Energy Agency",
        "IAEA",
        "international",
        "AT",
        "Vienna",
        "https://www.iaea.org",
    ),
    OrganisationNeeded(
        "联合国教育、科学及文化组织",
        "United Nations Educational, Scientific and Cultural Organization",
        "UNESCO",
        "international",
        "FR",
        "Paris",
        "https://www.unesco.org",
    ),
    OrganisationNeeded(
        "国际科学理事会",
        "International Science Council",
        "ISC",
        "international",
        "FR",
        "Paris",
        "https://council.science",
    ),
    OrganisationNeeded(
        "国际热核聚变实验堆国际聚变能组织",
        "ITER International Fusion Energy Organization",
        "ITER Organization",
        "international",
        "FR",
        "Saint-Paul-lez-Durance",
        "https://www.iter.org",
    ),
    OrganisationNeeded(
        "平方公里阵列天文台",
        "SKA Observatory",
        "SKAO",
        "international",
        "GB",
        "Jodrell Bank",
        "https://www.skao.int",
    ),
    OrganisationNeeded(
        "中国科学技术协会",
        "China Association for Science and Technology",
        "CAST",
        "nonprofit",
        "CN",
        "Beijing",
        "https://www.cast.org.cn",
    ),
    OrganisationNeeded(
        "欧洲大洋钻探研究联盟",
        "European Consortium for Ocean Research Drilling",
        "ECORD",
        "international",
        "FR",
        "Aix-en-Provence",
        "https://www.ecord.org",
    ),
)


@dataclass(frozen=True)
class MembershipSpec:
    """``organisation`` and ``member_organisation`` are acronyms of the organisations
    above; ``country`` an ISO code."""

    organisation: str
    role: str
    since: datetime.date | None
    country: str = ""
    member_organisation: str = ""
    representative: str = ""
    in_kind: str = ""
    notes_zh: str = ""
    notes_en: str = ""
    owner: str = OWNER
    visibility: str = Visibility.PUBLIC


MEMBERSHIPS: tuple[MembershipSpec, ...] = (
    MembershipSpec(
        "IAEA",
        "full",
        datetime.date(1984, 1, 1),
        country="CN",
        representative="国家原子能机构 China Atomic Energy Authority",
        notes_zh="中国于1984年加入国际原子能机构，并自该年起担任理事会成员国。",
        notes_en="China joined the IAEA in 1984 and has served on its Board of Governors since.",
    ),
    MembershipSpec(
        "IAEA",
        "full",
        datetime.date(1957, 7, 29),
        country="DE",
        notes_zh="德国为原子能机构早期成员国。",
        notes_en="Germany has been a member since the Agency's first year.",
    ),
    MembershipSpec(
        "UNESCO",
        "founding",
        datetime.date(1945, 11, 16),
        country="CN",
        representative="联合国教科文组织中华人民共和国全国委员会 "
        "National Commission of the People's Republic of China for UNESCO",
        notes_zh="中国是联合国教科文组织创始成员国之一；1971年恢复中华人民共和国的合法席位。",
        notes_en="China is a founding member of UNESCO; the seat of the People's Republic "
        "of China was restored in 1971.",
    ),
    MembershipSpec(
        "ISC",
        "full",
        datetime.date(2018, 7, 4),
        member_organisation="CAST",
        notes_zh="中国科协作为国家会员加入国际科学理事会（由国际科学联合会理事会与国际社会科学理事会合并成立）。",
        notes_en="CAST is China's national member of the International Science Council, formed "
        "by the merger of ICSU and ISSC.",
    ),
    MembershipSpec(
        "ITER Organization",
        "full",
        datetime.date(2007, 10, 24),
        country="CN",
        representative="中国国际核聚变能源计划执行中心 "
        "China International Nuclear Fusion Energy Program Execution Center",
        in_kind="磁体馈线、校正场线圈、电源系统 Magnet feeders, correction coils, power supplies",
        notes_zh="《ITER协定》于2007年10月24日生效，中国为七方成员之一。",
        notes_en="The ITER Agreement entered into force on 24 October 2007; China is one of "
        "the seven Members.",
    ),
    MembershipSpec(
        "SKAO",
        "founding",
        datetime.date(2019, 3, 12),
        country="CN",
        representative="科学技术部 Ministry of Science and Technology",
        in_kind="中频天线样机研制 Development of mid-frequency dish prototypes",
        notes_zh="中国于2019年3月12日在罗马签署《平方公里阵列天文台公约》，为创始成员国。",
        notes_en="China signed the SKA Observatory Convention in Rome on 12 March 2019 as a "
        "founding member.",
    ),
    MembershipSpec(
        "SKAO",
        "founding",
        datetime.date(2019, 3, 12),
        country="GB",
        notes_zh="英国为天文台总部所在国。",
        notes_en="Host of the Observatory's headquarters.",
    ),
    MembershipSpec(
        "SKAO",
        "founding",
        datetime.date(2019, 3, 12),
        country="AU",
        notes_zh="澳大利亚承建低频阵列。",
        notes_en="Host of the low-frequency telescope.",
    ),
    MembershipSpec(
        "SKAO",
        "founding",
        datetime.date(2019, 3, 12),
        country="ZA",
        notes_zh="南非承建中频阵列。",
        notes_en="Host of the mid-frequency telescope.",
    ),
    MembershipSpec(
        "SKAO",
        "founding",
        datetime.date(2019, 3, 12),
        country="IT",
        owner="guangdong",
        visibility=Visibility.INTERNAL,
        notes_zh="内部记录：待核实意大利批约日期。",
        notes_en="Internal record: ratification date to be confirmed.",
    ),
)


@dataclass(frozen=True)
class ParticipationSpec:
    """``who`` is an ISO country code, or an organisation acronym prefixed by ``org:``."""

    who: str
    role: str
    since: datetime.date | None = None
    share: str = ""
    in_kind: str = ""


@dataclass(frozen=True)
class ProgrammeSpec:
    acronym: str
    zh: str
    en: str
    kind: str
    status: str
    host: str
    website: str
    description_zh: str
    description_en: str
    participations: tuple[ParticipationSpec, ...]
    owner: str = OWNER
    visibility: str = Visibility.PUBLIC


ITER_START = datetime.date(2007, 10, 24)
SKA_START = datetime.date(2021, 1, 15)

PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "ITER",
        "国际热核聚变实验堆计划",
        "International Thermonuclear Experimental Reactor",
        "facility",
        "construction",
        "FR",
        "https://www.iter.org",
        "七方共同建设的国际托卡马克聚变实验装置，旨在验证聚变能的科学与工程可行性。",
        "A tokamak built by seven Members to demonstrate the scientific and technological "
        "feasibility of fusion energy.",
        (
            ParticipationSpec(
                "CN",
                "member",
                ITER_START,
                "9.09",
                "磁体馈线、校正场线圈、极向场线圈 Magnet feeders, correction coils, PF6 coil",
            ),
            ParticipationSpec("FR", "host", ITER_START, "45.46", "Host state (with EU partners)"),
            ParticipationSpec("IN", "member", ITER_START, "9.09", "Cryostat, in-wall shielding"),
            ParticipationSpec("JP", "member", ITER_START, "9.09", "Toroidal field coils"),
            ParticipationSpec("KR", "member", ITER_START, "9.09", "Vacuum vessel sectors"),
            ParticipationSpec("RU", "member", ITER_START, "9.09", "Poloidal field coil PF1"),
            ParticipationSpec("US", "member", ITER_START, "9.09", "Central solenoid modules"),
        ),
    ),
    ProgrammeSpec(
        "SKA",
        "平方公里阵列射电望远镜",
        "Square Kilometre Array",
        "facility",
        "construction",
        "GB",
        "https://www.skao.int",
        "在南非和澳大利亚建设的下一代射电望远镜阵列，由平方公里阵列天文台运行。",
        "The next-generation radio telescope arrays in South Africa and Australia, run by "
        "the SKA Observatory.",
        (
            ParticipationSpec("CN", "member", SKA_START, "", "中频天线样机 Mid-frequency dish"),
            ParticipationSpec("GB", "host", SKA_START),
            ParticipationSpec("AU", "host", SKA_START),
            ParticipationSpec("ZA", "host", SKA_START),
            ParticipationSpec("IT", "member", SKA_START),
            ParticipationSpec("NL", "member", SKA_START),
            ParticipationSpec("PT", "member", SKA_START),
            ParticipationSpec("CH", "member", SKA_START),
        ),
    ),
    ProgrammeSpec(
        "GEO",
        "地球观测组织",
        "Group on Earth Observations",
        "network",
        "operating",
        "CH",
        "https://earthobservations.org",
        "政府间伙伴关系，推动全球综合地球观测系统建设和地球观测数据开放共享。",
        "An intergovernmental partnership building the Global Earth Observation System of "
        "Systems and opening Earth observation data.",
        (
            ParticipationSpec(
                "CN",
                "member",
                datetime.date(2005, 2, 16),
                "",
                "风云、高分卫星数据共享 FY and GF data",
            ),
            ParticipationSpec("US", "member", datetime.date(2005, 2, 16)),
            ParticipationSpec("ZA", "member", datetime.date(2005, 2, 16)),
            ParticipationSpec("CH", "host", datetime.date(2005, 2, 16)),
        ),
    ),
    ProgrammeSpec(
        "IODP",
        "国际大洋发现计划",
        "International Ocean Discovery Program",
        "programme",
        "completed",
        "",
        "https://www.iodp.org",
        "以大洋钻探研究地球历史与动力学的国际合作计划（2013—2024）。",
        "International marine research drilling the ocean floor to study Earth's history "
        "and dynamics (2013–2024).",
        (
            ParticipationSpec("CN", "contributor", datetime.date(2013, 10, 1)),
            ParticipationSpec("US", "host", datetime.date(2013, 10, 1), "", "JOIDES Resolution"),
            ParticipationSpec("JP", "host", datetime.date(2013, 10, 1), "", "Chikyu"),
            ParticipationSpec(
                "org:ECORD", "member", datetime.date(2013, 10, 1), "", "Mission-specific platforms"
            ),
        ),
    ),
)


def ensure_organisations(
    context: DemoContext, specs: tuple[OrganisationNeeded, ...], countries: dict[str, Any]
) -> dict[str, Any]:
    """The organisations ``specs`` name, by acronym; those missing (matched by either
    name) are made, owned by the ministry's international department."""
    from stcoop.organisations.models import Organisation
    from stcoop.organisations.services import organisation_create

    found: dict[str, Any] = {}
    for spec in specs:
        organisation = Organisation.objects.filter(
            Q(name_en=spec.en) | Q(name_zh_hans=spec.zh)
        ).first()
        if organisation is None:
            owner = context.units.get(OWNER)
            if owner is None:
                continue
            organisation = organisation_create(
                actor=context.require_actor(),
                owner_unit=owner,
                kind=spec.kind,
                visibility=Visibility.PUBLIC,
                name_zh_hans=spec.zh,
                name_en=spec.en,
                acronyms=[spec.acronym],
                country=countries.get(spec.country),
                city=spec.city,
                website=spec.website,
            )
            context.report.count("organisations", created=True)
        found[spec.acronym] = organisation
    return found


def memberships_demo(context: DemoContext) -> None:
    """Create the demo memberships and programmes not there yet."""
    from stcoop.geo.models import Country
    from stcoop.memberships.models import BigScienceProgramme, InternationalMembership
    from stcoop.memberships.services import membership_create, programme_create

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.all()}
    organisations = ensure_organisations(context, ORGANISATIONS, countries)
    total = len(MEMBERSHIPS) + len(PROGRAMMES)
    done = 0
    for spec in MEMBERSHIPS:
        done += 1
        context.tick("memberships", done, total)
        organisation = organisations.get(spec.organisation)
        country = countries.get(spec.country) if spec.country else None
        member = organisations.get(spec.member_organisation) if spec.member_organisation else None
        owner = context.units.get(spec.owner)
        if organisation is None or owner is None or (country is None and member is None):
            context.report.notes.append(
                f"Membership skipped: {spec.organisation} / "
                f"{spec.country or spec.member_organisation}."
            )
            continue
        if InternationalMembership.objects.filter(
            organisation=organisation, member_country=country, member_organisation=member
        ).exists():
            context.report.count("memberships", created=False)
            continue
        membership_create(
            actor=actor,
            owner_unit=owner,
            visibility=spec.visibility,
            organisation=organisation,
            member_country=country,
            member_organisation=member,
            role=spec.role,
            since=spec.since,
            representative=spec.representative,
            in_kind=spec.in_kind,
            notes_zh_hans=spec.notes_zh,
            notes_en=spec.notes_en,
        )
        context.report.count("memberships", created=True)
    for programme_spec in PROGRAMMES:
        done += 1
        context.tick("memberships", done, total)
        if BigScienceProgramme.objects.filter(acronym=programme_spec.acronym).exists():
            context.report.count("big-science programmes", created=False)
            continue
        owner = context.units.get(programme_spec.owner)
        if owner is None:
            continue
        participations = []
        for item in programme_spec.participations:
            if item.who.startswith("org:"):
                organisation = organisations.get(item.who.removeprefix("org:"))
                if organisation is None:
                    continue
                who: dict[str, Any] = {"organisation": organisation}
            else:
                if item.who not in countries:
                    continue
                who = {"country": countries[item.who]}
            participations.append(
                {
                    **who,
                    "role": item.role,
                    "since": item.since,
                    "share": Decimal(item.share) if item.share else None,
                    "in_kind": item.in_kind,
                }
            )
        programme_create(
            actor=actor,
            owner_unit=owner,
            visibility=programme_spec.visibility,
            acronym=programme_spec.acronym,
            name_zh_hans=programme_spec.zh,
            name_en=programme_spec.en,
            description_zh_hans=programme_spec.description_zh,
            description_en=programme_spec.description_en,
            kind=programme_spec.kind,
            status=programme_spec.status,
            host_country=countries.get(programme_spec.host) if programme_spec.host else None,
            website=programme_spec.website,
            participations=participations,
        )
        context.report.count("big-science programmes", created=True)


def memberships_demo_reset(context: DemoContext) -> None:
    """Delete every membership and programme a demo unit owns, so the organisations and
    units can be deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.memberships.models import BigScienceProgramme, InternationalMembership

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    units = OrganisationUnit.objects.filter(condition)
    InternationalMembership.objects.filter(owner_unit__in=units).delete()
    BigScienceProgramme.objects.filter(owner_unit__in=units).delete()


demo_steps = [DemoStep("memberships", memberships_demo, memberships_demo_reset)]
