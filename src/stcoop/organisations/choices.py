"""Kinds, statuses and identifier schemes of organisations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What an organisation is (ROR types map onto these in :mod:`stcoop.organisations.ror`)."""

    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government body")
    FUNDER = "funder", _("Funder")
    INTERNATIONAL = "international", _("International organisation")
    SERVICE = "service", _("Service organisation")
    HEALTHCARE = "healthcare", _("Healthcare")
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    FACILITY = "facility", _("Facility")
    OTHER = "other", _("Other")


class ServiceKind(models.TextChoices):
    """What a service organisation offers."""

    TECH_TRANSFER = "tech_transfer", _("Technology transfer")
    IP = "ip", _("Intellectual property")
    FINANCE = "finance", _("Finance")


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class IdScheme(models.TextChoices):
    """Identifier systems of :class:`stcoop.organisations.models.ExternalId`."""

    ROR = "ror", _("ROR")
    PIC = "pic", _("EU Participant Identification Code (PIC)")
    USCC = "uscc", _("Unified social credit code")
    GRID = "grid", _("GRID")
    ISNI = "isni", _("ISNI")
    WIKIDATA = "wikidata", _("Wikidata")
    FUNDREF = "fundref", _("Crossref Funder ID")
    BRREG = "brreg", _("Norwegian organisation number")
    OTHER = "other", _("Other")
