"""Demo step: a handful of policy documents, national, provincial, municipal and
international, with Chinese and English summaries.

The documents, their numbers and texts are written for the demo; they are not official
documents and quote none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class PolicySpec:
    zh: str
    en: str
    issuer_zh: str
    issuer_en: str
    level: str
    issued: datetime.date
    summary_zh: str
    summary_en: str
    paragraphs: tuple[str, ...]
    topics: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    number: str = ""
    country: str = "CN"
    province: str = ""
    effective: datetime.date | None = None
    repealed: datetime.date | None = None
    status: str = "in_force"
    language: str = "zh"
    owner: str = "ministry-international"
    visibility: str = Visibility.PUBLIC


POLICIES: tuple[PolicySpec, ...] = (
    PolicySpec(
        "国际科技合作基地建设与管理办法（示例）",
        "Measures for building and managing international S&T cooperation bases (demo)",
        "科学技术部",
        "Ministry of Science and Technology",
        "national",
        datetime.date(2025, 3, 18),
        "规定国际科技合作基地的类型、认定条件、年度报告和动态调整，鼓励基地与共建“一带一路”国家开展联合研究。",
        "Sets out the kinds of international cooperation bases, how they are recognised, "
        "their annual reports and periodic review, and encourages joint research with Belt "
        "and Road partner countries.",
        (
            "第一章 总则",
            "第一条 为规范国际科技合作基地的建设与管理，提升基地开展国际合作的能力，制定本办法。",
            "第二条 本办法所称国际科技合作基地，是指在开展国际科技合作方面成效显著、"
            "具有示范带动作用的科研机构、高等学校和企业。",
            "第二章 认定",
            "第三条 申请单位应具有稳定的国际合作伙伴和专门的国际合作管理人员。",
            "第四条 申请材料经省级科技管理部门审核后报送科学技术部。",
            "第三章 管理",
            "第五条 基地每年一月底前提交上一年度工作报告。",
            "第六条 科学技术部每三年对基地进行一次评估，评估结果分为优秀、合格和不合格。",
            "第七条 连续两次评估不合格的，撤销基地资格。",
            "第四章 附则",
            "第八条 本办法自发布之日起施行。",
        ),
        ("bases", "international_cooperation"),
        keywords=("国际科技合作基地", "评估"),
        number="国科发外〔2025〕18号",
        effective=datetime.date(2025, 3, 18),
    ),
    PolicySpec(
        "关于便利外籍科技人才来华工作的若干措施（示例）",
        "Measures to make it easier for foreign scientists to work in China (demo)",
        "科学技术部、外交部",
        "Ministry of Science and Technology; Ministry of Foreign Affairs",
        "national",
        datetime.date(2024, 11, 5),
        "简化外籍高层次科技人才工作许可和签证办理流程，延长许可有效期。",
        "Simplifies work permits and visas for senior foreign scientists and lengthens the "
        "period of validity of their permits.",
        (
            "一、简化办理流程",
            "对符合条件的外籍高层次科技人才，实行工作许可和签证“一窗受理”。",
            "二、延长有效期",
            "工作许可有效期最长可至五年。",
            "三、支持家属随行",
            "外籍人才的配偶和未成年子女可办理相应期限的居留许可。",
        ),
        ("talent", "international_cooperation"),
        keywords=("外籍人才", "工作许可"),
        number="国科发专〔2024〕77号",
    ),
    PolicySpec(
        "广东省促进面向东盟技术转移的若干措施（示例）",
        "Guangdong measures to promote technology transfer to ASEAN (demo)",
        "广东省科学技术厅",
        "Department of Science and Technology of Guangdong Province",
        "provincial",
        datetime.date(2025, 6, 20),
        "支持技术转移机构在东盟国家设立分支机构，对促成的跨境技术交易给予后补助。",
        "Supports technology-transfer agencies in opening branches in ASEAN countries and "
        "pays a subsidy on cross-border technology deals they arrange.",
        (
            "一、支持设立海外分支机构，每家给予不超过100万元的一次性补助。",
            "二、对促成的跨境技术交易，按技术合同成交额的2%给予后补助。",
            "三、建立中国—东盟技术需求库，定期发布技术供需信息。",
        ),
        ("technology_transfer", "funding"),
        keywords=("东盟", "技术转移"),
        number="粤科规范字〔2025〕6号",
        province="CN-GD",
        owner="guangdong",
    ),
    PolicySpec(
        "云南省面向南亚东南亚科技创新合作专项资金管理办法（示例）",
        "Yunnan rules for the special fund for S&T cooperation with South and South-East "
        "Asia (demo)",
        "云南省科学技术厅、云南省财政厅",
        "Department of Science and Technology of Yunnan Province; Yunnan Department of Finance",
        "provincial",
        datetime.date(2024, 4, 12),
        "明确专项资金支持范围、申报程序和绩效评价要求。",
        "Defines what the special fund supports, how to apply and how results are evaluated.",
        (
            "第一条 专项资金用于支持联合实验室、技术示范推广和人才交流。",
            "第二条 项目实行公开申报、专家评审。",
            "第三条 项目结束后三个月内提交绩效自评报告。",
        ),
        ("funding", "international_cooperation"),
        keywords=("专项资金", "南亚东南亚"),
        number="云科规〔2024〕3号",
        province="CN-YN",
        owner="yunnan",
    ),
    PolicySpec(
        "深圳市国际科技合作项目研发费用加计扣除办理指引（示例）",
        "Shenzhen guide to the extra deduction of R&D costs in international projects (demo)",
        "深圳市科技创新局",
        "Shenzhen Science, Technology and Innovation Commission",
        "municipal",
        datetime.date(2025, 1, 8),
        "说明企业参与国际合作项目发生的研发费用如何享受加计扣除。",
        "Explains how firms claim the extra deduction for R&D costs incurred in "
        "international projects.",
        (
            "一、适用对象为在深圳注册并参与国际科技合作项目的企业。",
            "二、委托境外机构进行研发活动发生的费用，按规定比例计入加计扣除基数。",
        ),
        ("tax", "innovation"),
        keywords=("加计扣除", "研发费用"),
        province="CN-GD",
        owner="guangdong",
        visibility=Visibility.INTERNAL,
    ),
    PolicySpec(
        "",
        "Principles for open science in international research partnerships (demo)",
        "",
        "Demo Forum on Science Cooperation",
        "international",
        datetime.date(2023, 9, 27),
        "国际研究合作中开放获取、数据共享和成果署名的共同原则。",
        "Shared principles on open access, data sharing and credit for results in joint "
        "international research.",
        (
            "1. Publications from joint projects are openly accessible within twelve months.",
            "2. Research data are shared under FAIR principles unless law or ethics forbid it.",
            "3. Every partner is credited for its contribution.",
        ),
        ("open_science", "data"),
        keywords=("open access", "FAIR data"),
        country="",
        language="en",
    ),
    PolicySpec(
        "国际科技合作项目管理暂行办法（示例）",
        "Interim measures for managing international S&T cooperation projects (demo)",
        "科学技术部",
        "Ministry of Science and Technology",
        "national",
        datetime.date(2015, 6, 1),
        "原国际科技合作项目管理规定，已被新的管理办法取代。",
        "Former rules for international cooperation projects, replaced by newer measures.",
        ("第一条 本办法已废止。",),
        ("international_cooperation",),
        number="国科发外〔2015〕9号",
        effective=datetime.date(2015, 7, 1),
        repealed=datetime.date(2025, 3, 18),
        status="repealed",
    ),
)


def policies_demo(context: DemoContext) -> None:
    """Create the demo documents not there yet (matched by title)."""
    from stcoop.geo.models import Country
    from stcoop.policies.models import PolicyDocument
    from stcoop.policies.services import policy_create

    actor = context.require_actor()
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in={"CN"})}
    total = len(POLICIES)
    for done, spec in enumerate(POLICIES, start=1):
        context.tick("policy documents", done, total)
        title = Q(title_zh_hans=spec.zh) if spec.zh else Q(title_en=spec.en)
        if PolicyDocument.objects.filter(title).exists():
            context.report.count("policy documents", created=False)
            continue
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Policy skipped: no demo unit '{spec.owner}'.")
            continue
        country = countries.get(spec.country) if spec.country else None
        policy_create(
            actor=actor,
            owner_unit=owner,
            level=spec.level,
            visibility=spec.visibility,
            title_zh_hans=spec.zh,
            title_en=spec.en,
            issuer_zh_hans=spec.issuer_zh,
            issuer_en=spec.issuer_en,
            summary_zh_hans=spec.summary_zh,
            summary_en=spec.summary_en,
            document_number=spec.number,
            issue_date=spec.issued,
            effective_date=spec.effective,
            repeal_date=spec.repealed,
            status=spec.status,
            country=country,
            province=spec.province if country is not None else "",
            topics=list(spec.topics),
            keywords=list(spec.keywords),
            full_text="\n".join(spec.paragraphs),
            language=spec.language,
        )
        context.report.count("policy documents", created=True)


def policies_demo_reset(context: DemoContext) -> None:
    """Delete every document a demo unit owns, so the units can be deleted next."""
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.demo.accounts import demo_root_units
    from stcoop.policies.models import PolicyDocument

    roots = demo_root_units()
    if not roots:
        return
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(path__startswith=root.path)
    PolicyDocument.objects.filter(
        owner_unit__in=OrganisationUnit.objects.filter(condition)
    ).delete()


demo_steps = [DemoStep("policies", policies_demo, policies_demo_reset)]
