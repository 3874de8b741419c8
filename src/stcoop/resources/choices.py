"""Kinds, access modes and statuses of shared resources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResourceKind(models.TextChoices):
    INSTRUMENT = "instrument", _("Instrument")
    FACILITY = "facility", _("Facility")
    DATASET = "dataset", _("Data set")
    LITERATURE = "literature", _("Literature collection")
    GERMPLASM = "germplasm", _("Germplasm bank")
    BIOLOGICAL = "biological", _("Biological collection")
    SOFTWARE = "software", _("Software")
    OTHER = "other", _("Other")


class AccessMode(models.TextChoices):
    """On what terms others may use a resource."""

    OPEN = "open", _("Open")
    APPLICATION = "application", _("On application")
    FEE = "fee", _("Fee-based")
    RESTRICTED = "restricted", _("Restricted to collaborators")


class ResourceStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    UNAVAILABLE = "unavailable", _("Temporarily unavailable")
    RETIRED = "retired", _("Retired")
