"""Roles, kinds and statuses of memberships and big-science programmes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    """How a country or organisation belongs to an international organisation."""

    FULL = "full", _("Full member")
    FOUNDING = "founding", _("Founding member")
    ASSOCIATE = "associate", _("Associate member")
    OBSERVER = "observer", _("Observer")
    COUNCIL = "council", _("Council or board member")
    OTHER = "other", _("Other")


class ProgrammeKind(models.TextChoices):
    """What a big-science programme is."""

    PROGRAMME = "programme", _("International big-science programme")
    FACILITY = "facility", _("Large research facility")
    NETWORK = "network", _("Research infrastructure network")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONSTRUCTION = "construction", _("Under construction")
    OPERATING = "operating", _("Operating")
    COMPLETED = "completed", _("Completed")


class ParticipationRole(models.TextChoices):
    """What a participant is in a big-science programme."""

    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")
    OBSERVER = "observer", _("Observer")
    HOST = "host", _("Host")
    CONTRIBUTOR = "contributor", _("Contributor")
