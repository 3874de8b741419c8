"""Demo step: S&T cooperation agreements with several partner countries, the mechanisms set
up under them and their numbered sessions, in Chinese and English.

The partners and mechanism types are modelled on China's real S&T cooperation, but the
texts are written for the demo and every date is illustrative: each summary says so.
Reference numbers start with ``DEMO-``. The signing bodies are created as government
organisations when the organisations demo has not made them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep

NOTE_ZH = "（演示数据，日期仅为示意。）"
NOTE_EN = " (Demo data; dates are illustrative.)"


@dataclass(frozen=True)
class BodySpec:
    """A signing or leading body, made as a government organisation when missing."""

    zh: str
    en: str
    country: str
    city: str
    acronym: str = ""


BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        "中华人民共和国科学技术部",
        "Ministry of Science and Technology of China",
        "CN",
        "Beijing",
        "MOST",
    ),
    BodySpec("以色列创新署", "Israel Innovation Authority", "IL", "Jerusalem", "IIA"),
    BodySpec(
        "德国联邦教育与研究部",
        "Federal Ministry of Education and Research (Germany)",
        "DE",
        "Berlin",
        "BMBF",
    ),
    BodySpec(
        "南非科学与创新部",
        "Department of Science and Innovation (South Africa)",
        "ZA",
        "Pretoria",
        "DSI",
    ),
    BodySpec(
        "俄罗斯联邦科学与高等教育部",
        "Ministry of Science and Higher Education of the Russian Federation",
        "RU",
        "Moscow",
        "Minobrnauki",
    ),
)


@dataclass(frozen=True)
class AgreementSpec:
    reference: str
    zh: str
    en: str
    kind: str
    countries: tuple[str, ...]
    signed: datetime.date | None
    status: str
    summary_zh: str
    summary_en: str
    effective: datetime.date | None = None
    expiry: datetime.date | None = None
    signatories: tuple[str, ...] = ()
    parent: str = ""
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


ASEAN = ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN")
MOST = "Ministry of Science and Technology of China"

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        "DEMO-CN-IL-01",
        "中华人民共和国政府和以色列国政府科学技术合作协定",
        "Agreement between the Government of the People's Republic of China and the "
        "Government of the State of Israel on Cooperation in Science and Technology",
        "intergovernmental",
        ("IL",),
        datetime.date(1993, 7, 1),
        "in_force",
        "双方在农业、水资源、医疗健康和信息技术等领域开展联合研究、人员交流和技术转移。",
        "The parties carry out joint research, exchanges of researchers and technology "
        "transfer in agriculture, water, health and information technology.",
        effective=datetime.date(1993, 9, 1),
        signatories=(MOST, "Israel Innovation Authority"),
    ),
    AgreementSpec(
        "DEMO-CN-IL-01-P1",
        "中以联合研发计划实施议定书",
        "Protocol on the China–Israel joint industrial research and development programme",
        "protocol",
        ("IL",),
        datetime.date(2015, 1, 15),
        "in_force",
        "规定双方共同资助企业联合研发项目的征集、评审与资助方式。",
        "Sets out how the two sides call for, review and co-fund joint industrial R&D projects.",
        parent="DEMO-CN-IL-01",
        signatories=(MOST, "Israel Innovation Authority"),
    ),
    AgreementSpec(
        "DEMO-CN-DE-01",
        "中华人民共和国政府和德意志联邦共和国政府科学技术合作协定",
        "Agreement between the Government of the People's Republic of China and the "
        "Government of the Federal Republic of Germany on Scientific and Technological "
        "Cooperation",
        "intergovernmental",
        ("DE",),
        datetime.date(1978, 10, 9),
        "in_force",
        "中德科技合作的基础性文件，涵盖基础研究、应用研究、职业教育与创新政策对话。",
        "The framework of Sino-German S&T cooperation: basic and applied research, "
        "vocational training and dialogue on innovation policy.",
        signatories=(MOST, "Federal Ministry of Education and Research (Germany)"),
    ),
    AgreementSpec(
        "DEMO-CN-ZA-01",
        "中华人民共和国政府和南非共和国政府科学技术合作协定",
        "Agreement between the Government of the People's Republic of China and the "
        "Government of the Republic of South Africa on Scientific and Technological "
        "Cooperation",
        "intergovernmental",
        ("ZA",),
        datetime.date(1999, 4, 1),
        "in_force",
        "支持联合研究中心、青年科学家交流和科技园区合作。",
        "Supports joint research centres, exchanges of young scientists and cooperation "
        "between science parks.",
        signatories=(MOST, "Department of Science and Innovation (South Africa)"),
    ),
    AgreementSpec(
        "DEMO-CN-RU-01",
        "中华人民共和国政府和俄罗斯联邦政府科学技术合作协定",
        "Agreement between the Government of the People's Republic of China and the "
        "Government of the Russian Federation on Cooperation in Science and Technology",
        "intergovernmental",
        ("RU",),
        datetime.date(1992, 12, 18),
        "in_force",
        "在大科学装置、航空航天、新材料和信息通信等领域开展合作。",
        "Cooperation on large research facilities, aerospace, new materials and "
        "information and communication technology.",
        signatories=(
            MOST,
            "Ministry of Science and Higher Education of the Russian Federation",
        ),
    ),
    AgreementSpec(
        "DEMO-CN-ASEAN-01",
        "关于中国—东盟科技伙伴计划的谅解备忘录",
        "Memorandum of understanding on the China–ASEAN Science and Technology "
        "Partnership Programme",
        "mou",
        ASEAN,
        datetime.date(2012, 9, 1),
        "in_force",
        "面向东盟国家开展技术转移、联合实验室建设、杰出青年科学家来华和科技园区合作。",
        "Technology transfer, joint laboratories, visits of talented young scientists to "
        "China and science-park cooperation with ASEAN member states.",
        signatories=(MOST,),
        owner="guangxi",
    ),
    AgreementSpec(
        "DEMO-CN-EG-01",
        "中国—埃及技术转移合作谅解备忘录",
        "Memorandum of understanding between China and Egypt on cooperation in technology transfer",
        "mou",
        ("EG",),
        datetime.date(2014, 12, 1),
        "in_force",
        "设立中埃技术转移中心，为期五年；期满后未续签。",
        "Set up a China–Egypt technology transfer centre for five years; it was not "
        "renewed when it expired.",
        expiry=datetime.date(2019, 11, 30),
    ),
    AgreementSpec(
        "DEMO-CN-KZ-01",
        "中华人民共和国政府和哈萨克斯坦共和国政府科技创新合作协定（草案）",
        "Agreement between China and Kazakhstan on cooperation in science, technology and "
        "innovation (draft)",
        "intergovernmental",
        ("KZ",),
        None,
        "negotiation",
        "双方正在磋商协定文本，重点是绿色技术和数字经济。",
        "The text is being negotiated; green technology and the digital economy are the focus.",
        owner="xinjiang",
        visibility=Visibility.INTERNAL,
    ),
)


@dataclass(frozen=True)
class MechanismSpec:
    zh: str
    en: str
    kind: str
    countries: tuple[str, ...]
    established: datetime.date | None
    frequency: str
    status: str
    description_zh: str
    description_en: str
    agreement: str = ""
    chinese_leads: tuple[str, ...] = ()
    partner_leads: tuple[str, ...] = ()
    # (date, city, country, outcomes in Chinese, outcomes in English)
    sessions: tuple[tuple[datetime.date, str, str, str, str], ...] = ()
    first_session: int = 1
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


MECHANISMS: tuple[MechanismSpec, ...] = (
    MechanismSpec(
        "中以创新合作联合委员会",
        "China–Israel Joint Committee on Innovation Cooperation",
        "joint_committee",
        ("IL",),
        datetime.date(2014, 5, 1),
        "annual",
        "active",
        "由两国政府领导人共同主持，统筹科技创新、农业、卫生和教育领域合作。",
        "Chaired on both sides at government level; steers cooperation in innovation, "
        "agriculture, health and education.",
        agreement="DEMO-CN-IL-01",
        chinese_leads=(MOST,),
        partner_leads=("Israel Innovation Authority",),
        sessions=(
            (
                datetime.date(2015, 1, 20),
                "Beijing",
                "CN",
                "确定创新合作三年行动计划。",
                "Agreed a three-year action plan on innovation.",
            ),
            (
                datetime.date(2016, 3, 29),
                "Jerusalem",
                "IL",
                "启动联合研发项目征集。",
                "Launched a joint call for R&D projects.",
            ),
            (
                datetime.date(2017, 9, 12),
                "Beijing",
                "CN",
                "签署多项合作文件。",
                "Signed several cooperation documents.",
            ),
            (
                datetime.date(2018, 10, 24),
                "Jerusalem",
                "IL",
                "扩大创新园区合作。",
                "Widened cooperation between innovation parks.",
            ),
        ),
    ),
    MechanismSpec(
        "中德创新合作对话",
        "Sino-German Innovation Dialogue",
        "innovation_dialogue",
        ("DE",),
        datetime.date(2014, 10, 1),
        "biennial",
        "active",
        "交流创新政策，推动产学研合作和职业教育合作。",
        "Exchanges on innovation policy, industry–research cooperation and vocational training.",
        agreement="DEMO-CN-DE-01",
        chinese_leads=(MOST,),
        partner_leads=(
            "Federal Ministry of Education and Research (Germany)",
            "Fraunhofer Society",
        ),
        sessions=(
            (
                datetime.date(2015, 6, 10),
                "Berlin",
                "DE",
                "确定智能制造为重点领域。",
                "Chose smart manufacturing as a focus.",
            ),
            (
                datetime.date(2017, 6, 1),
                "Beijing",
                "CN",
                "启动中德创新平台。",
                "Started the Sino-German innovation platform.",
            ),
            (
                datetime.date(2019, 5, 15),
                "Berlin",
                "DE",
                "讨论开放科学与数据共享。",
                "Discussed open science and data sharing.",
            ),
            (
                datetime.date(2023, 6, 20),
                "Beijing",
                "CN",
                "恢复面对面对话，确定气候与健康合作。",
                "Resumed in person; agreed cooperation on climate and health.",
            ),
        ),
    ),
    MechanismSpec(
        "中国—南非科技合作联合委员会",
        "China–South Africa Joint Committee on Scientific and Technological Cooperation",
        "joint_committee",
        ("ZA",),
        datetime.date(2000, 3, 1),
        "biennial",
        "active",
        "审议合作进展，批准联合研究项目和青年科学家交流计划。",
        "Reviews progress and approves joint research projects and exchanges of young scientists.",
        agreement="DEMO-CN-ZA-01",
        chinese_leads=(MOST,),
        partner_leads=("Department of Science and Innovation (South Africa)",),
        first_session=7,
        sessions=(
            (
                datetime.date(2018, 11, 5),
                "Pretoria",
                "ZA",
                "批准第二期联合研究计划。",
                "Approved the second joint research programme.",
            ),
            (
                datetime.date(2021, 11, 18),
                "",
                "",
                "以视频方式举行，商定疫后合作重点。",
                "Held online; agreed priorities after the pandemic.",
            ),
            (
                datetime.date(2023, 10, 12),
                "Beijing",
                "CN",
                "同意共建联合实验室。",
                "Agreed to build joint laboratories.",
            ),
        ),
    ),
    MechanismSpec(
        "中俄总理定期会晤委员会科技合作分委会",
        "China–Russia Subcommission on Scientific and Technological Cooperation",
        "joint_committee",
        ("RU",),
        datetime.date(1997, 6, 1),
        "annual",
        "active",
        "在两国总理定期会晤机制下统筹科技合作。",
        "Coordinates S&T cooperation under the regular meetings of the two heads of government.",
        agreement="DEMO-CN-RU-01",
        chinese_leads=(MOST,),
        partner_leads=("Ministry of Science and Higher Education of the Russian Federation",),
        first_session=24,
        sessions=(
            (datetime.date(2021, 9, 7), "", "", "以视频方式举行。", "Held online."),
            (
                datetime.date(2022, 9, 20),
                "Moscow",
                "RU",
                "讨论大科学装置合作。",
                "Discussed large research facilities.",
            ),
            (
                datetime.date(2023, 9, 26),
                "Beijing",
                "CN",
                "签署年度合作计划。",
                "Signed the annual cooperation plan.",
            ),
            (
                datetime.date(2024, 9, 24),
                "Kazan",
                "RU",
                "确定人工智能联合研究方向。",
                "Agreed joint research on artificial intelligence.",
            ),
        ),
    ),
    MechanismSpec(
        "中国—东盟科技伙伴计划",
        "China–ASEAN Science and Technology Partnership Programme",
        "partnership",
        ASEAN,
        datetime.date(2012, 9, 1),
        "annual",
        "active",
        "通过技术转移中心、联合实验室和人才交流推动中国与东盟国家科技合作。",
        "Technology transfer centres, joint laboratories and exchanges of people between "
        "China and ASEAN member states.",
        agreement="DEMO-CN-ASEAN-01",
        chinese_leads=(MOST, "China-ASEAN Technology Transfer Center"),
        first_session=10,
        sessions=(
            (
                datetime.date(2022, 9, 15),
                "Nanning",
                "CN",
                "发布技术转移合作成果。",
                "Presented results of technology transfer.",
            ),
            (
                datetime.date(2023, 9, 15),
                "Nanning",
                "CN",
                "启动数字技术合作专项。",
                "Launched a digital technology strand.",
            ),
            (
                datetime.date(2024, 9, 24),
                "Nanning",
                "CN",
                "新增联合实验室。",
                "Added joint laboratories.",
            ),
        ),
        owner="guangxi",
    ),
    MechanismSpec(
        "中国—埃及技术转移合作机制",
        "China–Egypt technology transfer cooperation mechanism",
        "other",
        ("EG",),
        datetime.date(2015, 3, 1),
        "irregular",
        "dormant",
        "协定期满后未再举行会议。",
        "Has not met since the memorandum expired.",
        agreement="DEMO-CN-EG-01",
        partner_leads=("Cairo University",),
        sessions=(
            (
                datetime.date(2016, 4, 10),
                "Cairo",
                "EG",
                "揭牌技术转移中心。",
                "Opened the technology transfer centre.",
            ),
            (
                datetime.date(2018, 5, 8),
                "Beijing",
                "CN",
                "对接二十余项技术。",
                "Matched some twenty technologies with partners.",
            ),
        ),
    ),
)


def _bodies(context: DemoContext) -> dict[str, Any]:
    """The demo's signing and leading bodies by English name, made when missing."""
    from stcoop.geo.models import Country
    from stcoop.organisations.models import Organisation
    from stcoop.organisations.services import organisation_create

    names = {b.en for b in BODIES}
    names |= {n for s in AGREEMENTS for n in s.signatories}
    names |= {n for s in MECHANISMS for n in (*s.chinese_leads, *s.partner_leads)}
    found: dict[str, Any] = {
        o.name_en or "": o for o in Organisation.objects.filter(name_en__in=names)
    }
    owner = context.units.get("ministry-international")
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={b.country for b in BODIES})}
    for body in BODIES:
        if body.en in found or owner is None:
            continue
        found[body.en] = organisation_create(
            actor=context.require_actor(),
            owner_unit=owner,
            kind="government",
            visibility=Visibility.PUBLIC,
            name_zh_hans=body.zh,
            name_en=body.en,
            acronyms=[body.acronym] if body.acronym else [],
            country=countries.get(body.country),
            city=body.city,
        )
        context.report.count("organisations", created=True)
    return found


