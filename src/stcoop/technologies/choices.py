"""Kinds, statuses, readiness levels and the fixed lists of technology profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    """What a profile offers or seeks (the partnering profile types of the Enterprise
    Europe Network)."""

    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    BUSINESS_OFFER = "business_offer", _("Business offer")
    BUSINESS_REQUEST = "business_request", _("Business request")
    RD_REQUEST = "rd_request", _("R&D partner request")


#: The prefix of a profile's reference code, by kind (``TO-2026-000123``).
REFERENCE_PREFIX: dict[str, str] = {
    ProfileKind.TECHNOLOGY_OFFER: "TO",
    ProfileKind.TECHNOLOGY_REQUEST: "TR",
    ProfileKind.BUSINESS_OFFER: "BO",
    ProfileKind.BUSINESS_REQUEST: "BR",
    ProfileKind.RD_REQUEST: "RDR",
}


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class IpStatus(models.TextChoices):
    GRANTED_PATENT = "granted_patent", _("Granted patent")
    PATENT_APPLIED = "patent_applied", _("Patent applied for")
    COPYRIGHT = "copyright", _("Copyright")
    TRADE_SECRET = "trade_secret", _("Trade secret or know-how")
    OTHER = "other", _("Other")
    NONE = "none", _("None")


class Sector(models.TextChoices):
    """The fixed list of sectors a profile is filed under."""

    NEW_ENERGY = "new_energy", _("New energy")
    BIOMEDICINE = "biomedicine", _("Biomedicine and health")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("Advanced manufacturing")
    ICT = "ict", _("Information and communication technology")
    ARTIFICIAL_INTELLIGENCE = "artificial_intelligence", _("Artificial intelligence")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    ENVIRONMENT = "environment", _("Environment and ecology")
    NEW_MATERIALS = "new_materials", _("New materials")
    MARINE = "marine", _("Marine technology")
    AEROSPACE = "aerospace", _("Aerospace")
    TRANSPORT = "transport", _("Transport and mobility")
    WATER = "water", _("Water resources")
    OTHER = "other", _("Other")


class Cooperation(models.TextChoices):
    """Kinds of cooperation a profile seeks."""

    LICENCE = "licence", _("Licence agreement")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    RESEARCH = "research", _("Research cooperation")
    TECHNICAL = "technical", _("Technical cooperation")
    COMMERCIAL_ASSISTANCE = (
        "commercial_assistance",
        _("Commercial agreement with technical assistance"),
    )
    INVESTMENT = "investment", _("Financial investment")
    ACQUISITION = "acquisition", _("Acquisition")
    SUPPLIER = "supplier", _("Supplier or subcontracting")


class ReadinessLevel(models.IntegerChoices):
    """Technology readiness levels (TRL) 1 to 9, as the European Commission defines them."""

    TRL1 = 1, _("TRL 1 – basic principles observed")
    TRL2 = 2, _("TRL 2 – technology concept formulated")
    TRL3 = 3, _("TRL 3 – experimental proof of concept")
    TRL4 = 4, _("TRL 4 – technology validated in the laboratory")
    TRL5 = 5, _("TRL 5 – technology validated in a relevant environment")
    TRL6 = 6, _("TRL 6 – technology demonstrated in a relevant environment")
    TRL7 = 7, _("TRL 7 – system prototype demonstrated in an operational environment")
    TRL8 = 8, _("TRL 8 – system complete and qualified")
    TRL9 = 9, _("TRL 9 – actual system proven in an operational environment")


#: Chinese names of the codes above, accepted by imports whatever the interface language
#: (the catalogue translates the labels for display).
CHINESE_NAMES: dict[str, str] = {
    ProfileKind.TECHNOLOGY_OFFER: "技术供给",
    ProfileKind.TECHNOLOGY_REQUEST: "技术需求",
    ProfileKind.BUSINESS_OFFER: "商务合作供给",
    ProfileKind.BUSINESS_REQUEST: "商务合作需求",
    ProfileKind.RD_REQUEST: "研发伙伴需求",
    ProfileStatus.DRAFT: "草稿",
    ProfileStatus.PUBLISHED: "已发布",
    ProfileStatus.WITHDRAWN: "已撤回",
    IpStatus.GRANTED_PATENT: "已授权专利",
    IpStatus.PATENT_APPLIED: "已申请专利",
    IpStatus.COPYRIGHT: "著作权",
    IpStatus.TRADE_SECRET: "商业秘密或专有技术",
    IpStatus.NONE: "无",
    Sector.NEW_ENERGY: "新能源",
    Sector.BIOMEDICINE: "生物医药与健康",
    Sector.ADVANCED_MANUFACTURING: "先进制造",
    Sector.ICT: "信息通信技术",
    Sector.ARTIFICIAL_INTELLIGENCE: "人工智能",
    Sector.AGRICULTURE: "农业与食品",
    Sector.ENVIRONMENT: "环境与生态",
    Sector.NEW_MATERIALS: "新材料",
    Sector.MARINE: "海洋技术",
    Sector.AEROSPACE: "航空航天",
    Sector.TRANSPORT: "交通运输",
    Sector.WATER: "水资源",
    Cooperation.LICENCE: "许可协议",
    Cooperation.JOINT_VENTURE: "合资经营",
    Cooperation.RESEARCH: "研究合作",
    Cooperation.TECHNICAL: "技术合作",
    Cooperation.COMMERCIAL_ASSISTANCE: "附带技术协助的商务协议",
    Cooperation.INVESTMENT: "资金投资",
    Cooperation.ACQUISITION: "收购",
    Cooperation.SUPPLIER: "供应或分包",
}
