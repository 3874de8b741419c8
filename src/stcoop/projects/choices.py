"""Statuses, roles, funding sources and output kinds of programmes and projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    """Where money comes from (budget lines of programmes, funding of projects)."""

    CENTRAL = "central", _("Central government")
    LOCAL = "local", _("Local government")
    ENTERPRISE = "enterprise", _("Enterprise")
    FOREIGN = "foreign", _("Foreign")
    OTHER = "other", _("Other")


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for proposals")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SIGNED = "signed", _("Signed")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class ParticipantRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Participant")
    PARTNER = "partner", _("Partner (without funding)")
    THIRD_PARTY = "third_party", _("Third party")
    ASSOCIATED = "associated", _("Associated partner")


class OutputKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    PATENT = "patent", _("Patent")
    STANDARD = "standard", _("Standard")
    TRANSFER_CONTRACT = "transfer_contract", _("Technology-transfer contract")
    PEOPLE_TRAINED = "people_trained", _("People trained")
    JOINT_LAB = "joint_lab", _("Joint laboratory created")