def agreements_demo(context: DemoContext) -> None:
    """Create the demo agreements and mechanisms not there yet (matched by reference
    number and English name), with their sessions."""
    from stcoop.agreements.models import Agreement, Mechanism
    from stcoop.agreements.services import agreement_create, mechanism_create
    from stcoop.geo.models import Country

    actor = context.require_actor()
    bodies = _bodies(context)
    countries = {c.iso2: c for c in Country.objects.all()}
    agreements = {
        a.reference_number: a
        for a in Agreement.objects.filter(reference_number__in=[s.reference for s in AGREEMENTS])
    }
    total = len(AGREEMENTS) + len(MECHANISMS)
    done = 0
    for spec in AGREEMENTS:
        done += 1
        context.tick("agreements", done, total)
        if spec.reference in agreements:
            context.report.count("agreements", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Agreement skipped: no demo unit '{spec.owner}'.")
            continue
        agreements[spec.reference] = agreement_create(
            actor=actor,
            owner_unit=owner,
            visibility=spec.visibility,
            kind=spec.kind,
            title_zh_hans=spec.zh,
            title_en=spec.en,
            parent=agreements.get(spec.parent) if spec.parent else None,
            countries=[countries[c] for c in spec.countries if c in countries],
            signatories=[bodies[n] for n in spec.signatories if n in bodies],
            signed_date=spec.signed,
            effective_date=spec.effective,
            expiry_date=spec.expiry,
            status=spec.status,
            reference_number=spec.reference,
            summary_zh_hans=spec.summary_zh + NOTE_ZH,
            summary_en=spec.summary_en + NOTE_EN,
        )
        context.report.count("agreements", created=True)
    existing = set(
        Mechanism.objects.filter(name_en__in=[s.en for s in MECHANISMS]).values_list(
            "name_en", flat=True
        )
    )
    for mspec in MECHANISMS:
        done += 1
        context.tick("agreements", done, total)
        if mspec.en in existing:
            context.report.count("mechanisms", created=False)
            continue
        owner = context.units.get(mspec.owner)
        if owner is None:
            context.report.notes.append(f"Mechanism skipped: no demo unit '{mspec.owner}'.")
            continue
        mechanism_create(
            actor=actor,
            owner_unit=owner,
            visibility=mspec.visibility,
            kind=mspec.kind,
            name_zh_hans=mspec.zh,
            name_en=mspec.en,
            agreement=agreements.get(mspec.agreement) if mspec.agreement else None,
            countries=[countries[c] for c in mspec.countries if c in countries],
            chinese_leads=[bodies[n] for n in mspec.chinese_leads if n in bodies],
            partner_leads=[bodies[n] for n in mspec.partner_leads if n in bodies],
            established_date=mspec.established,
            frequency=mspec.frequency,
            status=mspec.status,
            description_zh_hans=mspec.description_zh + NOTE_ZH,
            description_en=mspec.description_en + NOTE_EN,
            meetings=[
                {
                    "session_number": number,
                    "date": day,
                    "city": city,
                    "country": countries.get(country) if country else None,
                    "outcomes_zh_hans": outcomes_zh,
                    "outcomes_en": outcomes_en,
                }
                for number, (day, city, country, outcomes_zh, outcomes_en) in enumerate(
                    mspec.sessions, start=mspec.first_session
                )
            ],
        )
        context.report.count("mechanisms", created=True)


def agreements_demo_reset(context: DemoContext) -> None:
    """Delete every agreement and mechanism a demo unit owns, so the units can go next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.agreements.models import Agreement, Mechanism
    from stcoop.demo.accounts import demo_root_units

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    units = OrganisationUnit.objects.filter(condition)
    Mechanism.objects.filter(owner_unit__in=units).delete()
    Agreement.objects.filter(owner_unit__in=units).delete()


demo_steps = [DemoStep("agreements", agreements_demo, agreements_demo_reset)]
