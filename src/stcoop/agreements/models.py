"""Intergovernmental S&T cooperation agreements, the mechanisms set up under them, and the
sessions those mechanisms hold."""

from __future__ import annotations

import calendar
import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.agreements.choices import (
    FREQUENCY_MONTHS,
    AgreementKind,
    AgreementStatus,
    MechanismKind,
    MechanismStatus,
    MeetingFrequency,
)
from stcoop.core.models import OwnedRecord

#: Statuses that turn into "expired" once the expiry date has passed.
EXPIRING_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` months on (the last day of a shorter month if need be)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expired_q(today: datetime.date | None = None) -> Q:
    """Agreements that read as expired on ``today``: stored as expired, or signed or in
    force with an expiry date in the past."""
    day = today or timezone.localdate()
    return Q(status=AgreementStatus.EXPIRED) | Q(status__in=EXPIRING_STATUSES, expiry_date__lt=day)


class Agreement(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """An S&T cooperation agreement, memorandum of understanding, protocol or joint statement.

    China is a party to every agreement recorded here, so ``countries`` lists the partner
    countries only (several for a multilateral one); ``signatories`` are the signing bodies
    on both sides (e.g. the Ministry of Science and Technology and the partner ministry).
    ``title`` and ``summary`` are bilingual (``*_zh_hans``/``*_en``). A protocol or annex
    names the agreement it belongs to as ``parent``. The stored ``status`` is what was
    recorded; :attr:`effective_status` reads "expired" for a signed or in-force agreement
    whose expiry date has passed, and the list filters follow it.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("belongs to agreement"),
        help_text=_("For a protocol or annex: the agreement it belongs to."),
    )
    countries = models.ManyToManyField(
        "geo.Country",
        blank=True,
        related_name="+",
        verbose_name=_("partner countries"),
        help_text=_("China is a party to every agreement; list the other parties."),
    )
    signatories: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("signing bodies"),
    )
    signed_date = models.DateField(_("signed on"), null=True, blank=True)
    effective_date = models.DateField(_("in force from"), null=True, blank=True)
    expiry_date = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the agreement is in force. Once it has passed, a signed or "
            "in-force agreement is shown as expired."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.IN_FORCE,
        help_text=_(
            "An agreement signed or in force whose expiry date has passed is shown and "
            "filtered as expired, whatever is stored here."
        ),
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_("The treaty or registry number, if any; unique on the platform."),
    )
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)

    title_zh_hans: str | None
    title_en: str | None
    summary_zh_hans: str | None
    summary_en: str | None

    # ``title`` and ``summary`` read the active language; the history keeps the language
    # columns only.
    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "title",
        "summary",
    )

    class Meta:
        ordering = (models.F("signed_date").desc(nulls_last=True), "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("reference_number",),
                condition=~Q(reference_number=""),
                name="agreements_reference_unique",
                violation_error_message=_("Another agreement has this reference number."),
            )
        ]
        indexes = [models.Index(fields=("kind", "status"), name="agreements_kind_status_idx")]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title or self.title_en or self.title_zh_hans or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("agreements:detail", args=[self.pk])

    @property
    def effective_status(self) -> str:
        """The status as shown: "expired" once the expiry date of a signed or in-force
        agreement has passed, else the stored status."""
        if (
            self.status in EXPIRING_STATUSES
            and self.expiry_date is not None
            and self.expiry_date < timezone.localdate()
        ):
            return AgreementStatus.EXPIRED
        return str(self.status)

    def get_effective_status_display(self) -> str:
        return str(AgreementStatus(self.effective_status).label)

    @property
    def is_multilateral(self) -> bool:
        """More than one partner country (China besides)."""
        return len(self.countries.all()) > 1

    def clean(self) -> None:
        """A title in some language; dates in order; no signature while negotiating; no
        loop of parents."""
        errors: dict[str, list[str]] = {}
        if not (self.title_zh_hans or "").strip() and not (self.title_en or "").strip():
            message = gettext("Give the title in Chinese, in English or in both.")
            errors["title_zh_hans"] = [message]
            errors["title_en"] = [message]
        if self.signed_date and self.effective_date and self.effective_date < self.signed_date:
            errors["effective_date"] = [
                gettext("An agreement cannot be in force before it is signed.")
            ]
        start = self.effective_date or self.signed_date
        if self.expiry_date and start and self.expiry_date < start:
            errors["expiry_date"] = [
                gettext("The expiry date cannot be before the agreement is signed or in force.")
            ]
        if self.status == AgreementStatus.NEGOTIATION and self.signed_date:
            errors["status"] = [
                gettext("An agreement with a signing date is no longer under negotiation.")
            ]
        if self.reference_number:
            self.reference_number = self.reference_number.strip()
            taken = Agreement.objects.filter(reference_number=self.reference_number)
            if self.pk is not None:
                taken = taken.exclude(pk=self.pk)
            if taken.exists():
                errors["reference_number"] = [
                    gettext("Another agreement has this reference number.")
                ]
        if self.parent_id is not None and self.pk is not None:
            if self.parent_id == self.pk:
                errors["parent"] = [gettext("An agreement cannot belong to itself.")]
            elif self.pk in agreement_ancestor_ids(self.parent_id):
                errors["parent"] = [
                    gettext("This agreement is itself one of the agreement's protocols.")
                ]
        if errors:
            raise ValidationError(errors)


def agreement_ancestor_ids(pk: int | None, limit: int = 50) -> list[int]:
    """``pk`` and the IDs of every agreement above it."""
    found: list[int] = []
    while pk is not None and pk not in found and len(found) < limit:
        found.append(pk)
        pk = Agreement.objects.filter(pk=pk).values_list("parent_id", flat=True).first()
    return found


class Mechanism(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A standing cooperation mechanism: innovation dialogue, joint committee, forum, fund
    or partnership programme, usually set up under an ``agreement``.

    ``name`` and ``description`` are bilingual. The lead organisations are recorded for each
    side: ``chinese_leads`` and ``partner_leads``. Its sessions are
    :class:`MechanismMeeting` rows, edited through the mechanism and recorded in its history.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=MechanismKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mechanisms",
        verbose_name=_("agreement"),
        help_text=_("The agreement it was set up under, if any."),
    )
    countries = models.ManyToManyField(
        "geo.Country", blank=True, related_name="+", verbose_name=_("partner countries")
    )
    chinese_leads: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("lead organisations (Chinese side)"),
    )
    partner_leads: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("lead organisations (partner side)"),
    )
    established_date = models.DateField(_("established on"), null=True, blank=True)
    frequency = models.CharField(
        _("meets"),
        max_length=16,
        choices=MeetingFrequency.choices,
        blank=True,
        help_text=_("How often sessions are held; used to estimate the next one."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MechanismStatus.choices, default=MechanismStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)

    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "description",
    )

    class Meta:
        ordering = ("name_en", "pk")
        verbose_name = _("cooperation mechanism")
        verbose_name_plural = _("cooperation mechanisms")

    def __str__(self) -> str:
        return self.name or self.name_en or self.name_zh_hans or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("agreements:mechanism_detail", args=[self.pk])

    def snapshot(self) -> dict[str, Any]:
        """Field values plus the sessions as one line each, for the history."""
        data = super().snapshot()
        if self.pk is not None:
            data["meetings"] = [
                meeting.history_label()
                for meeting in self.meetings.select_related("country").order_by("session_number")
            ]
        return data

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if self.established_date and self.established_date > timezone.localdate():
            errors["established_date"] = [gettext("The date of establishment is in the future.")]
        if errors:
            raise ValidationError(errors)

    def sessions(self) -> list[MechanismMeeting]:
        """The sessions, latest first (uses prefetched rows when there are any)."""
        return sorted(self.meetings.all(), key=lambda m: (m.date, m.session_number), reverse=True)

    def last_meeting(self, today: datetime.date | None = None) -> MechanismMeeting | None:
        """The latest session held on or before ``today``."""
        day = today or timezone.localdate()
        held = [m for m in self.sessions() if m.date <= day]
        return held[0] if held else None

    def next_expected(
        self, today: datetime.date | None = None
    ) -> tuple[datetime.date | None, bool]:
        """When the next session is expected: ``(date, scheduled)``.

        ``scheduled`` is true for a session already recorded with a later date; otherwise
        the date is estimated from the last session and the frequency (none for an ended
        or dormant mechanism, an irregular one, or one that has not met).
        """
        day = today or timezone.localdate()
        if self.status == MechanismStatus.ENDED:
            return None, False
        planned = [m for m in self.sessions() if m.date > day]
        if planned:
            return min(m.date for m in planned), True
        if self.status != MechanismStatus.ACTIVE:
            return None, False
        last = self.last_meeting(day)
        months = FREQUENCY_MONTHS.get(MeetingFrequency(self.frequency)) if self.frequency else None
        if last is None or months is None:
            return None, False
        expected = add_months(last.date, months)
        while expected < day:
            expected = add_months(expected, months)
        return expected, False


class MechanismMeeting(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A session of a mechanism (the 5th joint committee, ...): number, date, place,
    outcomes (bilingual) and a link to its documents. Changes are recorded in the
    mechanism's history."""

    mechanism = models.ForeignKey(
        Mechanism, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("mechanism")
    )
    session_number = models.PositiveSmallIntegerField(
        _("session"), validators=[MinValueValidator(1)]
    )
    date = models.DateField(_("date"))
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    documents_link = models.URLField(_("documents"), max_length=500, blank=True)

    outcomes_zh_hans: str | None
    outcomes_en: str | None

    class Meta:
        ordering = ("mechanism", "session_number")
        constraints = [
            models.UniqueConstraint(
                fields=("mechanism", "session_number"),
                name="agreements_meeting_session_unique",
                violation_error_message=_("This mechanism already has a session with this number."),
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return gettext("Session {number} ({date})").format(
            number=self.session_number, date=self.date.isoformat() if self.date else "?"
        )

    def history_label(self) -> str:
        """One line for the mechanism's history: every value of the session."""
        parts = [
            f"#{self.session_number}",
            self.date.isoformat() if self.date else "",
            self.city,
            self.country.iso2 if self.country else "",
            self.outcomes_zh_hans or "",
            self.outcomes_en or "",
            self.documents_link,
        ]
        return " | ".join(parts)

    def clean(self) -> None:
        """A session number not used by another session of the mechanism; a date not
        before the mechanism was established."""
        errors: dict[str, list[str]] = {}
        mechanism = self.mechanism if self.mechanism_id else None
        if mechanism is not None and self.session_number:
            others = MechanismMeeting.objects.filter(
                mechanism_id=self.mechanism_id, session_number=self.session_number
            )
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                errors["session_number"] = [
                    gettext("This mechanism already has a session with this number.")
                ]
        if (
            mechanism is not None
            and mechanism.established_date
            and self.date
            and self.date < mechanism.established_date
        ):
            errors["date"] = [
                gettext("A session cannot be held before the mechanism was established.")
            ]
        if errors:
            raise ValidationError(errors)
