"""Kinds and statuses of cooperation bases and of their yearly self-reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseKind(models.TextChoices):
    """The four national types of international S&T cooperation base, plus joint
    laboratories and overseas R&D centres."""

    INNOVATION_PARK = "innovation_park", _("International innovation park")
    JOINT_RESEARCH_CENTRE = "joint_research_centre", _("International joint research centre")
    TECH_TRANSFER_CENTRE = "tech_transfer_centre", _("International technology transfer centre")
    DEMONSTRATION_BASE = (
        "demonstration_base",
        _("Demonstration-type international S&T cooperation base"),
    )
    JOINT_LABORATORY = "joint_laboratory", _("Joint laboratory")
    OVERSEAS_RD_CENTRE = "overseas_rd_centre", _("Overseas R&D centre")


class BaseStatus(models.TextChoices):
    """Where a base stands in its designation lifecycle (see :data:`TRANSITIONS`)."""

    APPLIED = "applied", _("Applied")
    DESIGNATED = "designated", _("Designated")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    WARNED = "warned", _("Warned")
    REVOKED = "revoked", _("Revoked")


#: Status → the statuses a decision may move it to. Applied bases are designated;
#: designated bases are evaluated; an evaluation ends designated again or warned; a
#: warning is lifted (designated) or ends in revocation, which is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    BaseStatus.APPLIED: (BaseStatus.DESIGNATED,),
    BaseStatus.DESIGNATED: (BaseStatus.UNDER_EVALUATION,),
    BaseStatus.UNDER_EVALUATION: (BaseStatus.DESIGNATED, BaseStatus.WARNED),
    BaseStatus.WARNED: (BaseStatus.DESIGNATED, BaseStatus.REVOKED),
    BaseStatus.REVOKED: (),
}

#: Decisions that must say why.
REASON_REQUIRED = frozenset({BaseStatus.WARNED, BaseStatus.REVOKED})


class ReportStatus(models.TextChoices):
    """Where a yearly self-report stands: written, sent for review, reviewed."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


#: Statuses in which the authors may still change a report.
REPORT_EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
