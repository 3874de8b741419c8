"""Choices of agreements, mechanisms and their sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental agreement")
    MOU = "mou", _("memorandum of understanding")
    PROTOCOL = "protocol", _("protocol or annex")
    JOINT_STATEMENT = "joint_statement", _("joint statement")
    OTHER = "other", _("other")


class AgreementStatus(models.TextChoices):
    NEGOTIATION = "negotiation", _("under negotiation")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


class MechanismKind(models.TextChoices):
    INNOVATION_DIALOGUE = "innovation_dialogue", _("innovation dialogue")
    JOINT_COMMITTEE = "joint_committee", _("joint committee")
    FORUM = "forum", _("forum")
    INNOVATION_FUND = "innovation_fund", _("bilateral innovation fund")
    PARTNERSHIP = "partnership", _("S&T partnership programme")
    OTHER = "other", _("other")


class MechanismStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class MeetingFrequency(models.TextChoices):
    TWICE_YEARLY = "twice_yearly", _("twice a year")
    ANNUAL = "annual", _("annual")
    BIENNIAL = "biennial", _("every two years")
    IRREGULAR = "irregular", _("irregular")


#: Months between two sessions for the frequencies that have a rhythm.
FREQUENCY_MONTHS = {
    MeetingFrequency.TWICE_YEARLY: 6,
    MeetingFrequency.ANNUAL: 12,
    MeetingFrequency.BIENNIAL: 24,
}
