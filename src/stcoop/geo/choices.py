"""Choices of the reference-data models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    """Levels of the UN M49 geographic scheme (the world, 001, is not stored)."""

    REGION = "region", _("Region")
    SUB_REGION = "sub_region", _("Sub-region")
    INTERMEDIATE = "intermediate", _("Intermediate region")


class IncomeGroup(models.TextChoices):
    """World Bank income groups (GNI per capita, Atlas method); blank when unclassified."""

    HIGH = "high", _("High income")
    UPPER_MIDDLE = "upper_middle", _("Upper-middle income")
    LOWER_MIDDLE = "lower_middle", _("Lower-middle income")
    LOW = "low", _("Low income")


class GroupingKind(models.TextChoices):
    """What sort of grouping a :class:`~stcoop.geo.models.Grouping` is."""

    ECONOMIC_CLASS = "economic_class", _("Economic-development class")
    REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")
    INTERGOVERNMENTAL_ORGANISATION = (
        "intergovernmental_organisation",
        _("Intergovernmental organisation"),
    )
    FORUM = "forum", _("Political and economic forum")
    UN_CATEGORY = "un_category", _("UN category")
    GEOGRAPHIC = "geographic", _("Geographic region")
    INITIATIVE = "initiative", _("Cooperation initiative")
