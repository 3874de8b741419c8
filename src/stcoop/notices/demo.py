"""Demo step: bilingual notices from the ministry, provinces and bases, in every visibility."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from stcoop.core.choices import Visibility
from stcoop.demo.registry import DemoContext, DemoStep


@dataclass(frozen=True)
class NoticeSpec:
    """One demo notice; ``owner`` and ``shared_with`` are demo unit keys."""

    owner: str
    category: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    days_ago: int
    visibility: str = Visibility.PUBLIC
    shared_with: tuple[str, ...] = ()
    valid_days: int | None = None


NOTICES: tuple[NoticeSpec, ...] = (
    NoticeSpec(
        "ministry-international",
        "call",
        "关于征集政府间国际科技创新合作重点专项项目的通知",
        "Call for proposals: intergovernmental international S&T innovation cooperation",
        "面向与我国签订政府间科技合作协定的国家，征集联合研究、人才交流和联合实验室建设项目。",
        "Joint research, researcher exchange and joint laboratory projects with countries that "
        "have an intergovernmental S&T cooperation agreement with China.",
        12,
        valid_days=60,
    ),
    NoticeSpec(
        "ministry-international",
        "policy",
        "“一带一路”科技创新合作行动计划实施进展",
        "Progress of the Belt and Road S&T innovation cooperation action plan",
        "科技人文交流、共建联合实验室、科技园区合作和技术转移四项行动的年度进展摘要。",
        "Annual summary of the four actions: people-to-people exchange, joint laboratories, "
        "science park cooperation and technology transfer.",
        40,
    ),
    NoticeSpec(
        "ministry-international",
        "news",
        "国际合作基地年度评估工作安排（内部）",
        "Schedule of the annual evaluation of cooperation bases (internal)",
        "请各省级科技管理部门于年底前组织本地区基地完成年度自评报告。",
        "Provincial S&T departments are asked to collect the bases' yearly self-reports "
        "before the end of the year.",
        5,
        visibility=Visibility.SHARED,
        shared_with=("guangdong", "yunnan"),
    ),
    NoticeSpec(
        "guangdong",
        "event",
        "粤港澳大湾区国际技术转移对接会",
        "Greater Bay Area international technology transfer matchmaking fair",
        "面向东盟和“一带一路”沿线国家企业的技术供需对接活动，欢迎省内企业报名。",
        "Technology offer-and-request matchmaking with enterprises from ASEAN and Belt and "
        "Road partner countries; enterprises in the province are welcome to register.",
        3,
        valid_days=30,
    ),
    NoticeSpec(
        "yunnan",
        "event",
        "中国—南亚技术转移中心创新合作论坛",
        "China-South Asia Technology Transfer Center innovation cooperation forum",
        "围绕农业、生物医药和数字经济领域开展技术展示和合作洽谈。",
        "Technology showcases and cooperation talks on agriculture, biomedicine and the "
        "digital economy.",
        20,
    ),
    NoticeSpec(
        "yunnan-international",
        "news",
        "省级国际合作处工作周报（内部）",
        "Weekly report of the provincial international cooperation division (internal)",
        "本周接待来访团组三个，签署合作备忘录一份。",
        "Three visiting delegations received this week; one memorandum of understanding signed.",
        1,
        visibility=Visibility.INTERNAL,
    ),
)


def notices_demo(context: DemoContext) -> None:
    """Create the demo notices that are not there yet (matched by owner and Chinese title)."""
    from stcoop.notices.models import Notice
    from stcoop.notices.services import notice_create

    today = timezone.localdate()
    total = len(NOTICES)
    for done, spec in enumerate(NOTICES, start=1):
        context.tick("notices", done, total)
        owner = context.units.get(spec.owner)
        if owner is None:
            context.report.notes.append(f"Notice skipped: no demo unit '{spec.owner}'.")
            continue
        if Notice.objects.filter(owner_unit=owner, title_zh_hans=spec.title_zh).exists():
            context.report.count("notices", created=False)
            continue
        published = today - datetime.timedelta(days=spec.days_ago)
        notice_create(
            actor=context.require_actor(),
            owner_unit=owner,
            category=spec.category,
            title_zh_hans=spec.title_zh,
            title_en=spec.title_en,
            body_zh_hans=spec.body_zh,
            body_en=spec.body_en,
            published_on=published,
            expires_on=published + datetime.timedelta(days=spec.valid_days)
            if spec.valid_days
            else None,
            visibility=spec.visibility,
            shared_with=[context.units[key] for key in spec.shared_with if key in context.units],
        )
        context.report.count("notices", created=True)


def notices_demo_reset(context: DemoContext) -> None:
    """Delete the demo notices (matched by their Chinese titles)."""
    from stcoop.notices.models import Notice

    Notice.objects.filter(title_zh_hans__in=[spec.title_zh for spec in NOTICES]).delete()


demo_steps = [DemoStep("notices", notices_demo, notices_demo_reset)]
