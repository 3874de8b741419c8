"""Memberships in international organisations, and big-science programmes with their
participants.

An :class:`InternationalMembership` says that a country or an organisation (exactly one
of the two) belongs to an international organisation, in which role, since when and
with what contribution. A :class:`BigScienceProgramme` (ITER, SKA, IODP ...) has
:class:`ProgrammeParticipation` rows: who takes part, in which role, with what share
or contribution. Participations belong to their programme: whoever may see or edit the
programme may see or edit them, and their changes are written into the programme's
history. Amounts are decimals with an ISO 4217 currency.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stcoop.core.models import OwnedRecord
from stcoop.memberships.choices import (
    MembershipRole,
    ParticipationRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from stcoop.organisations.choices import OrganisationKind
from stcoop.projects.models import currency_error


def _dates_error(since: datetime.date | None, until: datetime.date | None) -> str | None:
    if since and until and until < since:
        return gettext("The end date cannot be before the start date.")
    return None


def _money_errors(amount: Decimal | None, currency: str, field: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if amount is not None and amount < 0:
        errors[field] = [gettext("An amount cannot be negative.")]
    if currency_message := currency_error(currency):
        errors["currency"] = [currency_message]
    elif amount is not None and not currency:
        errors["currency"] = [gettext("Give the currency of the amount (e.g. CNY, EUR, USD).")]
    return errors


class InternationalMembership(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """A country or an organisation belonging to an international organisation.

    ``organisation`` is the international organisation (kind ``international``); the
    member is ``member_country`` or ``member_organisation``, exactly one of them.
    ``until`` is empty while the membership lasts. ``annual_contribution`` is in
    ``currency``; ``in_kind`` describes contributions other than money. ``notes`` is
    bilingual (``notes_zh_hans``/``notes_en``).
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="international_members",
        verbose_name=_("international organisation"),
    )
    member_country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member country"),
    )
    member_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="international_memberships",
        verbose_name=_("member organisation"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.FULL
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)
    annual_contribution = models.DecimalField(
        _("annual contribution"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    in_kind = models.TextField(_("in-kind contribution"), blank=True)
    representative = models.CharField(_("representative body"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    notes_zh_hans: str | None
    notes_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = ("created", "last_updated", "notes")

    class Meta:
        ordering = ("organisation__name_en", "member_country__name_en", "pk")
        indexes = [
            models.Index(fields=("organisation", "role"), name="memberships_org_role_idx"),
        ]
        verbose_name = _("international organisation membership")
        verbose_name_plural = _("international organisation memberships")

    def __str__(self) -> str:
        return f"{self.member} · {self.organisation}" if self.organisation_id else str(self.member)

    @property
    def member(self) -> Any:
        """The member: a country or an organisation."""
        if self.member_country_id:
            return self.member_country
        if self.member_organisation_id:
            return self.member_organisation
        return ""

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()

    def clean(self) -> None:
        """One member, an international organisation, sensible dates and money."""
        errors: dict[str, list[str]] = {}
        has_country = self.member_country_id is not None
        has_organisation = self.member_organisation_id is not None
        if has_country == has_organisation:
            message = gettext("Give the member: a country or an organisation, not both.")
            errors["member_country"] = [message]
            errors["member_organisation"] = [message]
        if self.organisation_id is not None:
            if self.organisation.kind != OrganisationKind.INTERNATIONAL:
                errors["organisation"] = [
                    gettext("Choose an organisation of the kind international organisation.")
                ]
            if has_organisation and self.member_organisation_id == self.organisation_id:
                errors["member_organisation"] = [
                    gettext("An organisation cannot be a member of itself.")
                ]
        if dates_message := _dates_error(self.since, self.until):
            errors["until"] = [dates_message]
        self.currency = (self.currency or "").upper()
        errors.update(_money_errors(self.annual_contribution, self.currency, "annual_contribution"))
        if errors:
            raise ValidationError(errors)


class BigScienceProgramme(OwnedRecord):  # type: ignore[django-manager-missing]  # modeltranslation patches managers at run time
    """An international big-science programme, large facility or research infrastructure
    network; ``name``/``description`` are bilingual. ``host_country`` is where it is
    based (empty for distributed ones)."""

    name = models.CharField(_("name"), max_length=500, blank=True)
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.PROGRAMME
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    host_country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host country"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.OPERATING,
    )
    # Acronym and names, case-folded, one per line: what ``q`` searches.
    search_text = models.TextField(editable=False, blank=True, default="")

    name_zh_hans: str | None
    name_en: str | None
    description_zh_hans: str | None
    description_en: str | None

    history_exclude: ClassVar[tuple[str, ...]] = (
        "created",
        "last_updated",
        "name",
        "description",
        "search_text",
    )

    class Meta:
        ordering = ("acronym", "name_en", "pk")
        verbose_name = _("big-science programme")
        verbose_name_plural = _("big-science programmes")

    def __str__(self) -> str:
        name = self.name or self.name_en or self.name_zh_hans or ""
        if self.acronym and name and name != self.acronym:
            return f"{self.acronym} · {name}"
        return name or self.acronym or f"#{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = "\n".join(
            n.casefold() for n in (self.acronym, self.name_zh_hans, self.name_en) if n
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def snapshot(self) -> dict[str, Any]:
        """Field values plus the participations as short labels, for the history."""
        data = super().snapshot()
        if self.pk is not None:
            data["participations"] = [p.label() for p in self.participations.order_by("pk")]
        return data

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.name_zh_hans or "").strip() and not (self.name_en or "").strip():
            message = gettext("Give the name in Chinese, in English or in both.")
            errors["name_zh_hans"] = [message]
            errors["name_en"] = [message]
        if errors:
            raise ValidationError(errors)


class ProgrammeParticipation(models.Model):
    """A country or an organisation (exactly one) taking part in a big-science programme,
    with its role, period and contribution: a share in percent, an amount in
    ``currency`` and/or an in-kind description. Changes are recorded in the programme's
    history."""

    programme = models.ForeignKey(
        BigScienceProgramme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("programme"),
    )
    country = models.ForeignKey(
        "geo.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participant country"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="big_science_participations",
        verbose_name=_("participant organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ParticipationRole.choices,
        default=ParticipationRole.MEMBER,
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    share = models.DecimalField(
        _("contribution share (%)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    amount = models.DecimalField(
        _("contribution amount"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    in_kind = models.TextField(_("in-kind contribution"), blank=True)

    class Meta:
        ordering = ("role", "pk")
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_role_display()})"

    @property
    def participant(self) -> Any:
        """The participant: a country or an organisation."""
        if self.country_id:
            return self.country
        if self.organisation_id:
            return self.organisation
        return ""

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()

    def label(self) -> str:
        """A short label for the programme's history."""
        who = f"country:{self.country_id}" if self.country_id else f"org:{self.organisation_id}"
        text = f"{who}:{self.role}:{self.since or ''}..{self.until or ''}"
        if self.share is not None:
            text += f":{self.share}%"
        if self.amount is not None:
            text += f":{self.amount} {self.currency}"
        if self.in_kind:
            text += f":{self.in_kind[:60]}"
        return text

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if (self.country_id is None) == (self.organisation_id is None):
            message = gettext("Give the participant: a country or an organisation, not both.")
            errors["country"] = [message]
            errors["organisation"] = [message]
        if dates_message := _dates_error(self.since, self.until):
            errors["until"] = [dates_message]
        if self.share is not None and not (Decimal(0) <= self.share <= Decimal(100)):
            errors["share"] = [gettext("A share is a percentage between 0 and 100.")]
        self.currency = (self.currency or "").upper()
        errors.update(_money_errors(self.amount, self.currency, "amount"))
        if errors:
            raise ValidationError(errors)
