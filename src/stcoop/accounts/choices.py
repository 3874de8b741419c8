"""Roles of users and kinds of organisation units."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in user may do; see :mod:`stcoop.core.permissions` for the rules."""

    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    MINISTRY_ADMIN = "ministry_admin", _("Ministry administrator")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    BASE_MANAGER = "base_manager", _("Base manager")
    ORG_USER = "org_user", _("Organisation user")
    EXPERT = "expert", _("Expert")


class UnitKind(models.TextChoices):
    """Where an organisation unit sits in the administration of cooperation."""

    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    AGENCY = "agency", _("Agency")
    PROVINCE = "province", _("Provincial S&T department")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial division")
    BASE = "base", _("Cooperation base")
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    SERVICE = "service", _("Service organisation")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    """Interface languages a user can choose."""

    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"
