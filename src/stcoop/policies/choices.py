"""Statuses, levels and topics of policy documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class PolicyLevel(models.TextChoices):
    """Which level of government (or which body above them) issued a document."""

    INTERNATIONAL = "international", _("International")
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")


class PolicyTopic(models.TextChoices):
    """The fixed list of topics a document is filed under (free keywords besides)."""

    INTERNATIONAL_COOPERATION = "international_cooperation", _("International cooperation")
    TALENT = "talent", _("Talent")
    FUNDING = "funding", _("Funding")
    TAX = "tax", _("Tax")
    IP = "ip", _("Intellectual property")
    TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer")
    BASES = "bases", _("Cooperation bases")
    OPEN_SCIENCE = "open_science", _("Open science")
    RESEARCH_INTEGRITY = "research_integrity", _("Research integrity")
    DATA = "data", _("Scientific data")
    INNOVATION = "innovation", _("Innovation and enterprises")
    OTHER = "other", _("Other")


#: Chinese names of the codes above, accepted by imports whatever the interface language
#: (the catalogue translates the labels for display).
CHINESE_NAMES: dict[str, str] = {
    PolicyStatus.DRAFT: "草案",
    PolicyStatus.IN_FORCE: "现行有效",
    PolicyStatus.AMENDED: "已修订",
    PolicyStatus.REPEALED: "已废止",
    PolicyLevel.INTERNATIONAL: "国际",
    PolicyLevel.NATIONAL: "国家级",
    PolicyLevel.PROVINCIAL: "省级",
    PolicyLevel.MUNICIPAL: "市级",
    PolicyTopic.INTERNATIONAL_COOPERATION: "国际合作",
    PolicyTopic.TALENT: "人才",
    PolicyTopic.FUNDING: "资金支持",
    PolicyTopic.TAX: "税收",
    PolicyTopic.IP: "知识产权",
    PolicyTopic.TECHNOLOGY_TRANSFER: "技术转移",
    PolicyTopic.BASES: "合作基地",
    PolicyTopic.OPEN_SCIENCE: "开放科学",
    PolicyTopic.RESEARCH_INTEGRITY: "科研诚信",
    PolicyTopic.DATA: "科学数据",
    PolicyTopic.INNOVATION: "创新与企业",
    PolicyTopic.OTHER: "其他",
}

#: Other Chinese words for the codes, also accepted by imports.
CHINESE_ALIASES: dict[str, str] = {
    "有效": PolicyStatus.IN_FORCE,
    "现行": PolicyStatus.IN_FORCE,
    "废止": PolicyStatus.REPEALED,
    "修订": PolicyStatus.AMENDED,
    "草稿": PolicyStatus.DRAFT,
    "国家": PolicyLevel.NATIONAL,
    "省": PolicyLevel.PROVINCIAL,
    "市": PolicyLevel.MUNICIPAL,
}
